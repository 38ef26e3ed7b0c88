"""The coordinator's navigation link to calls and the calls panel of her home page."""

from django.utils.translation import gettext_lazy as _

from parwona.core.panels import NavItem, Panel, nav_register, panel_register
from parwona.users.enums import Role

from .call_selectors import calls_with_counts

PANEL_CALLS = 5


def _staff_calls(request) -> dict | None:
    if not request.user.has_perm("applicants.view_call"):
        return None
    return {
        "calls": list(calls_with_counts()[:PANEL_CALLS]),
        "can_add": request.user.has_perm("applicants.add_call"),
    }


panel_register(
    roles=[Role.COORDINATOR], panel=Panel("applicants/panels/staff_calls.html", _staff_calls, order=20)
)
nav_register(
    roles=[Role.COORDINATOR],
    item=NavItem(_("Calls"), "staff_call_list", order=100, permission="applicants.view_call"),
)
