"""Navigation and home panels of follow-ups: the coordinators' calls to make, her survey to answer."""

from django.utils import timezone

from parwona.core.panels import Panel, panel_register
from parwona.users.enums import Role

from .enums import FollowUpStatus
from .models import FollowUp


def _coordinator(request) -> dict | None:
    if not request.user.has_perm("outcomes.record_followup"):
        return None
    waiting = FollowUp.objects.filter(status=FollowUpStatus.SENT, due_on__lte=timezone.localdate()).count()
    return {"waiting": waiting}


def _participant(request) -> dict | None:
    # Her follow-up that is sent and still unanswered, so that she can answer from her home page too.
    follow_up = FollowUp.objects.filter(
        participant__user=request.user, status=FollowUpStatus.SENT, token_used_at__isnull=True
    ).order_by("due_on").first()
    return {"follow_up": follow_up} if follow_up else None


panel_register(
    roles=[Role.COORDINATOR], panel=Panel("outcomes/followups/panel_staff.html", _coordinator, order=65)
)
panel_register(
    roles=[Role.PARTICIPANT], panel=Panel("outcomes/followups/panel_participant.html", _participant, order=5)
)
# Coordinators reach the queue from their home panel: their menu is already full.
