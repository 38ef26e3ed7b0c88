"""Navigation and home panel of follow-ups: the coordinators' calls to make."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parwona.core.panels import NavItem, Panel, nav_register, panel_register
from parwona.users.enums import Role

from .enums import FollowUpStatus
from .models import FollowUp


def _coordinator(request) -> dict | None:
    if not request.user.has_perm("outcomes.record_followup"):
        return None
    waiting = FollowUp.objects.filter(status=FollowUpStatus.SENT, due_on__lte=timezone.localdate()).count()
    return {"waiting": waiting}


panel_register(
    roles=[Role.COORDINATOR], panel=Panel("outcomes/followups/panel_staff.html", _coordinator, order=65)
)
nav_register(
    roles=[Role.COORDINATOR],
    item=NavItem(_("Follow-ups"), "staff_follow_ups", order=410, permission="outcomes.record_followup"),
)
