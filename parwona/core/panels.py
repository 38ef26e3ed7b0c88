"""Registries through which apps contribute to shared pages without being imported by them.

Each app registers, from its AppConfig.ready(), the panels a role's home page shows and the
links of a role's navigation. The home page renders what it is given, so an earlier stage of
the pipeline never imports a later one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    """A block on a role's home page: a template and a function returning its context.

    `context` returns None when the panel has nothing to show this user.
    """

    template: str
    context: Callable[[HttpRequest], dict | None]
    order: int = 100


@dataclass(frozen=True)
class NavItem:
    label: str  # a lazy translation
    url_name: str
    order: int = 100
    permission: str | None = None
    url_kwargs: dict = field(default_factory=dict)


# The pseudo-role of the public landing page.
PUBLIC = "public"

_PANELS: dict[str, list[Panel]] = {}
_NAV: dict[str, list[NavItem]] = {}


def panel_register(*, roles: list[str], panel: Panel) -> None:
    for role in roles:
        _PANELS.setdefault(role, []).append(panel)
        _PANELS[role].sort(key=lambda p: p.order)


def nav_register(*, roles: list[str], item: NavItem) -> None:
    for role in roles:
        _NAV.setdefault(role, []).append(item)
        _NAV[role].sort(key=lambda i: i.order)


def panels_for(role: str | None) -> list[Panel]:
    return list(_PANELS.get(role or "", ()))


def nav_for(role: str | None) -> list[NavItem]:
    return list(_NAV.get(role or "", ()))


def panels_render(request, role: str) -> list[dict]:
    """Return the panels registered for `role` that have something to show this request."""
    shown = []
    for panel in panels_for(role):
        context = panel.context(request)
        if context is not None:
            shown.append({"template": panel.template, "context": context})
    return shown
