"""Forms of the curriculum and sessions. They validate and hand their values to the services."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from applicants.models import Cohort

from . import curriculum
from .curriculum_selectors import trainers
from .models import Lesson, Module, PeerGroup, Session

# Sessions are held in Tajikistan: the form reads and shows Dushanbe time whatever the server runs in.
DUSHANBE = ZoneInfo("Asia/Dushanbe")
LANGUAGES = [("tg", _("Tajik")), ("ru", _("Russian")), ("en", _("English"))]


class _LanguageGroupsMixin:
    """Label the per-language fields of each text by their language, to be shown in one fieldset."""

    language_texts: list[tuple[str, str]] = []

    def _languages_prepare(self) -> None:
        for name, _legend in self.language_texts:
            for code, language in LANGUAGES:
                field = self.fields[f"{name}_{code}"]
                field.label = language
                field.required = False
                field.widget.attrs["lang"] = code

    def language_groups(self) -> list[tuple[str, list]]:
        """Return (legend, bound fields in Tajik, Russian, English) for each text."""
        return [
            (legend, [self[f"{name}_{code}"] for code, _language in LANGUAGES])
            for name, legend in self.language_texts
        ]

    def values(self) -> dict:
        return dict(self.cleaned_data)


class ModuleForm(_LanguageGroupsMixin, forms.ModelForm):
    language_texts = [("title", _("Title")), ("summary", _("Summary (optional)"))]

    class Meta:
        model = Module
        fields = curriculum.MODULE_FIELDS
        widgets = {f"summary_{code}": forms.Textarea(attrs={"rows": 3}) for code, _language in LANGUAGES}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._languages_prepare()

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                curriculum.module_values_check(cleaned)
            except ValidationError as exc:
                self.add_error("title_tg" if exc.code == "title" else "skill", exc)
        return cleaned


class LessonForm(_LanguageGroupsMixin, forms.ModelForm):
    language_texts = [("title", _("Title")), ("body", _("Content (Markdown)"))]

    class Meta:
        model = Lesson
        fields = curriculum.LESSON_FIELDS
        widgets = {f"body_{code}": forms.Textarea(attrs={"rows": 12}) for code, _language in LANGUAGES}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._languages_prepare()
        for code, _language in LANGUAGES:
            self.fields[f"body_{code}"].help_text = _(
                "Headings (#), lists (-), **bold**, *italics*, [links](https://...), `code`, > quotes and "
                "tables. No images or HTML."
            )

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                curriculum._titles_check(cleaned)
            except ValidationError as exc:
                self.add_error("title_tg", exc)
        return cleaned


class ResourceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.CharField(
        label=_("Link"), max_length=500, widget=forms.URLInput, validators=[curriculum.link_check]
    )

    def values(self) -> dict:
        return dict(self.cleaned_data)


class CurriculumCopyForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Copy the curriculum of"), queryset=Cohort.objects.none())
    shift_days = forms.IntegerField(
        label=_("Shift the due dates by (days)"),
        required=False,
        min_value=-3650,
        max_value=3650,
        help_text=_("Leave empty to shift them by the difference between the cohorts' start dates."),
    )

    def __init__(self, *args, target: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = (
            Cohort.objects.exclude(pk=target.pk)
            .filter(modules__isnull=False)
            .distinct()
            .order_by("-created_at")
        )


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    time = forms.TimeField(
        label=_("Time"),
        help_text=_("Dushanbe time."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H:%M:%S"],
    )
    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=15, max_value=600, initial=90
    )
    online_url = forms.CharField(
        label=_("Online link"),
        max_length=500,
        required=False,
        widget=forms.URLInput,
        validators=[curriculum.link_check],
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    trainer = forms.ModelChoiceField(label=_("Trainer"), queryset=trainers(), required=False)
    module = forms.ModelChoiceField(label=_("Module"), queryset=Module.objects.none(), required=False)
    peer_group = forms.ModelChoiceField(
        label=_("Peer group"),
        queryset=PeerGroup.objects.none(),
        required=False,
        help_text=_("Leave empty for a session of the whole cohort."),
    )

    def __init__(self, *args, cohort: Cohort, instance: Session | None = None, **kwargs):
        if instance is not None:
            local = instance.starts_at.astimezone(DUSHANBE)
            kwargs.setdefault("initial", {}).update(
                title=instance.title,
                date=local.date(),
                time=local.time().replace(second=0, microsecond=0),
                duration_minutes=instance.duration_minutes,
                online_url=instance.online_url,
                place=instance.place,
                trainer=instance.trainer_id,
                module=instance.module_id,
                peer_group=instance.peer_group_id,
            )
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.fields["trainer"].queryset = trainers()
        self.fields["module"].queryset = Module.objects.filter(cohort=cohort).order_by("position", "pk")
        self.fields["peer_group"].queryset = PeerGroup.objects.filter(cohort=cohort).order_by("name")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if not cleaned.get("online_url", "").strip() and not cleaned.get("place", "").strip():
            self.add_error(
                "online_url", ValidationError(curriculum.MESSAGE_ONLINE_OR_PLACE, code="online_or_place")
            )
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        starts_at = datetime.combine(data["date"], data["time"], tzinfo=DUSHANBE)
        return {
            "title": data["title"],
            "starts_at": starts_at,
            "duration_minutes": data["duration_minutes"],
            "online_url": data["online_url"].strip(),
            "place": data["place"].strip(),
            "trainer": data["trainer"],
            "module": data["module"],
            "peer_group": data["peer_group"],
        }
