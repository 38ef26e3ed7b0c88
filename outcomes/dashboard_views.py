"""The donors' dashboard, its breakdowns and downloads (all from the latest snapshot only), and the
coordinators' targets."""

import csv
import io

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applicants.models import Cohort
from parwona.core.forms import form_first_error
from parwona.core.rules import permission_needed
from parwona.core.services import audit_record

from . import dashboard as vm
from .aggregates import aggregates_latest
from .dashboard_forms import TargetsForm
from .enums import Breakdown
from .indicators import INDICATORS
from .models import IndicatorTarget
from .refresh import aggregates_refresh_soon

VIEW = "outcomes.view_aggregatesnapshot"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _context(request, latest: dict | None) -> dict:
    data = latest["data"] if latest else {"cohorts": [], "cells": []}
    cohort = vm.cohort_choice(data, request.GET.get("cohort"))
    return {
        "latest": latest, "data": data, "cohort": cohort, "cohort_id": cohort["id"] if cohort else None,
        "cohorts": data["cohorts"], "breakdowns": vm.breakdown_links(),
        "as_of": timezone.localtime(latest["computed_at"]) if latest else None,
        "can_refresh": request.user.has_perm("outcomes.change_indicatortarget"),
    }


@permission_needed(VIEW)
def dashboard(request):
    """The outcome dashboard of the programme or one cohort, from the latest snapshot."""
    context = _context(request, aggregates_latest())
    if context["latest"]:
        data, cohort = context["data"], context["cohort_id"]
        context |= {
            "kpis": vm.dashboard_kpis(data, cohort=cohort),
            "charts": vm.dashboard_charts(data, cohort=cohort),
            "comparison": vm.dashboard_comparison(data),
        }
    return render(request, "outcomes/dashboard/dashboard.html", context)


@permission_needed(VIEW)
def breakdown(request, breakdown: str):
    """One breakdown's table (region, rural/urban, age band, prior employment)."""
    if breakdown not in Breakdown.values:
        raise Http404
    context = _context(request, aggregates_latest())
    if context["latest"]:
        context["table"] = vm.dashboard_breakdown(context["data"], cohort=context["cohort_id"],
                                                  breakdown=breakdown)
    context["breakdown"] = breakdown
    context["breakdown_label"] = Breakdown(breakdown).label
    return render(request, "outcomes/dashboard/breakdown.html", context)


@permission_needed(VIEW)
def download(request, fmt: str):
    """The indicator table of the latest snapshot as CSV or XLSX, with its "as of" row; audited."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    latest = aggregates_latest()
    if latest is None:
        raise Http404
    as_of = date_format(timezone.localtime(latest["computed_at"]), "Y-m-d H:i")
    rows = [[_("As of"), as_of], *vm.indicator_table(latest["data"])]
    audit_record(actor=request.user, action="outcomes.export",
                 details={"format": fmt, "snapshot": latest["id"]})
    name = f"parwona-indicators-{timezone.localtime(latest['computed_at']):%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Indicators")[:31])
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@permission_needed("outcomes.change_indicatortarget")
def refresh(request):
    """Enqueue a refresh of the aggregates (coordinators)."""
    aggregates_refresh_soon()
    messages.success(request, _("The figures are being computed; reload the page in a minute."))
    return redirect("outcomes_dashboard")


@permission_needed("outcomes.change_indicatortarget")
def targets_edit(request, pk: int):
    """Edit a cohort's target for every indicator in one atomic save."""
    from .targets import targets_set

    cohort = get_object_or_404(Cohort, pk=pk)
    initial = dict(IndicatorTarget.objects.filter(cohort=cohort).values_list("indicator", "target"))
    form = TargetsForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            changed = targets_set(cohort=cohort, targets=form.targets(), actor=request.user)
            messages.success(request, _("Targets saved: %(count)s changed.") % {"count": changed})
            return redirect("outcomes_targets", pk=cohort.pk)
        messages.error(request, form_first_error(form))
    rows = [(indicator, form[indicator.code]) for indicator in INDICATORS]
    return render(request, "outcomes/dashboard/targets.html", {"cohort": cohort, "form": form, "rows": rows})
