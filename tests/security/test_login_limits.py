"""Guessing passwords or two-factor codes is rate-limited, on the portal's login and the admin's."""

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse
from django.utils.translation import gettext, override

from parwona.users.enums import Role

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def _login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password},
                       headers={"accept-language": "ru"})


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, make_user):
    applicant = make_user(Role.APPLICANT)
    for _attempt in range(5):
        assert _login(client, applicant.email, "wrong-password-1").status_code == 200

    response = _login(client, applicant.email, PASSWORD)

    with override("ru"):
        message = gettext("Too many failed login attempts. Try again later.")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [message]
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_from_one_address_are_limited_across_accounts(client, make_user):
    people = [make_user(Role.APPLICANT) for _ in range(11)]
    for person in people[:10]:
        _login(client, person.email, "wrong-password-1")

    response = _login(client, people[10].email, PASSWORD)

    with override("ru"):
        message = gettext("Too many failed login attempts. Try again later.")
    assert response.context["form"].non_field_errors() == [message]
    assert "_auth_user_id" not in client.session


def test_the_admin_has_no_login_form_of_its_own(client, make_user):
    admin = make_user(None, is_superuser=True, is_staff=True)

    response = client.post("/admin/login/", {"username": admin.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('account_login')}?next=")
    assert "_auth_user_id" not in client.session


def test_guessing_two_factor_codes_is_limited(client, make_user):
    coordinator = make_user(Role.COORDINATOR, totp=False)
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    assert _login(client, coordinator.email, PASSWORD)["Location"] == reverse("mfa_authenticate")
    for _attempt in range(5):
        response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
        assert response.status_code == 200

    code = format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))
    response = client.post(reverse("mfa_authenticate"), {"code": code})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
