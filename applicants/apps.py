from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicantsConfig(AppConfig):
    """Open calls, applications, eligibility, scoring and cohort selection."""

    name = "applicants"
    verbose_name = _("Applicants")

    def ready(self) -> None:
        from parwona.core.demo import demo_seeder_register
        from parwona.users.enums import Role
        from parwona.users.roles import role_permissions_register

        from . import (  # noqa: F401  (jobs, panels and navigation)
            call_panels,
            cohort_panels,
            exports,
            fairness,
            jobs,
            panels,
            personal_data,
            ranking,
            review_panels,
            scoring,
        )
        from .demo import demo_applications_seed
        from .demo_selection import demo_selection_seed

        role_permissions_register(
            Role.COORDINATOR,
            [
                "applicants.view_call",
                "applicants.add_call",
                "applicants.change_call",
                "applicants.view_application",
                "applicants.screen_application",
                "applicants.export_application",
                "applicants.view_rubric",
                "applicants.change_rubric",
                "applicants.run_scoring",
                "applicants.assign_reviewers",
                "applicants.view_reviewassignment",
                "applicants.select_cohort",
                "applicants.view_cohort",
            ],
        )
        role_permissions_register(
            Role.REVIEWER,
            ["applicants.view_call", "applicants.view_application_blind", "applicants.review_application"],
        )
        demo_seeder_register(name="applications", order=10, func=demo_applications_seed)
        demo_seeder_register(name="selection", order=20, func=demo_selection_seed)
