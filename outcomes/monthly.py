"""The programme's monthly report: a donor-safe workbook built from the latest aggregate snapshot only,
kept per month and emailed to the coordinators."""

import io
import logging
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from applicants.enums import Region, Settlement
from parwona.users.enums import Role
from parwona.users.models import User

from .aggregates import aggregates_refresh
from .enums import AgeBand, PriorEmployment, ReportStatus
from .indicators import BY_CODE, INDICATORS, MONTH, PROGRAMME
from .models import AggregateSnapshot, FirmReport, MonthlyReport

logger = logging.getLogger(__name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BREAKDOWN_SHEETS = ("region", "settlement", "age_band", "prior_employment")


def month_first(day: date) -> date:
    """Return the first day of `day`'s month."""
    return day.replace(day=1)


def month_previous(day: date) -> date:
    """Return the first day of the month before `day`'s."""
    first = month_first(day)
    return date(first.year - 1, 12, 1) if first.month == 1 else date(first.year, first.month - 1, 1)


def _cohort_names(data: dict) -> dict:
    return {PROGRAMME: _("Programme"), **{c["id"]: c["name"] for c in data.get("cohorts", [])}}


def _shown(value):
    return "–" if value is None else value


def monthly_figures(*, snapshot: AggregateSnapshot, month: date) -> dict:
    """Return the report's tables from the snapshot (and the month's report counts), ready to show:
    {"summary", "breakdowns", "series", "statuses"}; suppressed cells show as "–"."""
    data = snapshot.data
    names = _cohort_names(data)
    order = [c["id"] for c in data.get("cohorts", [])] + [PROGRAMME]
    cells = data.get("cells", [])
    labels = {i.code: str(i.label) for i in INDICATORS}
    units = {i.code: str(i.unit) for i in INDICATORS}
    position = {i.code: n for n, i in enumerate(INDICATORS)}
    groups = {value: str(label) for choices in (Region, Settlement, AgeBand, PriorEmployment)
              for value, label in choices.choices}

    def _sort(cell):
        return (order.index(cell["cohort"]) if cell["cohort"] in order else len(order),
                position.get(cell["indicator"], 99), str(cell["group"]))

    def _row(cell, *, group: bool) -> list:
        row = [names.get(cell["cohort"], str(cell["cohort"])),
               labels.get(cell["indicator"], cell["indicator"])]
        if group:
            row.append(groups.get(cell["group"], cell["group"]))
        row += [units.get(cell["indicator"], ""), _shown(cell["value"]), _shown(cell.get("baseline"))]
        if not group:
            row.append(_shown(cell.get("target")))
        row.append(_shown(cell["n"]))
        return row

    known = [c for c in cells if c["indicator"] in BY_CODE]
    summary = [_row(c, group=False) for c in sorted(known, key=_sort) if c["breakdown"] == ""]
    breakdowns = {
        name: [_row(c, group=True) for c in sorted(known, key=_sort) if c["breakdown"] == name]
        for name in BREAKDOWN_SHEETS
    }
    series = [_row(c, group=True) for c in sorted(known, key=_sort) if c["breakdown"] == MONTH]
    counts = dict(FirmReport.objects.filter(month=month).values_list("status").annotate(n=Count("pk")))
    statuses = [[str(label), counts.get(value, 0)] for value, label in ReportStatus.choices]
    return {"summary": summary, "breakdowns": breakdowns, "series": series, "statuses": statuses}


def monthly_headers() -> dict:
    """Return the column headers of the report's tables, in the active language."""
    common = [_("Cohort"), _("Indicator")]
    return {
        "summary": [*common, _("Unit"), _("Actual"), _("Baseline"), _("Target"), _("People")],
        "group": [*common, _("Group"), _("Unit"), _("Actual"), _("Baseline"), _("People")],
        "statuses": [_("Status"), _("Firm reports")],
    }


def _sheet(workbook: Workbook, title: str, header: list, rows: list, *, first: bool = False) -> None:
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title[:31]
    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)


def monthly_workbook(*, snapshot: AggregateSnapshot, month: date) -> bytes:
    """Return the month's workbook: the summary, one sheet a breakdown, the series and the report counts."""
    figures = monthly_figures(snapshot=snapshot, month=month)
    headers = monthly_headers()
    workbook = Workbook()
    as_of = timezone.localtime(snapshot.computed_at).strftime("%Y-%m-%d %H:%M")
    _sheet(workbook, "summary", headers["summary"], figures["summary"], first=True)
    for name in BREAKDOWN_SHEETS:
        _sheet(workbook, name, headers["group"], figures["breakdowns"][name])
    _sheet(workbook, "month", headers["group"], figures["series"])
    _sheet(workbook, "firm_reports", headers["statuses"], figures["statuses"])
    about = workbook.create_sheet("about")
    about.append([_("Month"), f"{month:%Y-%m}"])
    about.append([_("As of"), as_of])
    about.append([_("Groups of fewer than five people are hidden (–).")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@transaction.atomic
def monthly_report_build(*, month: date, now=None) -> MonthlyReport:
    """Refresh the aggregates and build the month's workbook from the new snapshot; building a month
    again replaces its file."""
    month = month_first(month)
    now = now or timezone.now()
    snapshot = aggregates_refresh(now=now)
    report, _created = MonthlyReport.objects.select_for_update().get_or_create(month=month)
    old = report.workbook.name if report.workbook else ""
    with translation.override(settings.LANGUAGE_CODE):
        content = monthly_workbook(snapshot=snapshot, month=month)
    report.workbook.save(f"{month:%Y-%m}.xlsx", ContentFile(content), save=False)
    report.snapshot, report.built_at = snapshot, now
    report.save(update_fields=["workbook", "snapshot", "built_at"])
    if old:
        storage = report.workbook.storage
        transaction.on_commit(lambda: storage.delete(old))
    logger.info("Monthly report %s built from snapshot %s", f"{month:%Y-%m}", snapshot.pk)
    return report


def monthly_report_send(*, report: MonthlyReport) -> int:
    """Email the workbook to every active coordinator in her language, with a link to the printable page;
    return how many emails went."""
    coordinators = User.objects.filter(groups__name=Role.COORDINATOR, is_active=True).exclude(email="")
    base = settings.PORTAL_BASE_URL.rstrip("/")
    link = base + reverse("monthly_report_detail", kwargs={"month": f"{report.month:%Y-%m}"})
    with report.workbook.open("rb") as stream:
        content = stream.read()
    messages = []
    for user in coordinators.order_by("pk").distinct():
        with translation.override(user.language or settings.LANGUAGE_CODE):
            context = {"month": report.month, "link": link, "report": report}
            subject = render_to_string("outcomes/email/monthly_report_subject.txt", context).strip()
            body = render_to_string("outcomes/email/monthly_report_message.txt", context)
        message = EmailMessage(subject=subject, body=body, to=[user.email])
        message.attach(f"parwona-{report.month:%Y-%m}.xlsx", content, XLSX)
        messages.append(message)
    sent = 0
    if messages:
        connection = messages[0].get_connection()
        sent = connection.send_messages(messages) or 0
    report.emailed_at, report.emailed_to = timezone.now(), len(messages)
    report.save(update_fields=["emailed_at", "emailed_to"])
    logger.info("Monthly report %s emailed to %s coordinators", f"{report.month:%Y-%m}", sent)
    return len(messages)
