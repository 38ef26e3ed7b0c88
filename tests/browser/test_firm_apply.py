"""A firm on a 360 px phone, in Tajik, finds the application from the landing page, corrects a
mistake, applies, sets the password from the email and signs in to see its firm."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from matching.models import Firm
from parwona.users.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "nigina@example.tj"
PASSWORD = "pamir-honey-shop-2025"


def _check_page(page) -> None:
    """Assert the page speaks Tajik and fits a 360 px screen without scrolling sideways."""
    expect(page.locator("html")).to_have_attribute("lang", "tg")
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1] <= 360, f"horizontal scroll on {page.url}: {width}"


def _fill(page) -> None:
    page.fill("#id_name", "Асали Помир")
    page.fill("#id_tax_number", "12345")  # too short: the form says so
    page.select_option("#id_sector", "food")
    page.check("input[name=size][value=micro]")
    page.check("input[name=region][value=gbao]")
    page.fill("#id_city", "Хоруғ")
    page.fill("#id_sells", "Асал ва тути хушки Помир")
    page.check("input[name=channels][value=instagram]")
    page.check("input[name=market][value=both]")
    page.fill("#id_baseline_revenue", "3500")
    page.fill("#id_baseline_shops", "1")
    page.check("input[name=skills_needed][value=marketplace_operations]")
    page.check("input[name=languages][value=tg]")
    page.check("input[name=work_mode][value=remote]")
    page.fill("#id_hours_per_week", "20")
    page.fill("#id_capacity", "1")
    page.fill("#id_contact_name", "Нигина Давлатова")
    page.fill("#id_contact_phone", "93 555 44 33")
    page.fill("#id_contact_email", EMAIL)
    page.check("input[name=language][value=tg]")
    page.check("#id_consent")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_firm_applies_on_a_phone_in_tajik(browser_context_new, live_server, screenshot, roles, javascript):
    page = browser_context_new(java_script_enabled=javascript).new_page()
    page.goto(f"{live_server.url}/")
    page.locator(".language-bar button[value=tg]").click()
    _check_page(page)

    page.locator("main a[href='/firms/apply/']").click()
    page.wait_for_url(re.compile("/firms/apply/$"))
    _check_page(page)
    assert page.locator("main h1").inner_text() == "Менеҷери тиҷорати электрониро қабул кунед"
    _fill(page)
    screenshot(page, "01-form")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    _check_page(page)
    expect(page.locator("#id_tax_number ~ .invalid-feedback, #error_1_id_tax_number").first).to_have_text(
        re.compile("9 рақам нависед")
    )
    assert Firm.objects.count() == 0

    page.fill("#id_tax_number", "")
    page.check("#id_consent")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile("/firms/apply/done/$"))
    _check_page(page)
    screenshot(page, "02-done")
    assert page.locator("main h1").inner_text() == "Дархост қабул шуд"

    assert [m.to for m in mail.outbox] == [[EMAIL]]
    path = re.search(r"/accounts/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    page.goto(live_server.url + path)
    page.wait_for_load_state()
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.locator("main form button[name=action]").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", EMAIL)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"{live_server.url}/firm/")
    _check_page(page)
    screenshot(page, "03-my-firm")
    assert page.locator("main h1").inner_text() == "Асали Помир"
    expect(page.locator("main")).to_contain_text("Натиҷаи ҷуфткунӣ ҳанӯз нашр нашудааст.")
    firm = Firm.objects.get()
    assert (firm.tax_number, firm.region, list(firm.representatives.all())) == (
        "",
        "gbao",
        [User.objects.get(email=EMAIL)],
    )
