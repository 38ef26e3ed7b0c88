"""Navigation to the monthly reports, for coordinators and donors."""

from django.utils.translation import gettext_lazy as _

from parwona.core.panels import NavItem, nav_register
from parwona.users.enums import Role

nav_register(
    roles=[Role.COORDINATOR, Role.DONOR],
    item=NavItem(_("Monthly reports"), "monthly_report_list", order=80,
                 permission="outcomes.view_monthlyreport"),
)
