import time
from urllib.parse import quote

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
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


# The session key holding when a staff member last opened a page (seconds since the epoch).
LAST_SEEN_KEY = "parwona_last_seen"
# Write the time at most this often, so that every page does not rewrite the session.
_LAST_SEEN_RESOLUTION = 60


class StaffIdleTimeoutMiddleware:
    """Sign staff out after STAFF_IDLE_TIMEOUT_SECONDS without a page; others keep their session.

    Staff open many women's personal data, often on shared office computers: a session left open
    must not stay usable. Applicants, firms and participants keep the usual two-week session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_programme_staff:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.STAFF_IDLE_TIMEOUT_SECONDS:
                logout(request)
                messages.info(request, _("You were signed out after a time without activity. Sign in again."))
                login_url = f"{reverse('account_login')}?next={quote(request.get_full_path())}"
                if getattr(request, "htmx", False):
                    # A fragment request (a job's progress) sends the whole page to the login.
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = login_url
                    return response
                return redirect(login_url)
            if last_seen is None or now - last_seen >= _LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
