"""The public pages on a phone: languages, width, keyboard and weight."""

import gzip

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What a page may weigh, gzip-compressed, on a slow mobile connection.
PAGE_WEIGHT_LIMIT = 150 * 1024
# Each language keeps its own name on the buttons, whatever the page's language.
LANGUAGE_NAMES = ["Тоҷикӣ", "Русский", "English"]


def _language_shown(page) -> tuple[str, list[str]]:
    """Return the page's <html lang> and the languages of the header buttons marked current."""
    current = page.locator(".language-bar button[aria-current=true]")
    return page.evaluate("document.documentElement.lang"), [
        current.nth(i).get_attribute("value") for i in range(current.count())
    ]


def _page_weight(page, url: str) -> tuple[int, dict[str, int]]:
    """Load `url` and return the gzip-compressed size of everything it fetched, in total and by URL."""
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    sizes = {}
    for response in responses:
        if 300 <= response.status < 400:
            continue  # a redirect's body is not part of the page
        sizes[response.url] = len(gzip.compress(response.body(), 6))
    return sum(sizes.values()), sizes


def test_landing_language_switches_with_header_buttons(live_server, browser_context_new, screenshot):
    page = browser_context_new(locale="tg").new_page()
    page.goto(live_server.url + "/")
    assert _language_shown(page) == ("tg", ["tg"])
    screenshot(page, "tg")

    for code, name in [("ru", "Русский"), ("en", "English"), ("tg", "Тоҷикӣ")]:
        page.get_by_role("button", name=name, exact=True).click()
        expect(page.locator("html")).to_have_attribute("lang", code)
        assert page.url == live_server.url + "/"
        assert _language_shown(page) == (code, [code])
        assert page.locator(".language-bar button").all_inner_texts() == LANGUAGE_NAMES
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        screenshot(page, code)


@pytest.mark.parametrize("language", ["tg", "ru", "en"])
def test_landing_has_no_horizontal_scroll_at_360px(live_server, browser_context_new, language):
    page = browser_context_new(locale=language).new_page()
    page.goto(live_server.url + "/")

    assert page.evaluate("document.documentElement.lang") == language
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_landing_tab_focuses_skip_link_first(live_server, page):
    page.goto(live_server.url + "/")

    page.keyboard.press("Tab")

    focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert focused == ["visually-hidden-focusable skip-link", "#main"]
    assert page.locator(".skip-link").is_visible()


@pytest.mark.parametrize("path", ["/", "/accounts/signup/"])
def test_public_page_weighs_at_most_150_kib_gzipped(live_server, page, path):
    total, sizes = _page_weight(page, live_server.url + path)

    print(f"\npage weight of {path}: {total} bytes gzip-compressed ({total / 1024:.1f} KiB)")
    for url, size in sorted(sizes.items(), key=lambda item: -item[1]):
        print(f"  {size:>7}  {url.removeprefix(live_server.url)}")
    assert len(sizes) >= 4  # the HTML, two stylesheets and the scripts were all counted
    assert total <= PAGE_WEIGHT_LIMIT
