"""Home panels of cohort selection: her open offers, and the coordinator's cohorts."""


from parwona.core.panels import Panel, panel_register
from parwona.users.enums import Role

from .cohort_selectors import cohorts_recent, offers_open_of

PANEL_COHORTS = 5


def _my_offers(request) -> dict | None:
    offers = list(offers_open_of(user=request.user)[:5])
    return {"offers": offers} if offers else None


def _staff_cohorts(request) -> dict | None:
    if not request.user.has_perm("applicants.view_cohort"):
        return None
    return {"cohorts": cohorts_recent(limit=PANEL_COHORTS)}


panel_register(
    roles=[Role.APPLICANT, Role.PARTICIPANT],
    panel=Panel("applicants/panels/my_offers.html", _my_offers, order=5),
)
panel_register(
    roles=[Role.COORDINATOR], panel=Panel("applicants/panels/staff_cohorts.html", _staff_cohorts, order=25)
)
