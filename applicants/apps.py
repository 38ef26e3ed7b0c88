from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicantsConfig(AppConfig):
    """Open calls, applications, eligibility, scoring and cohort selection."""

    name = "applicants"
    verbose_name = _("Applicants")
