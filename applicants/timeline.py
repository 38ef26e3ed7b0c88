"""The stages of an application as she sees them in her portal."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .enums import ApplicationStatus as S
from .enums import OfferStatus as O


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


_OFFER_ENDS = {
    O.DECLINED: _("Offer declined"),
    O.EXPIRED: _("Offer closed: the deadline passed"),
    O.WITHDRAWN: _("Offer withdrawn by the programme"),
}


def _offer_stages(offer) -> list[Stage]:
    if offer.status == O.OFFERED:
        deadline = date_format(timezone.localtime(offer.deadline), "j E Y, H:i")
        return [Stage(gettext("Offer: answer by %(deadline)s") % {"deadline": deadline}, "current")]
    if offer.status == O.ACCEPTED:
        return [Stage(_("Offer accepted"), "done"), Stage(_("Participant"), "current")]
    return [Stage(_OFFER_ENDS[offer.status], "current")]


def application_timeline(status: str, offer=None) -> list[Stage]:
    """Return the stages from draft to the decision, marking where the application stands.

    With her `offer`, the stages go on to her answer: the deadline, then participant.
    """
    labels = [_("Draft"), _("Submitted"), _("Under review"), _("Shortlisted")]
    if offer is not None:
        done = [Stage(label, "done") for label in labels]
        return [*done, Stage(_("Selected"), "done"), *_offer_stages(offer)]
    if status in _OUTCOMES:
        return [Stage(label, "done") for label in labels] + [Stage(_OUTCOMES[status], "current")]
    position = _ORDER.index(status) if status in _ORDER else -1
    stages = [
        Stage(label, "done" if i < position else "current" if i == position else "todo")
        for i, label in enumerate(labels)
    ]
    return [*stages, Stage(_("Decision"), "todo")]
