"""Automatic scoring: the rubric, the scorer, its job, its sweep and the pages that show scores."""

import itertools
from datetime import datetime, timedelta
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from kombu.exceptions import OperationalError

from applicants import scoring, services
from applicants.enums import ApplicationStatus, Eligibility, ScoreStatus
from applicants.models import Application, ApplicationScore, RubricCriterion
from parwona.core.enums import JobStatus
from parwona.core.models import AuditEntry, Job
from parwona.users.enums import Role
from tests.factories import ApplicationFactory, CallFactory


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English whatever language an earlier test left active."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

DUSHANBE = ZoneInfo("Asia/Dushanbe")
_numbers = itertools.count(1)
SCORE_FIELDS = ("application_id", "status", "rubric_version", "auto_points", "auto_total", "scored_at")


def submitted(call, **answers) -> Application:
    """A submitted, eligible application to `call` with `answers` over the complete ones."""
    number = next(_numbers)
    defaults = {
        "status": ApplicationStatus.SUBMITTED,
        "submitted_at": datetime(2026, 3, 2, 12, 0, tzinfo=DUSHANBE) + timedelta(minutes=number),
        "reference": f"PAR-2026-{number:05d}",
        "eligibility": Eligibility.ELIGIBLE,
    }
    return ApplicationFactory(complete=True, call=call, applicant=None, **(defaults | answers))


def _scores(call) -> list[tuple]:
    return list(
        ApplicationScore.objects.filter(application__call=call)
        .order_by("application_id")
        .values_list(*SCORE_FIELDS)
    )


# The rubric


def test_rubric_default_holds_the_pilot_criteria_once(call):
    rubric = scoring.rubric_default(call=call)
    again = scoring.rubric_default(call=call)
    rows = list(rubric.criteria.values_list("key", "source", "weight"))
    assert again.pk == rubric.pk
    assert rows == [
        ("computer_level", "auto", Decimal("2.00")),
        ("social_media", "auto", Decimal("1.50")),
        ("marketplaces", "auto", Decimal("1.50")),
        ("ai_use", "auto", Decimal("1.50")),
        ("employment", "auto", Decimal("1.00")),
        ("hours_per_week", "auto", Decimal("1.00")),
        ("residence", "auto", Decimal("1.50")),
        ("motivation", "review", Decimal("2.00")),
        ("communication", "review", Decimal("2.00")),
    ]
    assert rubric.criteria.get(key="computer_level").points == {
        "none": 0,
        "basic": 4,
        "intermediate": 7,
        "advanced": 10,
    }


# Exact points


def test_scores_compute_gives_exact_points_to_hand_made_applications(call):
    # Basic computer 4, selling 10, one marketplace 5, AI daily 10, informal 10, 20 hours 7, GBAO 10.
    khorog = submitted(call)
    # Advanced 10, no social media 0, no marketplace 0, never AI 0, formal full-time 2, 40 hours 10,
    # a village near Dushanbe 10.
    village = submitted(
        call,
        computer_level="advanced",
        social_media="none",
        marketplaces=[],
        ai_use="never",
        employment="formal_full",
        hours_per_week=40,
        settlement="rural",
        region="dushanbe",
    )
    # Four marketplaces count as three or more; 12 hours reach no threshold above 0.
    busy = submitted(
        call,
        marketplaces=["laklak", "avval", "ozon", "other"],
        hours_per_week=12,
        region="sughd",
        settlement="urban",
    )
    excluded = submitted(call, eligibility=Eligibility.INELIGIBLE)

    result = scoring.scores_compute(call=call)

    scores = {s.application_id: s for s in ApplicationScore.objects.all()}
    assert result == {"scored": 3, "removed": 0}
    assert set(scores) == {khorog.pk, village.pk, busy.pk}
    assert excluded.pk not in scores
    assert scores[khorog.pk].auto_points == {
        "computer_level": 4,
        "social_media": 10,
        "marketplaces": 5,
        "ai_use": 10,
        "employment": 10,
        "hours_per_week": 7,
        "residence": 10,
    }
    # (2*4 + 1.5*10 + 1.5*5 + 1.5*10 + 1*10 + 1*7 + 1.5*10) / (10 * 10) * 100
    assert scores[khorog.pk].auto_total == Decimal("77.50")
    assert scores[village.pk].auto_points == {
        "computer_level": 10,
        "social_media": 0,
        "marketplaces": 0,
        "ai_use": 0,
        "employment": 2,
        "hours_per_week": 10,
        "residence": 10,
    }
    assert scores[village.pk].auto_total == Decimal("47.00")
    assert scores[busy.pk].auto_points["marketplaces"] == 10
    assert scores[busy.pk].auto_points["hours_per_week"] == 0
    assert scores[busy.pk].auto_points["residence"] == 3
    assert {s.status for s in scores.values()} == {ScoreStatus.DONE}
    assert {s.rubric_version for s in scores.values()} == {1}


def test_scores_compute_gives_zero_for_missing_answers(call):
    blank = submitted(
        call,
        computer_level="",
        social_media="",
        marketplaces=[],
        ai_use="",
        employment="",
        hours_per_week=None,
        settlement="",
        region="",
    )
    scoring.scores_compute(call=call)
    score = ApplicationScore.objects.get(application=blank)
    assert score.auto_total == Decimal("0.00")
    assert set(score.auto_points.values()) == {0}


# Properties of the total

_weights = st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=7)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), weights=_weights)
def test_rubric_totals_stay_within_0_and_100_and_grow_with_each_criterion(data, weights):
    rows = data.draw(st.integers(min_value=1, max_value=8))
    keys = [f"c{i}" for i in range(len(weights))]
    matrix = data.draw(
        st.lists(
            st.lists(st.integers(0, 10), min_size=len(keys), max_size=len(keys)), min_size=rows, max_size=rows
        )
    )
    points = pd.DataFrame(matrix, columns=keys)
    weight_map = {k: Decimal(w) for k, w in zip(keys, weights, strict=True)}
    totals = scoring.rubric_totals(points, weight_map)
    assert ((totals >= 0) & (totals <= 100)).all()
    column = data.draw(st.sampled_from(keys))
    raised = points.copy()
    raised[column] = np.minimum(raised[column] + data.draw(st.integers(1, 10)), 10)
    assert (scoring.rubric_totals(raised, weight_map) >= totals).all()
    if sum(weights):
        top = pd.DataFrame([[10] * len(keys)], columns=keys)
        assert scoring.rubric_totals(top, weight_map).tolist() == [100.0]


# Idempotence and staleness


def test_scores_compute_twice_leaves_identical_rows(call):
    for region in ["gbao", "khatlon", "dushanbe"]:
        submitted(call, region=region)
    scoring.scores_compute(call=call)
    first = _scores(call)
    result = scoring.scores_compute(call=call)
    assert result == {"scored": 3, "removed": 0}
    assert _scores(call) == first
    assert ApplicationScore.objects.count() == 3


def test_scores_compute_removes_the_score_of_an_application_no_longer_eligible(call):
    kept, dropped = submitted(call), submitted(call)
    scoring.scores_compute(call=call)
    Application.objects.filter(pk=dropped.pk).update(eligibility=Eligibility.INELIGIBLE)
    assert scoring.scores_compute(call=call) == {"scored": 1, "removed": 1}
    assert list(ApplicationScore.objects.values_list("application_id", flat=True)) == [kept.pk]


def test_rubric_update_marks_scores_stale_and_the_next_run_rescores(call, make_user):
    coordinator = make_user(Role.COORDINATOR)
    application = submitted(call)
    scoring.scores_compute(call=call)
    rubric = scoring.rubric_default(call=call)

    rubric = scoring.rubric_update(
        rubric=rubric,
        actor=coordinator,
        criteria=[
            {"key": "computer_level", "points": {"none": 0, "basic": 10, "intermediate": 10, "advanced": 10}}
        ],
    )

    score = ApplicationScore.objects.get(application=application)
    assert (rubric.version, score.status, score.auto_total) == (2, ScoreStatus.STALE, Decimal("77.50"))
    entry = AuditEntry.objects.get(action="rubric.updated")
    assert entry.details == {
        "version": 2,
        "changes": {
            "computer_level": {
                "points": [
                    {"none": 0, "basic": 4, "intermediate": 7, "advanced": 10},
                    {"none": 0, "basic": 10, "intermediate": 10, "advanced": 10},
                ]
            }
        },
    }
    scoring.scores_compute(call=call)
    score.refresh_from_db()
    # Basic computer skills now give 10 instead of 4: 2 * 6 more weighted points out of 100.
    assert (score.status, score.rubric_version, score.auto_total) == (ScoreStatus.DONE, 2, Decimal("89.50"))


def test_rubric_update_of_labels_or_nothing_keeps_scores_current(call, make_user):
    coordinator = make_user(Role.COORDINATOR)
    submitted(call)
    scoring.scores_compute(call=call)
    rubric = scoring.rubric_default(call=call)
    same = scoring.rubric_update(
        rubric=rubric, actor=coordinator, criteria=[{"key": "ai_use", "weight": "1.5"}]
    )
    relabelled = scoring.rubric_update(
        rubric=rubric, actor=coordinator, criteria=[{"key": "ai_use", "label_en": "AI tools"}]
    )
    assert (same.version, relabelled.version) == (1, 1)
    assert list(ApplicationScore.objects.values_list("status", flat=True)) == [ScoreStatus.DONE]
    assert AuditEntry.objects.filter(action="rubric.updated").count() == 1


@pytest.mark.parametrize(
    ("criterion", "message"),
    [
        (
            {"key": "ai_use", "points": {"hourly": 5}},
            "“hourly” is not one of the answers: never, monthly, weekly, daily.",
        ),
        ({"key": "ai_use", "points": {"daily": 11}}, "Points must be whole numbers from 0 to 10."),
        ({"key": "hours_per_week", "points": {"ten": 5}}, "“ten” is not a whole number."),
        ({"key": "motivation", "points": {"x": 1}}, "Reviewers score this criterion: it has no points map."),
        ({"key": "ai_use", "weight": "-1"}, "A weight must be between 0 and 100."),
        ({"key": "nothing"}, "This rubric has no criterion “nothing”."),
    ],
)
def test_rubric_update_refuses_bad_criteria(call, make_user, criterion, message):
    rubric = scoring.rubric_default(call=call)
    with pytest.raises(ValidationError) as raised:
        scoring.rubric_update(rubric=rubric, actor=make_user(Role.COORDINATOR), criteria=[criterion])
    assert raised.value.messages == [message]
    assert rubric.criteria.get(key="ai_use").points == {"never": 0, "monthly": 3, "weekly": 6, "daily": 10}


# Scoring on submission, and the sweep


@pytest.fixture
def draft():
    return ApplicationFactory(complete=True, call=CallFactory())


def test_application_submit_scores_her_application_after_commit(draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.application_submit(application=draft)
    assert ApplicationScore.objects.get(application=draft).status == ScoreStatus.PENDING
    for callback in callbacks:
        callback()
    score = ApplicationScore.objects.get(application=draft)
    assert (score.status, score.auto_total) == (ScoreStatus.DONE, Decimal("77.50"))


def test_application_submit_with_the_broker_down_leaves_the_score_to_the_sweep(
    draft, django_capture_on_commit_callbacks
):
    from applicants.tasks import application_score_task

    down = mock.patch.object(application_score_task, "apply_async", side_effect=OperationalError("down"))
    with down, django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=draft)
    assert ApplicationScore.objects.get(application=draft).status == ScoreStatus.PENDING

    assert scoring.scores_sweep() == 1

    score = ApplicationScore.objects.get(application=draft)
    assert (score.status, score.auto_total) == (ScoreStatus.DONE, Decimal("77.50"))
    assert scoring.scores_sweep() == 0


def test_scores_sweep_scores_pending_ones_of_every_call_and_drops_ineligible(call):
    other_call = CallFactory()
    first, second = submitted(call), submitted(other_call)
    done = submitted(call)
    gone = submitted(call, eligibility=Eligibility.INELIGIBLE)
    scoring.scores_compute(call=call, application_ids=[done.pk])
    before = _scores(call)
    ApplicationScore.objects.bulk_create([ApplicationScore(application=a) for a in (first, second, gone)])

    assert scoring.scores_sweep() == 3

    statuses = dict(ApplicationScore.objects.values_list("application_id", "status"))
    assert statuses == {first.pk: "done", second.pk: "done", done.pk: "done"}
    assert [row for row in _scores(call) if row[0] == done.pk] == before


def test_application_submitted_ineligible_gets_no_score(draft, django_capture_on_commit_callbacks):
    Application.objects.filter(pk=draft.pk).update(hours_per_week=5)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=Application.objects.get(pk=draft.pk))
    assert ApplicationScore.objects.count() == 0


def test_eligibility_override_to_eligible_scores_her_application_after_commit(
    call, make_user, django_capture_on_commit_callbacks
):
    application = submitted(call, eligibility=Eligibility.NEEDS_REVIEW)
    scored = submitted(call)
    scoring.scores_compute(call=call)
    before = _scores(call)
    with django_capture_on_commit_callbacks(execute=True):
        changed = services.eligibility_override(
            applications=[application, scored], decision=Eligibility.ELIGIBLE, reason="Checked by phone",
            actor=make_user(Role.COORDINATOR),
        )

    assert changed == 2
    assert ApplicationScore.objects.get(application=application).status == ScoreStatus.DONE
    # The one already scored keeps her score as it was: her answers did not change.
    assert [row for row in _scores(call) if row[0] == scored.pk] == [r for r in before if r[0] == scored.pk]


def test_the_beat_schedule_runs_the_sweep():
    from django.conf import settings as django_settings

    assert django_settings.CELERY_BEAT_SCHEDULE["scores-sweep"]["task"] == "applicants.tasks.scores_sweep"


# Pages


def test_scoring_runs_as_a_job_from_the_call_page(coordinator, call, django_capture_on_commit_callbacks):
    applications = [submitted(call) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(reverse("staff_scores_run", kwargs={"pk": call.pk}))
    job = Job.objects.get()
    assert response["Location"] == reverse("job_detail", kwargs={"pk": job.pk})
    assert (job.kind, job.status, job.percent, job.result) == (
        "applications.score",
        JobStatus.DONE,
        100,
        {"scored": 3, "removed": 0, "ranked": 0},
    )
    # The job ends by ranking the call: none is ranked before the reviewers score (see test_ranking).
    assert job.message == "0 applications ranked"
    assert ApplicationScore.objects.filter(application__in=applications, status="done").count() == 3
    entry = AuditEntry.objects.get(action="applications.scored")
    assert entry.details == {"scored": 3, "removed": 0, "job": job.pk}


def test_call_page_shows_score_counts_and_the_scoring_button(coordinator, call):
    submitted(call)
    scoring.scores_compute(call=call)
    submitted(call, eligibility=Eligibility.ELIGIBLE)
    ApplicationScore.objects.create(application=Application.objects.latest("pk"))
    html = coordinator.get(reverse("staff_call_edit", kwargs={"pk": call.pk})).content.decode()
    assert "Scored: 1 · waiting: 1 · out of date after a rubric change: 0" in html
    assert reverse("staff_scores_run", kwargs={"pk": call.pk}) in html
    assert reverse("staff_rubric_edit", kwargs={"pk": call.pk}) in html


def _rubric_post(call, **changes) -> dict:
    data = {}
    for criterion in scoring.rubric_default(call=call).criteria.all():
        prefix = f"c-{criterion.key}"
        data |= {
            f"{prefix}-label_tg": criterion.label_tg,
            f"{prefix}-label_ru": criterion.label_ru,
            f"{prefix}-label_en": criterion.label_en,
            f"{prefix}-weight": str(criterion.weight),
        }
        if criterion.is_auto:
            data[f"{prefix}-points"] = scoring.points_text(criterion.points)
    return data | changes


def test_rubric_editor_saves_weights_and_point_lines(coordinator, call):
    submitted(call)
    scoring.scores_compute(call=call)
    data = _rubric_post(
        call,
        **{
            "c-ai_use-weight": "3",
            "c-ai_use-points": "never = 0\nmonthly = 2\r\n\nweekly = 5\ndaily = 10",
            "c-motivation-label_en": "Motivation and goals",
        },
    )
    response = coordinator.post(reverse("staff_rubric_edit", kwargs={"pk": call.pk}), data)
    assert response["Location"] == reverse("staff_rubric_edit", kwargs={"pk": call.pk})
    ai_use = RubricCriterion.objects.get(key="ai_use")
    assert ai_use.weight == Decimal("3.00")
    assert ai_use.points == {"never": 0, "monthly": 2, "weekly": 5, "daily": 10}
    assert RubricCriterion.objects.get(key="motivation").label_en == "Motivation and goals"
    assert ai_use.rubric.version == 2
    assert list(ApplicationScore.objects.values_list("status", flat=True)) == [ScoreStatus.STALE]


def test_rubric_editor_shows_errors_of_a_bad_line_and_saves_nothing(coordinator, call):
    data = _rubric_post(call, **{"c-ai_use-points": "never = 0\ndaily: 10", "c-computer_level-weight": "5"})
    response = coordinator.post(reverse("staff_rubric_edit", kwargs={"pk": call.pk}), data)
    assert response.status_code == 200
    form = next(f for f in response.context["form"] if f.criterion.key == "ai_use")
    assert form.errors == {"points": ["Line 2: write “answer = points”, for example “basic = 4”."]}
    assert RubricCriterion.objects.get(key="computer_level").weight == Decimal("2.00")


def test_rubric_editor_is_closed_to_reviewers(client, make_user, call):
    client.force_login(make_user(Role.REVIEWER))
    assert client.get(reverse("staff_rubric_edit", kwargs={"pk": call.pk})).status_code == 403
    assert client.post(reverse("staff_scores_run", kwargs={"pk": call.pk})).status_code == 403


def test_staff_detail_shows_points_per_criterion_to_a_blind_reviewer(client, make_user, call):
    application = submitted(call)
    scoring.scores_compute(call=call)
    client.force_login(make_user(Role.REVIEWER, language="en"))
    response = client.get(reverse("staff_application_detail", kwargs={"pk": application.pk}))
    rows = [(r["criterion"].key, r["points"]) for r in response.context["points"]["rows"]]
    assert rows == [
        ("computer_level", 4),
        ("social_media", 10),
        ("marketplaces", 5),
        ("ai_use", 10),
        ("employment", 10),
        ("hours_per_week", 7),
        ("residence", 10),
        ("motivation", None),
        ("communication", None),
    ]
    html = response.content.decode()
    assert "<strong>77.50</strong> / 100" in html
    assert "Selling on social media" in html


def test_staff_list_sorts_by_automatic_score_with_unscored_last(coordinator, call):
    low = submitted(call, computer_level="none")
    high = submitted(call, computer_level="advanced")
    unscored = submitted(call)
    scoring.scores_compute(call=call, application_ids=[low.pk, high.pk])
    url = reverse("staff_application_list", kwargs={"pk": call.pk})
    highest = coordinator.get(url, {"sort": "-score"})
    lowest = coordinator.get(url, {"sort": "score"})
    assert [a.pk for a in highest.context["page"]] == [high.pk, low.pk, unscored.pk]
    assert [a.pk for a in lowest.context["page"]] == [low.pk, high.pk, unscored.pk]
    assert [a.score_total for a in highest.context["page"]] == [Decimal("89.50"), Decimal("69.50"), None]
    assert highest.context["score_sort_query"] == "sort=score"


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_scoring_pages_issue_the_same_queries_for_one_and_many_applications(coordinator, call):
    first = submitted(call)
    scoring.scores_compute(call=call)
    urls = [
        (reverse("staff_application_list", kwargs={"pk": call.pk}), {"sort": "-score"}),
        (reverse("staff_rubric_edit", kwargs={"pk": call.pk}), None),
        (reverse("staff_call_edit", kwargs={"pk": call.pk}), None),
        (reverse("staff_application_detail", kwargs={"pk": first.pk}), None),
    ]
    _queries(coordinator, *urls[3])  # the audit's first write loads the content type, cached afterwards
    one = [_queries(coordinator, url, params) for url, params in urls]
    for n in range(30):
        submitted(call, region=["gbao", "khatlon", "sughd"][n % 3])
    scoring.scores_compute(call=call)
    many = [_queries(coordinator, url, params) for url, params in urls]
    assert many == one
