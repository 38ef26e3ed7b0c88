"""Refreshing the aggregates soon after the data changes: one refresh for a burst of saves."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

LOCK_KEY = "outcomes:aggregates:refresh-queued"


def _debounce() -> int:
    return int(getattr(settings, "AGGREGATES_DEBOUNCE_SECONDS", 60))


def refresh_lock_release() -> None:
    """Let the next change enqueue a refresh again (called as the queued refresh starts)."""
    cache.delete(LOCK_KEY)


def aggregates_refresh_soon() -> bool:
    """Enqueue one refresh after commit, `AGGREGATES_DEBOUNCE_SECONDS` from now; return whether this call
    enqueued it. A refresh already queued covers this change too (cache.add is the lock)."""
    countdown = _debounce()
    if not cache.add(LOCK_KEY, True, countdown + 300):
        return False

    def enqueue():
        from .tasks import aggregates_refresh_task

        aggregates_refresh_task.apply_async(countdown=countdown)

    transaction.on_commit(enqueue)
    return True
