"""Forms of assignments: the trainers' assignment form, her submission, the trainer's feedback."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .assignments import ASSIGNMENT_FIELDS, FILE_TYPES_MESSAGE, submission_file_validate
from .enums import GRADE_MAX, GRADE_MIN, SubmissionStatus
from .models import Assignment, Module

GRADE_CHOICES = [(str(g), str(g)) for g in range(GRADE_MIN, GRADE_MAX + 1)]


class AssignmentForm(forms.ModelForm):
    """An assignment of a cohort; the due date is read in Dushanbe time (the portal's time zone)."""

    due_at = forms.DateTimeField(
        label=_("Due (Dushanbe time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    class Meta:
        model = Assignment
        fields = ASSIGNMENT_FIELDS

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = Module.objects.filter(cohort=cohort)
        for name in ("instructions_tg", "instructions_ru", "instructions_en"):
            self.fields[name].widget.attrs["rows"] = 4
        for name, field in self.fields.items():
            if name != "required":
                field.widget.attrs.setdefault("class", "form-select" if name == "module" else "form-control")

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in ASSIGNMENT_FIELDS}


class SubmissionForm(forms.Form):
    """Her answer: text, a link or a file; the service decides whether it is enough."""

    text = forms.CharField(
        label=_("Your answer"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    link = forms.CharField(
        label=_("Link"),
        required=False,
        max_length=500,
        help_text=_("For example your shop's address on LakLak, Alif Shop, Avval or Alibaba.com."),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    file = forms.FileField(label=_("File"), required=False, help_text=FILE_TYPES_MESSAGE)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            submission_file_validate(upload)
        return upload

    def values(self) -> dict:
        return {
            "text": self.cleaned_data["text"],
            "link": self.cleaned_data["link"],
            "file": self.cleaned_data["file"],
        }


class FeedbackForm(forms.Form):
    """The trainer's grade 0-4 and comment; below the pass grade, whether she resubmits."""

    grade = forms.TypedChoiceField(
        label=_("Grade"),
        choices=GRADE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Give a grade from 0 to 4.")},
    )
    outcome = forms.ChoiceField(
        label=_("If the grade is below the pass grade"),
        required=False,
        widget=forms.RadioSelect,
        choices=[
            (SubmissionStatus.RESUBMIT, _("Ask her to resubmit")),
            (SubmissionStatus.FAILED, _("Not passed (closes the assignment)")),
        ],
        initial=SubmissionStatus.RESUBMIT,
    )
    feedback = forms.CharField(
        label=_("Feedback"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What she did well and what to improve. She reads it in the portal and by email."),
    )

    def values(self) -> dict:
        return {
            "grade": self.cleaned_data["grade"],
            "feedback": self.cleaned_data["feedback"],
            "outcome": self.cleaned_data["outcome"] or None,
        }
