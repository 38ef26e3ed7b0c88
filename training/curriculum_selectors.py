"""Reads of the curriculum and sessions that pages share."""

from datetime import datetime

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, When

from applicants.models import Cohort, Participant
from parwona.users.enums import Role
from parwona.users.models import User

from .models import Lesson, Module, Resource, Session


def training_cohorts() -> QuerySet[Cohort]:
    """Return the cohorts with how many modules and sessions each has, the newest first."""
    return (
        Cohort.objects.select_related("call")
        .annotate(
            module_count=Count("modules", distinct=True), session_count=Count("sessions", distinct=True)
        )
        .order_by("-starts_on", "-created_at")
    )


def curriculum_modules(*, cohort: Cohort) -> QuerySet[Module]:
    """Return the cohort's modules in order, each with its lessons in order (and their resource counts)."""
    lessons = Lesson.objects.annotate(resource_count=Count("resources")).order_by("position", "pk")
    return (
        Module.objects.filter(cohort=cohort)
        .prefetch_related(Prefetch("lessons", queryset=lessons))
        .order_by("position", "pk")
    )


def lesson_page(*, pk: int) -> Lesson | None:
    """Return the lesson with its module, cohort and resources loaded, or None."""
    resources = Resource.objects.order_by("position", "pk")
    return (
        Lesson.objects.select_related("module__cohort")
        .prefetch_related(Prefetch("resources", queryset=resources))
        .filter(pk=pk)
        .first()
    )


def lesson_neighbours(*, lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
    """Return the lessons before and after `lesson` in its cohort's curriculum (one query)."""
    ids = list(
        Lesson.objects.filter(module__cohort_id=lesson.module.cohort_id)
        .order_by("module__position", "module_id", "position", "pk")
        .values_list("pk", "title_tg", "title_ru", "title_en")
    )
    index = next(i for i, row in enumerate(ids) if row[0] == lesson.pk)

    def make(row):
        return None if row is None else Lesson(pk=row[0], title_tg=row[1], title_ru=row[2], title_en=row[3])

    before = ids[index - 1] if index > 0 else None
    after = ids[index + 1] if index + 1 < len(ids) else None
    return make(before), make(after)


def participant_current(*, user) -> Participant | None:
    """Return her place in her newest cohort, or None when she is in none."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Participant.objects.select_related("cohort").filter(user=user).order_by("-joined_at", "-pk").first()
    )


def participant_of(*, user, cohort_id: int) -> Participant | None:
    """Return `user`'s place in cohort `cohort_id`, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Participant.objects.filter(user=user, cohort_id=cohort_id).first()


def trainers() -> QuerySet[User]:
    """Return the active users with the trainer role, by name."""
    return (
        User.objects.filter(groups__name=Role.TRAINER, is_active=True)
        .distinct()
        .order_by("full_name", "email")
    )


def cohort_sessions(*, cohort: Cohort, now: datetime) -> QuerySet[Session]:
    """Return the cohort's sessions: upcoming ones soonest first, then past ones latest first."""
    return (
        Session.objects.filter(cohort=cohort)
        .select_related("module", "peer_group", "trainer")
        .annotate(
            is_past=Case(When(starts_at__lt=now, then=True), default=False),
            upcoming_at=Case(When(starts_at__gte=now, then=F("starts_at"))),
            past_at=Case(When(starts_at__lt=now, then=F("starts_at"))),
        )
        .order_by("is_past", F("upcoming_at").asc(nulls_last=True), F("past_at").desc(nulls_last=True), "pk")
    )


def sessions_for_participant(*, participant: Participant) -> QuerySet[Session]:
    """Return the sessions she is expected at: her cohort's whole-cohort sessions and her peer group's."""
    return Session.objects.filter(cohort_id=participant.cohort_id).filter(
        Q(peer_group__isnull=True) | Q(peer_group__memberships__participant=participant)
    )


def participant_next_session(*, participant: Participant, now: datetime) -> Session | None:
    """Return the next session of her cohort or her peer group, or None."""
    return (
        sessions_for_participant(participant=participant)
        .filter(starts_at__gte=now)
        .select_related("module", "peer_group")
        .order_by("starts_at", "pk")
        .first()
    )


def trainer_next_sessions(*, user, now: datetime, limit: int = 5) -> list[Session]:
    """Return the trainer's next `limit` sessions with their cohorts."""
    return list(
        Session.objects.filter(trainer=user, starts_at__gte=now)
        .select_related("cohort", "module", "peer_group")
        .order_by("starts_at", "pk")[:limit]
    )
