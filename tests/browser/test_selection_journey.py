"""The selection journey end to end: a coordinator assigns reviewers, a reviewer scores an application
blind on a 360 px phone, the coordinator ranks the call and confirms a cohort with a regional minimum,
one selected woman accepts her place, another declines and the seat goes to the waiting list."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applicants.eligibility import eligibility_screen
from applicants.enums import ApplicationStatus, OfferStatus, ReviewStatus
from applicants.models import Offer, ReviewAssignment
from applicants.reviews import review_submit
from applicants.scoring import scores_compute
from parwona.users.enums import Role
from tests.browser.pages import no_sideways_scroll, signed_in_page
from tests.factories import ApplicationFactory, CallFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
# (region, computer level, how many marketplaces): the automatic score orders them best first.
APPLICANTS = [
    ("dushanbe", "advanced", 3, "Малика Каримова", "+992901110001"),
    ("dushanbe", "intermediate", 2, "Нигина Назарова", "+992901110002"),
    ("gbao", "basic", 0, "Ситора Сафарова", "+992901110003"),
    ("sughd", "none", 0, "Фотима Юсупова", "+992901110004"),
]




def _call_with_applications():
    call = CallFactory(cohort_size=2, title_en="E-commerce managers 2026")
    applications = []
    for number, (region, computer, marketplaces, name, phone) in enumerate(APPLICANTS, 1):
        application = ApplicationFactory(
            call=call, complete=True, status=ApplicationStatus.SUBMITTED, region=region, full_name=name,
            phone=phone, email=f"woman{number}@example.tj", computer_level=computer,
            marketplaces=["laklak", "alif_shop", "avval"][:marketplaces],
            submitted_at=timezone.now() - timedelta(days=1, minutes=number),
            reference=f"PAR-2026-{number:05d}",
            applicant=UserFactory(role=Role.APPLICANT, language="en", email=f"woman{number}@example.tj"),
        )
        eligibility_screen(application=application)
        applications.append(application)
    scores_compute(call=call)
    return call, applications


def test_selection_journey_from_blind_review_to_a_refilled_seat(browser_context_new, live_server, roles,
                                                               screenshot):
    call, applications = _call_with_applications()
    coordinator = UserFactory(role=Role.COORDINATOR, language="en", totp=True)
    reviewer = UserFactory(role=Role.REVIEWER, language="en", totp=True, full_name="Farzona Qodirova")

    # The coordinator gives every application to the reviewer.
    desk = signed_in_page(browser_context_new, live_server, coordinator, viewport=DESKTOP)
    desk.goto(f"{live_server.url}/staff/calls/{call.pk}/reviews/assign/")
    desk.get_by_label("Farzona Qodirova").check()
    desk.fill("input[name=per_application]", "1")
    screenshot(desk, "01-assign-desktop")
    desk.locator("main form button[type=submit]", has_text="Assign").click()
    # The assignment runs as a job; its page tells what it did.
    expect(desk.locator(".job-progress")).to_contain_text("4 reviews assigned over 4 applications")
    assert ReviewAssignment.objects.filter(reviewer=reviewer).count() == 4

    # She reviews the first on her phone without seeing who the applicant is.
    phone = signed_in_page(browser_context_new, live_server, reviewer)
    phone.goto(f"{live_server.url}/staff/reviews/")
    expect(phone.locator("main a", has_text="PAR-2026-00001")).to_be_visible()
    no_sideways_scroll(phone)
    screenshot(phone, "02-my-reviews-phone")
    phone.locator("main a", has_text="PAR-2026-00001").click()
    body = phone.locator("body").inner_text()
    assert "Малика Каримова" not in body
    assert "+992901110001" not in body and "901110001" not in body
    for key in ("motivation", "communication"):
        phone.locator(f"input[name=score_{key}][value='5'] + label").click()
    no_sideways_scroll(phone)
    screenshot(phone, "03-review-blind-phone")
    phone.locator("button", has_text="Submit the review").click()
    expect(phone.locator(".alert-success")).to_contain_text("Your review is saved.")
    first = ReviewAssignment.objects.get(reviewer=reviewer, application=applications[0])
    assert (first.status, dict(first.scores.values_list("criterion__key", "score"))) == (
        ReviewStatus.SCORED, {"motivation": 5, "communication": 5}
    )
    # Her other reviews, as she would submit them.
    for assignment, score in zip(
        ReviewAssignment.objects.filter(reviewer=reviewer).exclude(pk=first.pk).order_by("application__reference"),
        (4, 3, 2), strict=True,
    ):
        review_submit(assignment=assignment, actor=reviewer, decision=ReviewStatus.SCORED,
                      scores={"motivation": score, "communication": score})

    # The coordinator ranks the call, previews a cohort of 2 with one woman from GBAO, and confirms.
    desk.goto(f"{live_server.url}/staff/calls/{call.pk}/ranking/")
    desk.locator("button", has_text="Rank again now").click()
    desk.goto(f"{live_server.url}/staff/calls/{call.pk}/ranking/")
    expect(desk.locator("main table tbody tr")).to_have_count(4)
    screenshot(desk, "04-ranking-desktop")
    desk.goto(f"{live_server.url}/staff/calls/{call.pk}/cohort/?name=Cohort+2026&size=2&min_gbao=1")
    expect(desk.locator("main table").nth(1).locator("tbody tr")).to_have_count(2)
    screenshot(desk, "05-preview-desktop")
    desk.locator("button", has_text="Confirm the cohort and send the offers").click()
    # The confirmation runs as a job; its page leads on to the cohort.
    desk.locator(".job-progress a", has_text="Continue").click()
    desk.wait_for_url("**/staff/cohorts/**")
    cohort_url = desk.url
    offers = {o.application_id: o for o in Offer.objects.all()}
    assert set(offers) == {applications[0].pk, applications[2].pk}  # the best, and the best from GBAO

    # The woman from GBAO accepts her place on her phone.
    her = applications[2]
    mobile = signed_in_page(browser_context_new, live_server, her.applicant)
    mobile.goto(f"{live_server.url}/applications/{her.pk}/")
    no_sideways_scroll(mobile)
    screenshot(mobile, "06-offer-phone")
    mobile.locator("button", has_text="Accept the place").click()
    expect(mobile.locator("#offer-title")).to_have_text("You are a participant")
    screenshot(mobile, "07-accepted-phone")

    # The best-ranked declines; the first on the waiting list is offered her seat.
    other = applications[0]
    mobile = signed_in_page(browser_context_new, live_server, other.applicant)
    mobile.goto(f"{live_server.url}/applications/{other.pk}/")
    mobile.locator("summary", has_text="Decline").click()
    mobile.fill("textarea[name=reason]", "I have found a full-time job.")
    screenshot(mobile, "08-decline-phone")
    mobile.locator("button", has_text="Decline the place").click()
    expect(mobile.locator("#offer-title")).to_have_text("Your offer")

    refill = Offer.objects.get(replaces=offers[other.pk])
    assert (refill.application_id, refill.status) == (applications[1].pk, OfferStatus.OFFERED)
    desk.goto(cohort_url)
    expect(desk.locator("main")).to_contain_text("took the seat of PAR-2026-00001")
    expect(desk.locator("main")).to_contain_text("seat went to PAR-2026-00002")
    screenshot(desk, "09-cohort-refilled-desktop")
    cohort_phone = signed_in_page(browser_context_new, live_server, coordinator)
    cohort_phone.goto(cohort_url)
    no_sideways_scroll(cohort_phone)
    screenshot(cohort_phone, "10-cohort-refilled-phone")
