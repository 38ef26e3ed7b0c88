"""While the database is unreachable the portal answers a translated 503 page, never a traceback."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import CallFactory

pytestmark = pytest.mark.django_db


def _database_down(error=OperationalError):
    return mock.patch.object(
        BaseDatabaseWrapper, "ensure_connection", side_effect=error("connection to 127.0.0.1:5432 refused")
    )


def _heading(language: str) -> str:
    with translation.override(language):
        return gettext("The portal is unavailable for a moment")


@pytest.mark.parametrize("language", ["tg", "ru", "en"])
def test_public_page_with_the_database_down_answers_503_in_her_language(client, language):
    CallFactory()
    with _database_down(), translation.override(None):
        response = client.get("/calls/", HTTP_ACCEPT_LANGUAGE=language)

    assert (response.status_code, response["Retry-After"]) == (503, "60")
    assert response["Content-Language"] == language
    assert {"503.html", "base.html"} <= {t.name for t in response.templates}
    page = response.content.decode()
    assert page.count(_heading(language)) == 1
    assert len({_heading(code) for code in ("tg", "ru", "en")}) == 3
    assert "no-store" in response["Cache-Control"]
    assert "Traceback" not in page


def test_signed_in_page_with_the_database_down_answers_503_from_the_session_middleware(client, make_user):
    # Her user is loaded in a middleware, before any view: the 500 handler gives the same page.
    applicant = make_user("applicant", language="ru")
    client.force_login(applicant)
    client.raise_request_exception = False

    with _database_down(InterfaceError), translation.override(None):
        response = client.get("/applications/", HTTP_ACCEPT_LANGUAGE="en")

    assert (response.status_code, response["Retry-After"]) == (503, "60")
    assert response.content.decode().count(_heading("en")) == 1


def test_page_failing_otherwise_still_answers_500(client):
    client.raise_request_exception = False

    with mock.patch("applicants.views.calls_open", side_effect=ValueError("a bug")):
        response = client.get("/calls/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 500
    assert response.has_header("Retry-After") is False
