"""Aggregation of the reviewers' scores and the ranking of a call's applications.

`ranking_compute` is the only writer of the review and ranking fields of `ApplicationScore`
(`review_points`, `review_total`, `review_count`, `disagreement`, `combined_total`, `rank`,
`ranked_at`). It reads every scored review of the call at once into pandas:

- Normalisation (when `call.review_normalise`): each score is replaced by
  panel mean + z × panel sd, clipped to 1..5, where z is the score's z-score among all the scores
  the same reviewer gave in the call. Means and standard deviations are population ones (ddof 0)
  over every score of the call, all reviewed criteria pooled; a reviewer whose scores never vary
  (sd 0) gets z = 0, that is the panel mean.
- Aggregation: per application and reviewed criterion, the mean or the median
  (`call.review_aggregation`) of the (normalised) scores, kept in `review_points`.
- Disagreement: the reviewers' raw scores of some reviewed criterion spread (max − min) by 2 or more.
- `review_total`: the weighted mean (rubric weights) of the aggregated criteria, 1..5 mapped to 0..100.
- `combined_total` = (auto_weight × auto_total + review_weight × review_total) / (auto_weight +
  review_weight). Without any scored review it is empty, unless the rubric has no reviewed
  criterion or the reviewers' weight is 0: then it is the automatic score.

The tie rule of the rank (1..n over the eligible applications still in the running that have a
combined score): combined score descending, then automatic score descending, then the earlier
submission first, then the lower application id first. Scores are compared as stored, rounded to
hundredths.

The result is written back in one set-based statement; running it twice gives the same values.
"""

import json
import logging
from collections.abc import Callable
from decimal import Decimal

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parwona.core.enums import JobStatus
from parwona.core.jobs import job_create, job_handler
from parwona.core.models import Job
from parwona.core.services import audit_record

from .enums import ApplicationStatus, CriterionSource, Eligibility, ReviewAggregation, ReviewStatus
from .models import ApplicationScore, Call, RubricCriterion
from .scoring import rubric_default

logger = logging.getLogger(__name__)

APPLICATIONS_RANK = "applications.rank"
SCALE_MIN, SCALE_MAX = 1, 5
OUT_OF_THE_RUNNING = [ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN, ApplicationStatus.ERASED]
SCORE_COLUMNS = ["application", "reviewer", "criterion", "score"]


def _noop(percent: int, message: str = "") -> None:
    return None


def rankable() -> Q:
    """Return the condition of an application that may be ranked: submitted, eligible, in the running."""
    return Q(
        submitted_at__isnull=False,
        eligibility=Eligibility.ELIGIBLE,
        erased_at__isnull=True,
        withdrawn_at__isnull=True,
    ) & ~Q(status__in=OUT_OF_THE_RUNNING)


def reviewed_criteria(*, call: Call) -> list[RubricCriterion]:
    """Return the reviewed criteria of the call's rubric (the default one if it has none), in order."""
    rubric = rubric_default(call=call)
    return list(RubricCriterion.objects.filter(rubric=rubric, source=CriterionSource.REVIEW))


def review_scores_frame(*, call: Call) -> pd.DataFrame:
    """Return every score of the call's scored reviews: application, reviewer, criterion key, score."""
    from .models import ReviewScore

    rows = ReviewScore.objects.filter(
        assignment__application__call=call,
        assignment__status=ReviewStatus.SCORED,
        criterion__source=CriterionSource.REVIEW,
    ).values_list("assignment__application_id", "assignment__reviewer_id", "criterion__key", "score")
    frame = pd.DataFrame.from_records(list(rows), columns=SCORE_COLUMNS)
    frame["score"] = frame["score"].astype(float)
    return frame


def scores_normalise(frame: pd.DataFrame) -> pd.Series:
    """Return each score replaced by the panel mean + its reviewer's z-score × the panel sd, in 1..5.

    Population means and standard deviations (ddof 0); a reviewer whose scores never vary gets
    z = 0. `frame` has the columns `reviewer` and `score`.
    """
    if frame.empty:
        return frame["score"].astype(float)
    scores = frame["score"].astype(float)
    by_reviewer = scores.groupby(frame["reviewer"])
    mean = by_reviewer.transform("mean")
    sd = by_reviewer.transform("std", ddof=0)
    z = ((scores - mean) / sd.where(sd > 0)).fillna(0.0)
    panel_mean, panel_sd = scores.mean(), scores.std(ddof=0)
    return (panel_mean + z * panel_sd).clip(SCALE_MIN, SCALE_MAX)


def review_aggregate(
    frame: pd.DataFrame, *, aggregation: str, normalise: bool, weights: dict[str, float]
) -> pd.DataFrame:
    """Return per application its aggregated points per criterion, review total and disagreement.

    `frame` holds the columns of SCORE_COLUMNS. The result, indexed by application, has the
    columns `points` (a dict key -> aggregated 1..5 score, rounded to hundredths), `review_total`
    (0..100, rounded), `review_count` (reviewers) and `disagreement`.
    """
    columns = ["points", "review_total", "review_count", "disagreement"]
    if frame.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="application"))
    frame = frame.assign(value=scores_normalise(frame) if normalise else frame["score"].astype(float))
    grouped = frame.groupby(["application", "criterion"])
    how = "median" if aggregation == ReviewAggregation.MEDIAN else "mean"
    aggregated = grouped["value"].agg(how).unstack("criterion")
    spread = (grouped["score"].max() - grouped["score"].min()).unstack("criterion")
    keys = [key for key in aggregated.columns if weights.get(key, 0) > 0]
    w = pd.Series({key: weights[key] for key in keys}, dtype=float)
    values = aggregated[keys]
    present = values.notna()
    # A criterion nobody scored on an application (added after her reviews) leaves the weights of the others.
    weight_sum = present.mul(w, axis=1).sum(axis=1)
    mean = values.fillna(0).mul(w, axis=1).sum(axis=1) / weight_sum.where(weight_sum > 0)
    result = pd.DataFrame(index=aggregated.index)
    result["review_total"] = ((mean - SCALE_MIN) * 100 / (SCALE_MAX - SCALE_MIN)).round(2).clip(0, 100)
    result["points"] = [
        {key: round(float(v), 2) for key, v in row.items() if pd.notna(v)}
        for row in aggregated.to_dict("records")
    ]
    result["review_count"] = frame.groupby("application")["reviewer"].nunique()
    result["disagreement"] = (spread >= 2).any(axis=1)
    return result[columns]


def _decimal(value) -> Decimal | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _floats(column: pd.Series) -> list[float | None]:
    values = column.astype(float)
    return values.astype(object).where(values.notna(), None).tolist()


def ranking_table(*, call: Call, scores: pd.DataFrame, applications: pd.DataFrame) -> pd.DataFrame:
    """Return the review fields, combined score and rank of each row of `applications`.

    `applications` has the columns `id`, `auto_total` (float or NaN), `submitted_at` and
    `rankable` (bool); `scores` the columns of SCORE_COLUMNS. Pure: reads nothing else.
    """
    criteria = reviewed_criteria(call=call)
    weights = {c.key: float(c.weight) for c in criteria}
    reviewed = sum(weights.values()) > 0
    aggregated = review_aggregate(
        scores, aggregation=call.review_aggregation, normalise=call.review_normalise, weights=weights
    )
    table = applications.set_index("id").join(aggregated, how="left")
    table["review_count"] = table["review_count"].fillna(0).astype(int)
    table["disagreement"] = table["disagreement"].astype("boolean").fillna(False).astype(bool)
    table["points"] = [p if isinstance(p, dict) else {} for p in table["points"]]
    table["review_total"] = table["review_total"].astype(float)
    auto = table["auto_total"].astype(float)
    aw, rw = float(call.auto_weight), float(call.review_weight)
    if not reviewed or rw == 0 or aw + rw == 0:
        combined = auto
    else:
        combined = (aw * auto + rw * table["review_total"]) / (aw + rw)
    table["combined_total"] = combined.round(2)
    ranked = table[table["rankable"] & table["combined_total"].notna()]
    order = ranked.assign(_id=ranked.index).sort_values(
        ["combined_total", "auto_total", "submitted_at", "_id"],
        ascending=[False, False, True, True],
        na_position="last",
        kind="mergesort",
    )
    table["rank"] = pd.Series(np.arange(1, len(order) + 1), index=order.index)
    return table


def _applications_frame(*, call: Call) -> pd.DataFrame:
    """Return the call's score rows with what the ranking needs of their applications (one query)."""
    records = list(
        ApplicationScore.objects.filter(application__call=call)
        .order_by()
        .values_list(
            "application_id",
            "auto_total",
            "application__submitted_at",
            "application__status",
            "application__eligibility",
            "application__withdrawn_at",
            "application__erased_at",
        )
    )
    frame = pd.DataFrame.from_records(
        records,
        columns=["id", "auto_total", "submitted_at", "status", "eligibility", "withdrawn_at", "erased_at"],
    )
    frame["auto_total"] = pd.to_numeric(frame["auto_total"].astype(object), errors="coerce").astype(float)
    frame["rankable"] = (
        frame["submitted_at"].notna()
        & (frame["eligibility"] == Eligibility.ELIGIBLE)
        & frame["withdrawn_at"].isna()
        & frame["erased_at"].isna()
        & ~frame["status"].isin([str(s) for s in OUT_OF_THE_RUNNING])
    )
    return frame[["id", "auto_total", "submitted_at", "rankable"]]


WRITTEN = ("review_points", "review_total", "review_count", "disagreement", "combined_total", "rank")


@transaction.atomic
def _ranking_write(*, table: pd.DataFrame) -> None:
    """Write the review and ranking fields of every row of `table` in one statement."""
    if table.empty:
        return
    now = timezone.now()
    ids = table.index.astype(int).tolist()
    points = [json.dumps(p, sort_keys=True) for p in table["points"]]
    counts = table["review_count"].astype(int).tolist()
    disagreements = table["disagreement"].astype(bool).tolist()
    ranks = table["rank"].astype("Int64").astype(object).where(table["rank"].notna(), None).tolist()
    if connection.vendor == "postgresql":
        # Scores are already rounded to hundredths: the floats reach numeric(5, 2) unchanged.
        totals, combined = _floats(table["review_total"]), _floats(table["combined_total"])
        # The same unnest pattern as the scores' write (see scoring._scores_write): one UPDATE ... FROM.
        sql = (
            f"UPDATE {ApplicationScore._meta.db_table} AS s SET review_points = u.points, "  # noqa: S608
            "review_total = u.review_total, review_count = u.review_count, disagreement = u.disagreement, "
            "combined_total = u.combined_total, rank = u.rank, ranked_at = %s "
            "FROM unnest(%s::bigint[], %s::jsonb[], %s::numeric[], %s::smallint[], %s::boolean[], "
            "%s::numeric[], %s::integer[]) AS u(id, points, review_total, review_count, disagreement, "
            "combined_total, rank) WHERE s.application_id = u.id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [now, ids, points, totals, counts, disagreements, combined, ranks])
        return
    totals = [_decimal(v) for v in table["review_total"].astype(object).where(table["review_total"].notna())]
    combined = [
        _decimal(v) for v in table["combined_total"].astype(object).where(table["combined_total"].notna())
    ]
    rows = [
        ApplicationScore(
            application_id=pk,
            review_points=json.loads(p),
            review_total=t,
            review_count=n,
            disagreement=d,
            combined_total=c,
            rank=r,
            ranked_at=now,
        )
        for pk, p, t, n, d, c, r in zip(
            ids, points, totals, counts, disagreements, combined, ranks, strict=True
        )
    ]
    ApplicationScore.objects.bulk_update(rows, [*WRITTEN, "ranked_at"], batch_size=500)


def ranking_compute(*, call: Call, progress: Callable[..., None] = _noop) -> dict:
    """Aggregate the reviewers' scores of the call, combine them with the automatic score and rank.

    Idempotent: a second run writes the same values (only `ranked_at` moves). Return how many
    applications were ranked, how many have a scored review and how many show a disagreement.
    """
    progress(5, _("Reading the reviews"))
    scores = review_scores_frame(call=call)
    applications = _applications_frame(call=call)
    progress(40, _("Ranking %(count)s applications") % {"count": len(applications)})
    table = ranking_table(call=call, scores=scores, applications=applications)
    progress(70, _("Saving the ranking"))
    _ranking_write(table=table)
    result = {
        "ranked": int(table["rank"].notna().sum()) if not table.empty else 0,
        "reviewed": int((table["review_count"] > 0).sum()) if not table.empty else 0,
        "disagreements": int(table["disagreement"].sum()) if not table.empty else 0,
    }
    progress(
        100,
        ngettext("%(count)s application ranked", "%(count)s applications ranked", result["ranked"])
        % {"count": result["ranked"]},
    )
    return result


def ranking_pending(*, call: Call) -> bool:
    """Whether a ranking job of the call waits to run."""
    return Job.objects.filter(kind=APPLICATIONS_RANK, status=JobStatus.PENDING, params__call=call.pk).exists()


def ranking_enqueue(*, call: Call, actor=None) -> Job | None:
    """Record a ranking job of the call, unless one is already waiting; return it (or None)."""
    if ranking_pending(call=call):
        return None
    return job_create(kind=APPLICATIONS_RANK, params={"call": call.pk}, created_by=actor)


@job_handler(APPLICATIONS_RANK)
def applications_rank(*, job, progress) -> dict:
    """Rank the applications of the job's call, and audit the run."""
    call = Call.objects.filter(pk=job.params.get("call")).first()
    if call is None:
        return {"ranked": 0, "reviewed": 0, "disagreements": 0}
    result = ranking_compute(call=call, progress=progress)
    audit_record(
        actor=job.created_by, action="applications.ranked", target=call, details={**result, "job": job.pk}
    )
    return result
