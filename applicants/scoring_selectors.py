"""Reads behind the scoring pages: a call's score counts and one application's points."""

from django.db.models import Count

from .enums import ScoreStatus
from .models import Application, ApplicationScore, Call, RubricCriterion


def scores_summary(*, call: Call) -> dict:
    """Return how many of the call's applications are scored, pending and stale, in one query."""
    counted = dict(
        ApplicationScore.objects.filter(application__call=call)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return {status: counted.get(status, 0) for status in ScoreStatus.values}


def application_points(*, application: Application) -> dict:
    """Return the application's score and, per criterion of its call's rubric, weight and points.

    Two queries: the criteria and the score. Reviewed criteria have no points here.
    """
    criteria = list(RubricCriterion.objects.filter(rubric__call_id=application.call_id))
    score = ApplicationScore.objects.filter(application_id=application.pk).first()
    auto_points = score.auto_points if score is not None else {}
    return {
        "score": score,
        "rows": [
            {"criterion": c, "points": auto_points.get(c.key) if c.is_auto else None} for c in criteria
        ],
    }
