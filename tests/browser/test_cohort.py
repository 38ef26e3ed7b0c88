"""A coordinator previews and confirms a cohort with a regional minimum; a selected woman, on a 360 px
phone without JavaScript, sees her offer and accepts the place."""

import pytest
from playwright.sync_api import expect

from applicants.models import Offer
from parwona.users.enums import Role
from tests.browser.pages import no_sideways_scroll, signed_in_page
from tests.factories import CallFactory, UserFactory, ranked_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}




def test_cohort_selection_and_acceptance(browser_context_new, live_server, roles, screenshot):
    call = CallFactory(cohort_size=3, title_en="E-commerce managers 2026")
    regions = ["dushanbe", "dushanbe", "sughd", "gbao", "khatlon", "gbao", "drs"]
    ranked = [
        ranked_application(call=call, rank=rank, combined=95 - 5 * rank, region=region,
                           applicant=UserFactory(role=Role.APPLICANT, language="en"))
        for rank, region in enumerate(regions, 1)
    ]
    coordinator = UserFactory(role=Role.COORDINATOR, language="en", totp=True)

    for options, name in (({"viewport": DESKTOP}, "desktop"), ({}, "phone")):
        page = signed_in_page(browser_context_new, live_server, coordinator, **options)
        page.goto(f"{live_server.url}/staff/calls/{call.pk}/cohort/?name=Cohort+2026&size=3&min_gbao=2&min_khatlon=2")
        expect(page.locator(".alert-danger li")).to_have_count(2)
        screenshot(page, f"01-infeasible-{name}")
        page.goto(f"{live_server.url}/staff/calls/{call.pk}/cohort/?name=Cohort+2026&size=3&min_gbao=1")
        expect(page.locator("main table").nth(1).locator("tbody tr")).to_have_count(3)
        no_sideways_scroll(page)
        screenshot(page, f"02-preview-{name}")
    page.locator("button", has_text="Confirm the cohort and send the offers").click()
    # The confirmation runs as a job (at once, tasks being eager here); its page leads to the cohort.
    page.wait_for_url("**/jobs/**")
    expect(page.locator(".job-progress")).to_contain_text("The cohort is confirmed: 3 offers are being sent")
    no_sideways_scroll(page)
    screenshot(page, "03-job-phone")
    page.locator("a", has_text="Continue").click()
    page.wait_for_url("**/staff/cohorts/**")
    screenshot(page, "03-cohort-phone")
    no_sideways_scroll(page)

    her = ranked[3]
    phone = signed_in_page(browser_context_new, live_server, her.applicant, java_script_enabled=False)
    phone.goto(f"{live_server.url}/home/")
    screenshot(phone, "04-home-phone")
    phone.goto(f"{live_server.url}/applications/{her.pk}/")
    no_sideways_scroll(phone)
    screenshot(phone, "05-offer-phone")
    phone.locator("button", has_text="Accept the place").click()
    expect(phone.locator("#offer-title")).to_have_text("You are a participant")
    screenshot(phone, "06-accepted-phone")
    assert Offer.objects.get(application=her).status == "accepted"

    desk = signed_in_page(browser_context_new, live_server, coordinator, viewport=DESKTOP)
    desk.goto(f"{live_server.url}/staff/cohorts/{Offer.objects.get(application=her).cohort_id}/")
    screenshot(desk, "07-cohort-desktop")
