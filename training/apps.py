from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    """Curriculum, sessions, attendance, assignments, assessments and certificates."""

    name = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from parwona.core.demo import demo_seeder_register
        from parwona.users.enums import Role
        from parwona.users.roles import role_permissions_register

        from . import (  # noqa: F401  (home panels, navigation, the firm's view of its manager)
            assignment_panels,
            curriculum_panels,
            group_panels,
            personal_data,
            progress_panels,
        )
        from .demo import demo_training_seed

        delivery = [
            f"training.{action}_{model}"
            for model in ("module", "lesson", "resource", "session", "assignment", "peergroup")
            for action in ("view", "add", "change", "delete")
        ] + [
            "training.mark_attendance", "training.view_attendance", "training.grade_submission",
            "training.view_submission", "training.view_skillrating", "training.add_skillrating",
        ]
        # Trainers deliver the curriculum; coordinators oversee it, set its rules and issue certificates.
        role_permissions_register(Role.TRAINER, delivery)
        role_permissions_register(
            Role.COORDINATOR,
            [*delivery, "training.change_trainingsettings", "training.view_certificate",
             "training.issue_certificate"],
        )
        demo_seeder_register(name="training", order=60, func=demo_training_seed)
