"""Skills assessment: her own and her trainer's 1-5 rating of each skill at the start, middle and end.

A rater may change her ratings at a point until that rater has rated the next point (start until
middle, middle until end; the end stays open). The charts compare her own and her trainer's ratings
at the three points, and, for a cohort, the mean trainer rating of each skill at each point.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count
from django.utils.translation import gettext as _

from applicants.models import Cohort, Participant
from parwona.core.services import audit_record
from parwona.users.models import User

from .enums import ALL_SKILL_VALUES, ALL_SKILLS, RATING_MAX, RATING_MIN, AssessmentPoint, Rater
from .models import SkillRating

POINTS = list(AssessmentPoint.values)
SKILL_LABELS = dict(ALL_SKILLS)


def point_next(point: str) -> str | None:
    index = POINTS.index(point)
    return POINTS[index + 1] if index + 1 < len(POINTS) else None


def points_locked(*, participant: Participant, rater: str) -> set[str]:
    """Return the points `rater` may no longer change for her: those whose next point has her ratings."""
    rated = set(
        SkillRating.objects.filter(participant=participant, rater=rater)
        .values_list("point", flat=True)
        .distinct()
    )
    return {point for point in POINTS if point_next(point) in rated}


@transaction.atomic
def skill_ratings_save(
    *, participant: Participant, point: str, rater: str, ratings: dict[str, int], actor: User
) -> int:
    """Upsert `ratings` ({skill: 1-5}) of her at `point` by `rater` in one statement; audit; return how many.

    Refuse an unknown skill, point or rater, a rating outside 1-5, her own rating given by someone else,
    and a point whose next point the same rater has rated already.
    """
    if point not in POINTS or rater not in Rater.values:
        raise ValidationError(_("Choose the start, the middle or the end."), code="point")
    if rater == Rater.SELF and actor.pk != participant.user_id:
        raise ValidationError(_("Only she can give her own rating."), code="rater")
    unknown = set(ratings) - set(ALL_SKILL_VALUES)
    if unknown:
        raise ValidationError(_("Rate only the skills of the curriculum."), code="skill")
    bad = [
        skill
        for skill, value in ratings.items()
        if isinstance(value, bool) or not isinstance(value, int) or not RATING_MIN <= value <= RATING_MAX
    ]
    if bad:
        raise ValidationError(
            {
                skill: _("Give a rating from %(low)s to %(high)s.") % {"low": RATING_MIN, "high": RATING_MAX}
                for skill in bad
            },
            code="rating",
        )
    # Her place is locked so that the check of the next point and the write are one step.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    if point in points_locked(participant=participant, rater=rater):
        raise ValidationError(
            _("These ratings can no longer change: the next point has been rated."), code="locked"
        )
    if not ratings:
        return 0
    SkillRating.objects.bulk_create(
        [
            SkillRating(
                participant=participant, skill=skill, point=point, rater=rater, rating=value, rated_by=actor
            )
            for skill, value in ratings.items()
        ],
        update_conflicts=True,
        unique_fields=["participant", "skill", "point", "rater"],
        update_fields=["rating", "rated_by", "rated_at"],
    )
    audit_record(
        actor=actor,
        action="skill_ratings.saved",
        target=participant,
        details={"point": point, "rater": rater, "count": len(ratings)},
    )
    return len(ratings)


# Reads


def ratings_of(*, participant: Participant, point: str, rater: str) -> dict[str, int]:
    """Return her ratings at `point` by `rater`, by skill."""
    return dict(
        SkillRating.objects.filter(participant=participant, point=point, rater=rater).values_list(
            "skill", "rating"
        )
    )


def participant_skill_table(*, participant: Participant) -> list[dict]:
    """Return one row a skill: its label and, at each point, her own rating and the trainer's (or None)."""
    values = {
        (skill, point, rater): rating
        for skill, point, rater, rating in SkillRating.objects.filter(participant=participant).values_list(
            "skill", "point", "rater", "rating"
        )
    }
    return [
        {
            "skill": skill,
            "label": SKILL_LABELS[skill],
            "points": [
                {
                    "point": point,
                    "self": values.get((skill, point, Rater.SELF)),
                    "trainer": values.get((skill, point, Rater.TRAINER)),
                }
                for point in POINTS
            ],
        }
        for skill in ALL_SKILL_VALUES
    ]


def cohort_skill_table(*, cohort: Cohort) -> list[dict]:
    """Return one row a skill: at each point the mean trainer rating (1 decimal, None when no one is
    rated) and how many participants are rated, in one query."""
    figures = {
        (row["skill"], row["point"]): row
        for row in SkillRating.objects.filter(participant__cohort=cohort, rater=Rater.TRAINER)
        .values("skill", "point")
        .annotate(mean=Avg("rating"), rated=Count("participant", distinct=True))
        .order_by()
    }
    rows = []
    for skill in ALL_SKILL_VALUES:
        points = []
        for point in POINTS:
            row = figures.get((skill, point))
            points.append(
                {
                    "point": point,
                    "mean": round(float(row["mean"]), 1) if row else None,
                    "rated": row["rated"] if row else 0,
                }
            )
        rows.append({"skill": skill, "label": SKILL_LABELS[skill], "points": points})
    return rows


def _point_label(point: str) -> str:
    return str(AssessmentPoint(point).label)


def participant_skill_charts(*, participant: Participant) -> list[dict]:
    """Return for each skill her table row and a chart of her own vs her trainer's rating at each point."""
    from .charts import rating_bars

    return [
        row
        | {
            "chart": rating_bars(
                [
                    {"label": _point_label(p["point"]), "self": p["self"], "trainer": p["trainer"]}
                    for p in row["points"]
                ],
                series=("self", "trainer"),
            )
        }
        for row in participant_skill_table(participant=participant)
    ]


def cohort_skill_charts(*, cohort: Cohort) -> list[dict]:
    """Return for each skill the cohort's table row and a chart of the mean trainer rating at each point."""
    from .charts import rating_bars

    return [
        row
        | {
            "chart": rating_bars(
                [
                    {"label": _point_label(p["point"]), "mean": p["mean"], "count": p["rated"]}
                    for p in row["points"]
                ],
                series=("mean",),
            )
        }
        for row in cohort_skill_table(cohort=cohort)
    ]
