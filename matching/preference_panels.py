"""Home panels of preferences: the participant's and the firm's call to rank while the window is open.

Coordinators reach a cohort's preference page from the cohort's matching page; a panel of its own on
their home would cost the home page another query."""

from django.utils import timezone

from parwona.core.panels import Panel, panel_register
from parwona.users.enums import Role

from .preference_selectors import rounds_open, rounds_open_for_participant
from .selectors import firm_of


def _participant(request) -> dict | None:
    rounds = rounds_open_for_participant(user=request.user, now=timezone.now())
    return {"rounds": rounds} if rounds else None


def _firm(request) -> dict | None:
    firm = firm_of(request.user)
    if firm is None or not firm.is_approved:
        return None
    rounds = rounds_open(now=timezone.now())
    return {"rounds": rounds, "firm": firm} if rounds else None


panel_register(
    roles=[Role.PARTICIPANT],
    panel=Panel("matching/preferences/panel_participant.html", _participant, order=5),
)
panel_register(roles=[Role.FIRM], panel=Panel("matching/preferences/panel_firm.html", _firm, order=5))
