"""Celery tasks of applications: thin wrappers that call services."""

from celery import shared_task

from . import scoring


@shared_task(name="applicants.tasks.application_score")
def application_score_task(*, application_id: int) -> None:
    scoring.application_score(application_id=application_id)


@shared_task(name="applicants.tasks.scores_sweep")
def scores_sweep() -> int:
    return scoring.scores_sweep()
