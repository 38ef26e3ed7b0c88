"""What calendars and peer groups add to home pages and navigation."""

from django.utils.translation import gettext_lazy as _

from parwona.core.panels import NavItem, Panel, nav_register, panel_register
from parwona.users.enums import Role

from .groups import participant_peer_group


def _peer_group(request) -> dict | None:
    group = participant_peer_group(user=request.user)
    return None if group is None else {"group": group}


panel_register(roles=[Role.PARTICIPANT], panel=Panel("training/groups/panel.html", _peer_group, order=30))
nav_register(roles=[Role.PARTICIPANT, Role.TRAINER], item=NavItem(_("Calendar"), "calendar", order=20))
