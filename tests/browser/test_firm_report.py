"""A firm representative on a 360 px phone reports her month with a listing and a new shop; a coordinator
queries it; she corrects and resubmits; the coordinator verifies it and it is locked."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from outcomes.models import FirmReport
from parwona.users.enums import Role
from tests.browser.pages import no_sideways_scroll, signed_in_page
from tests.factories import FirmFactory, UserFactory
from tests.factories.outcomes import MatchFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def test_firm_report_journey(browser_context_new, live_server, roles, screenshot):
    representative = UserFactory(role=Role.FIRM, language="en")
    firm = FirmFactory(representative=representative, name="Atlas Khujand")
    MatchFactory(firm=firm, started_at=timezone.now() - timedelta(days=40))
    coordinator = UserFactory(role=Role.COORDINATOR, language="en", totp=True)
    today = timezone.localdate()

    phone = signed_in_page(browser_context_new, live_server, representative, viewport=PHONE)
    phone.goto(f"{live_server.url}/firm/reports/")
    no_sideways_scroll(phone)
    screenshot(phone, "months")
    phone.goto(f"{live_server.url}/firm/reports/{today:%Y-%m}/")
    phone.fill("#id_online_revenue", "5200")
    phone.fill("#id_online_orders", "31")
    phone.select_option("#id_manager_contract", "fixed_term")
    phone.fill("#id_manager_start_date", f"{today.replace(day=1):%Y-%m-%d}")
    phone.select_option("#id_listings-0-marketplace", "laklak")
    phone.fill("#id_listings-0-active_listings", "18")
    phone.select_option("#id_shops-0-marketplace", "alif_shop")
    phone.fill("#id_shops-0-url", "https://alifshop.tj/atlas")
    phone.fill("#id_shops-0-opened_on", f"{today.replace(day=1):%Y-%m-%d}")
    no_sideways_scroll(phone)
    screenshot(phone, "form")
    phone.get_by_role("button", name="Submit to the programme").click()
    expect(phone.get_by_text("Report submitted: the programme will verify it.")).to_be_visible()
    report = FirmReport.objects.get(firm=firm)
    assert (report.status, report.online_revenue, report.shops.count()) == ("submitted", 5200, 1)

    desk = signed_in_page(browser_context_new, live_server, coordinator, viewport=DESKTOP)
    desk.goto(f"{live_server.url}/staff/firm-reports/")
    desk.get_by_role("link", name="Atlas Khujand").click()
    desk.fill("#comment", "Please attach a screenshot of the sales.")
    desk.get_by_role("button", name="Query the report").click()
    expect(desk.get_by_text("Report sent back to the firm with your comment.")).to_be_visible()
    screenshot(desk, "queried")

    phone.goto(f"{live_server.url}/firm/reports/{today:%Y-%m}/")
    expect(phone.get_by_text("Please attach a screenshot of the sales.")).to_be_visible()
    phone.fill("#id_online_revenue", "5100")
    phone.get_by_role("button", name="Submit to the programme").click()
    expect(phone.get_by_text("Report submitted: the programme will verify it.")).to_be_visible()

    desk.goto(f"{live_server.url}/staff/firm-reports/{report.pk}/")
    desk.get_by_role("button", name="Verify and lock").click()
    expect(desk.get_by_text("Report verified and locked.")).to_be_visible()
    phone.goto(f"{live_server.url}/firm/reports/{today:%Y-%m}/")
    expect(phone.get_by_text("This report is verified and locked.")).to_be_visible()
    no_sideways_scroll(phone)
    screenshot(phone, "locked")
    report.refresh_from_db()
    assert (report.status, report.online_revenue) == ("verified", 5100)
