"""What attendance, progress and certificates add to home pages and to the firm's page of its manager."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applicants.models import Participant
from matching.manager_panels import ManagerPanel, manager_panel_register
from matching.models import Match
from parwona.core.panels import NavItem, Panel, nav_register, panel_register
from parwona.users.enums import Role

from .attendance import user_is_coordinator
from .models import Session
from .progress import participant_progress

# The sessions a trainer's home offers to mark: those of the last fortnight and of today.
MARKING_WINDOW = timedelta(days=14)
MARKING_HEAD = 10


def _her_progress(request) -> dict | None:
    participant = (
        Participant.objects.select_related("cohort").filter(user_id=request.user.pk).order_by("-pk").first()
    )
    if participant is None:
        return None
    return {"progress": participant_progress(participant=participant), "cohort": participant.cohort}


def _sessions_to_mark(request) -> dict | None:
    if not request.user.has_perm("training.mark_attendance"):
        return None
    now = timezone.now()
    sessions = Session.objects.select_related("cohort").filter(
        starts_at__gte=now - MARKING_WINDOW,
        starts_at__lte=timezone.localtime(now).replace(hour=23, minute=59, second=59),
    )
    if not user_is_coordinator(request.user):
        sessions = sessions.filter(trainer_id=request.user.pk)
    return {"sessions": list(sessions.order_by("-starts_at")[:MARKING_HEAD])}


def _manager_progress(request, *, participant, firm) -> dict | None:
    """Her attendance, assignments and whether she is at risk, for the firm she works for only."""
    if not Match.objects.filter(participant=participant, firm=firm, ended_at__isnull=True).exists():
        return None
    return {"progress": participant_progress(participant=participant)}


panel_register(
    roles=[Role.PARTICIPANT], panel=Panel("training/progress/panels/mine.html", _her_progress, order=30)
)
# A trainer's home offers her recent sessions to mark; coordinators reach cohorts through the navigation,
# which keeps their home page within its query budget.
panel_register(
    roles=[Role.TRAINER], panel=Panel("training/progress/panels/to_mark.html", _sessions_to_mark, order=40)
)
nav_register(
    roles=[Role.COORDINATOR, Role.TRAINER],
    item=NavItem(_("Progress"), "staff_progress", order=220, permission="training.view_attendance"),
)
manager_panel_register(
    panel=ManagerPanel("training/progress/panels/manager.html", _manager_progress, order=20)
)
