"""Celery tasks of the applicants app: thin wrappers around services."""

from celery import shared_task

from . import scoring
from .models import Application


@shared_task(name="applicants.tasks.score_application")
def score_application(*, application_id: int) -> None:
    application = Application.objects.filter(pk=application_id).select_related("call").first()
    if application is not None:
        scoring.scores_compute(call=application.call, application_ids=[application.pk])


@shared_task(name="applicants.tasks.scores_sweep")
def scores_sweep() -> int:
    return scoring.scores_sweep()
