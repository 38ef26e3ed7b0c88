"""Accounts in a browser: an applicant signs up, a coordinator enrols in TOTP, the language sticks."""

import re
import time

import pytest
from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core import mail
from playwright.sync_api import expect

from parwona.users.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIGNUP_PASSWORD = "silk-road-shop-2025"


def _totp_code(secret: str) -> str:
    """Return the current code of `secret`, waiting out the last seconds of a period so it stays valid."""
    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < 3:
        time.sleep(left + 0.1)
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_applicant_signup_verifies_email_and_lands_home(live_server, page, roles, screenshot):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Create an account to apply").click()
    page.fill("#id_email", "nigora@example.tj")
    page.fill("#id_password1", SIGNUP_PASSWORD)
    page.fill("#id_password2", SIGNUP_PASSWORD)
    page.fill("#id_full_name", "Нигора Юсупова")
    page.fill("#id_phone", "93 123 45 67")
    screenshot(page, "1-form")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/accounts/confirm-email/")
    screenshot(page, "2-verification-sent")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nigora@example.tj"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    screenshot(page, "3-confirm")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(live_server.url + "/home/")
    screenshot(page, "4-home")

    panel = page.locator("section[aria-labelledby=panel-account]")
    assert panel.locator("h2").inner_text() == "Your account"
    assert panel.locator("dd").first.inner_text() == "nigora@example.tj"
    user = User.objects.get(email="nigora@example.tj")
    assert (user.full_name, user.phone, user.language) == ("Нигора Юсупова", "+992931234567", "en")
    assert user.roles == frozenset({"applicant"})


def test_coordinator_without_totp_enrols_before_audit_log(
    live_server, page, coordinator, user_password, sign_in, screenshot
):
    sign_in(page, email=coordinator.email)
    screenshot(page, "1-signed-in")

    page.goto(live_server.url + "/staff/audit/")
    # allauth asks for the password again before adding an authenticator, even right after sign-in.
    assert (
        page.url == f"{live_server.url}/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    )
    assert page.locator(".alert-warning").inner_text() == (
        "Staff accounts open personal data. Set up two-factor authentication to continue."
    )
    screenshot(page, "2-reauthenticate")
    page.fill("#id_password", user_password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/accounts/2fa/totp/activate/")
    screenshot(page, "3-activation")
    secret = page.locator("#authenticator_secret").input_value()
    page.fill("#id_code", _totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    page.wait_for_url(live_server.url + "/accounts/2fa/recovery-codes/")
    screenshot(page, "4-recovery-codes")

    page.goto(live_server.url + "/staff/audit/")
    assert page.url == live_server.url + "/staff/audit/"
    assert page.locator("main h1").inner_text() == "Audit log"
    assert page.locator("tbody code").first.inner_text() == "mfa.enrolled"
    screenshot(page, "5-audit-log")
    kinds = Authenticator.objects.filter(user=coordinator).values_list("type", flat=True)
    assert sorted(kinds) == ["recovery_codes", "totp"]


def test_language_choice_is_remembered_across_sign_in(
    live_server, browser_context_new, applicant, sign_in, screenshot
):
    page = browser_context_new().new_page()
    sign_in(page, email=applicant.email)
    assert page.url == live_server.url + "/home/"
    assert page.evaluate("document.documentElement.lang") == "tg"

    page.get_by_role("button", name="Русский", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    page.goto(live_server.url + "/accounts/logout/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/")

    fresh = browser_context_new(locale="en-US", extra_http_headers={"Accept-Language": "en"}).new_page()
    fresh.goto(live_server.url + "/accounts/login/")
    assert fresh.evaluate("document.documentElement.lang") == "en"
    sign_in(fresh, email=applicant.email)

    assert fresh.url == live_server.url + "/home/"
    assert fresh.evaluate("document.documentElement.lang") == "ru"
    assert fresh.locator(".language-bar button[aria-current=true]").get_attribute("value") == "ru"
    screenshot(fresh, "home-ru")
    applicant.refresh_from_db()
    assert applicant.language == "ru"
