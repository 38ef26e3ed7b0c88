"""What the applicants app adds to the landing page and to home pages."""

from django.utils.translation import gettext_lazy as _

from parwona.core.panels import PUBLIC, NavItem, Panel, nav_register, panel_register
from parwona.users.enums import Role

from .selectors import applications_of, calls_open


def _open_calls(request) -> dict | None:
    calls = list(calls_open()[:5])
    return {"calls": calls} if calls else None


def _my_applications(request) -> dict:
    # Her offer, if any, comes in the same query: the panel shows its deadline.
    applications = list(applications_of(request.user).select_related("offer")[:10])
    applied = {a.call_id for a in applications}
    return {"applications": applications, "calls": [c for c in calls_open()[:5] if c.pk not in applied]}


panel_register(roles=[PUBLIC], panel=Panel("applicants/panels/open_calls.html", _open_calls, order=10))
panel_register(
    roles=[Role.APPLICANT, Role.PARTICIPANT],
    panel=Panel("applicants/panels/my_applications.html", _my_applications, order=10),
)
nav_register(
    roles=[Role.APPLICANT, Role.PARTICIPANT], item=NavItem(_("My applications"), "application_list", order=10)
)
nav_register(roles=[Role.APPLICANT], item=NavItem(_("Open calls"), "call_list", order=20))
