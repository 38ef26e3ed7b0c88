"""Which permissions each role's group holds.

The foundation grants its own; each app adds its permissions from its AppConfig.ready()
with `role_permissions_register`, and `roles_sync` (run after every migrate) applies them.
"""

from collections import defaultdict

from .enums import Role

_ROLE_PERMISSIONS: dict[str, set[str]] = defaultdict(set)


def role_permissions_register(role: Role, permissions: list[str]) -> None:
    """Grant `permissions` ("app_label.codename") to `role` when roles are synced."""
    _ROLE_PERMISSIONS[role].update(permissions)


def role_permissions() -> dict[str, frozenset[str]]:
    """Return the registered permissions of every role, including roles with none."""
    return {role: frozenset(_ROLE_PERMISSIONS.get(role, ())) for role in Role.values}


role_permissions_register(
    Role.COORDINATOR,
    ["users.invite_user", "users.view_user", "core.view_auditentry", "core.view_job"],
)
