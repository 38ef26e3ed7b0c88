"""Celery tasks of applications: thin wrappers that call services."""

from celery import shared_task

from . import cohorts, retention, scoring


@shared_task(name="applicants.tasks.application_score")
def application_score_task(*, application_id: int) -> None:
    scoring.application_score(application_id=application_id)


@shared_task(name="applicants.tasks.scores_sweep")
def scores_sweep() -> int:
    return scoring.scores_sweep()


@shared_task(name="applicants.tasks.offers_notify")
def offers_notify_task(*, offer_ids: list[int]) -> int:
    return cohorts.offers_notify(offer_ids=offer_ids)


@shared_task(name="applicants.tasks.offers_expire")
def offers_expire_task() -> int:
    return cohorts.offers_expire()


@shared_task(name="applicants.tasks.retention_apply")
def retention_apply_task() -> dict:
    return retention.retention_apply()
