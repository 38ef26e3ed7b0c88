"""Forms of preferences: the coordinator's window, a participant's matching profile, a ranking of cards.
They read the input; the services in `matching.preferences` decide whether it stands."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Sector, Skill
from .preference_selectors import PREFERENCES_MAX, Card

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class _DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_LOCAL)


class PreferenceWindowForm(forms.Form):
    OPEN, CLOSE = "open", "close"

    action = forms.ChoiceField(choices=[(OPEN, _("Open")), (CLOSE, _("Close"))], widget=forms.HiddenInput)
    deadline = forms.DateTimeField(
        label=_("Rankings close"),
        required=False,
        input_formats=[DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
        widget=_DateTimeLocalInput(),
        help_text=_("Dushanbe time."),
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == self.OPEN and not data.get("deadline"):
            self.add_error("deadline", _("Give the date and time when rankings close."))
        return data

    def values(self) -> dict:
        is_open = self.cleaned_data["action"] == self.OPEN
        return {"open": is_open, "deadline": self.cleaned_data["deadline"] if is_open else None}


class ParticipantProfileForm(forms.Form):
    sectors = forms.MultipleChoiceField(
        label=_("Sectors you would like to work in"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = forms.MultipleChoiceField(
        label=_("Skills you bring"),
        choices=Skill.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    remote_ok = forms.BooleanField(label=_("I can work remotely"), required=False)


class RankingForm(forms.Form):
    """A rank select on each card, named by the card's key; an empty select leaves the card unranked."""

    def __init__(self, *args, cards: list[Card], disabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.cards = cards
        top = min(PREFERENCES_MAX, len(cards))
        choices = [("", _("Not ranked")), *[(str(rank), str(rank)) for rank in range(1, top + 1)]]
        for card in cards:
            self.fields[f"rank_{card.key}"] = forms.TypedChoiceField(
                label=_("Rank of %(card)s") % {"card": card.label},
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                disabled=disabled,
                initial=card.rank,
            )

    def card_fields(self) -> list[tuple[Card, forms.BoundField]]:
        return [(card, self[f"rank_{card.key}"]) for card in self.cards]

    def ranking(self) -> dict[int, int]:
        """Return {row id: rank} of the cards given a rank."""
        return {
            card.pk: self.cleaned_data[f"rank_{card.key}"]
            for card in self.cards
            if self.cleaned_data.get(f"rank_{card.key}") is not None
        }
