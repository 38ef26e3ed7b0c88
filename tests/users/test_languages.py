import pytest
from django.urls import reverse

from parwona.users.enums import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("ru-RU,ru;q=0.9", "ru"), ("en-US,en;q=0.8", "en"), ("tg", "tg"), ("de-DE,de", "tg"), ("", "tg")],
)
def test_landing_follows_the_browser_language_then_tajik(client, accept, expected):
    response = client.get(reverse("landing"), HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 200
    assert f'<html lang="{expected}">' in response.content.decode()


def test_language_switch_sets_a_cookie_for_visitors(client):
    response = client.post(
        reverse("language_set"), {"language": "ru", "next": "/accounts/login/"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert response.cookies["parwona_language"].value == "ru"
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="ru">' in page.content.decode()


def test_language_switch_refuses_an_unknown_language_and_foreign_redirects(client):
    response = client.post(reverse("language_set"), {"language": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert "parwona_language" not in response.cookies


def test_language_choice_is_remembered_for_the_user(client, make_user):
    user = make_user(Role.APPLICANT, language="tg")
    client.force_login(user)
    client.post(reverse("language_set"), {"language": "en", "next": "/home/"})
    user.refresh_from_db()
    assert user.language == "en"
    client.logout()
    client.cookies.clear()
    client.force_login(user)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="ru")
    assert '<html lang="en">' in page.content.decode()
