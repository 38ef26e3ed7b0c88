"""Reads behind the review pages: loads, a reviewer's list, one review, the ranking, the calibration."""

import pandas as pd
from django.db.models import Count, Max, Prefetch, Q, QuerySet

from parwona.users.models import User

from .enums import ReviewStatus
from .models import Application, ApplicationScore, Call, ReviewAssignment, ReviewScore
from .ranking import review_scores_frame, reviewed_criteria, scores_normalise
from .reviews import reviewers_all

OPEN_STATUSES = [ReviewStatus.ASSIGNED]


def reviewer_loads(*, call: Call) -> list[User]:
    """Return the reviewers, each with `load` (her reviews in the call) and `done` (decided). One query."""
    in_call = Q(review_assignments__application__call=call)
    return list(
        reviewers_all().annotate(
            load=Count("review_assignments", filter=in_call, distinct=True),
            done=Count(
                "review_assignments",
                filter=in_call & ~Q(review_assignments__status__in=OPEN_STATUSES),
                distinct=True,
            ),
        )
    )


def assignments_of(*, reviewer: User) -> QuerySet[ReviewAssignment]:
    """Return her assignments, those still to review first, with their application and call (one join)."""
    return (
        ReviewAssignment.objects.filter(reviewer=reviewer)
        .select_related("application__call")
        .order_by("submitted_at", "assigned_at", "pk")
    )


def assignments_progress(*, reviewer: User) -> dict:
    """Return how many of her assignments are decided and how many she has, in one query."""
    counts = ReviewAssignment.objects.filter(reviewer=reviewer).aggregate(
        total=Count("pk"), done=Count("pk", filter=~Q(status__in=OPEN_STATUSES))
    )
    return {"done": counts["done"], "total": counts["total"], "open": counts["total"] - counts["done"]}


def review_of(*, reviewer: User, pk: int) -> ReviewAssignment | None:
    """Return her assignment `pk` with its application and call, or None if it is not hers."""
    return (
        ReviewAssignment.objects.filter(pk=pk, reviewer=reviewer).select_related("application__call").first()
    )


def _panel(assignments: list[ReviewAssignment], criteria) -> list[dict]:
    """Number the reviewers of an application 1..n in the order they were given it."""
    rows = []
    for number, assignment in enumerate(assignments, 1):
        by_key = {s.criterion_id: s.score for s in assignment.scores.all()}
        rows.append(
            {
                "number": number,
                "assignment": assignment,
                "scores": [by_key.get(c.pk) for c in criteria],
            }
        )
    return rows


def review_context(*, assignment: ReviewAssignment) -> dict:
    """Return the reviewed criteria, her own scores and, once she has decided, the others' without names.

    Three queries: criteria, the application's assignments, their scores.
    """
    criteria = reviewed_criteria(call=assignment.application.call)
    assignments = list(
        ReviewAssignment.objects.filter(application_id=assignment.application_id)
        .order_by("assigned_at", "pk")
        .prefetch_related(Prefetch("scores", queryset=ReviewScore.objects.all()))
    )
    panel = _panel(assignments, criteria)
    mine = next(row for row in panel if row["assignment"].pk == assignment.pk)
    decided = assignment.status != ReviewStatus.ASSIGNED
    others = [row for row in panel if row["assignment"].pk != assignment.pk] if decided else []
    return {"criteria": criteria, "mine": mine, "others": others, "decided": decided}


def application_reviews(
    *, application: Application, criteria: list | None = None, score: ApplicationScore | None = None
) -> dict:
    """Return, for coordinators, each reviewer's scores and comment and the aggregate.

    Pass the reviewed `criteria` and the `score` row when the page has them already (then one query).
    """
    if criteria is None:
        criteria = reviewed_criteria(call=application.call)
        score = ApplicationScore.objects.filter(application_id=application.pk).first()
    assignments = list(
        ReviewAssignment.objects.filter(application_id=application.pk)
        .select_related("reviewer")
        .order_by("assigned_at", "pk")
        .prefetch_related("scores")
    )
    points = score.review_points if score is not None else {}
    return {
        "criteria": criteria,
        "panel": _panel(assignments, criteria),
        "score": score,
        "aggregate": [points.get(c.key) for c in criteria],
    }


def ranking_rows(*, call: Call, disagreements_only: bool = False) -> QuerySet[ApplicationScore]:
    """Return the call's ranked score rows by rank, with their application (one join)."""
    qs = (
        ApplicationScore.objects.filter(application__call=call, rank__isnull=False)
        .select_related("application")
        .only(
            "application_id",
            "auto_total",
            "review_total",
            "review_count",
            "disagreement",
            "combined_total",
            "rank",
            "ranked_at",
            "application__reference",
            "application__region",
            "application__call_id",
        )
        .order_by("rank")
    )
    return qs.filter(disagreement=True) if disagreements_only else qs


def ranking_summary(*, call: Call) -> dict:
    """Return when the call was last ranked and how many rows are ranked, reviewed, disagreeing. One query."""
    return ApplicationScore.objects.filter(application__call=call).aggregate(
        ranked_at=Max("ranked_at"),
        ranked=Count("pk", filter=Q(rank__isnull=False)),
        reviewed=Count("pk", filter=Q(review_count__gt=0)),
        disagreements=Count("pk", filter=Q(disagreement=True)),
    )


def calibration(*, call: Call, normalised: bool = False) -> dict:
    """Return per reviewer her number of scored reviews, mean, sd, distance from the panel mean and
    her mean per reviewed criterion; `normalised` gives the same figures after z-score normalisation.

    Population standard deviations (ddof 0), as in the ranking. Three queries.
    """
    criteria = reviewed_criteria(call=call)
    frame = review_scores_frame(call=call)
    if normalised and not frame.empty:
        frame = frame.assign(score=scores_normalise(frame))
    people = {u.pk: u for u in User.objects.filter(pk__in=frame["reviewer"].unique().tolist())}
    if frame.empty:
        return {"criteria": criteria, "rows": [], "panel_mean": None, "panel_sd": None}
    panel_mean = float(frame["score"].mean())
    by_reviewer = frame.groupby("reviewer")
    per_criterion = frame.pivot_table(index="reviewer", columns="criterion", values="score", aggfunc="mean")
    reviews = frame.groupby("reviewer")["application"].nunique()
    rows = []
    for reviewer, scores in by_reviewer["score"]:
        mean = float(scores.mean())
        rows.append(
            {
                "reviewer": people.get(reviewer),
                "reviews": int(reviews[reviewer]),
                "mean": round(mean, 2),
                "sd": round(float(scores.std(ddof=0)), 2),
                "difference": round(mean - panel_mean, 2),
                "criteria": [
                    None
                    if c.key not in per_criterion.columns or pd.isna(per_criterion.at[reviewer, c.key])
                    else round(float(per_criterion.at[reviewer, c.key]), 2)
                    for c in criteria
                ],
            }
        )
    rows.sort(key=lambda row: (row["reviewer"].full_name if row["reviewer"] else "", row["reviews"]))
    return {
        "criteria": criteria,
        "rows": rows,
        "panel_mean": round(panel_mean, 2),
        "panel_sd": round(float(frame["score"].std(ddof=0)), 2),
    }
