"""The coordinator's forms for calls and their extra questions. Views pass the values to services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .call_services import CALL_FIELDS, QUESTION_FIELDS, call_values_check
from .enums import Region
from .models import Call, CallQuestion

# The texts stored once per language, in the order the form shows them.
LANGUAGES = [("tg", _("Tajik")), ("ru", _("Russian")), ("en", _("English"))]
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class _DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_LOCAL)


def _datetime_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
        widget=_DateTimeLocalInput(),
        help_text=_("Dushanbe time."),
    )


class _LanguageGroupsMixin:
    """Label the per-language fields of each text by their language, to be shown in one fieldset."""

    language_texts: list[tuple[str, str]] = []

    def _languages_label(self) -> None:
        for name, _legend in self.language_texts:
            for code, language in LANGUAGES:
                field = self.fields[f"{name}_{code}"]
                field.label = language
                field.widget.attrs["lang"] = code

    def language_groups(self) -> list[tuple[str, list]]:
        """Return (legend, bound fields in Tajik, Russian, English) for each text."""
        return [(legend, [self[f"{name}_{code}"] for code, _language in LANGUAGES])
                for name, legend in self.language_texts]


class CallForm(_LanguageGroupsMixin, forms.ModelForm):
    language_texts = [
        ("title", _("Title")),
        ("description", _("Description")),
        ("faq", _("Questions and answers (optional)")),
    ]

    opens_at = _datetime_field(_("Opens"))
    closes_at = _datetime_field(_("Closes"))
    regions = forms.MultipleChoiceField(
        label=_("Regions"),
        choices=Region.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to target the whole country."),
    )

    class Meta:
        model = Call
        fields = CALL_FIELDS
        widgets = {
            **{f"description_{code}": forms.Textarea(attrs={"rows": 5}) for code, _language in LANGUAGES},
            **{f"faq_{code}": forms.Textarea(attrs={"rows": 4}) for code, _language in LANGUAGES},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._languages_label()
        self.fields["cohort_size"].widget.attrs["min"] = 1

    def fieldsets(self) -> list[tuple[str, list]]:
        """Return (legend, bound fields) of the call's settings after its texts."""
        groups = [
            (_("Window and places"), ["opens_at", "closes_at", "cohort_size", "regions"]),
            (_("Eligibility"), ["min_age", "max_age", "requires_woman", "requires_residence",
                                "min_hours_per_week"]),
            (_("Data"), ["retention_months"]),
        ]
        return [(legend, [self[name] for name in names]) for legend, names in groups]

    def clean(self) -> dict:
        cleaned = super().clean()
        try:
            call_values_check(cleaned)
        except ValidationError as exc:
            self.add_error(None, exc)
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in CALL_FIELDS}


class QuestionForm(_LanguageGroupsMixin, forms.ModelForm):
    language_texts = [("label", _("Question"))]

    class Meta:
        model = CallQuestion
        fields = QUESTION_FIELDS
        widgets = {
            "kind": forms.RadioSelect,
            "choices_text": forms.Textarea(attrs={"rows": 4, "placeholder": "Ҳа | Да | Yes\nНе | Нет | No"}),
        }
        help_texts = {
            "choices_text": _("Only for single or multiple choice: at least two options, one a line, "
                              "written as: Tajik | Russian | English"),
            "required": _("She cannot go on without answering."),
        }

    def __init__(self, *args, kind_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self._languages_label()
        if kind_locked:
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _("Applications with answers to this question have been "
                                              "submitted: its kind can no longer change.")

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in QUESTION_FIELDS}
