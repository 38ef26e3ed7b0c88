"""Middleware of the portal: headers added to every page, and a clear page while the database is down."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers, patch_cache_control

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """Add Permissions-Policy and Cross-Origin-Resource-Policy; keep signed-in pages out of caches.

    A page for a signed-in person holds her personal data (or other women's, for staff), and phones
    and computers are often shared: no browser or proxy may keep a copy to show from its history.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        # Cache-Control first: the 503 page sets it, and asking for the user would need the database.
        if "Cache-Control" not in response:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                patch_cache_control(response, private=True, no_store=True)
        return response


DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60


def database_unavailable() -> HttpResponse:
    """Return the 503 page, rendered without the user or context processors: they need the database."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 with Retry-After when a view fails to reach the database.

    The view's transaction has been rolled back by then, so nothing was half written. A failure
    in a middleware before the view (loading the session's user) reaches the 500 handler, which
    gives the same page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_DOWN):
            return None
        logger.error("Database unreachable (%s); answered 503", type(exception).__name__)
        return database_unavailable()
