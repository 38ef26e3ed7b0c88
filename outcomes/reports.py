"""Firm monthly reports: the firm drafts and submits, a coordinator verifies (locking it) or queries it
back with a comment; late reports are flagged and reminded by email."""

import logging
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from applicants.uploads import cv_validate
from matching.models import Firm, FirmMember, Match
from parwona.core.services import audit_record

from .enums import ContractType, ReportStatus, ReviewAction
from .models import FirmReport, ListingCount, ReportEvidence, ReportReview, ShopOpening

logger = logging.getLogger(__name__)
# A month's report is late once this day of the next month has passed without a submission.
DUE_DAY = 5
REMIND_EVERY = timedelta(days=3)
REPORT_FIELDS = ["online_revenue", "online_orders", "first_online_sale", "new_jobs", "manager_contract",
                 "manager_start_date", "notes"]
_CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_before(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


def report_months(*, firm: Firm, today: date) -> list[date]:
    """Return the months the firm reports on, newest first: from its first match to this month."""
    first = Match.objects.filter(firm=firm).order_by("started_at").values_list("started_at", flat=True)[:1]
    first = next(iter(first), None)
    if first is None:
        return []
    months, month = [], month_start(today)
    while month >= month_start(timezone.localtime(first).date()):
        months.append(month)
        month = month_before(month)
    return months


@transaction.atomic
def report_for_month(*, firm: Firm, month: date) -> FirmReport:
    """Return the firm's report for `month`, creating its draft (with the manager working that month)."""
    report = FirmReport.objects.filter(firm=firm, month=month).first()
    if report is None:
        match = Match.objects.filter(firm=firm, ended_at__isnull=True).order_by("-started_at").first()
        report, _created = FirmReport.objects.get_or_create(firm=firm, month=month, defaults={"match": match})
    return report


def _refuse_locked(report: FirmReport) -> None:
    if not report.is_editable:
        raise ValidationError(_("This report has been submitted or verified and can no longer be changed."))


@transaction.atomic
def report_save(
    *, report: FirmReport, actor, values: dict, listings: list[dict], shops: list[dict]
) -> FirmReport:
    """Save the firm's figures, its listings per marketplace and the shops it opened, all or nothing."""
    report = FirmReport.objects.select_for_update().get(pk=report.pk)
    _refuse_locked(report)
    errors = {}
    if values.get("manager_contract", ContractType.NONE) != ContractType.NONE and not values.get(
            "manager_start_date"):
        errors["manager_start_date"] = _("Give the date her contract or paid work started.")
    if values.get("first_online_sale") and FirmReport.objects.filter(
            firm=report.firm, first_online_sale=True, month__lt=report.month).exists():
        errors["first_online_sale"] = _("An earlier report already has the firm's first online sale.")
    marketplaces = [row["marketplace"] for row in listings]
    if len(marketplaces) != len(set(marketplaces)):
        errors["__all__"] = _("Give each marketplace's listings once.")
    next_month = (report.month + timedelta(days=32)).replace(day=1)
    if any(not (report.month <= row["opened_on"] < next_month) for row in shops):
        errors.setdefault("__all__", _("A shop opened this month must have a date in this month."))
    if errors:
        raise ValidationError(errors)
    for field in REPORT_FIELDS:
        if field in values:
            setattr(report, field, values[field])
    report.save()
    report.listings.all().delete()
    ListingCount.objects.bulk_create(ListingCount(report=report, **row) for row in listings)
    report.shops.all().delete()
    ShopOpening.objects.bulk_create(ShopOpening(report=report, **row) for row in shops)
    return report


@transaction.atomic
def evidence_add(*, report: FirmReport, actor, upload, kind: str) -> ReportEvidence:
    """Attach a screenshot or receipt, checked from its content, under a random name."""
    _refuse_locked(report)
    extension = cv_validate(upload)
    upload.seek(0)
    evidence = ReportEvidence(report=report, kind=kind, content_type=_CONTENT_TYPES[extension],
                              size=upload.size, uploaded_by=actor)
    evidence.file.save(f"{secrets.token_hex(8)}.{extension}", ContentFile(upload.read()), save=False)
    evidence.save()
    return evidence


@transaction.atomic
def report_submit(*, report: FirmReport, actor) -> FirmReport:
    report = FirmReport.objects.select_for_update().get(pk=report.pk)
    _refuse_locked(report)
    report.status, report.submitted_at, report.submitted_by = ReportStatus.SUBMITTED, timezone.now(), actor
    report.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    return report


@transaction.atomic
def report_decide(*, report: FirmReport, actor, action: str, comment: str = "") -> FirmReport:
    """Verify a submitted report (it is then locked) or query it back to the firm with a comment."""
    report = FirmReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be verified or queried."))
    comment = comment.strip()
    if action == ReviewAction.QUERY and not comment:
        raise ValidationError({"comment": _("Say what the firm should check or correct.")})
    ReportReview.objects.create(report=report, action=action, comment=comment, reviewer=actor)
    if action == ReviewAction.VERIFY:
        report.status, report.verified_at, report.verified_by = ReportStatus.VERIFIED, timezone.now(), actor
    else:
        report.status = ReportStatus.QUERIED
    report.save(update_fields=["status", "verified_at", "verified_by", "updated_at"])
    audit_record(actor=actor, action=f"outcomes.report_{action}", target=report,
                 details={"month": f"{report.month:%Y-%m}"})
    return report


def firms_late(*, today: date) -> list[Firm]:
    """Return the firms with an active manager whose last month's report is not in after the due day."""
    if today.day <= DUE_DAY:
        return []
    month = month_before(month_start(today))
    done = FirmReport.objects.filter(
        month=month, status__in=[ReportStatus.SUBMITTED, ReportStatus.VERIFIED]
    ).values("firm")
    working = Firm.objects.filter(
        matches__ended_at__isnull=True, matches__started_at__date__lt=month_start(today)
    )
    return list(working.exclude(pk__in=done).distinct().order_by("pk"))


def reports_remind(*, today: date) -> int:
    """Email the representatives of late firms, at most once every three days a report; return how many."""
    month = month_before(month_start(today))
    now = timezone.now()
    messages = []
    for firm in firms_late(today=today):
        report = report_for_month(firm=firm, month=month)
        if report.reminded_at and now - report.reminded_at < REMIND_EVERY:
            continue
        path = reverse("firm_report_edit", kwargs={"month": f"{month:%Y-%m}"})
        link = settings.PORTAL_BASE_URL.rstrip("/") + path
        for member in FirmMember.objects.filter(firm=firm).select_related("user"):
            with translation.override(member.user.language or settings.LANGUAGE_CODE):
                context = {"firm": firm, "month": month, "link": link}
                subject = render_to_string("outcomes/email/report_reminder_subject.txt", context).strip()
                body = render_to_string("outcomes/email/report_reminder_message.txt", context)
            messages.append(EmailMessage(subject=subject, body=body, to=[member.user.email]))
        FirmReport.objects.filter(pk=report.pk).update(reminded_at=now)
    if messages:
        get_connection().send_messages(messages)
    logger.info("Firm report reminders sent: %s", len(messages))
    return len(messages)
