"""The registry through which later stages add to the firm's page of its manager.

Training, for example, registers from its AppConfig.ready() a panel showing her progress and
attendance; the firm's page renders the panels it is given, so matching never imports a later stage.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class ManagerPanel:
    """A block on the firm's page of its manager: a template and a function returning its context.

    `context(request, participant, firm)` returns None when the panel has nothing to show.
    """

    template: str
    context: Callable[..., dict | None]
    order: int = 100


_PANELS: list[ManagerPanel] = []


def manager_panel_register(*, panel: ManagerPanel) -> None:
    """Add `panel` to the firm's page of its manager (once)."""
    if panel not in _PANELS:
        _PANELS.append(panel)
        _PANELS.sort(key=lambda p: p.order)


def manager_panels_render(request: HttpRequest, *, participant, firm) -> list[dict]:
    """Return the registered panels that have something to show about `participant` to `firm`."""
    shown = []
    for panel in _PANELS:
        context = panel.context(request, participant=participant, firm=firm)
        if context is not None:
            shown.append({"template": panel.template, "context": context})
    return shown
