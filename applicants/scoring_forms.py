"""The coordinator's rubric editor: one form per criterion, passed to `rubric_update`."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import RubricCriterion
from .scoring import AT_LEAST, AUTO_ANSWERS, points_check, points_parse, points_text, rubric_update

LANGUAGES = [("tg", _("Tajik")), ("ru", _("Russian")), ("en", _("English"))]


class CriterionForm(forms.Form):
    label_tg = forms.CharField(label=_("Label (Tajik)"), max_length=200)
    label_ru = forms.CharField(label=_("Label (Russian)"), max_length=200)
    label_en = forms.CharField(label=_("Label (English)"), max_length=200)
    weight = forms.DecimalField(label=_("Weight"), min_value=0, max_value=100, max_digits=5, decimal_places=2)
    points = forms.CharField(
        label=_("Points"), required=False, widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"})
    )

    def __init__(self, *args, criterion: RubricCriterion, **kwargs):
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        for code, _language in LANGUAGES:
            self.fields[f"label_{code}"].widget.attrs["lang"] = code
        if not criterion.is_auto:
            del self.fields["points"]
            return
        answer = AUTO_ANSWERS[criterion.key]
        if answer.kind == AT_LEAST:
            hint = answer.hint
        else:
            hint = _("Answers: %(answers)s") % {"answers": ", ".join(answer.values)}
        self.fields["points"].help_text = _("One line each, “answer = points” (0 to 10). %(hint)s") % {
            "hint": hint
        }

    def clean_points(self) -> dict:
        try:
            points = points_parse(self.cleaned_data["points"])
            return points_check(key=self.criterion.key, points=points)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc

    def values(self) -> dict:
        return {"key": self.criterion.key, **self.cleaned_data}


class RubricForm:
    """The criteria of a rubric, one form each, in the rubric's order."""

    def __init__(self, data=None, *, criteria: list[RubricCriterion]):
        self.forms = [
            CriterionForm(
                data,
                prefix=f"c-{criterion.key}",
                criterion=criterion,
                initial={
                    "label_tg": criterion.label_tg, "label_ru": criterion.label_ru,
                    "label_en": criterion.label_en, "weight": criterion.weight,
                    "points": points_text(criterion.points),
                },
            )
            for criterion in criteria
        ]

    def __iter__(self):
        return iter(self.forms)

    def is_valid(self) -> bool:
        # Every form is validated, so that each shows its errors.
        return all([form.is_valid() for form in self.forms])  # noqa: C419

    def save(self, *, rubric, actor):
        return rubric_update(rubric=rubric, actor=actor, criteria=[form.values() for form in self.forms])
