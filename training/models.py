import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parwona.core.i18n import localized

from .enums import (
    ALL_SKILLS,
    GRADE_MAX,
    GRADE_MIN,
    RATING_MAX,
    RATING_MIN,
    AssessmentPoint,
    AttendanceStatus,
    ModuleKind,
    Rater,
    SubmissionStatus,
)


def _submission_path(instance, filename: str) -> str:
    # The stored name never comes from the uploaded name.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"submissions/{instance.assignment_id}/{secrets.token_hex(16)}.{extension}"


def _private_storage():
    from django.core.files.storage import storages

    return storages["private"]


def _token() -> str:
    return secrets.token_urlsafe(24)


class TrainingSettings(models.Model):
    """A cohort's rules for progress: the certificate's criteria and when a participant is at risk."""

    cohort = models.OneToOneField("applicants.Cohort", on_delete=models.CASCADE, related_name="training")
    certificate_attendance = models.PositiveSmallIntegerField(
        _("attendance needed for the certificate (%)"), default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    at_risk_attendance = models.PositiveSmallIntegerField(
        _("at risk under this attendance (%)"), default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    at_risk_overdue = models.PositiveSmallIntegerField(
        _("at risk from this many overdue assignments"), default=2, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("training settings")
        verbose_name_plural = _("training settings")

    def __str__(self) -> str:
        return str(self.cohort)


class Module(models.Model):
    """A module of a cohort's curriculum, teaching one technical or soft skill."""

    cohort = models.ForeignKey("applicants.Cohort", on_delete=models.CASCADE, related_name="modules")
    kind = models.CharField(_("kind"), max_length=10, choices=ModuleKind.choices)
    skill = models.CharField(_("skill"), max_length=24, choices=ALL_SKILLS)
    title_tg = models.CharField(_("title (Tajik)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_tg = models.TextField(_("summary (Tajik)"), blank=True)
    summary_ru = models.TextField(_("summary (Russian)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["cohort", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def summary(self) -> str:
        return localized(self, "summary")


class Lesson(models.Model):
    """A lesson of a module; its body is Markdown in each language, rendered safely."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    title_tg = models.CharField(_("title (Tajik)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_tg = models.TextField(_("content (Tajik)"), blank=True)
    body_ru = models.TextField(_("content (Russian)"), blank=True)
    body_en = models.TextField(_("content (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["module", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def body(self) -> str:
        return localized(self, "body")


class Resource(models.Model):
    """A link a lesson points to: a marketplace's seller guide, a template, a video."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["lesson", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class PeerGroup(models.Model):
    """A peer group of 5-6 participants of a cohort who support each other."""

    cohort = models.ForeignKey("applicants.Cohort", on_delete=models.CASCADE, related_name="peer_groups")
    name = models.CharField(_("name"), max_length=120)
    members = models.ManyToManyField(
        "applicants.Participant", through="PeerGroupMember", related_name="peer_groups"
    )

    class Meta:
        verbose_name = _("peer group")
        verbose_name_plural = _("peer groups")
        ordering = ["cohort", "name"]

    def __str__(self) -> str:
        return self.name


class PeerGroupMember(models.Model):
    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="memberships")
    participant = models.OneToOneField(
        "applicants.Participant", on_delete=models.CASCADE, related_name="peer_membership"
    )

    class Meta:
        verbose_name = _("peer group member")
        verbose_name_plural = _("peer group members")

    def __str__(self) -> str:
        return f"{self.group_id}: {self.participant_id}"


class Session(models.Model):
    """A training session of a cohort: when, how long, online or where, by whom, on which module.
    A session of a peer group is for its members only."""

    cohort = models.ForeignKey("applicants.Cohort", on_delete=models.CASCADE, related_name="sessions")
    module = models.ForeignKey(
        Module, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    peer_group = models.ForeignKey(
        PeerGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"), default=90, validators=[MinValueValidator(15), MaxValueValidator(600)]
    )
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["cohort", "starts_at"]), models.Index(fields=["trainer", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(online_url="") | ~Q(place=""), name="session_online_or_at_a_place",
                violation_error_message=_("Give an online link or a place."),
            ),
        ]
        permissions = [("mark_attendance", _("Can mark attendance of sessions"))]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """Whether a participant came to a session, as her trainer marked it."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey(
        "applicants.Participant", on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(_("attendance"), max_length=8, choices=AttendanceStatus.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="one_mark_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.participant_id}: {self.status}"


class Assignment(models.Model):
    """A practical assignment done at her firm: open a shop, list ten products, answer a complaint..."""

    cohort = models.ForeignKey("applicants.Cohort", on_delete=models.CASCADE, related_name="assignments")
    module = models.ForeignKey(
        Module, null=True, blank=True, on_delete=models.SET_NULL, related_name="assignments"
    )
    title_tg = models.CharField(_("title (Tajik)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    instructions_tg = models.TextField(_("instructions (Tajik)"), blank=True)
    instructions_ru = models.TextField(_("instructions (Russian)"), blank=True)
    instructions_en = models.TextField(_("instructions (English)"), blank=True)
    due_at = models.DateTimeField(_("due"))
    required = models.BooleanField(_("required for the certificate"), default=True)
    pass_grade = models.PositiveSmallIntegerField(
        _("grade to pass (0-4)"), default=2,
        validators=[MinValueValidator(GRADE_MIN), MaxValueValidator(GRADE_MAX)],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["cohort", "due_at", "position", "pk"]
        permissions = [("grade_submission", _("Can give feedback and grades on submissions"))]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def instructions(self) -> str:
        return localized(self, "instructions")


class Submission(models.Model):
    """One attempt of a participant at an assignment: text, a link (such as her shop's address) or a
    file, then the trainer's feedback and 0-4 grade. A resubmission is the next attempt."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="submissions")
    participant = models.ForeignKey(
        "applicants.Participant", on_delete=models.CASCADE, related_name="submissions"
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    text = models.TextField(_("answer"), max_length=5000, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), storage=_private_storage, upload_to=_submission_path, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    grade = models.PositiveSmallIntegerField(
        _("grade (0-4)"), null=True, blank=True,
        validators=[MinValueValidator(GRADE_MIN), MaxValueValidator(GRADE_MAX)],
    )
    feedback = models.TextField(_("feedback"), max_length=5000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("feedback given"), null=True, blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["assignment", "participant", "-attempt"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "participant", "attempt"], name="one_submission_per_attempt"
            ),
            models.CheckConstraint(
                condition=Q(grade__isnull=True) | Q(grade__gte=GRADE_MIN, grade__lte=GRADE_MAX),
                name="submission_grade_0_to_4",
            ),
            models.CheckConstraint(
                condition=~Q(text="") | ~Q(link="") | ~Q(file=""), name="submission_not_empty",
                violation_error_message=_("Write an answer, give a link or attach a file."),
            ),
        ]
        indexes = [models.Index(fields=["participant", "status"])]

    def __str__(self) -> str:
        return f"{self.assignment_id}/{self.participant_id} #{self.attempt}"


class SkillRating(models.Model):
    """A 1-5 rating of one skill of a participant at the start, middle or end: her own or her trainer's."""

    participant = models.ForeignKey(
        "applicants.Participant", on_delete=models.CASCADE, related_name="skill_ratings"
    )
    skill = models.CharField(_("skill"), max_length=24, choices=ALL_SKILLS)
    point = models.CharField(_("when"), max_length=8, choices=AssessmentPoint.choices)
    rater = models.CharField(_("rated by"), max_length=8, choices=Rater.choices)
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)]
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rated_at = models.DateTimeField(_("rated"), auto_now=True)

    class Meta:
        verbose_name = _("skill rating")
        verbose_name_plural = _("skill ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "skill", "point", "rater"], name="one_rating_per_point"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX), name="skill_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.skill} {self.point} {self.rater}: {self.rating}"


class Certificate(models.Model):
    """A participant's certificate, issued once the cohort's criteria are met; its code verifies it
    publicly (name, cohort and date only)."""

    participant = models.OneToOneField(
        "applicants.Participant", on_delete=models.PROTECT, related_name="certificate"
    )
    code = models.CharField(_("verification code"), max_length=40, unique=True, default=_token)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        permissions = [("issue_certificate", _("Can issue certificates"))]

    def __str__(self) -> str:
        return self.code


class CalendarFeed(models.Model):
    """The secret address of a person's iCal feed of sessions; a new token revokes the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=40, unique=True, default=_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user_id)
