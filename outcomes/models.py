import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applicants.enums import Marketplace

from .enums import (
    ContractType,
    EmploymentStatus,
    EvidenceKind,
    FollowUpStatus,
    IncomeBand,
    RecordSource,
    ReportStatus,
    ReviewAction,
)


def _private_storage():
    from django.core.files.storage import storages

    return storages["private"]


def _evidence_path(instance, filename: str) -> str:
    # The stored name never comes from the uploaded name.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{instance.report_id}/{secrets.token_hex(16)}.{extension}"


def _report_path(instance, filename: str) -> str:
    return f"monthly-reports/{instance.month:%Y-%m}-{secrets.token_hex(8)}.xlsx"


def _token() -> str:
    return secrets.token_urlsafe(32)


class FirmReport(models.Model):
    """A firm's report for one calendar month (`month` is its first day) of online sales, listings,
    hiring and its manager's contract. Once a coordinator verifies it, it is locked."""

    firm = models.ForeignKey("matching.Firm", on_delete=models.PROTECT, related_name="reports")
    # The match the report covers: the manager working with the firm that month.
    match = models.ForeignKey(
        "matching.Match", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    month = models.DateField(_("month"))
    online_revenue = models.DecimalField(
        _("online revenue (TJS)"), max_digits=12, decimal_places=2, default=0,
        validators=[MinValueValidator(0)],
    )
    online_orders = models.PositiveIntegerField(_("online orders"), default=0)
    first_online_sale = models.BooleanField(_("the firm's first online sale was this month"), default=False)
    new_jobs = models.PositiveSmallIntegerField(_("people hired this month (new jobs)"), default=0)
    manager_contract = models.CharField(
        _("how the firm employs its e-commerce manager"), max_length=12,
        choices=ContractType.choices, default=ContractType.NONE,
    )
    manager_start_date = models.DateField(_("manager's contract starts"), null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("firm report")
        verbose_name_plural = _("firm reports")
        ordering = ["-month", "firm"]
        permissions = [("verify_firmreport", _("Can verify or query firm reports"))]
        constraints = [
            models.UniqueConstraint(fields=["firm", "month"], name="one_report_per_firm_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="report_month_is_first_day"),
        ]
        indexes = [models.Index(fields=["status", "month"])]

    def __str__(self) -> str:
        return f"{self.firm} {self.month:%Y-%m}"

    @property
    def is_locked(self) -> bool:
        return self.status == ReportStatus.VERIFIED

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.QUERIED)


class ListingCount(models.Model):
    """Active listings of a report's firm on one marketplace at the end of the month."""

    report = models.ForeignKey(FirmReport, on_delete=models.CASCADE, related_name="listings")
    marketplace = models.CharField(_("marketplace"), max_length=16, choices=Marketplace.choices)
    active_listings = models.PositiveIntegerField(_("active listings"))

    class Meta:
        verbose_name = _("listings on a marketplace")
        verbose_name_plural = _("listings on marketplaces")
        ordering = ["report", "marketplace"]
        constraints = [
            models.UniqueConstraint(fields=["report", "marketplace"], name="one_count_per_marketplace"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.marketplace}: {self.active_listings}"


class ShopOpening(models.Model):
    """A new online shop a firm opened on a marketplace, reported in the month it opened."""

    report = models.ForeignKey(FirmReport, on_delete=models.CASCADE, related_name="shops")
    marketplace = models.CharField(_("marketplace"), max_length=16, choices=Marketplace.choices)
    url = models.URLField(_("shop address"), max_length=500)
    opened_on = models.DateField(_("opened"))

    class Meta:
        verbose_name = _("shop opened")
        verbose_name_plural = _("shops opened")
        ordering = ["report", "opened_on", "pk"]

    def __str__(self) -> str:
        return self.url


class ReportEvidence(models.Model):
    """A screenshot or receipt backing a report; stored privately under a random name."""

    report = models.ForeignKey(FirmReport, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=12, choices=EvidenceKind.choices)
    file = models.FileField(_("file"), storage=_private_storage, upload_to=_evidence_path)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind}"


class ReportReview(models.Model):
    """A coordinator's verification or query of a report, with her comment; kept as history."""

    report = models.ForeignKey(FirmReport, on_delete=models.CASCADE, related_name="reviews")
    action = models.CharField(_("decision"), max_length=8, choices=ReviewAction.choices)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("report review")
        verbose_name_plural = _("report reviews")
        ordering = ["report", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action=ReviewAction.VERIFY) | ~Q(comment=""), name="query_has_comment",
                violation_error_message=_("Say what the firm should check or correct."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.action}"


class FollowUp(models.Model):
    """A follow-up of a participant 3, 6 or 12 months after her cohort's training ends: sent by email
    with a one-time link, or entered by staff after a phone call when she does not answer."""

    participant = models.ForeignKey(
        "applicants.Participant", on_delete=models.CASCADE, related_name="follow_ups"
    )
    months_after = models.PositiveSmallIntegerField(_("months after the training"))
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.SCHEDULED,
        db_index=True,
    )
    token = models.CharField(max_length=64, unique=True, default=_token)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # The link works once: using it sets this, and the page then refuses the token.
    token_used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "participant"]
        permissions = [("record_followup", _("Can enter follow-ups by phone"))]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "months_after"], name="one_follow_up_per_milestone"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.participant_id} +{self.months_after}m"


class EmploymentRecord(models.Model):
    """A participant's employment and income band as of a date, from a follow-up or a phone call."""

    participant = models.ForeignKey(
        "applicants.Participant", on_delete=models.CASCADE, related_name="employment_records"
    )
    follow_up = models.OneToOneField(
        FollowUp, null=True, blank=True, on_delete=models.SET_NULL, related_name="record"
    )
    as_of = models.DateField(_("as of"))
    status = models.CharField(_("work"), max_length=16, choices=EmploymentStatus.choices)
    income_band = models.CharField(_("monthly income"), max_length=12, choices=IncomeBand.choices)
    source = models.CharField(_("source"), max_length=8, choices=RecordSource.choices)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("employment record")
        verbose_name_plural = _("employment records")
        ordering = ["participant", "-as_of", "-pk"]
        indexes = [models.Index(fields=["participant", "as_of"])]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.as_of}: {self.status}"


class IndicatorTarget(models.Model):
    """A cohort's target for one indicator; the indicators themselves are defined in code."""

    cohort = models.ForeignKey("applicants.Cohort", on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("indicator"), max_length=32)
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["cohort", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "indicator"], name="one_target_per_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.cohort_id} {self.indicator}: {self.target}"


class AggregateSnapshot(models.Model):
    """The donor-safe aggregates, as computed by `outcomes.aggregates.aggregates_refresh` only:
    indicators with targets and breakdowns, small groups already suppressed. The latest one is
    what dashboards, downloads and reports read."""

    computed_at = models.DateTimeField(_("as of"), db_index=True)
    data = models.JSONField(default=dict)
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = _("aggregate snapshot")
        verbose_name_plural = _("aggregate snapshots")
        ordering = ["-computed_at", "-pk"]
        get_latest_by = "computed_at"

    def __str__(self) -> str:
        return f"{self.computed_at:%Y-%m-%d %H:%M}"


class MonthlyReport(models.Model):
    """The programme's monthly workbook for coordinators and donors, built by beat; kept as history."""

    month = models.DateField(_("month"), unique=True)
    snapshot = models.ForeignKey(AggregateSnapshot, null=True, on_delete=models.SET_NULL, related_name="+")
    workbook = models.FileField(_("workbook"), storage=_private_storage, upload_to=_report_path, blank=True)
    built_at = models.DateTimeField(_("built"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    emailed_to = models.PositiveSmallIntegerField(_("emailed to"), default=0)

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"
