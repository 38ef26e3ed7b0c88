"""The coordinator's home panel of cohorts. (Her open offer shows in the applications panel.)"""

from parwona.core.panels import Panel, panel_register
from parwona.users.enums import Role

from .cohort_selectors import cohorts_recent

PANEL_COHORTS = 5


def _staff_cohorts(request) -> dict | None:
    if not request.user.has_perm("applicants.view_cohort"):
        return None
    return {"cohorts": cohorts_recent(limit=PANEL_COHORTS)}


panel_register(
    roles=[Role.COORDINATOR], panel=Panel("applicants/panels/staff_cohorts.html", _staff_cohorts, order=25)
)
