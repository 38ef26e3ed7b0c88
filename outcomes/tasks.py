"""Celery tasks of outcomes: thin wrappers that call services."""

from celery import shared_task

from . import aggregates


@shared_task(name="outcomes.tasks.aggregates_refresh")
def aggregates_refresh_task() -> int:
    from .refresh import refresh_lock_release

    refresh_lock_release()
    return aggregates.aggregates_refresh().pk
