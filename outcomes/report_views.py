"""Pages of firm reports: the firm's months and its report form; the coordinators' queue and decision."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from matching.rules import own_firm
from parwona.core.rules import permission_needed
from parwona.core.services import audit_record

from . import reports
from .enums import ReportStatus
from .models import FirmReport, ReportEvidence
from .report_forms import DecisionForm, FirmReportForm, ListingFormSet, ShopFormSet, rows_of


def _month(raw: str) -> date:
    try:
        year, month = (int(part) for part in raw.split("-"))
        return date(year, month, 1)
    except ValueError as exc:
        raise Http404 from exc


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def firm_reports(request):
    firm = own_firm(request.user)
    today = timezone.localdate()
    existing = {r.month: r for r in FirmReport.objects.filter(firm=firm)}
    late = {f.pk for f in reports.firms_late(today=today)}
    previous = reports.month_before(reports.month_start(today))
    rows = [{"month": month, "report": existing.get(month),
             "late": firm.pk in late and month == previous}
            for month in reports.report_months(firm=firm, today=today)]
    return render(request, "outcomes/reports/firm_list.html", {"firm": firm, "rows": rows})


@login_required
def firm_report_edit(request, month: str):
    firm = own_firm(request.user)
    day = _month(month)
    if day not in reports.report_months(firm=firm, today=timezone.localdate()):
        raise Http404
    report = reports.report_for_month(firm=firm, month=day)
    listings_initial = list(report.listings.values("marketplace", "active_listings"))
    shops_initial = list(report.shops.values("marketplace", "url", "opened_on"))
    query = report.reviews.filter(action="query").order_by("-created_at").first()
    if request.method == "POST" and report.is_editable:
        form = FirmReportForm(request.POST, request.FILES, instance=report)
        listings = ListingFormSet(request.POST, prefix="listings")
        shops = ShopFormSet(request.POST, prefix="shops")
        if form.is_valid() and listings.is_valid() and shops.is_valid():
            values = {field: form.cleaned_data[field] for field in reports.REPORT_FIELDS}
            try:
                # The figures, the evidence and the submission land together or not at all.
                with transaction.atomic():
                    reports.report_save(report=report, actor=request.user, values=values,
                                        listings=rows_of(listings), shops=rows_of(shops))
                    if form.cleaned_data.get("evidence"):
                        reports.evidence_add(
                            report=report, actor=request.user, upload=form.cleaned_data["evidence"],
                            kind=form.cleaned_data.get("evidence_kind") or "screenshot",
                        )
                    if "submit" in request.POST:
                        reports.report_submit(report=report, actor=request.user)
                if "submit" in request.POST:
                    messages.success(request, _("Report submitted: the programme will verify it."))
                    return redirect("firm_reports")
                messages.success(request, _("Draft saved."))
                return redirect("firm_report_edit", month=month)
            except ValidationError as exc:
                _add_errors(form, exc)
    else:
        form = FirmReportForm(instance=report)
        listings = ListingFormSet(prefix="listings", initial=listings_initial)
        shops = ShopFormSet(prefix="shops", initial=shops_initial)
    return render(request, "outcomes/reports/firm_form.html", {
        "firm": firm, "report": report, "form": form, "listings": listings, "shops": shops, "query": query,
        "evidence": report.evidence.all(),
    })


@login_required
def firm_report_evidence(request, pk: int):
    evidence = get_object_or_404(ReportEvidence.objects.select_related("report"), pk=pk)
    staff = request.user.has_perm("outcomes.verify_firmreport")
    if not staff:
        firm = own_firm(request.user)
        if evidence.report.firm_id != firm.pk:
            raise Http404
    audit_record(actor=request.user, action="outcomes.evidence_view", target=evidence.report,
                 details={"evidence": evidence.pk})
    return FileResponse(evidence.file.open("rb"), as_attachment=True, content_type=evidence.content_type,
                        filename=evidence.file.name.rsplit("/", 1)[-1])


@permission_needed("outcomes.verify_firmreport")
def staff_firm_reports(request):
    status = request.GET.get("status", ReportStatus.SUBMITTED)
    queryset = FirmReport.objects.select_related("firm", "match__participant__user").annotate(
        evidence_count=Count("evidence")
    ).order_by("-month", "firm__name")
    if status in ReportStatus.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    late = reports.firms_late(today=timezone.localdate())
    return render(request, "outcomes/reports/staff_list.html", {
        "page": page, "status": status, "statuses": ReportStatus.choices, "late": late,
    })


@permission_needed("outcomes.verify_firmreport")
def staff_firm_report(request, pk: int):
    report = get_object_or_404(FirmReport.objects.select_related("firm", "match__participant__user"), pk=pk)
    previous = FirmReport.objects.filter(firm=report.firm, month=reports.month_before(report.month)).first()
    return render(request, "outcomes/reports/staff_detail.html", {
        "report": report, "previous": previous, "form": DecisionForm(),
        "listings": report.listings.all(), "shops": report.shops.all(), "evidence": report.evidence.all(),
        "reviews": report.reviews.select_related("reviewer"),
    })


@require_POST
@permission_needed("outcomes.verify_firmreport")
def staff_firm_report_decide(request, pk: int):
    report = get_object_or_404(FirmReport, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to verify or to query the report."))
        return redirect("staff_firm_report", pk=pk)
    try:
        reports.report_decide(report=report, actor=request.user, action=form.cleaned_data["action"],
                              comment=form.cleaned_data["comment"])
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("staff_firm_report", pk=pk)
    if report.status == ReportStatus.SUBMITTED:
        report.refresh_from_db()
    messages.success(request, _("Report verified and locked.") if report.status == ReportStatus.VERIFIED
                     else _("Report sent back to the firm with your comment."))
    return redirect("staff_firm_reports")
