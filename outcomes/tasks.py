"""Celery tasks of outcomes: thin, idempotent, each calling a service."""

from celery import shared_task
from django.utils import timezone

from . import aggregates
from .monthly import month_previous, monthly_report_build, monthly_report_send


@shared_task(name="outcomes.tasks.aggregates_refresh")
def aggregates_refresh_task() -> int:
    from .refresh import refresh_lock_release

    refresh_lock_release()
    return aggregates.aggregates_refresh().pk


@shared_task(name="outcomes.tasks.monthly_report")
def monthly_report(**kwargs) -> None:
    """Build the previous month's report and email it to the coordinators; building again replaces it."""
    report = monthly_report_build(month=month_previous(timezone.localdate()))
    monthly_report_send(report=report)


@shared_task(name="outcomes.tasks.firm_reports_remind")
def firm_reports_remind(**kwargs) -> int:
    """Remind the firms whose last month's report is late (at most once every three days each)."""
    from .reports import reports_remind

    return reports_remind(today=timezone.localdate())


@shared_task(name="outcomes.tasks.follow_ups_send")
def follow_ups_send(**kwargs) -> int:
    """Schedule the follow-ups of cohorts that ended and email those due, each once."""
    from .followups import follow_ups_send as send

    return send(today=timezone.localdate())
