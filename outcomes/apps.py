from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    """Firm reports, follow-ups, indicators and donor dashboards."""

    name = "outcomes"
    verbose_name = _("Outcomes")

    def ready(self) -> None:
        from parwona.core.demo import demo_seeder_register
        from parwona.users.enums import Role
        from parwona.users.roles import role_permissions_register

        from . import (  # noqa: F401  (home panels and navigation)
            dashboard_panels,
            followup_panels,
            monthly_panels,
            personal_data,
            report_panels,
        )
        from .demo import demo_outcomes_seed
        from .signals import signals_connect

        signals_connect()

        # Firms write their own reports (an object rule, see rules.py); coordinators verify them,
        # follow participants up, set targets and read everything; donors read aggregates only.
        role_permissions_register(
            Role.COORDINATOR,
            [
                "outcomes.view_firmreport", "outcomes.verify_firmreport", "outcomes.view_reportevidence",
                "outcomes.view_followup", "outcomes.record_followup", "outcomes.view_employmentrecord",
                "outcomes.view_indicatortarget", "outcomes.change_indicatortarget",
                "outcomes.view_aggregatesnapshot", "outcomes.view_monthlyreport",
            ],
        )
        role_permissions_register(
            Role.DONOR, ["outcomes.view_aggregatesnapshot", "outcomes.view_monthlyreport"]
        )
        demo_seeder_register(name="outcomes", order=70, func=demo_outcomes_seed)
