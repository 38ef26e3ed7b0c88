from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "parwona.users"
    label = "users"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from parwona.core.demo import demo_seeder_register

        from . import panels, signals  # noqa: F401  (registers home panels and signal receivers)
        from .demo import demo_accounts_seed
        from .services import roles_sync

        post_migrate.connect(lambda **kwargs: roles_sync(), sender=self, weak=False)
        demo_seeder_register(name="accounts", order=0, func=demo_accounts_seed)
