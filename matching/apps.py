from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """Firms, compatibility and woman–firm matching."""

    name = "matching"
    verbose_name = _("Matching")
