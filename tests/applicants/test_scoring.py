import pandas as pd
import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from applicants import scoring
from applicants.enums import Criterion, ScoreStatus
from applicants.models import ApplicationScore, RubricCriterion
from applicants.services import application_submit
from parwona.core.models import AuditEntry
from tests.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db


def _submitted(call, **answers):
    return ApplicationFactory(
        call=call,
        complete=True,
        status="submitted",
        submitted_at=timezone.now(),
        eligibility="eligible",
        **answers,
    )


def test_scores_compute_gives_exact_points_and_total():
    call = CallFactory()
    best = _submitted(
        call,
        computer_level="advanced",
        social_media="selling",
        marketplaces=["laklak", "avval", "alibaba"],
        ai_use="daily",
        employment="unemployed",
        hours_per_week=30,
        settlement="rural",
    )
    least = _submitted(
        call,
        computer_level="none",
        social_media="none",
        marketplaces=[],
        ai_use="never",
        employment="formal_full",
        hours_per_week=5,
        settlement="urban",
        region="dushanbe",
    )
    assert scoring.scores_compute(call=call) == 2
    top = ApplicationScore.objects.get(application=best)
    assert top.total == 100
    assert top.points == {c.value: 10.0 for c in Criterion}
    low = ApplicationScore.objects.get(application=least)
    # Only "formal_full" earns points (2 of 10) on a criterion of weight 2, out of 13 weights of 10.
    assert float(low.total) == round(2 * 2 / (10 * 13) * 100, 2)
    assert low.status == ScoreStatus.DONE


def test_scores_compute_twice_gives_the_same_rows_and_skips_ineligible():
    call = CallFactory()
    _submitted(call)
    ApplicationFactory(
        call=call, complete=True, status="submitted", submitted_at=timezone.now(), eligibility="ineligible"
    )
    ApplicationFactory(call=call, complete=True)  # a draft
    scoring.scores_compute(call=call)
    first = list(ApplicationScore.objects.values_list("application_id", "points", "total"))
    scoring.scores_compute(call=call)
    assert list(ApplicationScore.objects.values_list("application_id", "points", "total")) == first
    assert len(first) == 1


answer = st.fixed_dictionaries(
    {
        "computer_level": st.sampled_from(["none", "basic", "intermediate", "advanced", ""]),
        "social_media": st.sampled_from(["none", "chatting", "selling"]),
        "marketplaces": st.lists(st.sampled_from(["laklak", "avval", "alif_shop", "ozon"]), unique=True),
        "ai_use": st.sampled_from(["never", "monthly", "weekly", "daily"]),
        "employment": st.sampled_from(["unemployed", "informal", "formal_full", "student"]),
        "hours_per_week": st.one_of(st.none(), st.integers(0, 80)),
        "settlement": st.sampled_from(["urban", "rural"]),
        "region": st.sampled_from(["dushanbe", "gbao", "khatlon", "sughd"]),
    }
)


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(answer, min_size=1, max_size=20),
    weights=st.dictionaries(st.sampled_from(list(Criterion.values)), st.integers(0, 5)),
)
def test_scores_table_total_stays_between_0_and_100_and_grows_with_points(rows, weights):
    frame = pd.DataFrame(rows)
    frame.insert(0, "pk", range(len(rows)))
    criteria = [
        RubricCriterion(key=key, weight=weights.get(key, w), points=points)
        for key, (w, points) in scoring.DEFAULT_RUBRIC.items()
    ]
    table = scoring.scores_table(frame=frame, criteria=criteria)
    assert ((table["total"] >= 0) & (table["total"] <= 100)).all()
    raised = [
        RubricCriterion(key=c.key, weight=c.weight, points={k: min(10, v + 1) for k, v in c.points.items()})
        for c in criteria
    ]
    higher = scoring.scores_table(frame=frame, criteria=raised)
    assert (higher["total"] >= table["total"]).all()


def test_submission_scores_after_commit(django_capture_on_commit_callbacks):
    draft = ApplicationFactory(complete=True)
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=draft)
    score = ApplicationScore.objects.get(application=draft)
    assert score.status == ScoreStatus.DONE
    assert score.total is not None


def test_sweep_scores_what_a_lost_message_left_pending():
    application = _submitted(CallFactory())
    ApplicationScore.objects.create(application=application, status=ScoreStatus.PENDING)
    assert scoring.scores_sweep() == 1
    assert ApplicationScore.objects.get(application=application).status == ScoreStatus.DONE
    assert scoring.scores_sweep() == 0


def test_rubric_change_marks_scores_stale_and_is_audited(make_user):
    call = CallFactory()
    application = _submitted(call)
    scoring.scores_compute(call=call)
    criterion = call.criteria.get(key=Criterion.AI_USE)
    coordinator = make_user("coordinator")
    scoring.rubric_update(
        criterion=criterion,
        actor=coordinator,
        weight=4,
        points={"never": 0, "monthly": 2, "weekly": 5, "daily": 10},
    )
    assert ApplicationScore.objects.get(application=application).status == ScoreStatus.STALE
    entry = AuditEntry.objects.get(action="rubric.changed")
    assert entry.details["after"]["weight"] == 4
    assert scoring.scores_sweep() == 1


def test_scoring_job_reports_how_many_it_scored(make_user, django_capture_on_commit_callbacks):
    from parwona.core.jobs import job_create

    call = CallFactory()
    _submitted(call)
    _submitted(call)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(
            kind=scoring.SCORE_JOB, params={"call_id": call.pk}, created_by=make_user("coordinator")
        )
    job.refresh_from_db()
    assert (job.status, job.result) == ("done", {"scored": 2})
