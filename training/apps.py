from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    """Curriculum, sessions, attendance, assignments, assessments and certificates."""

    name = "training"
    verbose_name = _("Training")
