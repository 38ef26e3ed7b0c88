"""Forms of the review pages. Each passes its values to a service in `applicants.reviews`."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .enums import ReviewStatus
from .models import Call, RubricCriterion
from .reviews import REVIEW_SETTINGS_FIELDS, review_settings_check, reviewers_all

SCORE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class ReviewSettingsForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = REVIEW_SETTINGS_FIELDS
        widgets = {"review_aggregation": forms.RadioSelect}
        error_messages = {
            "reviewers_per_application": {
                "min_value": _("Each application needs at least one reviewer."),
                "max_value": _("At most 10 reviewers can review one application."),
            },
            "auto_weight": {
                "min_value": _("A weight must be between 0 and 100."),
                "max_value": _("A weight must be between 0 and 100."),
            },
            "review_weight": {
                "min_value": _("A weight must be between 0 and 100."),
                "max_value": _("A weight must be between 0 and 100."),
            },
            "offer_days": {
                "min_value": _("Give her between 1 and 60 days to answer."),
                "max_value": _("Give her between 1 and 60 days to answer."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shortlist_size"].widget.attrs["min"] = 1
        self.fields["shortlist_size"].help_text = _("Leave empty for twice the cohort size (%(size)s).") % {
            "size": 2 * self.instance.cohort_size
        }

    def clean_shortlist_size(self):
        size = self.cleaned_data.get("shortlist_size")
        if size is not None and size < 1:
            raise ValidationError(_("A shortlist needs at least one place."))
        return size

    def clean(self):
        cleaned = super().clean()
        try:
            review_settings_check(cleaned)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field, errors)
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in REVIEW_SETTINGS_FIELDS}


class AssignForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Reviewers"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one reviewer.")},
    )
    per_application = forms.IntegerField(
        label=_("Reviewers per application"),
        min_value=1,
        max_value=10,
        error_messages={
            "min_value": _("Each application needs at least one reviewer."),
            "max_value": _("At most 10 reviewers can review one application."),
        },
    )
    limit = forms.IntegerField(
        label=_("Only the best applications by automatic score"),
        min_value=1,
        required=False,
        help_text=_("Leave empty to give reviewers every scored eligible application."),
        error_messages={"min_value": _("The number of applications must be at least 1.")},
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = reviewers
        self.fields["reviewers"].label_from_instance = lambda user: user.full_name or user.email


class ReviewerAddForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"), queryset=None, error_messages={"required": _("Choose a reviewer.")}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers_all()
        self.fields["reviewer"].label_from_instance = lambda user: user.full_name or user.email


class ReviewerRemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        error_messages={"required": _("Give a reason for taking the application back.")},
    )


class ReviewForm(forms.Form):
    """A 1-5 score per reviewed criterion, or abstaining, or a conflict of interest, and a comment."""

    decision = forms.ChoiceField(
        label=_("Your decision"),
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        initial=ReviewStatus.SCORED,
        choices=[
            (ReviewStatus.SCORED, _("I score this application")),
            (ReviewStatus.ABSTAINED, _("I abstain")),
            (ReviewStatus.CONFLICT, _("I have a conflict of interest")),
        ],
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("If you abstain or have a conflict of interest, say why in a few words."),
    )

    def __init__(self, *args, criteria: list[RubricCriterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.key}"] = forms.ChoiceField(
                label=criterion.label, choices=SCORE_CHOICES, widget=forms.RadioSelect, required=False
            )

    def score_fields(self) -> list:
        return [self[f"score_{c.key}"] for c in self.criteria]

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == ReviewStatus.SCORED:
            for criterion in self.criteria:
                if not cleaned.get(f"score_{criterion.key}"):
                    self.add_error(f"score_{criterion.key}", _("Score this criterion from 1 to 5."))
        elif decision and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Say in a few words why you do not score this application."))
        return cleaned

    def values(self) -> dict:
        return {
            "decision": self.cleaned_data["decision"],
            "scores": {
                c.key: int(self.cleaned_data[f"score_{c.key}"])
                for c in self.criteria
                if self.cleaned_data.get(f"score_{c.key}")
            },
            "comment": self.cleaned_data["comment"],
        }
