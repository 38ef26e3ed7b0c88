import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from parwona.core.models import AuditEntry
from parwona.users.enums import Role
from parwona.users.models import User
from parwona.users.roles import role_permissions
from parwona.users.services import roles_sync, user_invite

pytestmark = pytest.mark.django_db


def test_roles_sync_creates_every_role_group_with_its_permissions(roles):
    roles_sync()  # a second run changes nothing
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(Role.values)
    coordinator = Group.objects.get(name=Role.COORDINATOR)
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in coordinator.permissions.all()}
    assert granted == set(role_permissions()[Role.COORDINATOR])
    assert Group.objects.get(name=Role.APPLICANT).permissions.count() == 0


def _signup(client, **fields):
    data = {"password1": "a-long-passphrase-2025", "password2": "a-long-passphrase-2025"} | fields
    return client.post(reverse("account_signup"), data, HTTP_ACCEPT_LANGUAGE="ru")


def test_signup_creates_an_applicant_with_normalised_phone_and_sends_verification(client, roles):
    response = _signup(client, email="Zarina@Example.tj", full_name="Зарина Саидова", phone="93 123 45 67")
    assert response.status_code == 302
    user = User.objects.get(email="zarina@example.tj")
    assert user.full_name == "Зарина Саидова"
    assert user.phone == "+992931234567"
    assert user.language == "ru"
    assert user.roles == {Role.APPLICANT}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["zarina@example.tj"]


def test_signup_refuses_a_foreign_phone_and_creates_nothing(client, roles):
    response = _signup(client, email="a@example.tj", full_name="Ҳилола", phone="+7 912 345 67 89")
    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    assert User.objects.count() == 0


def test_primary_role_follows_precedence(make_user):
    user = make_user(Role.APPLICANT)
    user.groups.add(Group.objects.get(name=Role.TRAINER))
    user.__dict__.pop("roles", None)
    assert user.primary_role == Role.TRAINER


def test_user_invite_creates_verified_staff_and_emails_her_language(
    make_user, django_capture_on_commit_callbacks
):
    coordinator = make_user(Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        invited = user_invite(
            actor=coordinator,
            email=" Reviewer@Example.TJ ",
            full_name="Фарзона Қодирова",
            role=Role.REVIEWER,
            language="en",
        )
    assert invited.email == "reviewer@example.tj"
    assert invited.roles == {Role.REVIEWER}
    assert invited.has_usable_password() is False
    assert EmailAddress.objects.get(user=invited).verified is True
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "You are invited to the PARWONA portal as Reviewer"
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    entry = AuditEntry.objects.get(action="user.invited")
    assert (entry.actor, entry.target_id, entry.details) == (
        coordinator,
        str(invited.pk),
        {"role": "reviewer"},
    )


def test_user_invite_refuses_an_existing_email_and_an_applicant_role(make_user):
    coordinator = make_user(Role.COORDINATOR)
    with pytest.raises(ValidationError) as info:
        user_invite(
            actor=coordinator,
            email=coordinator.email.upper(),
            full_name="X",
            role=Role.TRAINER,
            language="tg",
        )
    assert info.value.code == "exists"
    with pytest.raises(ValidationError) as info:
        user_invite(
            actor=coordinator, email="new@example.tj", full_name="X", role=Role.APPLICANT, language="tg"
        )
    assert info.value.code == "role"
    assert User.objects.count() == 1
    assert AuditEntry.objects.count() == 0


def test_invited_user_sets_her_password_from_the_emailed_link(
    client, make_user, django_capture_on_commit_callbacks
):
    coordinator = make_user(Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        user_invite(
            actor=coordinator, email="t@example.tj", full_name="Нилуфар", role=Role.TRAINER, language="tg"
        )
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/key/" in line)
    path = link.split("127.0.0.1:8000", 1)[1].strip()
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(form_url, {"password1": "a-new-passphrase-77", "password2": "a-new-passphrase-77"})
    assert response.status_code == 302
    assert User.objects.get(email="t@example.tj").check_password("a-new-passphrase-77") is True


def test_invite_page_sends_an_invitation(client, make_user):
    coordinator = make_user(Role.COORDINATOR)
    client.force_login(coordinator)
    response = client.post(
        reverse("invite"), {"email": "d@example.tj", "full_name": "Anna", "role": "donor", "language": "en"}
    )
    assert response.status_code == 302
    assert User.objects.get(email="d@example.tj").roles == {Role.DONOR}


def test_invite_page_shows_a_translated_error_for_an_existing_email(client, make_user):
    coordinator = make_user(Role.COORDINATOR, language="en")
    client.force_login(coordinator)
    response = client.post(
        reverse("invite"),
        {"email": coordinator.email, "full_name": "Anna", "role": "donor", "language": "en"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "An account with this email address already exists."
    ]
