from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from .enums import Role
from .services import user_role_add


class AccountAdapter(DefaultAccountAdapter):
    """Public sign-up creates applicants; emails go out in the recipient's language."""

    def get_login_redirect_url(self, request):
        return reverse("home")

    @transaction.atomic
    def save_user(self, request, user, form, commit=True):
        user.language = translation.get_language() or "tg"
        user = super().save_user(request, user, form, commit=True)
        user_role_add(user=user, role=Role.APPLICANT)
        return user

    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
