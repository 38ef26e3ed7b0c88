from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "parwona.core"
    label = "core"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from . import jobs_audit, panels_core, search  # noqa: F401  (job kinds, panels, SQLite casefold)
