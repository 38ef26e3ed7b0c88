"""A coordinator builds this month's report and reads it on a 360 px phone; a donor reads it too."""

import pytest
from playwright.sync_api import expect

from outcomes.models import MonthlyReport
from parwona.core.demo import demo_seed
from parwona.users.enums import Role
from tests.browser.pages import no_sideways_scroll, signed_in_page
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_monthly_report_built_and_read_on_a_phone(browser_context_new, live_server, roles, screenshot):
    demo_seed(seed=2025, scale=1)
    coordinator = UserFactory(role=Role.COORDINATOR, language="en", totp=True)
    donor = UserFactory(role=Role.DONOR, language="en")

    page = signed_in_page(browser_context_new, live_server, coordinator)
    page.goto(f"{live_server.url}/reports/monthly/")
    page.locator("button", has_text="Build this month's report now").click()
    expect(page.locator(".alert")).to_contain_text("The report of this month is built")
    no_sideways_scroll(page)
    screenshot(page, "01-monthly-list-phone")
    report = MonthlyReport.objects.get()

    phone = signed_in_page(browser_context_new, live_server, donor)
    phone.goto(f"{live_server.url}/reports/monthly/{report.month:%Y-%m}/")
    expect(phone.locator("h1")).to_contain_text("Report of")
    expect(phone.locator("main table").first.locator("tbody tr")).to_have_count(
        len([c for c in report.snapshot.data["cells"] if c["breakdown"] == ""]))
    no_sideways_scroll(phone)
    screenshot(phone, "02-monthly-report-phone")
