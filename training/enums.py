from django.db import models
from django.utils.translation import gettext_lazy as _

from matching.enums import Skill


class SoftSkill(models.TextChoices):
    """The soft skills the curriculum teaches as core, not as an extra."""

    PRESENTING = "presenting", _("Presenting oneself")
    MESSAGES = "messages", _("Professional messages")
    TIME = "time", _("Managing time")
    NEGOTIATING = "negotiating", _("Negotiating expectations and timelines")
    DIFFICULT = "difficult", _("Difficult conversations")


# Every skill a module teaches and an assessment rates: the technical ones firms ask for, then the soft ones.
ALL_SKILLS = [*Skill.choices, *SoftSkill.choices]
ALL_SKILL_VALUES = [value for value, _label in ALL_SKILLS]


class ModuleKind(models.TextChoices):
    TECHNICAL = "technical", _("Technical skill")
    SOFT = "soft", _("Soft skill")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for feedback")
    RESUBMIT = "resubmit", _("Asked to resubmit")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")


class AssessmentPoint(models.TextChoices):
    START = "start", _("Start")
    MIDDLE = "middle", _("Middle")
    END = "end", _("End")


class Rater(models.TextChoices):
    SELF = "self", _("Her own rating")
    TRAINER = "trainer", _("Trainer's rating")


GRADE_MIN, GRADE_MAX = 0, 4
RATING_MIN, RATING_MAX = 1, 5
