"""Celery tasks: thin wrappers that call services."""

from celery import shared_task

from . import jobs


@shared_task(name="parwona.core.tasks.job_run")
def job_run_task(*, job_id: int) -> None:
    jobs.job_run(job_id=job_id)


@shared_task(name="parwona.core.tasks.jobs_sweep")
def jobs_sweep() -> int:
    return jobs.jobs_sweep()
