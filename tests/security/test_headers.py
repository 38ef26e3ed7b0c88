"""Every page carries the portal's security headers; signed-in pages are never cached."""

import pytest
from django.urls import reverse

from parwona.users.enums import Role
from tests.test_settings import PRODUCTION, _manage

pytestmark = pytest.mark.django_db

CSP_DIRECTIVES = {
    "default-src": "'self'", "script-src": "'self'", "style-src": "'self'", "img-src": "'self' data:",
    "font-src": "'self'", "connect-src": "'self'", "form-action": "'self'", "frame-ancestors": "'none'",
    "base-uri": "'self'", "object-src": "'none'",
}


def _csp(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


@pytest.mark.parametrize("path", ["/", "/calls/", "/accounts/login/", "/accounts/signup/", "/firms/apply/"])
def test_public_pages_send_the_security_headers(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert _csp(response) == CSP_DIRECTIVES
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def test_public_pages_may_be_cached_by_the_browser(client):
    assert "no-store" not in client.get("/calls/").get("Cache-Control", "")


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.COORDINATOR, Role.FIRM])
def test_signed_in_pages_are_kept_out_of_every_cache(client, make_user, role):
    client.force_login(make_user(role))

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert sorted(part.strip() for part in response["Cache-Control"].split(",")) == ["no-store", "private"]


def test_session_and_csrf_cookies_are_http_only_and_same_site(client, make_user):
    applicant = make_user(Role.APPLICANT)
    csrf = client.get(reverse("account_login")).cookies["csrftoken"]

    response = client.post(reverse("account_login"),
                           {"login": applicant.email, "password": "correct-horse-battery"})

    session = response.cookies["sessionid"]
    assert (session["httponly"], session["samesite"]) == (True, "Lax")
    assert (csrf["httponly"], csrf["samesite"]) == (True, "Lax")


def test_production_sends_hsts_and_secure_cookies():
    result = _manage(
        "shell", "-c",
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.STAFF_IDLE_TIMEOUT_SECONDS)",
        env=PRODUCTION,
    )

    assert result.returncode == 0, result.stderr
    figures = result.stdout.strip().splitlines()[-1].split()
    assert figures == ["31536000", "True", "True", "True", "True", "1800"]
