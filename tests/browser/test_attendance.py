"""A trainer marks a whole session's attendance on a 360 px phone, without JavaScript, in one submit."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from parwona.users.enums import Role
from tests.factories import CohortFactory, ParticipantFactory, SessionFactory, UserFactory
from training.models import Attendance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(browser_context_new, live_server, user, **options):
    client = Client()
    client.force_login(user)
    context = browser_context_new(**options)
    context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])
    return context.new_page()


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"horizontal scroll on {page.url}: {width}"


def test_trainer_marks_a_session_on_a_phone(browser_context_new, live_server, roles, screenshot):
    trainer = UserFactory(role=Role.TRAINER, language="en", totp=True)
    cohort = CohortFactory(size=6)
    names = ["Aziza Karimova", "Bibi Nazarova", "Dilnoza Umarova", "Farzona Saidova", "Gulnora Rahimova",
             "Malika Sharipova"]
    people = [ParticipantFactory(cohort=cohort, user__full_name=name) for name in names]
    session = SessionFactory(cohort=cohort, trainer=trainer, title="Opening a shop on LakLak",
                             starts_at=timezone.now() - timedelta(hours=2))

    page = _signed_in(browser_context_new, live_server, trainer, java_script_enabled=False)
    page.goto(f"{live_server.url}/home/")
    page.locator("#panel-to-mark").locator("..").get_by_role("link").first.click()
    expect(page.locator("h1")).to_have_text("Opening a shop on LakLak")
    _no_sideways_scroll(page)
    screenshot(page, "1-empty")
    # Every choice is a large touch target.
    box = page.locator("label[for$='_0']").first.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 100

    page.get_by_role("link", name="Everyone present").click()
    page.locator("fieldset", has_text="Bibi Nazarova").get_by_text("Late").click()
    page.locator("fieldset", has_text="Farzona Saidova").get_by_text("Excused").click()
    screenshot(page, "2-marked")
    page.get_by_role("button", name="Save attendance").click()

    expect(page.locator(".alert")).to_have_text(
        "Attendance is saved: 4 present, 1 late, 0 absent, 1 excused."
    )
    _no_sideways_scroll(page)
    screenshot(page, "3-saved")
    marks = dict(
        Attendance.objects.filter(session=session).values_list("participant__user__full_name", "status")
    )
    assert marks == {p.user.full_name: "present" for p in people} | {
        "Bibi Nazarova": "late", "Farzona Saidova": "excused",
    }
