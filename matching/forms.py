import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from applicants.enums import Region
from parwona.users.phones import phone_normalize

from .enums import (
    CAPACITY_MAX,
    CAPACITY_MIN,
    FIRM_LANGUAGES,
    HOURS_MAX,
    HOURS_MIN,
    Channel,
    FirmSize,
    FirmStatus,
    Market,
    Sector,
    Skill,
    WorkMode,
)
from .models import TAX_NUMBER_MESSAGE, Firm

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAX_SEPARATORS = re.compile(r"[\s\-]")


def _no_control_characters(value: str) -> None:
    if isinstance(value, str) and _CONTROL.search(value):
        raise ValidationError(_("Remove the invisible control characters from this answer."), code="control")


def _max_length(name: str) -> int:
    return Firm._meta.get_field(name).max_length


def _radio(label, choices, **kwargs):
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, **kwargs)


def _ticks(label, choices, **kwargs):
    return forms.MultipleChoiceField(
        label=label, choices=choices, widget=forms.CheckboxSelectMultiple, **kwargs
    )


# Every field a firm gives, by name; forms pick the ones they show.
def _firm_fields() -> dict[str, forms.Field]:
    return {
        "name": forms.CharField(label=_("Name of the firm"), max_length=_max_length("name")),
        "tax_number": forms.CharField(
            label=_("Tax number (INN)"),
            required=False,
            max_length=20,
            help_text=_("Optional. 9 digits."),
            widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        ),
        "sector": forms.ChoiceField(label=_("Sector"), choices=[("", "—"), *Sector.choices]),
        "size": _radio(_("How many people work at the firm?"), FirmSize.choices),
        "region": _radio(_("Region"), Region.choices),
        "city": forms.CharField(
            label=_("City or district"),
            max_length=_max_length("city"),
            help_text=_("For example Dushanbe, Khujand, Bokhtar, Kulob or Khorog."),
        ),
        "sells": forms.CharField(
            label=_("What does the firm sell?"),
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
        ),
        "channels": _ticks(_("Where does the firm sell online now?"), Channel.choices),
        "market": _radio(_("Where are its customers?"), Market.choices),
        "baseline_revenue": forms.DecimalField(
            label=_("Online sales in an average month now, in somoni (TJS)"),
            min_value=0,
            max_digits=12,
            decimal_places=2,
            help_text=_("Before the programme. Write 0 if the firm does not sell online yet."),
            error_messages={"min_value": _("Enter an amount of zero or more somoni.")},
            widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0"}),
        ),
        "baseline_shops": forms.IntegerField(
            label=_("How many online shops does the firm have now?"),
            min_value=0,
            max_value=1000,
            help_text=_("Shops or pages on marketplaces and social networks where customers can order."),
            error_messages={"min_value": _("Enter zero or more shops.")},
        ),
        "skills_needed": _ticks(_("Which skills does the firm need most?"), Skill.choices),
        "languages": _ticks(_("Which languages must the manager speak?"), FIRM_LANGUAGES),
        "work_mode": _radio(_("How would the manager work?"), WorkMode.choices),
        "hours_per_week": forms.IntegerField(
            label=_("Hours a week the firm needs"),
            min_value=HOURS_MIN,
            max_value=HOURS_MAX,
            error_messages={
                "min_value": _("Enter between 1 and 60 hours a week."),
                "max_value": _("Enter between 1 and 60 hours a week."),
            },
        ),
        "capacity": forms.IntegerField(
            label=_("How many e-commerce managers can the firm host?"),
            min_value=CAPACITY_MIN,
            max_value=CAPACITY_MAX,
            initial=1,
            error_messages={
                "min_value": _("A firm can host between 1 and 10 managers."),
                "max_value": _("A firm can host between 1 and 10 managers."),
            },
        ),
        "contact_name": forms.CharField(
            label=_("Contact person"),
            max_length=_max_length("contact_name"),
            widget=forms.TextInput(attrs={"autocomplete": "name"}),
        ),
        "contact_phone": forms.CharField(
            label=_("Phone"),
            max_length=24,
            help_text=_("A Tajik number, for example +992 93 123 45 67."),
            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        ),
        "contact_email": forms.EmailField(
            label=_("Email address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
        ),
    }


SECTIONS = [
    (_("About the firm"), ["name", "tax_number", "sector", "size", "region", "city", "sells"]),
    (_("Online sales today"), ["channels", "market", "baseline_revenue", "baseline_shops"]),
    (
        _("The manager the firm needs"),
        ["skills_needed", "languages", "work_mode", "hours_per_week", "capacity"],
    ),
    (_("Contact person"), ["contact_name", "contact_phone", "contact_email"]),
]


class FirmFieldsForm(forms.Form):
    """A form over some of a firm's fields; `values()` are ready for the services."""

    field_names: list[str] = []

    def __init__(self, *args, field_names: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        every = _firm_fields()
        for name in field_names if field_names is not None else self.field_names:
            self.fields[name] = every[name]
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(_no_control_characters)

    def sections(self) -> list[tuple[str, list]]:
        """Return the form's fields grouped as the page shows them, each group with its title."""
        shown = []
        for title, names in SECTIONS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                shown.append((title, fields))
        return shown

    def clean_tax_number(self) -> str:
        value = _TAX_SEPARATORS.sub("", self.cleaned_data["tax_number"])
        if value and not re.fullmatch(r"[0-9]{9}", value):
            raise ValidationError(TAX_NUMBER_MESSAGE, code="tax_number")
        return value

    def clean_contact_phone(self) -> str:
        return phone_normalize(self.cleaned_data["contact_phone"])

    def clean_contact_email(self) -> str:
        return self.cleaned_data["contact_email"].strip().lower()

    def clean_channels(self) -> list[str]:
        channels = self.cleaned_data["channels"]
        if Channel.NONE in channels and len(channels) > 1:
            raise ValidationError(
                _("Tick “None yet” alone, or only the channels the firm uses."), code="none"
            )
        return [c for c in Channel.values if c in channels]

    def clean_skills_needed(self) -> list[str]:
        return [s for s in Skill.values if s in self.cleaned_data["skills_needed"]]

    def clean_languages(self) -> list[str]:
        return [code for code, _name in FIRM_LANGUAGES if code in self.cleaned_data["languages"]]

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name in _firm_fields_names()}


def _firm_fields_names() -> set[str]:
    return {name for _title, names in SECTIONS for name in names}


class FirmApplicationForm(FirmFieldsForm):
    """The public application of a firm; a new visitor's contact email becomes her sign-in."""

    field_names = [name for _title, names in SECTIONS for name in names]

    def __init__(self, *args, new_account: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_account = new_account
        self.fields["skills_needed"].required = True
        self.fields["languages"].required = True
        self.fields["channels"].required = True
        if new_account:
            self.fields["contact_email"].help_text = _(
                "You sign in with this address: we email it a link to choose your password."
            )
        self.fields["language"] = _radio(_("Language for our messages"), settings.LANGUAGES)
        self.fields["consent"] = forms.BooleanField(
            label=_(
                "I agree that the programme stores these details to select firms and match them with "
                "participants."
            ),
        )

    def sections(self):
        shown = super().sections()
        shown.append((_("Confirm"), [self["language"], self["consent"]]))
        return shown


class FirmEditForm(FirmFieldsForm):
    """A representative's changes to what her firm's status still lets her change."""

    def __init__(self, *args, firm: Firm, field_names: list[str], **kwargs):
        initial = {name: getattr(firm, name) for name in field_names}
        super().__init__(*args, field_names=field_names, initial=initial, **kwargs)
        for name in ("skills_needed", "languages", "channels"):
            if name in self.fields:
                self.fields[name].required = True


class FirmFilterForm(forms.Form):
    q = forms.CharField(label=_("Name of the firm"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *FirmStatus.choices]
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )

    def filters(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


class FirmDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
        help_text=_("The firm's representative reads this reason in the email we send."),
    )


class FirmBaselineForm(forms.Form):
    baseline_revenue = _firm_fields()["baseline_revenue"]
    baseline_shops = _firm_fields()["baseline_shops"]
