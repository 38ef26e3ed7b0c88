"""Who may see which assignment, submission and skill rating.

A cohort's staff are its coordinators (every cohort) and the trainers who lead at least one of its
sessions. A participant sees only her own work. Anyone else is told the object does not exist (404).
"""

from django.http import Http404

from applicants.models import Participant
from parwona.users.enums import Role

from .models import Session


def cohort_staff(user, cohort_id: int) -> bool:
    """Whether `user` delivers cohort `cohort_id`: a coordinator, or a trainer of one of its sessions."""
    if not user.is_authenticated or not user.has_perm("training.grade_submission"):
        return False
    if user.is_superuser or Role.COORDINATOR in user.roles:
        return True
    return Session.objects.filter(cohort_id=cohort_id, trainer=user).exists()


def cohort_staff_or_404(user, cohort_id: int) -> None:
    if not cohort_staff(user, cohort_id):
        raise Http404


def cohorts_of_staff(user):
    """Return the ids of the cohorts `user` delivers, as a queryset of ids (None: every cohort)."""
    if user.is_superuser or Role.COORDINATOR in user.roles:
        return None
    return Session.objects.filter(trainer=user).values("cohort_id")


def her_participation(user) -> Participant:
    """Return her place in her most recent cohort, or 404 for anyone who is not a participant."""
    if not user.is_authenticated or Role.PARTICIPANT not in user.roles:
        raise Http404
    participant = (
        Participant.objects.select_related("cohort", "application", "user")
        .filter(user=user)
        .order_by("-joined_at", "-pk")
        .first()
    )
    if participant is None:
        raise Http404
    return participant
