import uuid
from datetime import date, datetime

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parwona.core.dates import months_after
from parwona.core.i18n import localized

from .enums import (
    SPOKEN_LANGUAGES,
    AIUse,
    ApplicationStatus,
    CallStatus,
    CohortStatus,
    ComputerLevel,
    CriterionSource,
    Device,
    Education,
    Eligibility,
    Employment,
    InternetQuality,
    LanguageLevel,
    Marketplace,
    OfferStatus,
    OverrideAction,
    QuestionKind,
    Region,
    ReviewAggregation,
    ReviewStatus,
    ScoreStatus,
    Settlement,
    SocialMediaUse,
)

MOTIVATION_MAX = 1000
MOTIVATION_MIN = 50


def _private_storage():
    return storages["private"]


def _cv_path(instance, filename: str) -> str:
    # The stored name never comes from the uploaded name.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"cv/{instance.call_id}/{uuid.uuid4().hex}.{extension}"


class Call(models.Model):
    """An open call for applications, with its window, cohort size and eligibility rules."""

    title_tg = models.CharField(_("title (Tajik)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_tg = models.TextField(_("description (Tajik)"))
    description_ru = models.TextField(_("description (Russian)"))
    description_en = models.TextField(_("description (English)"))
    faq_tg = models.TextField(_("questions and answers (Tajik)"), blank=True)
    faq_ru = models.TextField(_("questions and answers (Russian)"), blank=True)
    faq_en = models.TextField(_("questions and answers (English)"), blank=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    cohort_size = models.PositiveIntegerField(_("cohort size"), default=50)
    regions = models.JSONField(
        _("regions"), default=list, blank=True, help_text=_("Leave empty to target the whole country.")
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=18)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), default=45)
    requires_residence = models.BooleanField(_("applicants must live in Tajikistan"), default=True)
    requires_woman = models.BooleanField(_("applicants must be women"), default=True)
    min_hours_per_week = models.PositiveSmallIntegerField(_("minimum hours a week"), default=15)
    retention_months = models.PositiveSmallIntegerField(
        _("months applications are kept after the call"), default=24
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    # How the call's applications are reviewed, ranked and offered seats.
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("reviewers per application"), default=2, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    review_aggregation = models.CharField(
        _("combining reviewers' scores"), max_length=8, choices=ReviewAggregation.choices,
        default=ReviewAggregation.MEAN,
    )
    review_normalise = models.BooleanField(
        _("normalise each reviewer's scores (z-scores)"), default=False,
        help_text=_("Removes the difference between strict and lenient reviewers before combining."),
    )
    auto_weight = models.DecimalField(
        _("weight of the automatic score"), max_digits=5, decimal_places=2, default=60,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    review_weight = models.DecimalField(
        _("weight of the reviewers' score"), max_digits=5, decimal_places=2, default=40,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    shortlist_size = models.PositiveIntegerField(
        _("shortlist size"), null=True, blank=True, help_text=_("Leave empty for twice the cohort size.")
    )
    offer_days = models.PositiveSmallIntegerField(
        _("days to answer an offer"), default=7, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="call_window_order",
                violation_error_message=_("The call must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(max_age__gte=models.F("min_age")), name="call_age_order",
                violation_error_message=_("The maximum age must not be below the minimum age."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def faq(self) -> str:
        return localized(self, "faq")

    @property
    def is_accepting(self) -> bool:
        """Whether applications can be submitted now."""
        return self.status == CallStatus.OPEN and self.opens_at <= timezone.now() < self.closes_at

    @property
    def retention_until(self) -> datetime:
        """When its unsuccessful applications lose their personal data (see `applicants.retention`)."""
        return months_after(self.closes_at, self.retention_months)

    def region_labels(self) -> list[str]:
        return [Region(r).label for r in self.regions if r in Region.values]

    @property
    def shortlist_length(self) -> int:
        return self.shortlist_size if self.shortlist_size is not None else 2 * self.cohort_size


class CallQuestion(models.Model):
    """An extra question a coordinator adds to a call, answered in the motivation step."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(
        _("kind"), max_length=16, choices=QuestionKind.choices, default=QuestionKind.SHORT
    )
    label_tg = models.CharField(_("question (Tajik)"), max_length=300)
    label_ru = models.CharField(_("question (Russian)"), max_length=300)
    label_en = models.CharField(_("question (English)"), max_length=300)
    # For choice questions: one option a line, "Tajik | Russian | English".
    choices_text = models.TextField(
        _("options"), blank=True, help_text=_("One option a line, written as: Tajik | Russian | English")
    )
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("extra question")
        verbose_name_plural = _("extra questions")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localized(self, "label")

    def options(self) -> list[tuple[str, str]]:
        """Return (value, label in the active language) for each option of a choice question."""
        from django.utils import translation

        index = {"tg": 0, "ru": 1, "en": 2}.get(translation.get_language() or "tg", 0)
        options = []
        for number, line in enumerate(line for line in self.choices_text.splitlines() if line.strip()):
            parts = [p.strip() for p in line.split("|")]
            label = parts[index] if index < len(parts) and parts[index] else parts[0]
            options.append((str(number + 1), label))
        return options


class Application(models.Model):
    """A woman's application to a call. A draft until she submits it; then screened.

    `eligibility` and `eligibility_reasons` are computed only by `applicants.eligibility.eligibility_screen`
    (or set by a coordinator's audited override).
    """

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="applications"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    steps_done = models.JSONField(default=list, blank=True)
    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True, blank=True)

    # Personal
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="tg"
    )
    is_woman = models.BooleanField(_("I am a woman"), null=True)
    lives_in_tajikistan = models.BooleanField(_("I live in Tajikistan"), null=True)
    # Location
    region = models.CharField(_("region"), max_length=16, choices=Region.choices, blank=True)
    city = models.CharField(_("city or district"), max_length=100, blank=True)
    settlement = models.CharField(_("city or village"), max_length=8, choices=Settlement.choices, blank=True)
    # Education and languages
    education = models.CharField(_("education"), max_length=20, choices=Education.choices, blank=True)
    languages = models.JSONField(_("languages"), default=dict, blank=True)
    # Digital skills
    computer_level = models.CharField(
        _("computer skills"), max_length=16, choices=ComputerLevel.choices, blank=True
    )
    has_smartphone = models.BooleanField(_("I have a smartphone"), null=True)
    social_media = models.CharField(
        _("social media"), max_length=16, choices=SocialMediaUse.choices, blank=True
    )
    marketplaces = models.JSONField(_("marketplaces used"), default=list, blank=True)
    ai_use = models.CharField(_("use of AI tools"), max_length=16, choices=AIUse.choices, blank=True)
    # Employment and availability
    employment = models.CharField(_("employment"), max_length=16, choices=Employment.choices, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("hours a week available"), null=True, blank=True)
    device = models.CharField(_("device"), max_length=16, choices=Device.choices, blank=True)
    internet = models.CharField(_("internet"), max_length=8, choices=InternetQuality.choices, blank=True)
    can_travel = models.BooleanField(_("I can travel for trainings"), null=True)
    # Motivation and the call's own questions
    motivation = models.TextField(_("why do you want to join?"), max_length=MOTIVATION_MAX, blank=True)
    goal = models.TextField(_("what will you do with these skills?"), max_length=MOTIVATION_MAX, blank=True)
    extra_answers = models.JSONField(default=dict, blank=True)
    cv = models.FileField(_("CV"), storage=_private_storage, upload_to=_cv_path, blank=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)

    eligibility = models.CharField(
        _("eligibility"), max_length=16, choices=Eligibility.choices, default=Eligibility.PENDING
    )
    eligibility_reasons = models.JSONField(default=list, blank=True)
    eligibility_overridden = models.BooleanField(default=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "applicant"],
                name="one_application_per_call",
                condition=Q(applicant__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["call", "status"]),
            models.Index(fields=["call", "eligibility"]),
            models.Index(fields=["call", "region"]),
        ]
        permissions = [
            ("view_application_blind", _("Can see applications without names and contacts")),
            ("screen_application", _("Can decide eligibility of applications")),
            ("export_application", _("Can export applications")),
        ]

    def __str__(self) -> str:
        return self.reference or _("Draft application %(pk)s") % {"pk": self.pk}

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT

    def language_levels(self) -> list[tuple[str, str]]:
        """Return (language, level) labels of the languages she speaks."""
        return [
            (str(name), LanguageLevel(self.languages[code]).label)
            for code, name in SPOKEN_LANGUAGES
            if self.languages.get(code, LanguageLevel.NONE) != LanguageLevel.NONE
        ]

    def marketplace_labels(self) -> list[str]:
        return [Marketplace(m).label for m in self.marketplaces if m in Marketplace.values]

    def extra_answer_items(self) -> list[tuple[str, str]]:
        """Return (question, answer) for the call's extra questions, choice answers as their labels."""
        items = []
        for question in self.call.questions.all():
            value = self.extra_answers.get(str(question.pk), "")
            options = dict(question.options())
            if isinstance(value, list):
                value = ", ".join(options.get(v, v) for v in value)
            elif options:
                value = options.get(value, value)
            items.append((question.label, value))
        return items


class Rubric(models.Model):
    """A call's scoring rubric: weighted criteria, computed from answers or scored by reviewers.

    Changed only by `applicants.scoring.rubric_update`, which raises `version` by one and marks the
    call's scores stale.
    """

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="rubric")
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")

    def __str__(self) -> str:
        return _("Rubric of %(call)s, version %(version)s") % {"call": self.call, "version": self.version}


class RubricCriterion(models.Model):
    """One criterion of a rubric with its weight.

    An automatic criterion's `key` names the answer it reads (see `applicants.scoring.AUTO_ANSWERS`)
    and `points` maps an answer value to 0-10 points; a reviewed criterion is scored 1-5 by reviewers.
    """

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(_("key"), max_length=32)
    label_tg = models.CharField(_("label (Tajik)"), max_length=200)
    label_ru = models.CharField(_("label (Russian)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, default=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    source = models.CharField(
        _("source"), max_length=8, choices=CriterionSource.choices, default=CriterionSource.AUTO
    )
    points = models.JSONField(_("points"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "key"], name="one_criterion_per_key"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="criterion_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localized(self, "label")

    @property
    def is_auto(self) -> bool:
        return self.source == CriterionSource.AUTO


class ApplicationScore(models.Model):
    """The automatic part of an application's score under its call's rubric.

    `auto_points` (points 0-10 per automatic criterion), `auto_total` (0-100, weighted) and
    `scored_at` are computed only by `applicants.scoring.scores_compute`. A submitted eligible
    application gets a pending row at once; the status is the truth about work still to do.
    """

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, primary_key=True, related_name="score"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=ScoreStatus.choices, default=ScoreStatus.PENDING, db_index=True
    )
    rubric_version = models.PositiveIntegerField(_("rubric version"), null=True, blank=True)
    auto_points = models.JSONField(_("points per criterion"), default=dict, blank=True)
    auto_total = models.DecimalField(
        _("automatic score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    scored_at = models.DateTimeField(_("scored"), null=True, blank=True)
    # The reviewers' part and the ranking, computed only by `applicants.ranking.ranking_compute`.
    review_points = models.JSONField(
        _("reviewers' score per criterion"), default=dict, db_default={}, blank=True
    )
    review_total = models.DecimalField(
        _("reviewers' score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    review_count = models.PositiveSmallIntegerField(_("reviews"), default=0, db_default=0)
    disagreement = models.BooleanField(_("reviewers disagree"), default=False, db_default=False)
    combined_total = models.DecimalField(
        _("combined score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True, db_index=True)
    ranked_at = models.DateTimeField(_("ranked"), null=True, blank=True)

    class Meta:
        verbose_name = _("application score")
        verbose_name_plural = _("application scores")
        permissions = [("run_scoring", _("Can run the automatic scoring of a call"))]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.auto_total} ({self.status})"


class ReviewAssignment(models.Model):
    """One reviewer's review of one application: assigned, then scored, abstained or declined for a
    conflict of interest. Her scores per reviewed criterion are its `scores`."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.ASSIGNED
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_review_per_reviewer"),
        ]
        indexes = [models.Index(fields=["reviewer", "status"])]
        permissions = [
            ("assign_reviewers", _("Can assign reviewers to applications")),
            ("review_application", _("Can score the applications assigned to her")),
        ]

    def __str__(self) -> str:
        return _("Review of %(application)s") % {"application": self.application}


class ReviewScore(models.Model):
    """A reviewer's 1-5 score of one reviewed criterion."""

    assignment = models.ForeignKey(ReviewAssignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("review score")
        verbose_name_plural = _("review scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="review_score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class Cohort(models.Model):
    """The cohort selected from a call: its size and regional minimums, then its confirmed members."""

    call = models.OneToOneField(Call, on_delete=models.PROTECT, related_name="cohort")
    name = models.CharField(_("name"), max_length=120)
    size = models.PositiveIntegerField(_("cohort size"))
    minimums = models.JSONField(_("regional minimums"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CohortStatus.choices, default=CohortStatus.DRAFT
    )
    starts_on = models.DateField(_("training starts"), null=True, blank=True)
    ends_on = models.DateField(_("training ends"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-created_at"]
        permissions = [("select_cohort", _("Can select a cohort and send offers"))]

    def __str__(self) -> str:
        return self.name


class SelectionOverride(models.Model):
    """A coordinator's decision to always include or always exclude an application, with a reason."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="selection_override"
    )
    action = models.CharField(_("decision"), max_length=8, choices=OverrideAction.choices)
    reason = models.TextField(_("reason"), max_length=1000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("selection override")
        verbose_name_plural = _("selection overrides")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.action}"


class Offer(models.Model):
    """A seat offered to a selected or waitlisted applicant, with its deadline and her answer.

    `replaces` is the offer whose seat this one took after a decline or a passed deadline.
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="offers")
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="offer")
    status = models.CharField(
        _("status"), max_length=12, choices=OfferStatus.choices, default=OfferStatus.OFFERED
    )
    deadline = models.DateTimeField(_("answer by"))
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced_by"
    )
    decline_reason = models.TextField(_("reason"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("offered"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return _("Offer to %(application)s") % {"application": self.application}


class WaitlistEntry(models.Model):
    """An applicant's place on a cohort's waiting list; a lower position is offered a seat first."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="waitlist")
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="waitlist_entry"
    )
    position = models.PositiveIntegerField(_("position"))

    class Meta:
        verbose_name = _("waiting-list place")
        verbose_name_plural = _("waiting list")
        ordering = ["position"]
        indexes = [models.Index(fields=["cohort", "position"])]

    def __str__(self) -> str:
        return f"{self.cohort_id}#{self.position}"


class Participant(models.Model):
    """A woman who accepted her offer: a member of the cohort. Later stages refer to her."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="participations"
    )
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="participant"
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["cohort", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="one_place_per_cohort"),
        ]

    def __str__(self) -> str:
        return self.user.full_name or self.user.email
