"""A new applicant on a 360 px phone, in Tajik, signs up, fills half the application, leaves,
comes back, submits and sees her reference; the same journey works without JavaScript."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from applicants.models import Application
from parwona.users.models import User
from tests.applicants.step_data import GOAL_TG, MOTIVATION_TG, PDF_BYTES
from tests.factories import CallFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "gulnora@example.tj"
PASSWORD = "silk-road-shop-2025"
REFERENCE = re.compile(r"PAR-\d{4}-\d{5}")


def _check_page(page) -> None:
    """Assert the page speaks Tajik and fits a 360 px screen without scrolling sideways."""
    expect(page.locator("html")).to_have_attribute("lang", "tg")
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1] <= 360, f"horizontal scroll on {page.url}: {width}"


def _next(page, url_part: str) -> None:
    page.locator("main button[name=next]").click()
    page.wait_for_url(re.compile(re.escape(url_part)))
    _check_page(page)


def _journey(page, live_server, screenshot, cv_path, *, javascript: bool) -> str:
    """Walk the whole application journey and return the reference shown to her."""
    call = CallFactory(title_tg="Даъвати PARWONA: менеҷерони тиҷорати электронӣ")

    # She arrives in English (her phone's locale) and switches to Tajik.
    page.goto(f"{live_server.url}/calls/{call.pk}/", wait_until="load")
    assert page.evaluate("typeof window.bootstrap") == ("object" if javascript else "undefined")
    page.locator(".language-bar button[value=tg]").click()
    _check_page(page)
    assert page.locator("main h1").inner_text() == call.title_tg
    screenshot(page, "01-call")

    page.locator("main a[href^='/accounts/signup/']").click()
    page.wait_for_url(re.compile("/accounts/signup/"))
    _check_page(page)
    page.fill("#id_email", EMAIL)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_full_name", "Гулнора Ҷӯраева")
    page.fill("#id_phone", "93 555 44 33")
    screenshot(page, "02-signup")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/accounts/confirm-email/")
    _check_page(page)

    assert [m.to for m in mail.outbox] == [[EMAIL]]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    _check_page(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/confirm-email/" not in url)
    _check_page(page)
    screenshot(page, "03-confirmed")
    assert User.objects.get(email=EMAIL).language == "tg"

    page.goto(f"{live_server.url}/calls/{call.pk}/")
    page.locator("main form[action$='/apply/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/step/personal/$"))
    _check_page(page)
    assert page.input_value("#id_full_name") == "Гулнора Ҷӯраева"
    assert page.input_value("#id_email") == EMAIL

    # Steps 1 to 3, then "save and finish later".
    page.fill("#id_date_of_birth", "1996-08-19")
    page.check("input[name=preferred_language][value=tg]")
    page.check("input[name=is_woman][value=True]")
    page.check("input[name=lives_in_tajikistan][value=True]")
    screenshot(page, "04-step1-personal")
    _next(page, "/step/location/")

    page.check("input[name=region][value=khatlon]")
    page.fill("#id_city", "Бохтар")
    page.check("input[name=settlement][value=rural]")
    screenshot(page, "05-step2-location")
    _next(page, "/step/education/")

    page.select_option("#id_education", "vocational")
    page.select_option("#id_language_tg", "fluent")
    page.select_option("#id_language_ru", "good")
    screenshot(page, "06-step3-education")
    page.locator("main button[name=save_exit]").click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    _check_page(page)
    screenshot(page, "07-saved")
    application = Application.objects.get(applicant__email=EMAIL)
    assert application.steps_done == ["personal", "location", "education"]

    # She leaves, and comes back another day.
    page.goto(f"{live_server.url}/accounts/logout/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/accounts/login/")
    _check_page(page)
    page.fill("#id_login", EMAIL)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/home/")
    _check_page(page)
    screenshot(page, "08-home")
    panel = page.locator("section[aria-labelledby=panel-applications]")
    panel.locator(f"a[href='/applications/{application.pk}/']").click()
    page.wait_for_url(f"{live_server.url}/applications/{application.pk}/")
    page.locator(f"main a[href='/applications/{application.pk}/step/skills/']").click()
    page.wait_for_url(re.compile(r"/step/skills/$"))
    _check_page(page)

    # Steps 4 to 7.
    page.check("input[name=computer_level][value=basic]")
    page.check("input[name=has_smartphone][value=True]")
    page.check("input[name=social_media][value=selling]")
    page.check("input[name=marketplaces][value=laklak]")
    page.check("input[name=ai_use][value=daily]")
    screenshot(page, "09-step4-skills")
    _next(page, "/step/work/")

    page.check("input[name=employment][value=informal]")
    page.fill("#id_hours_per_week", "20")
    page.check("input[name=device][value=smartphone]")
    page.check("input[name=internet][value=poor]")
    page.check("input[name=can_travel][value=True]")
    screenshot(page, "10-step5-work")
    _next(page, "/step/motivation/")

    page.fill("#id_motivation", MOTIVATION_TG)
    page.fill("#id_goal", GOAL_TG)
    screenshot(page, "11-step6-motivation")
    _next(page, "/step/documents/")

    page.set_input_files("#id_cv", str(cv_path))
    page.check("#id_consent")
    screenshot(page, "12-step7-documents")
    _next(page, "/review/")
    assert MOTIVATION_TG in page.locator("main").inner_text()
    screenshot(page, "13-review")

    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/applications/{application.pk}/")
    _check_page(page)
    screenshot(page, "14-submitted")
    shown = REFERENCE.search(page.locator("main h1").inner_text())
    assert shown is not None

    application.refresh_from_db()
    assert (application.status, application.reference) == ("submitted", shown.group(0))
    assert (application.city, application.settlement, application.hours_per_week) == ("Бохтар", "rural", 20)
    assert application.cv.name.startswith(f"cv/{call.pk}/") and application.cv.name.endswith(".pdf")
    assert [m.to for m in mail.outbox] == [[EMAIL], [EMAIL]]
    assert shown.group(0) in mail.outbox[1].body
    return shown.group(0)


@pytest.fixture
def cv_path(tmp_path):
    path = tmp_path / "cv.pdf"
    path.write_bytes(PDF_BYTES)
    return path


def test_applicant_applies_in_tajik_on_a_phone_and_sees_her_reference(
    live_server, browser_context_new, roles, screenshot, cv_path
):
    page = browser_context_new().new_page()

    _journey(page, live_server, screenshot, cv_path, javascript=True)


def test_applicant_applies_without_javascript(live_server, browser_context_new, roles, screenshot, cv_path):
    page = browser_context_new(java_script_enabled=False).new_page()

    _journey(page, live_server, screenshot, cv_path, javascript=False)
