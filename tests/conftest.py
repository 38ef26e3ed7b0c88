import os

import pytest
from django.conf import settings

from parwona.users.services import roles_sync
from tests.factories import UserFactory

# The live tests need the real PostgreSQL and Redis; CI requires them (PARWONA_REQUIRE_LIVE=1).
LIVE_AVAILABLE = settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and bool(settings.REDIS_URL)
LIVE_REQUIRED = os.environ.get("PARWONA_REQUIRE_LIVE") == "1"


def pytest_collection_modifyitems(config, items):
    if LIVE_AVAILABLE:
        return
    if LIVE_REQUIRED:
        raise pytest.UsageError(
            "PARWONA_REQUIRE_LIVE=1 but DATABASE_URL is not PostgreSQL or REDIS_URL is unset: "
            "the live tests cannot run."
        )
    skip = pytest.mark.skip(reason="live service test: set DATABASE_URL (PostgreSQL) and REDIS_URL to run it")
    for item in items:
        if "live" in item.keywords:
            item.add_marker(skip)


def pytest_report_header(config):
    if LIVE_AVAILABLE:
        return "live services: PostgreSQL and Redis configured; live tests run"
    return "live services: not configured; live tests are skipped (set DATABASE_URL and REDIS_URL)"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def roles(db):
    """Role groups with their permissions (a transactional test flushes what migrate made)."""
    roles_sync()


@pytest.fixture
def make_user(roles):
    def make(role=None, **kwargs):
        from parwona.users.enums import STAFF_ROLES

        kwargs.setdefault("totp", role in STAFF_ROLES or kwargs.get("is_superuser", False))
        return UserFactory(role=role, **kwargs)

    return make
