"""Job kinds that exist only in tests; the live tests' workers import them (CELERY_IMPORTS)."""

from parwona.core.jobs import job_handler

ALWAYS_FAILS = "tests.always_fails"


@job_handler(ALWAYS_FAILS)
def always_fails(*, job, progress) -> dict:
    """Report some progress, then fail, on every attempt."""
    progress(10, "Starting")
    raise RuntimeError("The archive of the call is unreadable")
