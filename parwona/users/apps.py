from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "parwona.users"
    label = "users"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from parwona.core.demo import demo_seeder_register

        from . import panels, personal_data, signals  # noqa: F401  (home panels, her data export, signals)
        from .demo import demo_accounts_seed
        from .services import roles_sync

        def sync_after_last_app(app_config, **kwargs):
            # Permissions are created app by app on the same signal: sync once all exist.
            with_models = [a for a in apps.get_app_configs() if a.models_module is not None]
            if app_config is with_models[-1]:
                roles_sync()

        post_migrate.connect(sync_after_last_app, weak=False, dispatch_uid="parwona.roles_sync")
        demo_seeder_register(name="accounts", order=0, func=demo_accounts_seed)
