"""A coordinator opens a cohort's preferences; a participant on a 360 px phone without JavaScript ranks
firms from anonymised cards; a firm's representative ranks the candidates on a desktop."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from matching.models import Preference
from parwona.users.enums import Role
from tests.browser.pages import no_sideways_scroll, signed_in_page
from tests.factories import CohortFactory, FirmFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}




def test_preferences_journey(browser_context_new, live_server, roles, screenshot):
    cohort = CohortFactory(name="Cohort 2026")
    her = ParticipantFactory(cohort=cohort, user__language="en")
    ParticipantFactory(cohort=cohort)
    rep = UserFactory(role=Role.FIRM, language="en")
    firm = FirmFactory(representative=rep, status="approved", decided_at=timezone.now(), name="Атласи Хуҷанд")
    for region in ("sughd", "gbao"):
        FirmFactory(status="approved", decided_at=timezone.now(), region=region, work_mode="remote")
    coordinator = UserFactory(role=Role.COORDINATOR, language="en", totp=True)

    desk = signed_in_page(browser_context_new, live_server, coordinator, viewport=DESKTOP)
    desk.goto(f"{live_server.url}/staff/cohorts/{cohort.pk}/preferences/")
    deadline = timezone.localtime(timezone.now() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    desk.fill("#id_deadline", deadline)
    desk.locator("button", has_text="Open preferences").click()
    expect(desk.locator(".badge", has_text="Open")).to_be_visible()
    screenshot(desk, "01-staff-desktop")

    phone = signed_in_page(browser_context_new, live_server, her.user, java_script_enabled=False)
    phone.goto(f"{live_server.url}/home/")
    expect(phone.get_by_text("Rank the firms you would like to work with: until")).to_be_visible()
    screenshot(phone, "02-home-phone")
    phone.locator("a", has_text="My matching profile").click()
    phone.get_by_label("Food and drinks").check()
    phone.get_by_label("Social media").check()
    phone.locator("button", has_text="Save").click()
    phone.wait_for_url("**/rank-firms/")
    no_sideways_scroll(phone)
    assert "Атласи Хуҷанд" not in phone.content()
    phone.get_by_label("Rank of Firm A").select_option("1")
    phone.get_by_label("Rank of Firm B").select_option("1")
    phone.locator("button", has_text="Save my ranking").click()
    expect(phone.locator(".alert-danger")).to_contain_text("Rank 1 is given twice")
    screenshot(phone, "03-duplicate-phone")
    phone.get_by_label("Rank of Firm B").select_option("2")
    phone.locator("button", has_text="Save my ranking").click()
    expect(phone.locator("#ranking-title + ol li")).to_have_text(["Firm A", "Firm B"])
    screenshot(phone, "04-ranked-phone")
    assert Preference.objects.filter(participant=her).count() == 2

    firm_page = signed_in_page(browser_context_new, live_server, rep, viewport=DESKTOP)
    firm_page.goto(f"{live_server.url}/home/")
    firm_page.locator("a", has_text="Rank the candidates").click()
    firm_page.get_by_label("Rank of Candidate 2").select_option("1")
    firm_page.locator("button", has_text="Save my ranking").click()
    expect(firm_page.locator("#ranking-title + ol li")).to_have_text(["Candidate 2"])
    assert her.application.full_name not in firm_page.content()
    screenshot(firm_page, "05-candidates-desktop")
    assert Preference.objects.filter(firm=firm, side="firm").count() == 1
