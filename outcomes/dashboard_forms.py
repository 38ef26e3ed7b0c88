from django import forms
from django.utils.translation import gettext_lazy as _

from .indicators import INDICATORS


class TargetsForm(forms.Form):
    """One optional, non-negative target per indicator."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for indicator in INDICATORS:
            self.fields[indicator.code] = forms.DecimalField(
                label=indicator.label, help_text=indicator.unit, required=False, min_value=0,
                max_digits=14, decimal_places=2,
                error_messages={"min_value": _("A target cannot be negative."),
                                "invalid": _("Enter a number.")},
            )

    def targets(self) -> dict:
        return dict(self.cleaned_data)
