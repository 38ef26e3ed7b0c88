"""Celery tasks of training: thin wrappers that call services."""

from celery import shared_task

from . import calendar


@shared_task(name="training.tasks.sessions_remind")
def sessions_remind_task() -> int:
    return calendar.sessions_remind()
