"""Helpers the browser journeys share: a page signed in as someone, and the phone-width check."""

from django.conf import settings
from django.test import Client


def signed_in_page(browser_context_new, live_server, user, **options):
    """Return a page whose browser carries `user`'s session (no sign-in form, no two-factor step)."""
    client = Client()
    client.force_login(user)
    context = browser_context_new(**options)
    context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])
    return context.new_page()


def no_sideways_scroll(page) -> None:
    """Fail when the page is wider than its screen, as a phone would have to scroll it sideways."""
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"horizontal scroll on {page.url}: {width}"
