"""A donor reads the outcome dashboard at 360 px and on a desktop, switches cohort, downloads the CSV."""

from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from outcomes.aggregates import aggregates_refresh
from parwona.users.enums import Role
from tests.browser.pages import no_sideways_scroll, signed_in_page
from tests.factories import CohortFactory, FirmFactory, ParticipantFactory, UserFactory
from tests.factories.outcomes import FirmReportFactory, MatchFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _programme():
    cohorts = [CohortFactory(name="Pilot 2025"), CohortFactory(name="Second 2026")]
    for c, cohort in enumerate(cohorts):
        for i in range(6):
            her = ParticipantFactory(cohort=cohort, application__region=["sughd", "gbao"][i % 2])
            her.application.submitted_at = timezone.now()
            her.application.save()
            match = MatchFactory(participant=her, firm=FirmFactory(baseline_revenue=800))
            for month in (6, 7, 8):
                FirmReportFactory(match=match, month=date(2026, month, 1), online_revenue=1500 * month + c)
    aggregates_refresh()
    return cohorts


@pytest.mark.parametrize(("width", "name"), [(360, "phone"), (1280, "desktop")])
def test_donor_reads_the_dashboard_switches_cohort_and_downloads(browser_context_new, live_server, roles,
                                                                 screenshot, width, name):
    cohorts = _programme()
    donor = UserFactory(role=Role.DONOR, language="en")
    page = signed_in_page(browser_context_new, live_server, donor, accept_downloads=True,
                          viewport={"width": width, "height": 800})

    page.goto(f"{live_server.url}/outcomes/")
    assert page.locator("h1").inner_text() == "Outcomes"
    no_sideways_scroll(page)
    screenshot(page, f"{name}-1-programme")
    page.select_option("#cohort-select", str(cohorts[1].pk))
    page.get_by_role("button", name="Show").click()
    assert page.url == f"{live_server.url}/outcomes/?cohort={cohorts[1].pk}"
    assert page.locator("#cohort-select option:checked").inner_text() == "Second 2026"
    no_sideways_scroll(page)
    screenshot(page, f"{name}-2-cohort")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")

    assert text.splitlines()[0].startswith("As of,")
    assert "Second 2026" in text
