"""Forms of cohort selection: the cohort's settings and minimums, includes and excludes by hand, and
the answers to an offer."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import cohorts
from .cohort_selectors import call_regions
from .enums import OverrideAction, Region
from .jobs import cohort_confirm_enqueue
from .models import Application, Call, Offer, SelectionOverride

MINIMUM_PREFIX = "min_"


class CohortSelectForm(forms.Form):
    """The cohort's name, size, training dates and the least number of women from each region."""

    name = forms.CharField(label=_("Cohort name"), max_length=120)
    size = forms.IntegerField(label=_("Cohort size"), min_value=1, max_value=100000)
    starts_on = forms.DateField(
        label=_("Training starts"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Training ends"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        labels = dict(Region.choices)
        for region in call_regions(call=call):
            self.fields[MINIMUM_PREFIX + region] = forms.IntegerField(
                label=labels[region], min_value=0, max_value=100000, required=False, initial=0,
            )

    @classmethod
    def initial_for(cls, call: Call) -> dict:
        return {"name": call.title, "size": call.cohort_size}

    def minimum_fields(self) -> list:
        return [self[name] for name in self.fields if name.startswith(MINIMUM_PREFIX)]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            raise ValidationError(_("The training cannot end before it starts."), code="dates")
        return cleaned

    def minimums(self) -> dict[str, int]:
        return {
            name.removeprefix(MINIMUM_PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(MINIMUM_PREFIX) and value
        }

    def query(self) -> dict:
        """Return the cleaned values as a query string's parameters (for the confirm form)."""
        values = {
            "name": self.cleaned_data["name"], "size": self.cleaned_data["size"],
            "starts_on": self.cleaned_data.get("starts_on") or "",
            "ends_on": self.cleaned_data.get("ends_on") or "",
        }
        values.update({MINIMUM_PREFIX + region: m for region, m in self.minimums().items()})
        return values

    def save(self, *, actor):
        return cohorts.cohort_confirm(
            call=self.call, actor=actor, name=self.cleaned_data["name"], size=self.cleaned_data["size"],
            minimums=self.minimums(), starts_on=self.cleaned_data.get("starts_on"),
            ends_on=self.cleaned_data.get("ends_on"),
        )

    def enqueue(self, *, actor):
        """Record the job confirming the cohort; return it and whether it is new."""
        return cohort_confirm_enqueue(
            call=self.call, actor=actor, name=self.cleaned_data["name"], size=self.cleaned_data["size"],
            minimums=self.minimums(), starts_on=self.cleaned_data.get("starts_on"),
            ends_on=self.cleaned_data.get("ends_on"),
        )


class SelectionOverrideForm(forms.Form):
    """Always include or always exclude one application of the call, named by its reference."""

    reference = forms.CharField(label=_("Reference"), max_length=20)
    action = forms.ChoiceField(label=_("Decision"), choices=OverrideAction.choices)
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call

    def clean_reference(self) -> Application:
        reference = self.cleaned_data["reference"].strip().upper()
        application = Application.objects.filter(
            call=self.call, reference=reference, submitted_at__isnull=False
        ).select_related("call").first()
        if application is None:
            raise ValidationError(
                _("No submitted application of this call has this reference."), code="unknown"
            )
        return application

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give a reason."), code="reason")
        return reason

    def save(self, *, actor) -> SelectionOverride:
        return cohorts.selection_override_set(
            application=self.cleaned_data["reference"], action=self.cleaned_data["action"],
            reason=self.cleaned_data["reason"], actor=actor,
        )


class ReasonForm(forms.Form):
    """A required reason: removing an override, withdrawing an offer."""

    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give a reason."), code="reason")
        return reason


class OfferDeclineForm(forms.Form):
    """Her optional reason for declining the seat."""

    reason = forms.CharField(
        label=_("Why are you declining? (optional)"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def save(self, *, offer: Offer, user):
        return cohorts.offer_decline(offer=offer, user=user, reason=self.cleaned_data["reason"])
