"""Automatic scoring of applications against their call's rubric, on whole tables with pandas.

Each criterion turns one answer into points from 0 to 10 through the call's points map; the total
is the weighted mean of the points, scaled to 0-100. Scores are written back in bulk (one upsert
per batch), so running the scoring twice gives the same rows.
"""

import logging

import numpy as np
import pandas as pd
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from parwona.core.jobs import job_handler
from parwona.core.services import audit_record

from .enums import Criterion, Eligibility, ScoreStatus
from .models import Application, ApplicationScore, Call, RubricCriterion

logger = logging.getLogger(__name__)
SCORE_JOB = "applications.score"
_BATCH = 2000

# The default rubric: points (0-10) per answer, and weights. Unemployed and informally employed
# women, and those living in rural or remote areas, get priority, as the programme intends.
DEFAULT_RUBRIC = {
    Criterion.COMPUTER: (3, {"none": 0, "basic": 4, "intermediate": 7, "advanced": 10}),
    Criterion.SOCIAL: (2, {"none": 0, "chatting": 4, "selling": 10}),
    Criterion.MARKETPLACES: (2, {"0": 0, "1": 6, "2": 8, "3+": 10}),
    Criterion.AI_USE: (2, {"never": 0, "monthly": 3, "weekly": 7, "daily": 10}),
    Criterion.EMPLOYMENT: (
        2,
        {
            "unemployed": 10,
            "informal": 10,
            "self_employed": 7,
            "student": 6,
            "formal_part": 4,
            "formal_full": 2,
        },
    ),
    Criterion.HOURS: (1, {"<10": 0, "10-19": 5, "20-29": 8, "30+": 10}),
    Criterion.REMOTE: (1, {"rural": 10, "remote_region": 7, "other": 0}),
}
_FIELDS = [
    "pk",
    "computer_level",
    "social_media",
    "marketplaces",
    "ai_use",
    "employment",
    "hours_per_week",
    "settlement",
    "region",
]


def rubric_default(*, call: Call) -> list[RubricCriterion]:
    """Give `call` the default rubric for the criteria it does not have yet; return its criteria."""
    have = set(call.criteria.values_list("key", flat=True))
    RubricCriterion.objects.bulk_create(
        [
            RubricCriterion(call=call, key=key, weight=weight, points=points)
            for key, (weight, points) in DEFAULT_RUBRIC.items()
            if key not in have
        ]
    )
    return list(call.criteria.all())


@transaction.atomic
def rubric_update(*, criterion: RubricCriterion, actor, weight: int, points: dict) -> RubricCriterion:
    """Change a criterion; the call's existing scores become stale until scored again."""
    before = {"weight": criterion.weight, "points": criterion.points}
    criterion.weight, criterion.points = weight, points
    criterion.save(update_fields=["weight", "points"])
    ApplicationScore.objects.filter(application__call_id=criterion.call_id, status=ScoreStatus.DONE).update(
        status=ScoreStatus.STALE
    )
    audit_record(
        actor=actor,
        action="rubric.changed",
        target=criterion.call,
        details={"criterion": criterion.key, "before": before, "after": {"weight": weight, "points": points}},
    )
    return criterion


def _answers(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """Return, for each criterion, the answer its points map is keyed by."""
    count = frame["marketplaces"].map(lambda m: len(m) if isinstance(m, list) else 0)
    hours = frame["hours_per_week"].fillna(0)
    remote = np.where(
        frame["settlement"] == "rural",
        "rural",
        np.where(frame["region"].isin(["gbao", "khatlon"]), "remote_region", "other"),
    )
    return {
        Criterion.COMPUTER: frame["computer_level"],
        Criterion.SOCIAL: frame["social_media"],
        Criterion.MARKETPLACES: pd.Series(np.where(count >= 3, "3+", count.astype(str)), index=frame.index),
        Criterion.AI_USE: frame["ai_use"],
        Criterion.EMPLOYMENT: frame["employment"],
        Criterion.HOURS: pd.Series(
            np.select([hours >= 30, hours >= 20, hours >= 10], ["30+", "20-29", "10-19"], "<10"),
            index=frame.index,
        ),
        Criterion.REMOTE: pd.Series(remote, index=frame.index),
    }


def scores_table(*, frame: pd.DataFrame, criteria: list[RubricCriterion]) -> pd.DataFrame:
    """Return the points per criterion (columns) and the 0-100 `total` for each row of `frame`."""
    answers = _answers(frame)
    points = pd.DataFrame(index=frame.index)
    for criterion in criteria:
        mapped = answers[criterion.key].map({str(k): float(v) for k, v in criterion.points.items()})
        points[criterion.key] = mapped.fillna(0.0).clip(0, 10)
    weights = pd.Series({c.key: float(c.weight) for c in criteria})
    total_weight = weights.sum()
    if total_weight:
        points["total"] = (points[weights.index] * weights).sum(axis=1) / (10 * total_weight) * 100
    else:
        points["total"] = 0.0
    points["total"] = points["total"].round(2)
    return points


def scores_compute(*, call: Call, application_ids: list[int] | None = None, progress=None) -> int:
    """Score the call's eligible submitted applications (or only `application_ids`); return how many."""
    criteria = rubric_default(call=call)
    rows = Application.objects.filter(call=call, submitted_at__isnull=False, eligibility=Eligibility.ELIGIBLE)
    if application_ids is not None:
        rows = rows.filter(pk__in=application_ids)
    frame = pd.DataFrame.from_records(list(rows.values(*_FIELDS)), columns=_FIELDS)
    if frame.empty:
        return 0
    table = scores_table(frame=frame, criteria=criteria)
    now = timezone.now()
    keys = [c.key for c in criteria]
    scores = [
        ApplicationScore(
            application_id=int(pk),
            points={k: float(p[k]) for k in keys},
            total=p["total"],
            status=ScoreStatus.DONE,
            computed_at=now,
        )
        for pk, p in zip(frame["pk"], table.to_dict("records"), strict=True)
    ]
    for start in range(0, len(scores), _BATCH):
        ApplicationScore.objects.bulk_create(
            scores[start : start + _BATCH],
            update_conflicts=True,
            unique_fields=["application"],
            update_fields=["points", "total", "status", "computed_at"],
        )
        if progress:
            progress(min(100, (start + _BATCH) * 100 // len(scores)), f"{min(start + _BATCH, len(scores))}")
    return len(scores)


@job_handler(SCORE_JOB)
def scores_compute_job(*, job, progress) -> dict:
    call = Call.objects.filter(pk=job.params.get("call_id")).first()
    if call is None:
        return {"scored": 0}
    return {"scored": scores_compute(call=call, progress=progress)}


def score_pending_mark(*, application: Application) -> None:
    """Record that a just-submitted eligible application awaits its score, and ask a worker for it
    after commit. The row is the truth: if the broker is down, the beat sweep scores it later."""
    if application.eligibility != Eligibility.ELIGIBLE:
        return
    ApplicationScore.objects.update_or_create(
        application=application, defaults={"status": ScoreStatus.PENDING}
    )
    transaction.on_commit(lambda: _score_enqueue(application_id=application.pk))


def _score_enqueue(*, application_id: int) -> None:
    from .tasks import score_application

    try:
        score_application.apply_async(kwargs={"application_id": application_id})
    except (BrokerError, OSError):
        logger.warning("Broker unreachable; application %s waits for the scoring sweep", application_id)


def scores_sweep() -> int:
    """Score every application whose score is still pending or stale; return how many were scored."""
    scored = 0
    waiting = ApplicationScore.objects.filter(
        status__in=[ScoreStatus.PENDING, ScoreStatus.STALE], application__eligibility=Eligibility.ELIGIBLE
    )
    for call_id in waiting.values_list("application__call_id", flat=True).distinct():
        ids = list(waiting.filter(application__call_id=call_id).values_list("application_id", flat=True))
        scored += scores_compute(call=Call.objects.get(pk=call_id), application_ids=ids)
    return scored
