import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parwona.users.phones import phone_normalize

from .enums import SPOKEN_LANGUAGES, LanguageLevel, Marketplace, QuestionKind
from .models import MOTIVATION_MAX, MOTIVATION_MIN, Application
from .uploads import cv_validate

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
YES_NO = [(True, _("Yes")), (False, _("No"))]


def _no_control_characters(value: str) -> None:
    if isinstance(value, str) and _CONTROL.search(value):
        raise ValidationError(_("Remove the invisible control characters from this answer."), code="control")


def _yes_no(label, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        widget=forms.RadioSelect,
        coerce=lambda v: v in (True, "True"),
    )


class StepForm(forms.Form):
    """A step of the application: initial values come from the application, `values()` go back."""

    def __init__(self, *args, application: Application, **kwargs):
        self.application = application
        super().__init__(*args, initial=self.initial_from(application), **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(_no_control_characters)

    def initial_from(self, application: Application) -> dict:
        return {name: getattr(application, name) for name in self.fields_from_model()}

    def fields_from_model(self) -> list[str]:
        return [name for name in self.base_fields if hasattr(Application, name)]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields_from_model()}


def _model_field(name: str, **kwargs) -> forms.Field:
    return Application._meta.get_field(name).formfield(**kwargs)


class PersonalForm(StepForm):
    full_name = _model_field(
        "full_name", required=True, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("A Tajik number, for example +992 93 123 45 67."),
    )
    # The column's length: a form EmailField accepts up to 320 characters, which PostgreSQL would refuse.
    email = forms.EmailField(
        label=_("Email address"), max_length=Application._meta.get_field("email").max_length
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for our messages"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )
    is_woman = _yes_no(_("Are you a woman?"), _("The programme is for women."))
    lives_in_tajikistan = _yes_no(_("Do you live in Tajikistan?"))

    def clean_phone(self) -> str:
        return phone_normalize(self.cleaned_data["phone"])

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        call = self.application.call
        if born.year < 1900 or born >= call.opens_at.date():
            raise ValidationError(_("Enter your real date of birth."), code="date")
        return born


class LocationForm(StepForm):
    region = _model_field("region", required=True, widget=forms.RadioSelect)
    city = _model_field(
        "city", required=True, help_text=_("For example Dushanbe, Khujand, Bokhtar, Kulob or Khorog.")
    )
    settlement = _model_field("settlement", required=True, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("region", "settlement"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]


class EducationForm(StepForm):
    education = _model_field("education", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in SPOKEN_LANGUAGES:
            self.fields[f"language_{code}"] = forms.ChoiceField(
                label=name,
                choices=LanguageLevel.choices,
                initial=LanguageLevel.NONE,
            )
        for code, _name in SPOKEN_LANGUAGES:
            self.initial[f"language_{code}"] = self.application.languages.get(code, LanguageLevel.NONE)

    def values(self) -> dict:
        return {
            "education": self.cleaned_data["education"],
            "languages": {code: self.cleaned_data[f"language_{code}"] for code, _name in SPOKEN_LANGUAGES},
        }


class SkillsForm(StepForm):
    computer_level = _model_field("computer_level", required=True, widget=forms.RadioSelect)
    has_smartphone = _yes_no(_("Do you have a smartphone?"))
    social_media = _model_field("social_media", required=True, widget=forms.RadioSelect)
    marketplaces = forms.MultipleChoiceField(
        label=_("Which online marketplaces have you used, to buy or to sell?"),
        required=False,
        choices=Marketplace.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    ai_use = _model_field(
        "ai_use",
        required=True,
        widget=forms.RadioSelect,
        label=_("How often do you use AI tools such as ChatGPT?"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("computer_level", "social_media", "ai_use"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]


class WorkForm(StepForm):
    employment = _model_field(
        "employment", required=True, widget=forms.RadioSelect, label=_("What is your work situation now?")
    )
    hours_per_week = forms.IntegerField(
        label=_("How many hours a week can you give the programme?"), min_value=0, max_value=80
    )
    device = _model_field("device", required=True, widget=forms.RadioSelect)
    internet = _model_field(
        "internet", required=True, widget=forms.RadioSelect, label=_("How is your internet connection?")
    )
    can_travel = _yes_no(_("Can you travel to trainings in your region?"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("employment", "device", "internet"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]


class MotivationForm(StepForm):
    motivation = forms.CharField(
        label=_("Why do you want to join the programme?"),
        min_length=MOTIVATION_MIN,
        max_length=MOTIVATION_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MOTIVATION_MAX}),
        help_text=_("Between 50 and 1000 characters."),
    )
    goal = forms.CharField(
        label=_("What will you do with these skills in a year?"),
        min_length=MOTIVATION_MIN,
        max_length=MOTIVATION_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MOTIVATION_MAX}),
        help_text=_("Between 50 and 1000 characters."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        answers = self.application.extra_answers
        for question in self.application.call.questions.all():
            name = f"question_{question.pk}"
            label, required = question.label, question.required
            if question.kind == QuestionKind.SHORT:
                field = forms.CharField(label=label, required=required, max_length=300)
            elif question.kind == QuestionKind.LONG:
                field = forms.CharField(
                    label=label,
                    required=required,
                    max_length=MOTIVATION_MAX,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
            elif question.kind == QuestionKind.SINGLE:
                field = forms.ChoiceField(
                    label=label, required=required, choices=question.options(), widget=forms.RadioSelect
                )
            else:
                field = forms.MultipleChoiceField(
                    label=label,
                    required=required,
                    choices=question.options(),
                    widget=forms.CheckboxSelectMultiple,
                )
            field.validators.append(_no_control_characters)
            self.fields[name] = field
            self.initial[name] = answers.get(str(question.pk), "")

    def values(self) -> dict:
        extra = {
            name.removeprefix("question_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("question_")
        }
        return {
            "motivation": self.cleaned_data["motivation"],
            "goal": self.cleaned_data["goal"],
            "extra_answers": extra,
        }


class DocumentsForm(StepForm):
    cv = forms.FileField(
        label=_("Your CV (optional)"),
        required=False,
        help_text=_("A PDF, JPEG or PNG file up to 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )
    consent = forms.BooleanField(label=_("I agree to the use of my data as described above."))

    def initial_from(self, application: Application) -> dict:
        return {"consent": application.consent_at is not None}

    def clean_cv(self):
        upload = self.cleaned_data.get("cv")
        if not upload:
            return upload
        kind = cv_validate(upload)
        upload.name = f"cv.{kind}"
        return upload

    def values(self) -> dict:
        values = {"consent_at": self.application.consent_at or timezone.now()}
        if self.cleaned_data.get("cv"):
            values["cv"] = self.cleaned_data["cv"]
        return values


STEP_FORMS = {
    "personal": PersonalForm,
    "location": LocationForm,
    "education": EducationForm,
    "skills": SkillsForm,
    "work": WorkForm,
    "motivation": MotivationForm,
    "documents": DocumentsForm,
}


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, withdraw my application"))


class EraseForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, erase my personal data from this application"))
