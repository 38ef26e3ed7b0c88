"""The skills form: a row of 1-5 radio buttons for each skill of the curriculum."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import ALL_SKILLS, RATING_MAX, RATING_MIN

RATING_CHOICES = [(str(r), str(r)) for r in range(RATING_MIN, RATING_MAX + 1)]


class SkillRatingForm(forms.Form):
    """One required 1-5 rating a skill."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for skill, label in ALL_SKILLS:
            self.fields[skill] = forms.TypedChoiceField(
                label=label,
                choices=RATING_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Rate this skill from 1 to 5."),
                    "invalid_choice": _("Rate this skill from 1 to 5."),
                },
            )

    def ratings(self) -> dict[str, int]:
        return {skill: self.cleaned_data[skill] for skill, _label in ALL_SKILLS}
