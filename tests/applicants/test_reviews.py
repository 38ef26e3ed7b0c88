"""Blind review: settings, assignment with even loads, reviewers' pages, locking, audit, query counts."""

import itertools
import re
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from applicants import reviews
from applicants.enums import ApplicationStatus, CohortStatus, Eligibility, ReviewStatus, ScoreStatus
from applicants.models import ApplicationScore, Cohort, ReviewAssignment
from parwona.core.models import AuditEntry, Job
from parwona.users.enums import Role
from tests.factories import ApplicationFactory, CallFactory, ReviewFactory

pytestmark = pytest.mark.django_db

DUSHANBE = ZoneInfo("Asia/Dushanbe")
_numbers = itertools.count(1)
HILOLA = "Ҳилола Ғафурова"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def scored(call, auto=50, **answers):
    number = next(_numbers)
    defaults = {
        "status": ApplicationStatus.SUBMITTED,
        "eligibility": Eligibility.ELIGIBLE,
        "submitted_at": datetime(2026, 3, 2, 12, 0, tzinfo=DUSHANBE) + timedelta(minutes=number),
        "reference": f"PAR-2026-{number:05d}",
    }
    application = ApplicationFactory(complete=True, call=call, applicant=None, **(defaults | answers))
    ApplicationScore.objects.create(
        application=application, status=ScoreStatus.DONE, auto_total=Decimal(auto)
    )
    return application


@pytest.fixture
def panel(make_user):
    return [make_user(Role.REVIEWER, language="en") for _ in range(4)]


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# Settings


def test_review_settings_form_saves_the_settings_and_audits_old_and_new(coordinator, call):
    response = coordinator.post(
        reverse("staff_review_settings", kwargs={"pk": call.pk}),
        {
            "reviewers_per_application": 3,
            "review_aggregation": "median",
            "review_normalise": "on",
            "auto_weight": "50",
            "review_weight": "50",
            "shortlist_size": "",
            "offer_days": 10,
        },
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert (
        call.reviewers_per_application,
        call.review_aggregation,
        call.review_normalise,
        call.auto_weight,
        call.offer_days,
    ) == (3, "median", True, Decimal("50"), 10)
    entry = AuditEntry.objects.get(action="call.review_settings_updated")
    assert entry.details["changes"]["reviewers_per_application"] == [2, 3]
    assert entry.details["changes"]["auto_weight"] == ["60.00", "50"]


def test_review_settings_form_refuses_two_zero_weights_in_her_language(client, make_user, call):
    user = make_user(Role.COORDINATOR, language="ru")
    client.force_login(user)
    response = client.post(
        reverse("staff_review_settings", kwargs={"pk": call.pk}),
        {
            "reviewers_per_application": 2,
            "review_aggregation": "mean",
            "auto_weight": "0",
            "review_weight": "0",
            "offer_days": 0,
        },
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 200
    form = response.context["form"]
    with translation.override("ru"):
        assert form.errors["review_weight"] == [
            translation.gettext("At least one of the two weights must be above zero.")
        ]
    assert "offer_days" in form.errors
    call.refresh_from_db()
    assert (call.auto_weight, call.offer_days) == (Decimal("60.00"), 7)


# Assignment


def test_reviewers_assign_gives_k_distinct_reviewers_with_even_loads(call, panel, coordinator):
    applications = [scored(call, auto=n) for n in range(10)]
    result = reviews.reviewers_assign(
        call=call, actor=coordinator.user, reviewers=panel[:3], per_application=2
    )
    pairs = list(ReviewAssignment.objects.values_list("application_id", "reviewer_id"))
    per_application = Counter(a for a, _r in pairs)
    loads = Counter(r for _a, r in pairs)
    assert (result["assigned"], result["applications"], result["short"]) == (20, 10, 0)
    assert set(per_application.values()) == {2}
    assert len(set(pairs)) == 20
    assert sorted(loads.values()) == [6, 7, 7]
    statuses = set(
        ApplicationScore.objects.filter(application__in=applications).values_list(
            "application__status", flat=True
        )
    )
    assert statuses == {ApplicationStatus.UNDER_REVIEW}
    entry = AuditEntry.objects.get(action="reviews.assigned")
    assert entry.details["assigned"] == 20
    assert entry.details["reviewers"] == sorted(r.pk for r in panel[:3])


@settings(max_examples=60, deadline=None)
@given(
    applications=st.integers(min_value=0, max_value=40),
    reviewers=st.integers(min_value=1, max_value=8),
    k=st.integers(min_value=1, max_value=8),
)
def test_loads_spread_keeps_reviewers_distinct_and_loads_within_one(applications, reviewers, k):
    if k > reviewers:
        k = reviewers
    people = list(range(100, 100 + reviewers))
    pairs = reviews.loads_spread(
        applications=list(range(applications)), reviewers=people, k=k, taken={}, loads={}
    )
    assert len(pairs) == len(set(pairs)) == applications * k
    assert all(n == k for n in Counter(a for a, _r in pairs).values())
    loads = Counter(dict.fromkeys(people, 0)) + Counter(r for _a, r in pairs)
    counts = [loads.get(r, 0) for r in people]
    assert max(counts) - min(counts) <= 1


def test_reviewers_assign_keeps_existing_assignments_and_takes_only_the_best(call, panel, coordinator):
    best, second, third = scored(call, 90), scored(call, 80), scored(call, 10)
    ReviewFactory(application=best, reviewer=panel[0])
    result = reviews.reviewers_assign(
        call=call, actor=coordinator.user, reviewers=panel[:2], per_application=2, limit=2
    )
    pairs = set(ReviewAssignment.objects.values_list("application_id", "reviewer_id"))
    assert pairs == {
        (best.pk, panel[0].pk),
        (best.pk, panel[1].pk),
        (second.pk, panel[0].pk),
        (second.pk, panel[1].pk),
    }
    assert result["assigned"] == 3
    third.refresh_from_db()
    assert third.status == ApplicationStatus.SUBMITTED


def test_reviewers_assign_skips_unscored_withdrawn_and_ineligible(call, panel, coordinator):
    kept = scored(call)
    scored(call, status=ApplicationStatus.WITHDRAWN)
    scored(call, eligibility=Eligibility.INELIGIBLE)
    unscored = scored(call)
    ApplicationScore.objects.filter(application=unscored).update(auto_total=None, status=ScoreStatus.PENDING)
    reviews.reviewers_assign(call=call, actor=coordinator.user, reviewers=panel[:1], per_application=1)
    assert list(ReviewAssignment.objects.values_list("application_id", flat=True)) == [kept.pk]


def test_reviewers_assign_refuses_more_reviewers_per_application_than_chosen(call, panel, coordinator):
    scored(call)
    with pytest.raises(ValidationError) as error:
        reviews.reviewers_assign(call=call, actor=coordinator.user, reviewers=panel[:2], per_application=3)
    assert error.value.messages == ["3 reviewers per application need at least 3 reviewers; 2 are chosen."]
    assert ReviewAssignment.objects.count() == 0


def test_reviewers_assign_refuses_someone_without_the_reviewer_role(call, make_user, coordinator):
    scored(call)
    with pytest.raises(ValidationError) as error:
        reviews.reviewers_assign(call=call, actor=coordinator.user, reviewers=[make_user(Role.TRAINER)])
    assert error.value.messages == ["Only people with the reviewer role can review applications."]


def test_assign_page_runs_the_job_and_shows_the_loads(
    coordinator, call, panel, django_capture_on_commit_callbacks
):
    scored(call)
    url = reverse("staff_review_assign", kwargs={"pk": call.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            url, {"reviewers": [panel[0].pk, panel[1].pk], "per_application": 2}, follow=True
        )
    job = Job.objects.get()
    assert response.redirect_chain == [(reverse("job_detail", kwargs={"pk": job.pk}), 302)]
    assert (job.status, job.message, job.result["url"]) == (
        "done", "2 reviews assigned over 1 applications.", url
    )
    response = coordinator.get(url)
    loads = {r.pk: (r.load, r.done) for r in response.context["loads"]}
    assert loads == {panel[0].pk: (1, 0), panel[1].pk: (1, 0), panel[2].pk: (0, 0), panel[3].pk: (0, 0)}


def test_assign_page_shows_the_error_of_too_few_reviewers(coordinator, call, panel):
    scored(call)
    url = reverse("staff_review_assign", kwargs={"pk": call.pk})
    response = coordinator.post(url, {"reviewers": [panel[0].pk], "per_application": 2})
    assert response.context["form"].non_field_errors() == [
        "2 reviewers per application need at least 2 reviewers; 1 are chosen."
    ]


def test_coordinator_adds_a_reviewer_and_takes_back_an_unscored_review_with_a_reason(
    coordinator, call, panel
):
    application = scored(call)
    response = coordinator.post(
        reverse("staff_review_add", kwargs={"pk": application.pk}), {"reviewer": panel[2].pk}
    )
    assert response.status_code == 302
    assignment = ReviewAssignment.objects.get(application=application)
    assert assignment.reviewer == panel[2]
    refused = coordinator.post(
        reverse("staff_review_remove", kwargs={"pk": assignment.pk}), {"reason": ""}, follow=True
    )
    assert _messages(refused) == ["The reviewer is added.", "Give a reason for taking the application back."]
    coordinator.post(
        reverse("staff_review_remove", kwargs={"pk": assignment.pk}), {"reason": "Knows her family"}
    )
    assert ReviewAssignment.objects.count() == 0
    assert list(
        AuditEntry.objects.filter(action__startswith="review.")
        .order_by("pk")
        .values_list("action", "details")
    ) == [
        ("review.assigned", {"reviewer": panel[2].pk}),
        ("review.removed", {"reviewer": panel[2].pk, "status": "assigned", "reason": "Knows her family"}),
    ]


def test_a_scored_review_cannot_be_taken_back(coordinator, call, panel):
    assignment = ReviewFactory(
        application=scored(call), reviewer=panel[0], scores={"motivation": 3, "communication": 3}
    )
    with pytest.raises(ValidationError) as error:
        reviews.review_remove(assignment=assignment, actor=coordinator.user, reason="late")
    assert error.value.messages == ["A scored review cannot be taken back."]


# The reviewer's pages


@pytest.fixture
def reviewer(client, panel):
    client.force_login(panel[0])
    client.user = panel[0]
    return client


def _review_post(client, assignment, **values):
    data = {"decision": "scored", "comment": ""} | values
    return client.post(reverse("review_detail", kwargs={"pk": assignment.pk}), data)


def test_review_page_is_blind(reviewer, call):
    application = scored(
        call, full_name=HILOLA, phone="+992935551122", email="hilola@example.tj", city="Бохтар"
    )
    assignment = ReviewFactory(application=application, reviewer=reviewer.user)
    html = reviewer.get(reverse("review_detail", kwargs={"pk": assignment.pk})).content.decode()
    for secret in (
        HILOLA,
        "Ғафурова",
        "935551122",
        "+992 93",
        "hilola@example.tj",
        "Бохтар",
        "1998",
        "21.03",
    ):
        assert secret not in html
    assert application.reference in html
    assert re.search(r'type="radio"[^>]*name="score_motivation"', html)


def test_review_submit_hides_other_scores_until_she_has_scored(reviewer, call, panel):
    application = scored(call)
    mine = ReviewFactory(application=application, reviewer=reviewer.user)
    ReviewFactory(application=application, reviewer=panel[1], scores={"motivation": 1, "communication": 2})
    url = reverse("review_detail", kwargs={"pk": mine.pk})
    before = reviewer.get(url)
    assert before.context["others"] == []
    assert "scores are shown once you have submitted your review" in before.content.decode()
    response = _review_post(
        reviewer, mine, score_motivation="4", score_communication="5", comment="Clear goals"
    )
    assert response.status_code == 302
    after = reviewer.get(url)
    others = [(row["number"], row["scores"]) for row in after.context["others"]]
    assert others == [(2, [1, 2])]
    html = after.content.decode()
    assert "Reviewer 2" in html
    assert panel[1].full_name not in html and panel[1].email not in html


def test_review_submit_and_change_are_audited_with_old_and_new_scores(
    reviewer, call, django_capture_on_commit_callbacks
):
    assignment = ReviewFactory(application=scored(call), reviewer=reviewer.user)
    with django_capture_on_commit_callbacks(execute=True):
        _review_post(reviewer, assignment, score_motivation="4", score_communication="5")
    with django_capture_on_commit_callbacks(execute=True):
        _review_post(reviewer, assignment, score_motivation="2", score_communication="5")
    entries = list(
        AuditEntry.objects.filter(action__startswith="review.")
        .order_by("pk")
        .values_list("action", "details")
    )
    assert entries == [
        (
            "review.submitted",
            {
                "status": ["assigned", "scored"],
                "comment_changed": False,
                "scores": {"old": {}, "new": {"motivation": 4, "communication": 5}},
            },
        ),
        (
            "review.changed",
            {
                "status": ["scored", "scored"],
                "comment_changed": False,
                "scores": {
                    "old": {"motivation": 4, "communication": 5},
                    "new": {"motivation": 2, "communication": 5},
                },
            },
        ),
    ]
    # Each submission ranked the call after commit.
    assert Job.objects.filter(kind="applications.rank").count() == 2
    score = ApplicationScore.objects.get(application=assignment.application)
    assert (score.review_total, score.review_count) == (Decimal("62.50"), 1)


def test_review_submission_does_not_add_a_ranking_while_one_waits(reviewer, call):
    assignment = ReviewFactory(application=scored(call), reviewer=reviewer.user)
    from applicants.ranking import ranking_enqueue

    ranking_enqueue(call=call)  # waiting: on_commit never runs inside the test's transaction
    with CaptureQueriesContext(connection):
        reviews.review_submit(
            assignment=assignment,
            actor=reviewer.user,
            decision="scored",
            scores={"motivation": 3, "communication": 3},
        )
    assert Job.objects.filter(kind="applications.rank").count() == 1


def test_review_without_every_score_is_refused_and_saves_nothing(reviewer, call):
    assignment = ReviewFactory(application=scored(call), reviewer=reviewer.user)
    response = _review_post(reviewer, assignment, score_motivation="4")
    assert response.context["form"].errors == {"score_communication": ["Score this criterion from 1 to 5."]}
    assignment.refresh_from_db()
    assert (assignment.status, assignment.scores.count()) == (ReviewStatus.ASSIGNED, 0)


def test_conflict_of_interest_needs_a_note_and_clears_scores(reviewer, call):
    assignment = ReviewFactory(
        application=scored(call), reviewer=reviewer.user, scores={"motivation": 3, "communication": 3}
    )
    refused = _review_post(reviewer, assignment, decision="conflict")
    assert refused.context["form"].errors == {
        "comment": ["Say in a few words why you do not score this application."]
    }
    _review_post(reviewer, assignment, decision="conflict", comment="She is my cousin")
    assignment.refresh_from_db()
    assert (assignment.status, assignment.comment, assignment.scores.count()) == (
        "conflict",
        "She is my cousin",
        0,
    )


def test_review_is_locked_once_the_cohort_is_confirmed(reviewer, call):
    assignment = ReviewFactory(
        application=scored(call), reviewer=reviewer.user, scores={"motivation": 3, "communication": 3}
    )
    Cohort.objects.create(call=call, name="Cohort 1", size=50, status=CohortStatus.CONFIRMED)
    response = _review_post(reviewer, assignment, score_motivation="5", score_communication="5")
    assert response.status_code == 302
    assert list(assignment.scores.order_by("criterion__position").values_list("score", flat=True)) == [3, 3]
    with pytest.raises(ValidationError) as error:
        reviews.review_submit(
            assignment=assignment,
            actor=reviewer.user,
            decision="scored",
            scores={"motivation": 5, "communication": 5},
        )
    assert error.value.messages == ["The cohort is confirmed: reviews can no longer change."]
    page = reviewer.get(reverse("review_detail", kwargs={"pk": assignment.pk}))
    assert page.context["locked"] is True


def test_another_reviewers_review_answers_not_found(reviewer, call, panel):
    theirs = ReviewFactory(application=scored(call), reviewer=panel[1])
    assert reviewer.get(reverse("review_detail", kwargs={"pk": theirs.pk})).status_code == 404
    assert _review_post(reviewer, theirs, score_motivation="1", score_communication="1").status_code == 404


def test_reviewer_home_shows_how_many_applications_wait(reviewer, call):
    for n in range(3):
        ReviewFactory(
            application=scored(call),
            reviewer=reviewer.user,
            **({"scores": {"motivation": 3, "communication": 3}} if n == 0 else {}),
        )
    html = reviewer.get(reverse("home")).content.decode()
    assert "2 applications to review" in html
    assert "You have reviewed 1 of 3." in html
    assert reverse("review_list") in html


def test_coordinator_detail_shows_each_reviewer_and_the_aggregate(coordinator, call, panel):
    application = scored(call)
    ReviewFactory(
        application=application,
        reviewer=panel[0],
        scores={"motivation": 5, "communication": 4},
        comment="Strong motivation",
    )
    from applicants.ranking import ranking_compute

    ranking_compute(call=call)
    html = coordinator.get(
        reverse("staff_application_detail", kwargs={"pk": application.pk})
    ).content.decode()
    assert panel[0].full_name in html
    assert "Strong motivation" in html
    assert "Reviewers' score 87.50 / 100 (reviews: 1)." in html


def test_blind_reviewer_sees_no_reviews_section_on_the_staff_detail(reviewer, call, panel):
    application = scored(call)
    ReviewFactory(
        application=application,
        reviewer=panel[1],
        scores={"motivation": 5, "communication": 4},
        comment="Strong motivation",
    )
    html = reviewer.get(reverse("staff_application_detail", kwargs={"pk": application.pk})).content.decode()
    assert "Strong motivation" not in html and panel[1].full_name not in html


# Ranking and calibration pages


def test_ranking_page_filters_disagreements_and_marks_the_shortlist(coordinator, call, panel):
    call.shortlist_size = 1
    call.save()
    calm, split = scored(call, 90), scored(call, 10)
    ReviewFactory(application=calm, reviewer=panel[0], scores={"motivation": 4, "communication": 4})
    ReviewFactory(application=split, reviewer=panel[0], scores={"motivation": 1, "communication": 4})
    ReviewFactory(application=split, reviewer=panel[1], scores={"motivation": 5, "communication": 4})
    from applicants.ranking import ranking_compute

    ranking_compute(call=call)
    url = reverse("staff_ranking", kwargs={"pk": call.pk})
    every = coordinator.get(url)
    assert [(r.application_id, r.rank) for r in every.context["page"]] == [(calm.pk, 1), (split.pk, 2)]
    assert every.content.decode().count(">shortlist</span>") == 1
    only = coordinator.get(url, {"disagreements": "1"})
    assert [r.application_id for r in only.context["page"]] == [split.pk]


def test_calibration_page_shows_means_and_the_normalised_view(coordinator, call, panel):
    x, y = scored(call), scored(call)
    ReviewFactory(application=x, reviewer=panel[0], scores={"motivation": 5, "communication": 5})
    ReviewFactory(application=y, reviewer=panel[0], scores={"motivation": 3, "communication": 3})
    ReviewFactory(application=x, reviewer=panel[1], scores={"motivation": 3, "communication": 3})
    ReviewFactory(application=y, reviewer=panel[1], scores={"motivation": 1, "communication": 1})
    url = reverse("staff_calibration", kwargs={"pk": call.pk})
    raw = coordinator.get(url).context
    rows = {
        r["reviewer"].pk: (r["reviews"], r["mean"], r["sd"], r["difference"], r["criteria"])
        for r in raw["rows"]
    }
    assert rows == {panel[0].pk: (2, 4.0, 1.0, 1.0, [4.0, 4.0]), panel[1].pk: (2, 2.0, 1.0, -1.0, [2.0, 2.0])}
    normalised = coordinator.get(url, {"view": "normalised"}).context
    assert [r["difference"] for r in normalised["rows"]] == [0.0, 0.0]
    assert normalised["panel_mean"] == 3.0


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_review_list_pages_issue_the_same_queries_for_one_and_thirty_rows(client, call, panel, coordinator):
    from applicants.ranking import ranking_compute

    reviewer = panel[0]
    ReviewFactory(application=scored(call), reviewer=reviewer, scores={"motivation": 3, "communication": 4})
    ranking_compute(call=call)
    staff_urls = [
        (reverse("staff_ranking", kwargs={"pk": call.pk}), None),
        (reverse("staff_ranking", kwargs={"pk": call.pk}), {"disagreements": "1"}),
        (reverse("staff_calibration", kwargs={"pk": call.pk}), None),
        (reverse("staff_calibration", kwargs={"pk": call.pk}), {"view": "normalised"}),
        (reverse("staff_review_assign", kwargs={"pk": call.pk}), None),
    ]
    one_staff = [_queries(coordinator, url, params) for url, params in staff_urls]
    client.force_login(reviewer)
    one_mine = [_queries(client, reverse("review_list")), _queries(client, reverse("home"))]
    for n in range(29):
        ReviewFactory(
            application=scored(call, region=["gbao", "sughd"][n % 2]),
            reviewer=panel[n % 4],
            scores={"motivation": 1 + n % 5, "communication": 5 - n % 5},
        )
        ReviewFactory(application=scored(call), reviewer=reviewer)
    ranking_compute(call=call)
    client.force_login(coordinator.user)
    assert [_queries(client, url, params) for url, params in staff_urls] == one_staff
    client.force_login(reviewer)
    assert [_queries(client, reverse("review_list")), _queries(client, reverse("home"))] == one_mine


def test_review_page_issues_the_same_queries_for_one_and_five_reviewers(reviewer, call, panel):
    application = scored(call)
    mine = ReviewFactory(
        application=application, reviewer=reviewer.user, scores={"motivation": 3, "communication": 3}
    )
    url = reverse("review_detail", kwargs={"pk": mine.pk})
    one = _queries(reviewer, url)
    for person in panel[1:]:
        ReviewFactory(application=application, reviewer=person, scores={"motivation": 2, "communication": 2})
    assert _queries(reviewer, url) == one


def test_call_page_links_to_the_review_pages(coordinator):
    call = CallFactory()
    html = coordinator.get(reverse("staff_call_edit", kwargs={"pk": call.pk})).content.decode()
    for name in ("staff_review_settings", "staff_review_assign", "staff_ranking", "staff_calibration"):
        assert reverse(name, kwargs={"pk": call.pk}) in html
