from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from applicants.enums import Marketplace
from applicants.uploads import cv_validate

from .enums import EvidenceKind, ReviewAction
from .models import FirmReport
from .reports import REPORT_FIELDS


class FirmReportForm(forms.ModelForm):
    evidence = forms.FileField(label=_("Evidence: a screenshot or receipt (PDF, JPEG or PNG, up to 5 MB)"),
                               required=False)
    evidence_kind = forms.ChoiceField(label=_("Kind of evidence"), choices=EvidenceKind.choices,
                                      required=False)

    class Meta:
        model = FirmReport
        fields = REPORT_FIELDS
        widgets = {"manager_start_date": forms.DateInput(attrs={"type": "date"}),
                   "notes": forms.Textarea(attrs={"rows": 3})}

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            cv_validate(upload)  # the type from the content, 5 MB at most
        return upload


# A blank first choice, so that a row the firm leaves empty is skipped rather than refused.
MARKETPLACES = [("", "—"), *Marketplace.choices]


class ListingForm(forms.Form):
    marketplace = forms.ChoiceField(label=_("Marketplace"), choices=MARKETPLACES)
    active_listings = forms.IntegerField(label=_("Active listings"), min_value=0, max_value=1_000_000)


class ShopForm(forms.Form):
    marketplace = forms.ChoiceField(label=_("Marketplace"), choices=MARKETPLACES)
    url = forms.URLField(label=_("Shop address"), max_length=500, assume_scheme="https")
    opened_on = forms.DateField(label=_("Opened"), widget=forms.DateInput(attrs={"type": "date"}))


ListingFormSet = formset_factory(ListingForm, extra=2, max_num=20)
ShopFormSet = formset_factory(ShopForm, extra=1, max_num=20)


def rows_of(formset) -> list[dict]:
    """Return the filled rows of a valid formset (blank extra rows are skipped)."""
    return [form.cleaned_data for form in formset.forms if form.cleaned_data]


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=ReviewAction.choices, widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment to the firm"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
