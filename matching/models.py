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
    MatchAlgorithm,
    MatchEndReason,
    PairRuleKind,
    PreferenceSide,
    Proposing,
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


class MatchingRound(models.Model):
    """The matching of one cohort: compatibility weights, the minimum score, the preference window,
    and when the result was published. `weights` maps a factor of `matching.compatibility` to its
    weight; empty means the defaults."""

    cohort = models.OneToOneField("applicants.Cohort", on_delete=models.CASCADE, related_name="matching")
    weights = models.JSONField(_("compatibility weights"), default=dict, blank=True)
    min_score = models.DecimalField(
        _("minimum acceptable compatibility"), max_digits=5, decimal_places=2, default=30,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    proposing = models.CharField(
        _("who proposes in stable matching"), max_length=12, choices=Proposing.choices,
        default=Proposing.PARTICIPANTS,
    )
    preferences_open = models.BooleanField(_("preferences are open"), default=False)
    preferences_deadline = models.DateTimeField(_("preferences close"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("matching round")
        verbose_name_plural = _("matching rounds")
        permissions = [("run_matching", _("Can run, adjust and publish matching"))]

    def __str__(self) -> str:
        return str(self.cohort)


class ParticipantProfile(models.Model):
    """What a participant adds for matching to her application: sectors she is drawn to, skills she
    brings, and whether she can work remotely."""

    participant = models.OneToOneField(
        "applicants.Participant", on_delete=models.CASCADE, related_name="matching_profile"
    )
    sectors = models.JSONField(_("sectors of interest"), default=list, blank=True)
    skills = models.JSONField(_("skills she brings"), default=list, blank=True)
    remote_ok = models.BooleanField(_("I can work remotely"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("matching profile")
        verbose_name_plural = _("matching profiles")

    def __str__(self) -> str:
        return str(self.participant_id)


class Preference(models.Model):
    """One side's rank of the other in a round: a participant ranking a firm, or a firm ranking a
    participant. Rank 1 is the first choice."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="preferences")
    side = models.CharField(_("side"), max_length=12, choices=PreferenceSide.choices)
    participant = models.ForeignKey("applicants.Participant", on_delete=models.CASCADE, related_name="+")
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")
        ordering = ["side", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "side", "participant", "firm"], name="one_rank_per_pair"
            ),
            models.CheckConstraint(condition=Q(rank__gte=1), name="preference_rank_positive"),
        ]
        indexes = [models.Index(fields=["round", "side"])]

    def __str__(self) -> str:
        return f"{self.side} {self.participant_id}-{self.firm_id}: {self.rank}"


class PairRule(models.Model):
    """A coordinator's decision that a participant and a firm are always or never paired, with a reason."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="rules")
    participant = models.ForeignKey("applicants.Participant", on_delete=models.CASCADE, related_name="+")
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("rule"), max_length=8, choices=PairRuleKind.choices)
    reason = models.TextField(_("reason"), max_length=1000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pair rule")
        verbose_name_plural = _("pair rules")
        constraints = [
            models.UniqueConstraint(fields=["round", "participant", "firm"], name="one_rule_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.participant_id}-{self.firm_id}"


class MatchRun(models.Model):
    """One run of an algorithm over a round, with its proposed pairs.

    `summary` (total compatibility, blocking pairs, average rank each side got, unmatched) and the
    pairs are written only by `matching.runs.match_run` (a swap, `matching.runs.pairs_swap`, rescores
    the two pairs it changes with the same `matching.runs.pair_breakdowns`).
    """

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="runs")
    algorithm = models.CharField(_("algorithm"), max_length=10, choices=MatchAlgorithm.choices)
    proposing = models.CharField(
        _("who proposes"), max_length=12, choices=Proposing.choices, default=Proposing.PARTICIPANTS
    )
    weights = models.JSONField(_("compatibility weights"), default=dict, blank=True)
    min_score = models.DecimalField(_("minimum acceptable compatibility"), max_digits=5, decimal_places=2)
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_algorithm_display()} #{self.pk}"


class ProposedPair(models.Model):
    """A pair a run proposes, with its compatibility and the breakdown that explains it.
    A coordinator's swap changes `firm` (audited) and sets `adjusted`."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="pairs")
    participant = models.ForeignKey("applicants.Participant", on_delete=models.CASCADE, related_name="+")
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(_("compatibility"), max_digits=5, decimal_places=2)
    breakdown = models.JSONField(_("why this pair"), default=list, blank=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    adjusted = models.BooleanField(_("changed by a coordinator"), default=False)

    class Meta:
        verbose_name = _("proposed pair")
        verbose_name_plural = _("proposed pairs")
        constraints = [
            models.UniqueConstraint(fields=["run", "participant"], name="one_pair_per_participant_per_run"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}-{self.firm_id}"


class Match(models.Model):
    """A published pairing: the participant works as the firm's e-commerce manager until the match
    ends with a reason. Ended matches stay as history."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="matches")
    participant = models.ForeignKey(
        "applicants.Participant", on_delete=models.PROTECT, related_name="matches"
    )
    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="matches")
    run = models.ForeignKey(MatchRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    score = models.DecimalField(_("compatibility"), max_digits=5, decimal_places=2, null=True, blank=True)
    breakdown = models.JSONField(_("why this pair"), default=list, blank=True)
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason it ended"), max_length=24, choices=MatchEndReason.choices, blank=True
    )
    end_note = models.TextField(_("note"), max_length=1000, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"], condition=Q(ended_at__isnull=True),
                name="one_active_match_per_participant",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | ~Q(end_reason=""), name="ended_match_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["firm", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.participant_id}-{self.firm_id}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None
