from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import EmploymentStatus, IncomeBand


class FollowUpAnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("What is your work now?"), choices=EmploymentStatus.choices,
                               widget=forms.RadioSelect)
    income_band = forms.ChoiceField(label=_("Your monthly income"), choices=IncomeBand.choices,
                                    widget=forms.RadioSelect)
    note = forms.CharField(label=_("Anything you would like to tell the programme (optional)"),
                           required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
