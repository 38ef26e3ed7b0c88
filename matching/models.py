from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applicants.enums import Region

from .enums import (
    CAPACITY_MAX,
    CAPACITY_MIN,
    FIRM_LANGUAGES,
    HOURS_MAX,
    HOURS_MIN,
    Channel,
    FirmSize,
    FirmStatus,
    Market,
    Sector,
    Skill,
    WorkMode,
)

TAX_NUMBER_MESSAGE = _("Enter the tax number (INN) as 9 digits, or leave it empty.")
tax_number_validator = RegexValidator(r"^[0-9]{9}$", TAX_NUMBER_MESSAGE, code="tax_number")


def _in(field: str, choices) -> Q:
    return Q(**{f"{field}__in": list(choices.values)})


class Firm(models.Model):
    """A Tajik firm that applied to host e-commerce managers, with its needs and its baseline.

    The baseline (online revenue and shops before the programme) is what the outcomes stage
    measures against; once the firm is approved only coordinators change it (`firm_baseline_set`).
    """

    name = models.CharField(_("firm name"), max_length=200)
    tax_number = models.CharField(
        _("tax number (INN)"),
        max_length=9,
        blank=True,
        validators=[tax_number_validator],
        help_text=_("Optional. 9 digits."),
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    city = models.CharField(_("city or district"), max_length=100)
    size = models.CharField(_("size"), max_length=10, choices=FirmSize.choices)
    sells = models.TextField(_("what the firm sells"), max_length=1000)
    channels = models.JSONField(_("where it sells online now"), default=list, blank=True)
    market = models.CharField(_("market"), max_length=10, choices=Market.choices)
    skills_needed = models.JSONField(_("skills needed"), default=list)
    languages = models.JSONField(_("languages"), default=list)
    work_mode = models.CharField(_("way of working"), max_length=10, choices=WorkMode.choices)
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours a week"), validators=[MinValueValidator(HOURS_MIN), MaxValueValidator(HOURS_MAX)]
    )
    capacity = models.PositiveSmallIntegerField(
        _("managers it can host"),
        default=1,
        validators=[MinValueValidator(CAPACITY_MIN), MaxValueValidator(CAPACITY_MAX)],
    )
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_phone = models.CharField(_("contact phone"), max_length=16)
    contact_email = models.EmailField(_("contact email"), max_length=254)
    baseline_revenue = models.DecimalField(
        _("monthly online revenue before the programme (TJS)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    baseline_shops = models.PositiveSmallIntegerField(_("online shops before the programme"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=FirmStatus.choices, default=FirmStatus.APPLIED
    )
    decline_reason = models.TextField(_("reason for declining"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="FirmMember",
        related_name="represented_firms",
        verbose_name=_("representatives"),
    )
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("firm")
        verbose_name_plural = _("firms")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["status", "region"])]
        constraints = [
            models.CheckConstraint(condition=_in("sector", Sector), name="firm_sector_valid"),
            models.CheckConstraint(condition=_in("region", Region), name="firm_region_valid"),
            models.CheckConstraint(condition=_in("size", FirmSize), name="firm_size_valid"),
            models.CheckConstraint(condition=_in("market", Market), name="firm_market_valid"),
            models.CheckConstraint(condition=_in("work_mode", WorkMode), name="firm_work_mode_valid"),
            models.CheckConstraint(condition=_in("status", FirmStatus), name="firm_status_valid"),
            models.CheckConstraint(
                condition=Q(capacity__gte=CAPACITY_MIN, capacity__lte=CAPACITY_MAX),
                name="firm_capacity_range",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=HOURS_MIN, hours_per_week__lte=HOURS_MAX),
                name="firm_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(baseline_revenue__gte=0), name="firm_baseline_revenue_positive"
            ),
            models.CheckConstraint(condition=Q(baseline_shops__gte=0), name="firm_baseline_shops_positive"),
            models.CheckConstraint(
                condition=Q(tax_number="") | Q(tax_number__regex=r"^[0-9]{9}$"), name="firm_tax_number_format"
            ),
            models.CheckConstraint(
                condition=~Q(status=FirmStatus.DECLINED) | ~Q(decline_reason=""),
                name="firm_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status=FirmStatus.APPLIED) | Q(decided_at__isnull=False),
                name="firm_decided_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def channel_labels(self) -> list[str]:
        return [Channel(value).label for value in self.channels if value in Channel.values]

    @property
    def skill_labels(self) -> list[str]:
        return [Skill(value).label for value in self.skills_needed if value in Skill.values]

    @property
    def language_labels(self) -> list[str]:
        names = dict(FIRM_LANGUAGES)
        return [names[code] for code in self.languages if code in names]

    @property
    def is_applied(self) -> bool:
        return self.status == FirmStatus.APPLIED

    @property
    def is_approved(self) -> bool:
        return self.status == FirmStatus.APPROVED


class FirmMember(models.Model):
    """A firm representative's place at her firm: one firm per representative."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="firm_membership"
    )
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("firm representative")
        verbose_name_plural = _("firm representatives")
        ordering = ["firm", "pk"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.firm}"
