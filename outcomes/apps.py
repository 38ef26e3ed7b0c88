from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    """Firm reports, follow-ups, indicators and donor dashboards."""

    name = "outcomes"
    verbose_name = _("Outcomes")
