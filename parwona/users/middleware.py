from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _


class UserLanguageMiddleware:
    """Use the signed-in user's preferred language; others get cookie, browser, then Tajik."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


# Paths a staff member without two-factor authentication may still open: her account
# pages (where she enrols), the language switch, public pages and the probes.
_MFA_EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz", "/readyz")
_MFA_EXEMPT_EXACT = ("/",)


class StaffMFARequiredMiddleware:
    """Send staff who have not enrolled TOTP to the enrolment page before any other page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        path = request.path_info
        if (
            user is not None
            and user.is_authenticated
            and user.is_programme_staff
            and path not in _MFA_EXEMPT_EXACT
            and not path.startswith(_MFA_EXEMPT_PREFIXES)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.warning(
                request,
                _("Staff accounts open personal data. Set up two-factor authentication to continue."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
