from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A role is a Django group of the same name; the order is the precedence for a home page."""

    COORDINATOR = "coordinator", _("Coordinator")
    REVIEWER = "reviewer", _("Reviewer")
    TRAINER = "trainer", _("Trainer")
    DONOR = "donor", _("Donor")
    FIRM = "firm", _("Firm representative")
    PARTICIPANT = "participant", _("Participant")
    APPLICANT = "applicant", _("Applicant")


# Staff see personal data and must enrol two-factor authentication first.
STAFF_ROLES = frozenset({Role.COORDINATOR, Role.REVIEWER, Role.TRAINER})
# Roles a coordinator or the admin may invite; applicants sign up, firms apply (see matching).
INVITABLE_ROLES = (Role.COORDINATOR, Role.REVIEWER, Role.TRAINER, Role.DONOR)
