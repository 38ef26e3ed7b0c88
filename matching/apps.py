from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """Firms, compatibility and woman–firm matching."""

    name = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from parwona.core.demo import demo_seeder_register
        from parwona.users.enums import Role
        from parwona.users.roles import role_permissions_register

        from . import (  # noqa: F401  (panels, navigation, jobs, her data export)
            panels,
            personal_data,
            preference_panels,
            preferences,
            runs,
        )
        from .demo import demo_firms_seed
        from .demo_matching import demo_matching_seed

        role_permissions_register(
            Role.COORDINATOR,
            ["matching.view_firm", "matching.change_firm", "matching.run_matching", "matching.view_match"],
        )
        demo_seeder_register(name="firms", order=40, func=demo_firms_seed)
        demo_seeder_register(name="matching", order=50, func=demo_matching_seed)
