"""The stages of an application as she sees them in her portal."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .enums import ApplicationStatus as S


@dataclass(frozen=True)
class Stage:
    label: str
    state: str  # "done", "current" or "todo"


_ORDER = [S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.SHORTLISTED]
_OUTCOMES = {
    S.SELECTED: _("Selected"),
    S.WAITLISTED: _("On the waiting list"),
    S.NOT_SELECTED: _("Not selected"),
}


def application_timeline(status: str) -> list[Stage]:
    """Return the stages from draft to the decision, marking where the application stands."""
    labels = [_("Draft"), _("Submitted"), _("Under review"), _("Shortlisted")]
    if status in _OUTCOMES:
        return [Stage(label, "done") for label in labels] + [Stage(_OUTCOMES[status], "current")]
    position = _ORDER.index(status) if status in _ORDER else -1
    stages = [
        Stage(label, "done" if i < position else "current" if i == position else "todo")
        for i, label in enumerate(labels)
    ]
    return [*stages, Stage(_("Decision"), "todo")]
