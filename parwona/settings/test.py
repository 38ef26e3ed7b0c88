"""Settings for the test suite: SQLite in memory unless DATABASE_URL names PostgreSQL."""

import os

from .base import *  # noqa: F403
from .base import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# One folder per pytest-xdist worker: job files are named after ids, which repeat across databases.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
STORAGES["private"]["OPTIONS"]["location"] = env(  # noqa: F405
    "DJANGO_PRIVATE_MEDIA_ROOT", default=f"/tmp/parwona-test-private-{_WORKER}"  # noqa: S108
)
# The suite runs tasks eagerly; the live tests start a real worker against the real broker, and
# that worker sends its own tasks (retries, follow-ups) through the broker too.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
# A worker started by the live tests knows the test-only job kinds (a job that always fails).
CELERY_IMPORTS = ["tests.live.jobs"]
# Tests share one cache; rate limits are exercised by their own tests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Aggregates refresh on change only in the tests that say so (tests/outcomes/test_dashboard.py).
AGGREGATES_REFRESH_ON_CHANGE = False
AGGREGATES_DEBOUNCE_SECONDS = 0
