from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .enums import INVITABLE_ROLES
from .phones import phone_normalize


class SignupForm(forms.Form):
    """The applicant's own fields on the sign-up page, after email and password."""

    full_name = forms.CharField(label=_("Full name"), max_length=150, widget=forms.TextInput(
        attrs={"autocomplete": "name"}))
    phone = forms.CharField(
        label=_("Phone"),
        max_length=24,
        required=False,
        help_text=_("Optional. A Tajik number, for example +992 93 123 45 67."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"]
        return phone_normalize(raw) if raw.strip() else ""

    def signup(self, request, user) -> None:
        user.full_name = self.cleaned_data["full_name"].strip()
        user.phone = self.cleaned_data["phone"]
        user.save(update_fields=["full_name", "phone"])


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=[(r.value, r.label) for r in INVITABLE_ROLES])
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=settings.LANGUAGES)


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or email"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False)

    def __init__(self, *args, **kwargs):
        from .enums import Role

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("All roles")), *Role.choices]
