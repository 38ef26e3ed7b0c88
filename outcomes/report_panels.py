"""Home panels and navigation of firm reports: the firm's report for last month, the coordinators' queue."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.rules import own_firm
from parwona.core.panels import NavItem, Panel, nav_register, panel_register
from parwona.users.enums import Role

from .enums import ReportStatus
from .models import FirmReport
from .reports import firms_late, month_before, month_start


def _firm(request) -> dict | None:
    try:
        firm = own_firm(request.user)
    except Http404:
        return None
    month = month_before(month_start(timezone.localdate()))
    return {"month": month, "report": FirmReport.objects.filter(firm=firm, month=month).first(),
            "late": any(f.pk == firm.pk for f in firms_late(today=timezone.localdate()))}


def _coordinator(request) -> dict | None:
    if not request.user.has_perm("outcomes.verify_firmreport"):
        return None
    waiting = FirmReport.objects.filter(status=ReportStatus.SUBMITTED).count()
    return {"waiting": waiting, "late": len(firms_late(today=timezone.localdate()))}


panel_register(roles=[Role.FIRM], panel=Panel("outcomes/reports/panel_firm.html", _firm, order=30))
panel_register(
    roles=[Role.COORDINATOR], panel=Panel("outcomes/reports/panel_staff.html", _coordinator, order=60)
)
nav_register(roles=[Role.FIRM], item=NavItem(_("Monthly reports"), "firm_reports", order=30))
# Coordinators reach the queue from their home panel: their menu is already full.
