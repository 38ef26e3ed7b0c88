"""The donor's home panel (key figures in brief) and the "Outcomes" navigation item."""

from django.utils.translation import gettext_lazy as _

from parwona.core.panels import NavItem, Panel, nav_register, panel_register
from parwona.users.enums import Role

from .aggregates import aggregates_latest
from .dashboard import dashboard_kpis

BRIEF = ("additional_revenue", "formalised_share", "shops_opened", "new_jobs")


def _outcomes_brief(request) -> dict | None:
    if not request.user.has_perm("outcomes.view_aggregatesnapshot"):
        return None
    latest = aggregates_latest()
    kpis = dashboard_kpis(latest["data"], cohort=None) if latest else []
    return {"latest": latest, "kpis": [k for k in kpis if k["code"] in BRIEF]}


panel_register(roles=[Role.DONOR], panel=Panel("outcomes/dashboard/panel.html", _outcomes_brief, order=20))
nav_register(
    roles=[Role.DONOR, Role.COORDINATOR],
    item=NavItem(_("Outcomes"), "outcomes_dashboard", order=300,
                 permission="outcomes.view_aggregatesnapshot"),
)
