"""The monthly reports' pages: their history, one month's printable page, its workbook; the raw export."""

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parwona.core.rules import permission_needed
from parwona.core.services import audit_record

from .enums import Breakdown
from .exports import raw_workbook
from .models import MonthlyReport
from .monthly import XLSX, monthly_figures, monthly_headers, monthly_report_build

PER_PAGE = 24


def _report(month: str) -> MonthlyReport:
    try:
        year, number = (int(part) for part in month.split("-"))
        first = date(year, number, 1)
    except ValueError:
        raise Http404 from None
    return get_object_or_404(MonthlyReport.objects.select_related("snapshot"), month=first)


@permission_needed("outcomes.view_monthlyreport")
def monthly_report_list(request):
    """The monthly reports, newest first; coordinators may build the current month's now."""
    reports = MonthlyReport.objects.only("month", "built_at", "emailed_at", "emailed_to", "workbook")
    page = Paginator(reports.order_by("-month"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "outcomes/monthly/list.html", {
        "page": page, "can_build": request.user.has_perm("outcomes.view_firmreport"),
    })


@permission_needed("outcomes.view_monthlyreport")
def monthly_report_detail(request, month: str):
    """One month's figures, as in its workbook, laid out to print."""
    report = _report(month)
    if report.snapshot is None:
        raise Http404
    figures = monthly_figures(snapshot=report.snapshot, month=report.month)
    return render(request, "outcomes/monthly/detail.html", {
        "report": report, "figures": figures, "headers": monthly_headers(),
        "breakdown_labels": Breakdown.choices,
    })


@permission_needed("outcomes.view_monthlyreport")
def monthly_report_download(request, month: str):
    """The month's workbook (audited)."""
    report = _report(month)
    if not report.workbook:
        raise Http404
    audit_record(actor=request.user, action="outcomes.monthly_report_downloaded", target=report)
    with report.workbook.open("rb") as stream:
        content = stream.read()
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="parwona-{report.month:%Y-%m}.xlsx"'
    return response


@require_POST
@permission_needed("outcomes.view_firmreport")
def monthly_report_build_now(request):
    """Build the current month's report from fresh aggregates (a coordinator's button)."""
    report = monthly_report_build(month=timezone.localdate())
    audit_record(actor=request.user, action="outcomes.monthly_report_built", target=report)
    messages.success(request, _("The report of this month is built from the latest figures."))
    return redirect("monthly_report_list")


@permission_needed("outcomes.view_firmreport")
def outcomes_raw_export(request):
    """The raw rows the indicators read, one sheet a table, ids only (audited)."""
    content = raw_workbook()
    audit_record(actor=request.user, action="outcomes.raw_export", target=None)
    response = HttpResponse(content, content_type=XLSX)
    name = f"parwona-raw-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
