"""Sign-in rotates the session; staff are signed out after a time without activity; others are not."""

import time

import pytest
from django.urls import reverse

from parwona.users.enums import Role
from parwona.users.middleware import LAST_SEEN_KEY

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def test_signing_in_gives_a_new_session_key(client, make_user):
    applicant = make_user(Role.APPLICANT)
    session = client.session
    session["parwona_probe"] = "before sign-in"
    session.save()
    before = session.session_key
    client.cookies["sessionid"] = before

    response = client.post(reverse("account_login"), {"login": applicant.email, "password": PASSWORD})

    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    assert client.session["_auth_user_id"] == str(applicant.pk)
    from django.contrib.sessions.models import Session

    assert Session.objects.filter(session_key=before).exists() is False


def _age_session(client, seconds: float) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - seconds
    session.save()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.REVIEWER, Role.TRAINER])
def test_staff_are_signed_out_after_thirty_idle_minutes(client, make_user, role, settings):
    settings.STAFF_IDLE_TIMEOUT_SECONDS = 1800
    client.force_login(make_user(role, language="ru"))
    assert client.get(reverse("home")).status_code == 200
    _age_session(client, 1801)

    response = client.get(reverse("home"), headers={"accept-language": "en"})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/home/"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"], headers={"accept-language": "en"})
    # Told in her own language, as she chose it on her account.
    assert [str(message) for message in page.context["messages"]] == [
        "Вы вышли из системы после периода бездействия. Войдите снова."]


def test_staff_active_within_the_timeout_stay_signed_in(client, make_user, settings):
    settings.STAFF_IDLE_TIMEOUT_SECONDS = 1800
    coordinator = make_user(Role.COORDINATOR)
    client.force_login(coordinator)
    client.get(reverse("home"))
    _age_session(client, 1700)

    assert client.get(reverse("home")).status_code == 200
    # The visit moved the last-seen time on, so another 1,700 s later she is still signed in.
    assert time.time() - client.session[LAST_SEEN_KEY] < 5
    assert client.session["_auth_user_id"] == str(coordinator.pk)


def test_an_idle_staff_fragment_request_sends_the_page_to_the_login(client, make_user):
    client.force_login(make_user(Role.COORDINATOR))
    client.get(reverse("home"))
    _age_session(client, 3600)

    response = client.get(reverse("home"), headers={"hx-request": "true"})

    assert (response.status_code, response["HX-Redirect"]) == (204, f"{reverse('account_login')}?next=/home/")


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.PARTICIPANT, Role.FIRM, Role.DONOR])
def test_applicants_firms_and_donors_keep_their_session(client, make_user, role):
    user = make_user(role)
    client.force_login(user)
    _age_session(client, 7 * 24 * 3600)

    assert client.get(reverse("home")).status_code == 200
    assert client.session["_auth_user_id"] == str(user.pk)
