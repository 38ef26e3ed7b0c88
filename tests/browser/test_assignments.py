"""A participant on a 360 px phone submits her shop's link and rates herself; her trainer gives feedback
on a desktop and sees the cohort's skills chart; she then reads the feedback."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from parwona.users.enums import Role
from tests.factories import AssignmentFactory, CohortFactory, ParticipantFactory, SessionFactory, UserFactory
from training.enums import ALL_SKILL_VALUES
from training.models import Submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


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


def test_assignment_journey(browser_context_new, live_server, roles, screenshot):
    cohort = CohortFactory(name="Cohort 2026")
    her = ParticipantFactory(cohort=cohort, user__language="en")
    trainer = UserFactory(role=Role.TRAINER, language="en", totp=True)
    SessionFactory(cohort=cohort, trainer=trainer)
    assignment = AssignmentFactory(cohort=cohort, title_en="Open a shop on a marketplace", pass_grade=2)

    phone = _signed_in(browser_context_new, live_server, her.user, viewport=PHONE)
    phone.goto(f"{live_server.url}/training/assignments/")
    _no_sideways_scroll(phone)
    screenshot(phone, "list")
    phone.get_by_role("link", name="Open a shop on a marketplace").click()
    phone.fill("#id_link", "https://laklak.tj/shop/atlas-khujand")
    phone.get_by_role("button", name="Submit").click()
    expect(phone.get_by_text("Your work is submitted.")).to_be_visible()
    _no_sideways_scroll(phone)
    screenshot(phone, "submitted")

    phone.goto(f"{live_server.url}/training/skills/start/")
    for skill in ALL_SKILL_VALUES:
        phone.locator(f"label[for='id_{skill}_2']").click()
    _no_sideways_scroll(phone)
    screenshot(phone, "rate")
    phone.get_by_role("button", name="Save the ratings").click()
    expect(phone.get_by_text("The ratings are saved.")).to_be_visible()
    _no_sideways_scroll(phone)
    screenshot(phone, "skills")

    desk = _signed_in(browser_context_new, live_server, trainer, viewport=DESKTOP)
    desk.goto(f"{live_server.url}/staff/training/cohorts/{cohort.pk}/submissions/")
    screenshot(desk, "queue")
    desk.get_by_role("link", name=her.user.full_name).click()
    desk.locator("label[for='id_grade_3']").click()
    desk.fill("#id_feedback", "Good shop page; add prices in somoni.")
    screenshot(desk, "review")
    desk.get_by_role("button", name="Save the feedback").click()
    expect(desk.get_by_text("Nothing waits for feedback.")).to_be_visible()
    assert Submission.objects.get(assignment=assignment).status == "passed"
    desk.goto(f"{live_server.url}/staff/training/participants/{her.pk}/skills/start/")
    for skill in ALL_SKILL_VALUES:
        desk.locator(f"label[for='id_{skill}_3']").click()
    desk.get_by_role("button", name="Save the ratings").click()
    desk.goto(f"{live_server.url}/staff/training/cohorts/{cohort.pk}/skills/")
    screenshot(desk, "cohort-skills")

    phone.goto(f"{live_server.url}/training/assignments/{assignment.pk}/")
    expect(phone.get_by_text("Good shop page; add prices in somoni.")).to_be_visible()
    _no_sideways_scroll(phone)
    screenshot(phone, "feedback")
    phone_trainer = _signed_in(browser_context_new, live_server, trainer, viewport=PHONE)
    phone_trainer.goto(f"{live_server.url}/staff/training/participants/{her.pk}/skills/")
    _no_sideways_scroll(phone_trainer)
    screenshot(phone_trainer, "participant-skills")
