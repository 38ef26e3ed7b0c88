import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from parwona.users.enums import Role

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["home", "audit_log", "people_list", "invite", "job_list"]


@pytest.mark.parametrize("url_name", STAFF_PAGES)
def test_staff_without_totp_is_sent_to_enrolment(client, make_user, url_name):
    client.force_login(make_user(Role.COORDINATOR, totp=False))
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.TRAINER])
def test_every_staff_role_needs_totp(client, make_user, role):
    client.force_login(make_user(role, totp=False))
    assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")


def test_admin_without_totp_cannot_open_the_admin(client, make_user):
    client.force_login(make_user(None, is_superuser=True, is_staff=True, totp=False))
    assert client.get("/admin/")["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.PARTICIPANT, Role.FIRM, Role.DONOR])
def test_non_staff_roles_need_no_totp(client, make_user, role):
    client.force_login(make_user(role, totp=False))
    assert client.get(reverse("home")).status_code == 200


def test_coordinator_opens_staff_pages_after_enrolling_totp(client, make_user):
    coordinator = make_user(Role.COORDINATOR, totp=False)
    response = client.post(
        reverse("account_login"),
        {"login": coordinator.email, "password": "correct-horse-battery"},
        follow=True,
    )
    # allauth asks for the password again before changing sign-in security.
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert client.get(reverse("audit_log")).status_code == 302
    response = client.post(response.redirect_chain[-1][0], {"password": "correct-horse-battery"})
    assert response["Location"] == reverse("mfa_activate_totp")

    # Enrol through allauth's own page: it shows a secret and wants a current code.
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    code = format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302

    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).count() == 1
    assert client.get(reverse("audit_log")).status_code == 200


def test_login_of_staff_with_totp_asks_for_the_code(client, make_user):
    coordinator = make_user(Role.COORDINATOR, totp=False)
    from allauth.mfa.totp.internal.auth import TOTP

    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    response = client.post(
        reverse("account_login"), {"login": coordinator.email, "password": "correct-horse-battery"}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("home")).status_code == 302  # not signed in until the code is given
    code = format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
