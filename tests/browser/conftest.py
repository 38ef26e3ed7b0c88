"""Fixtures for the browser tests: one Chromium for the session, a fresh page per test.

Every page records console errors and Content Security Policy violations; a test whose
pages logged any fails, so an inline script or a missing static file cannot slip through.
"""

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
PHONE_VIEWPORT = {"width": 360, "height": 740}
PASSWORD = "butterfly-wings-2025"

# Chromium logs most CSP violations as console errors; the DOM event also names the
# directive and catches any it does not log.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline"));
});
"""
_BROWSER_PROBLEMS = pytest.StashKey[list[str]]()


def _browser_required() -> bool:
    return os.environ.get("CI") == "true" or os.environ.get("PARWONA_REQUIRE_BROWSER") == "1"


class _Chromium:
    """Start Playwright's Chromium on first use; stop it when the browser tests are done.

    While Playwright runs, its event loop is the test thread's running loop, and Django refuses
    database access from such a thread. DJANGO_ALLOW_ASYNC_UNSAFE lifts that only while the
    browser runs, so the rest of the suite keeps Django's check.
    """

    def __init__(self) -> None:
        self._playwright = None
        self._browser = None
        self._unsafe_before: str | None = None

    def get(self):
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            self._unsafe_before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
            )
        return self._browser

    def stop(self) -> None:
        if self._browser is None:
            return
        self._browser.close()
        self._playwright.stop()
        self._browser = self._playwright = None
        if self._unsafe_before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = self._unsafe_before


_CHROMIUM = _Chromium()


@pytest.fixture(scope="session")
def chromium() -> Iterator[_Chromium]:
    """Return the session's Chromium, or skip (fail on CI) when Debian's chromium is missing."""
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium chromium-driver)"
        if _browser_required():
            pytest.fail(f"{reason}; CI or PARWONA_REQUIRE_BROWSER=1 requires the browser tests to run.")
        pytest.skip(reason)
    yield _CHROMIUM
    _CHROMIUM.stop()


@pytest.fixture
def browser(chromium):
    """Return the headless Chromium that all browser tests of the session share."""
    return chromium.get()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem) -> None:
    """Stop Chromium once the next test is not a browser test (it starts again if one follows)."""
    if nextitem is None or Path(__file__).parent not in nextitem.path.parents:
        _CHROMIUM.stop()


@pytest.fixture
def browser_context_new(browser, request) -> Iterator[Callable[..., object]]:
    """Return a factory of browser contexts (phone-sized unless told) whose pages are watched."""
    problems: list[str] = []
    request.node.stash[_BROWSER_PROBLEMS] = problems
    contexts = []

    def console(message) -> None:
        if message.type == "error":
            problems.append(f"console: {message.text} ({message.location.get('url', '')})")

    def watch(page) -> None:
        page.on("console", console)
        page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))

    def new(**options):
        options.setdefault("viewport", PHONE_VIEWPORT)
        options.setdefault("locale", "en-US")
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        context.add_init_script(_CSP_LISTENER)
        context.on("page", watch)
        contexts.append(context)
        return context

    yield new
    for context in contexts:
        context.close()


@pytest.fixture
def page(browser_context_new):
    """Return a page at 360 x 740 in a fresh context that speaks English."""
    return browser_context_new().new_page()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail a test whose pages logged console errors or CSP violations."""
    result = yield
    problems = item.stash.get(_BROWSER_PROBLEMS, [])
    if problems:
        pytest.fail("The browser reported problems:\n" + "\n".join(problems), pytrace=False)
    return result


@pytest.fixture
def screenshot(request) -> Callable[..., Path]:
    """Return a function saving a full-page screenshot as test-artifacts/screenshots/<test>-<step>.png."""
    directory = request.config.rootpath / "test-artifacts" / "screenshots"
    test_name = re.sub(r"[^\w.-]+", "_", request.node.name)

    def take(page, step: str) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{test_name}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def roles(transactional_db) -> None:
    """Make sure the role groups exist: the live server's database is flushed between tests."""
    from parwona.users.services import roles_sync

    roles_sync()


def _user_create(*, email: str, full_name: str, language: str, role):
    from allauth.account.models import EmailAddress

    from parwona.users.models import User
    from parwona.users.services import user_role_add

    user = User.objects.create_user(email=email, password=PASSWORD, full_name=full_name, language=language)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user_role_add(user=user, role=role)
    return user


@pytest.fixture
def user_password() -> str:
    """Return the password of the users these fixtures create."""
    return PASSWORD


@pytest.fixture
def applicant(roles):
    """Return a verified applicant who prefers Tajik."""
    from parwona.users.enums import Role

    return _user_create(
        email="zarina@example.tj", full_name="Зарина Саидова", language="tg", role=Role.APPLICANT
    )


@pytest.fixture
def coordinator(roles):
    """Return a verified coordinator who prefers English and has not set up TOTP."""
    from parwona.users.enums import Role

    return _user_create(
        email="madina@example.tj", full_name="Madina Rahimova", language="en", role=Role.COORDINATOR
    )


@pytest.fixture
def sign_in(live_server) -> Callable[..., None]:
    """Return a function signing someone in through the portal's login form."""

    def submit(page, *, email: str, password: str = PASSWORD) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_login", email)
        page.fill("#id_password", password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return submit
