"""Hostile input into every field of every step: never a server error, always a message.

Very long text, control characters, emoji, HTML, SQL-like text and mixed scripts are posted
through the test client (which raises any exception a view lets through), and hostile uploads
(HTML renamed .pdf, oversize, wrong type, `../` names, empty) are refused.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from django.utils.translation import gettext, override
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applicants.enums import QuestionKind
from applicants.forms import STEP_FORMS
from applicants.models import Application
from applicants.steps import STEP_SLUGS
from applicants.uploads import CV_MAX_BYTES
from tests.factories import ApplicationFactory, CallFactory

from .step_data import PDF_BYTES, STEP_POSTS

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("parwona")</script>'
IMG = "<img src=x onerror=alert(1)>"
HOSTILE = [
    "",
    " ",
    "x" * 5000,
    "ғ" * 1001,
    "9" * 5000,
    "-1",
    "1e309",
    "NaN",
    "0",
    "999999999999999999999999",
    "31.02.2000",
    "0000-00-00",
    "2999-01-01",
    "1899-12-31",
    "\x00",
    "Шаҳло\x07\x1b[31mҒафурова",
    "line\r\nbreak\ttab",
    "\u202eevil\u202c \u200b\ufeff",
    "😀👩‍💻🇹🇯" * 20,
    SCRIPT,
    IMG,
    "'; DROP TABLE applicants_application; --",
    "\" OR 1=1 --",
    "Zarina Қодирова Зарина زرینه 扎丽娜",
    "a" * 250 + "@example.tj",
    "shahlo@example.tj\nBcc: x@example.tj",
    "+992 93 123 45 67 89",
    "True",
    "on",
    "../../etc/passwd",
    "%s %(name)s {{ request }} {% now 'Y' %}",
]

# The values sent into every field one at a time, the other answers valid.
HOSTILE_EACH_FIELD = [
    "", "x" * 5000, "9" * 5000, "-1", "31.02.2000", "\x00", "Шаҳло\x07\x1b[31mҒафурова", "😀👩‍💻🇹🇯" * 20,
    SCRIPT, "'; DROP TABLE applicants_application; --", "a" * 250 + "@example.tj", "../../etc/passwd",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=40, max_size=1200),
    st.integers(min_value=0, max_value=6).flatmap(
        lambda n: st.lists(st.sampled_from(HOSTILE), min_size=n, max_size=n).map("".join)
    ),
)
hostile_value = st.one_of(hostile_text, st.lists(hostile_text, min_size=2, max_size=4))


@pytest.fixture
def application(make_user):
    """A draft on a call with one extra question of each kind, and her signed-in client."""
    call = CallFactory()
    for position, kind in enumerate(QuestionKind.values):
        call.questions.create(
            kind=kind,
            label_tg=f"Савол {position}",
            label_ru=f"Вопрос {position}",
            label_en=f"Question {position}",
            choices_text="Якум | Первый | First\nДуюм | Второй | Second",
            required=position % 2 == 0,
            position=position,
        )
    return ApplicationFactory(call=call, applicant=make_user("applicant"))


def _fields(application, slug) -> list[str]:
    return list(STEP_FORMS[slug](application=application).fields)


def _assert_answered(response, posted: dict) -> None:
    """Assert the step was saved (redirect) or shown again with its error messages; never raw HTML."""
    assert response.status_code in (200, 302)
    content = response.content.decode()
    if response.status_code == 200:
        form = response.context["form"]
        messages = [message for errors in form.errors.values() for message in errors]
        assert messages, "a step shown again must say what is wrong"
        for message in messages:
            assert escape(message) in content
        assert 'class="invalid-feedback' in content or "alert-danger" in content
    for raw in (SCRIPT, IMG):
        assert raw not in content


@pytest.mark.parametrize("slug", STEP_SLUGS)
def test_hostile_value_in_each_field_is_answered_with_a_message(client, application, slug):
    client.force_login(application.applicant)
    url = f"/applications/{application.pk}/step/{slug}/"
    valid = {**STEP_POSTS[slug]}
    if slug == "motivation":
        valid |= {f"question_{q.pk}": "1" for q in application.call.questions.all()}

    for field in _fields(application, slug):
        for value in HOSTILE_EACH_FIELD:
            posted = {**valid, field: value}
            response = client.post(url, posted)
            _assert_answered(response, posted)
            if response.status_code == 200:
                assert field in response.context["form"].errors


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_values_in_every_field_never_break_a_step(client, application, data):
    client.force_login(application.applicant)
    slug = data.draw(st.sampled_from(STEP_SLUGS), label="step")
    posted = {field: data.draw(hostile_value, label=field) for field in _fields(application, slug)}

    response = client.post(f"/applications/{application.pk}/step/{slug}/", posted)

    _assert_answered(response, posted)
    stored = Application.objects.get(pk=application.pk)
    text = " ".join(str(getattr(stored, name)) for name in ("full_name", "city", "motivation", "goal"))
    assert not any(ord(c) < 32 and c not in "\t\n\r" for c in text)


def test_hostile_email_longer_than_the_column_is_refused(client, application):
    client.force_login(application.applicant)
    posted = {**STEP_POSTS["personal"], "email": "a" * 250 + "@example.tj"}

    response = client.post(f"/applications/{application.pk}/step/personal/", posted)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["email"]


# --- Uploads -------------------------------------------------------------------------------------


def _upload(client, application, upload, language="tg"):
    client.force_login(application.applicant)
    return client.post(
        f"/applications/{application.pk}/step/documents/",
        {"consent": "on", "cv": upload},
        headers={"accept-language": language},
    )


def _translated(message: str, language: str = "tg") -> str:
    with override(language):
        return gettext(message)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.pdf", b"<!DOCTYPE html><script>alert(1)</script>", "Upload a PDF, JPEG or PNG file."),
        ("cv.pdf", PDF_BYTES + b"0" * (6 * 1024 * 1024), "The file is larger than 5 MB."),
        ("setup.exe", b"MZ\x90\x00\x03" + b"\x00" * 200, "Upload a PDF, JPEG or PNG file."),
        ("cv.png", b"GIF89a" + b"\x00" * 100, "Upload a PDF, JPEG or PNG file."),
        ("cv.pdf", b"", "The submitted file is empty."),
    ],
    ids=["html-renamed-pdf", "six-megabytes", "exe", "gif-named-png", "empty"],
)
def test_hostile_upload_is_refused_with_a_translated_message(client, application, name, content, message):
    response = _upload(client, application, SimpleUploadedFile(name, content, "application/pdf"))

    assert response.status_code == 200
    assert response.context["form"].errors["cv"] == [_translated(message)]
    assert escape(_translated(message)) in response.content.decode()
    application.refresh_from_db()
    assert (application.cv.name, application.steps_done) == ("", [])


def test_upload_just_above_the_limit_is_refused(client, application):
    body = PDF_BYTES + b"0" * (CV_MAX_BYTES + 1 - len(PDF_BYTES))

    response = _upload(client, application, SimpleUploadedFile("cv.pdf", body, "application/pdf"))

    assert response.context["form"].errors["cv"] == [_translated("The file is larger than 5 MB.")]


def test_upload_with_a_traversal_name_is_kept_under_a_random_name(client, application):
    response = _upload(
        client, application, SimpleUploadedFile("../../etc/passwd.pdf", PDF_BYTES, "application/pdf")
    )

    assert response.status_code == 302
    application.refresh_from_db()
    stored = application.cv.name
    assert stored.startswith(f"cv/{application.call_id}/")
    assert ".." not in stored
    assert "passwd" not in stored
    assert stored.endswith(".pdf")
    with application.cv.open("rb") as saved:
        assert saved.read() == PDF_BYTES


def test_upload_named_pdf_but_holding_a_png_is_stored_as_png(client, application):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

    response = _upload(client, application, SimpleUploadedFile("cv.pdf", png, "application/pdf"))

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.cv.name.endswith(".png")
