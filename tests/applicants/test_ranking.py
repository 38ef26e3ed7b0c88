"""Aggregation of the reviewers' scores, normalisation, disagreement, the combined score and the rank."""

import itertools
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from django.urls import reverse
from django.utils import translation

from applicants import ranking, scoring
from applicants.enums import ApplicationStatus, Eligibility, ReviewStatus, ScoreStatus
from applicants.models import ApplicationScore, RubricCriterion
from parwona.core.enums import JobStatus
from parwona.core.models import AuditEntry, Job
from parwona.users.enums import Role
from tests.factories import ApplicationFactory, CallFactory, ReviewFactory

pytestmark = pytest.mark.django_db

DUSHANBE = ZoneInfo("Asia/Dushanbe")
_numbers = itertools.count(1)
RANK_FIELDS = (
    "application_id",
    "review_points",
    "review_total",
    "review_count",
    "disagreement",
    "combined_total",
    "rank",
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def scored(call, auto, *, when=None, **answers):
    """A submitted eligible application of `call` with automatic score `auto`."""
    number = next(_numbers)
    defaults = {
        "status": ApplicationStatus.SUBMITTED,
        "eligibility": Eligibility.ELIGIBLE,
        "submitted_at": when or datetime(2026, 3, 2, 12, 0, tzinfo=DUSHANBE) + timedelta(minutes=number),
        "reference": f"PAR-2026-{number:05d}",
    }
    application = ApplicationFactory(complete=True, call=call, applicant=None, **(defaults | answers))
    ApplicationScore.objects.create(
        application=application, status=ScoreStatus.DONE, auto_total=Decimal(str(auto)), rubric_version=1
    )
    return application


@pytest.fixture
def panel(make_user):
    return [make_user(Role.REVIEWER) for _ in range(3)]


@pytest.fixture
def rubric_call():
    call = CallFactory(auto_weight=60, review_weight=40)
    scoring.rubric_default(call=call)  # reviewed criteria: motivation and communication, weight 2 each
    return call


def review(application, reviewer, motivation, communication):
    return ReviewFactory(
        application=application,
        reviewer=reviewer,
        scores={
            "motivation": motivation,
            "communication": communication,
        },
    )


def row(application) -> dict:
    return ApplicationScore.objects.values(*RANK_FIELDS).get(application=application)


def test_ranking_compute_takes_the_mean_and_flags_a_spread_of_two(rubric_call, panel):
    a = scored(rubric_call, 50)
    review(a, panel[0], 4, 5)
    review(a, panel[1], 2, 5)
    result = ranking.ranking_compute(call=rubric_call)
    # motivation (4 + 2) / 2 = 3, communication 5: mean 4 on 1..5 is 75 on 0..100; (60×50 + 40×75) / 100 = 60.
    assert row(a) == {
        "application_id": a.pk,
        "review_points": {"motivation": 3.0, "communication": 5.0},
        "review_total": Decimal("75.00"),
        "review_count": 2,
        "disagreement": True,
        "combined_total": Decimal("60.00"),
        "rank": 1,
    }
    assert result == {"ranked": 1, "reviewed": 1, "disagreements": 1}


def test_ranking_compute_takes_the_median_when_the_call_says_so(rubric_call, panel):
    rubric_call.review_aggregation = "median"
    rubric_call.save()
    a = scored(rubric_call, 50)
    for reviewer, motivation in zip(panel, [1, 4, 5], strict=True):
        review(a, reviewer, motivation, 3)
    ranking.ranking_compute(call=rubric_call)
    # Median motivation 4, communication 3: 3.5 is 62.5; (3000 + 40 × 62.5) / 100 = 55.
    assert row(a)["review_points"] == {"motivation": 4.0, "communication": 3.0}
    assert (row(a)["review_total"], row(a)["combined_total"]) == (Decimal("62.50"), Decimal("55.00"))
    rubric_call.review_aggregation = "mean"
    rubric_call.save()
    ranking.ranking_compute(call=rubric_call)
    # Mean motivation 10/3, communication 3: (10/3 + 3) / 2 = 3.1667, that is 54.17.
    assert row(a)["review_total"] == Decimal("54.17")


def test_ranking_compute_close_scores_do_not_disagree(rubric_call, panel):
    a = scored(rubric_call, 50)
    review(a, panel[0], 4, 4)
    review(a, panel[1], 3, 5)
    ranking.ranking_compute(call=rubric_call)
    assert row(a)["disagreement"] is False


def test_ranking_compute_normalises_a_strict_and_a_lenient_reviewer(rubric_call, panel):
    rubric_call.review_normalise = True
    rubric_call.save()
    x, y = scored(rubric_call, 50), scored(rubric_call, 50)
    lenient, strict = panel[0], panel[1]
    review(x, lenient, 5, 5)
    review(y, lenient, 3, 3)
    review(x, strict, 3, 3)
    review(y, strict, 1, 1)
    ranking.ranking_compute(call=rubric_call)
    # Each reviewer: mean 4 (or 2), sd 1, so x is z = +1 and y z = −1 for both. The panel's eight
    # scores have mean 3 and sd √2: x becomes 3 + √2 = 4.41421, y 3 − √2 = 1.58579.
    assert row(x)["review_points"] == {"motivation": 4.41, "communication": 4.41}
    assert row(x)["review_total"] == Decimal("85.36")
    assert row(y)["review_total"] == Decimal("14.64")
    # Disagreement reads the raw scores: 5 against 3.
    assert (row(x)["disagreement"], row(y)["disagreement"]) == (True, True)


def test_scores_normalise_gives_a_reviewer_who_never_varies_the_panel_mean():
    frame = pd.DataFrame({"reviewer": [1, 1, 2, 2], "score": [5.0, 5.0, 1.0, 3.0]})
    # Panel mean 3.5, sd √(2.25 + 2.25 + 6.25 + 0.25)/2 = 1.6583; reviewer 2: mean 2, sd 1.
    assert ranking.scores_normalise(frame).round(4).tolist() == [3.5, 3.5, 1.8417, 5.0]


def test_ranking_compute_without_reviews_leaves_the_combined_score_empty(rubric_call):
    a = scored(rubric_call, 70)
    ranking.ranking_compute(call=rubric_call)
    assert row(a) == {
        "application_id": a.pk,
        "review_points": {},
        "review_total": None,
        "review_count": 0,
        "disagreement": False,
        "combined_total": None,
        "rank": None,
    }


def test_ranking_compute_with_no_weight_for_reviewers_ranks_by_the_automatic_score(rubric_call):
    rubric_call.review_weight = 0
    rubric_call.save()
    a = scored(rubric_call, 70)
    ranking.ranking_compute(call=rubric_call)
    assert (row(a)["combined_total"], row(a)["rank"]) == (Decimal("70.00"), 1)


def test_ranking_compute_without_reviewed_criteria_ranks_by_the_automatic_score(rubric_call):
    RubricCriterion.objects.filter(rubric__call=rubric_call, source="review").delete()
    a = scored(rubric_call, 42.5)
    ranking.ranking_compute(call=rubric_call)
    assert (row(a)["combined_total"], row(a)["rank"]) == (Decimal("42.50"), 1)


def test_ranking_compute_breaks_ties_by_automatic_score_then_submission_then_id(rubric_call, panel):
    rubric_call.auto_weight = rubric_call.review_weight = 50
    rubric_call.save()
    when = datetime(2026, 3, 3, 9, 0, tzinfo=DUSHANBE)
    low_auto = scored(rubric_call, 50)  # 50 and review 75: combined 62.5
    high_auto = scored(rubric_call, 75)  # 75 and review 50: combined 62.5
    review(low_auto, panel[0], 4, 4)
    review(high_auto, panel[0], 3, 3)
    later = scored(rubric_call, 30, when=when + timedelta(hours=1))  # 30 and 50: combined 40
    twin_a = scored(rubric_call, 30, when=when)
    twin_b = scored(rubric_call, 30, when=when)
    for application in (later, twin_a, twin_b):
        review(application, panel[1], 3, 3)
    ranking.ranking_compute(call=rubric_call)
    ranks = {a.pk: row(a)["rank"] for a in (low_auto, high_auto, later, twin_a, twin_b)}
    assert ranks == {high_auto.pk: 1, low_auto.pk: 2, twin_a.pk: 3, twin_b.pk: 4, later.pk: 5}


def test_ranking_compute_ranks_only_eligible_applications_in_the_running(rubric_call):
    rubric_call.review_weight = 0
    rubric_call.save()
    kept = scored(rubric_call, 10)
    withdrawn = scored(rubric_call, 90, status=ApplicationStatus.WITHDRAWN)
    ineligible = scored(rubric_call, 80, eligibility=Eligibility.INELIGIBLE)
    ranking.ranking_compute(call=rubric_call)
    assert [row(a)["rank"] for a in (kept, withdrawn, ineligible)] == [1, None, None]
    assert row(withdrawn)["combined_total"] == Decimal("90.00")


def test_ranking_compute_ignores_abstentions_and_other_calls(rubric_call, panel):
    a = scored(rubric_call, 50)
    review(a, panel[0], 5, 5)
    ReviewFactory(application=a, reviewer=panel[1], status=ReviewStatus.ABSTAINED)
    other = scored(CallFactory(), 50)
    review(other, panel[1], 1, 1)
    ranking.ranking_compute(call=rubric_call)
    assert (row(a)["review_total"], row(a)["review_count"]) == (Decimal("100.00"), 1)


def test_ranking_compute_twice_leaves_identical_rows(rubric_call, panel):
    applications = [scored(rubric_call, 10 * n) for n in range(1, 6)]
    for n, application in enumerate(applications):
        review(application, panel[n % 3], 1 + n % 5, 5 - n % 5)
        review(application, panel[(n + 1) % 3], 2, 4)
    ranking.ranking_compute(call=rubric_call)
    first = [row(a) for a in applications]
    assert ranking.ranking_compute(call=rubric_call) == {"ranked": 5, "reviewed": 5, "disagreements": 2}
    assert [row(a) for a in applications] == first


def test_ranking_job_records_progress_and_is_audited(
    coordinator, rubric_call, panel, django_capture_on_commit_callbacks
):
    a = scored(rubric_call, 50)
    review(a, panel[0], 3, 3)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(reverse("staff_ranking_run", kwargs={"pk": rubric_call.pk}))
    job = Job.objects.get(kind="applications.rank")
    assert response["Location"] == reverse("job_detail", kwargs={"pk": job.pk})
    assert (job.status, job.percent, job.message) == (JobStatus.DONE, 100, "1 application ranked")
    assert job.result == {"ranked": 1, "reviewed": 1, "disagreements": 0}
    entry = AuditEntry.objects.get(action="applications.ranked")
    assert entry.details == {"ranked": 1, "reviewed": 1, "disagreements": 0, "job": job.pk}


def test_ranking_enqueue_does_not_add_a_second_pending_job(rubric_call):
    first = ranking.ranking_enqueue(call=rubric_call)
    assert ranking.ranking_enqueue(call=rubric_call) is None
    assert list(Job.objects.values_list("pk", flat=True)) == [first.pk]


def test_scoring_job_ranks_the_call_at_its_end(coordinator, rubric_call, django_capture_on_commit_callbacks):
    rubric_call.review_weight = 0
    rubric_call.save()
    application = scored(rubric_call, 0)
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(reverse("staff_scores_run", kwargs={"pk": rubric_call.pk}))
    score = ApplicationScore.objects.get(application=application)
    assert (score.rank, score.combined_total) == (1, score.auto_total)
    assert score.ranked_at is not None
