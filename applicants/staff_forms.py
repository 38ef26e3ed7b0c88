"""Forms of the staff pages: filtering a call's applications, eligibility decisions, exports."""

from django import forms
from django.utils.translation import gettext_lazy as _

from parwona.users.models import User

from .enums import AIUse, ApplicationStatus, ComputerLevel, Eligibility, Employment, Region, Settlement
from .models import Application
from .services import eligibility_override
from .staff_selectors import DEFAULT_SORT, IDENTITY_SORTS


def _any(label, choices) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=[("", _("Any")), *choices])


SORT_CHOICES = [
    ("-submitted", _("Newest first")),
    ("submitted", _("Oldest first")),
    ("reference", _("Reference")),
    ("region", _("Region")),
    ("eligibility", _("Eligibility")),
    ("-score", _("Automatic score, highest first")),
    ("score", _("Automatic score, lowest first")),
    ("name", _("Name")),
]
DECISIONS = [
    (Eligibility.ELIGIBLE, Eligibility.ELIGIBLE.label),
    (Eligibility.INELIGIBLE, Eligibility.INELIGIBLE.label),
    (Eligibility.NEEDS_REVIEW, Eligibility.NEEDS_REVIEW.label),
]


class ApplicationFilterForm(forms.Form):
    """The list's filters, read from the query string. Blind reviewers get no name or city fields."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = _any(_("Status"), [c for c in ApplicationStatus.choices if c[0] != ApplicationStatus.DRAFT])
    eligibility = _any(_("Eligibility"), Eligibility.choices)
    region = _any(_("Region"), Region.choices)
    city = forms.CharField(label=_("City or district"), required=False, max_length=100)
    settlement = _any(_("City or village"), Settlement.choices)
    employment = _any(_("Employment"), Employment.choices)
    computer_level = _any(_("Computer skills"), ComputerLevel.choices)
    ai_use = _any(_("Use of AI tools"), AIUse.choices)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, identity: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.identity = identity
        if identity:
            self.fields["q"].help_text = _("Name, phone or reference")
        else:
            self.fields["q"].help_text = _("Reference")
            del self.fields["city"]
            self.fields["sort"].choices = [c for c in SORT_CHOICES if c[0] not in IDENTITY_SORTS]

    def filters(self) -> dict:
        """Return the cleaned filters as JSON-able values (for a job's parameters)."""
        data = self.cleaned_data
        values = {name: (data.get(name) or "").strip() for name in self.fields if name != "sort"}
        values["sort"] = data.get("sort") or DEFAULT_SORT
        return values


class _DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give a reason for the decision.")},
    )

    def decide(self, *, applications: list[Application], actor: User) -> int:
        """Apply the decision to `applications` (audited by the service); return how many changed."""
        return eligibility_override(
            applications=applications,
            decision=self.cleaned_data["decision"],
            reason=self.cleaned_data["reason"],
            actor=actor,
        )


class EligibilityOverrideForm(_DecisionForm):
    """A coordinator's decision on one application."""

    def save(self, *, application: Application, actor: User) -> int:
        return self.decide(applications=[application], actor=actor)


class BulkEligibilityForm(_DecisionForm):
    """One decision, with one reason, for the applications ticked in the list."""

    applications = forms.ModelMultipleChoiceField(
        queryset=Application.objects.none(),
        error_messages={"required": _("Tick at least one application.")},
    )
    # The list's query string, to return to the same filters and page afterwards.
    query = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications

    def save(self, *, actor: User) -> int:
        return self.decide(applications=list(self.cleaned_data["applications"]), actor=actor)


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "XLSX")])
