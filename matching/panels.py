"""What the matching app adds to the landing page's navigation and to home pages."""

from django.utils.translation import gettext_lazy as _

from parwona.core.panels import PUBLIC, NavItem, Panel, nav_register, panel_register
from parwona.users.enums import Role

from .match_selectors import participant_match
from .selectors import firm_figures, firm_of


def _my_firm(request) -> dict:
    from .match_selectors import firm_managers

    firm = firm_of(request.user)
    return {"firm": firm, "managers": firm_managers(firm=firm) if firm is not None else []}


def _your_firm(request) -> dict | None:
    """Her firm once matching is published; nothing before."""
    match = participant_match(user=request.user)
    return None if match is None else {"firm": match.firm, "since": match.started_at}


def _staff_firms(request) -> dict | None:
    if not request.user.has_perm("matching.view_firm"):
        return None
    return {"figures": firm_figures()}


panel_register(roles=[Role.FIRM], panel=Panel("matching/panels/my_firm.html", _my_firm, order=10))
panel_register(roles=[Role.PARTICIPANT], panel=Panel("matching/panels/your_firm.html", _your_firm, order=20))
panel_register(
    roles=[Role.COORDINATOR], panel=Panel("matching/panels/staff_firms.html", _staff_firms, order=30)
)
nav_register(roles=[PUBLIC], item=NavItem(_("Host an e-commerce manager"), "firm_apply", order=50))
nav_register(roles=[Role.FIRM], item=NavItem(_("My firm"), "my_firm", order=10))
nav_register(
    roles=[Role.COORDINATOR],
    item=NavItem(_("Firms"), "staff_firm_list", order=200, permission="matching.view_firm"),
)
nav_register(
    roles=[Role.COORDINATOR],
    item=NavItem(_("Matching"), "staff_match_rounds", order=210, permission="matching.view_match"),
)
