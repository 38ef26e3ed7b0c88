"""Attendance: who a session is for, who may mark it, and the bulk write of a whole session's marks."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from applicants.models import Participant
from parwona.core.services import audit_record
from parwona.users.enums import Role

from .enums import AttendanceStatus
from .models import Attendance, Session


def user_is_coordinator(user) -> bool:
    """Coordinators (and the admin) oversee every session and cohort."""
    return user.is_superuser or Role.COORDINATOR in getattr(user, "roles", frozenset())


def session_participants(*, session: Session) -> QuerySet[Participant]:
    """Return the participants a session is for: its peer group's members, or else its whole cohort."""
    participants = Participant.objects.select_related("user")
    if session.peer_group_id is not None:
        participants = participants.filter(peer_membership__group_id=session.peer_group_id)
    else:
        participants = participants.filter(cohort_id=session.cohort_id)
    return participants.order_by("user__full_name", "pk")


def session_for_marking(*, user, pk: int) -> Session:
    """Return session `pk` for its own trainer or a coordinator; to any other trainer it does not exist."""
    session = Session.objects.select_related("cohort", "peer_group", "module").filter(pk=pk).first()
    if session is None or not (user_is_coordinator(user) or session.trainer_id == user.pk):
        raise Http404
    return session


def session_marks(*, session: Session) -> dict[int, str]:
    """Return the session's marks so far: participant id -> status."""
    return dict(Attendance.objects.filter(session=session).values_list("participant_id", "status"))


@transaction.atomic
def attendance_mark(*, session: Session, marks: dict[int, str], actor) -> dict[str, int]:
    """Record the marks of a whole session at once (participant id -> status), replacing earlier ones.

    Every participant must be one the session is for and every status a known one; otherwise nothing
    is written. Return how many of each status were recorded; the audit log keeps the same counts.
    """
    allowed = set(session_participants(session=session).values_list("pk", flat=True))
    if not marks:
        raise ValidationError(_("Mark at least one participant."), code="empty")
    if not set(marks) <= allowed:
        raise ValidationError(_("Someone marked is not a participant of this session."), code="participant")
    if not set(marks.values()) <= set(AttendanceStatus.values):
        raise ValidationError(_("Choose present, late, absent or excused."), code="status")
    now = timezone.now()
    Attendance.objects.bulk_create(
        [
            Attendance(session=session, participant_id=pk, status=status, marked_by=actor, marked_at=now)
            for pk, status in marks.items()
        ],
        update_conflicts=True,
        unique_fields=["session", "participant"],
        update_fields=["status", "marked_by", "marked_at"],
        batch_size=1000,
    )
    counts = dict.fromkeys(AttendanceStatus.values, 0)
    for status in marks.values():
        counts[status] += 1
    audit_record(actor=actor, action="attendance.marked", target=session, details=counts)
    return counts
