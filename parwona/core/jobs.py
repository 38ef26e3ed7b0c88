"""Long jobs run by Celery workers, with progress, bounded attempts and recovery.

An app registers a handler for a kind of job with `@job_handler("kind")`; `job_create`
records the job and enqueues it after commit. A handler takes the job and a `progress`
callable, does its work idempotently (running it twice gives the same result) and returns
a JSON-able result. The database row is the truth: `jobs_sweep`, run by beat, enqueues
jobs whose message was lost and takes back jobs whose worker died.
"""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from .enums import JobStatus
from .models import Job

logger = logging.getLogger(__name__)

Progress = Callable[..., None]
Handler = Callable[..., dict | None]
_HANDLERS: dict[str, Handler] = {}


class JobLost(Exception):
    """Raised in a handler whose job was taken back by the sweep and given to another worker."""


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of jobs of `kind`."""

    def register(func: Handler) -> Handler:
        _HANDLERS[kind] = func
        return func

    return register


def job_create(*, kind: str, params: dict | None = None, created_by=None) -> Job:
    """Record a job of `kind` and enqueue it once the surrounding transaction commits."""
    if kind not in _HANDLERS:
        raise ValueError(f"No handler for job kind {kind!r}")
    job = Job.objects.create(kind=kind, params=params or {}, created_by=created_by)
    transaction.on_commit(lambda: job_enqueue(job_id=job.pk))
    return job


def job_enqueue(*, job_id: int, countdown: int | None = None) -> bool:
    """Send the job to the broker; return False, leaving it to the sweep, if the broker is down."""
    from .tasks import job_run_task

    Job.objects.filter(pk=job_id).update(enqueued_at=timezone.now())
    try:
        job_run_task.apply_async(kwargs={"job_id": job_id}, countdown=countdown)
    except (BrokerError, OSError):
        logger.warning("Broker unreachable; job %s stays pending for the sweep", job_id)
        return False
    return True


def _progress_for(job: Job) -> Progress:
    def progress(percent: int, message: str = "") -> None:
        updated = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts).update(
            percent=max(0, min(100, int(percent))), message=str(message)[:255], heartbeat_at=timezone.now()
        )
        if not updated:
            raise JobLost(job.pk)

    return progress


def job_run(*, job_id: int) -> None:
    """Claim the job, run its handler and record the outcome.

    Only one worker holds a job at a time: the claim succeeds on a pending job or on a running
    job whose heartbeat went stale. A failure is retried with a growing delay until
    JOB_MAX_ATTEMPTS, then the job is marked failed with its error for staff to see.
    """
    now = timezone.now()
    stale = now - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)
    claimed = (
        Job.objects.filter(pk=job_id)
        .filter(Q(status=JobStatus.PENDING) | Q(status=JobStatus.RUNNING, heartbeat_at__lt=stale))
        .update(status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return
    job = Job.objects.get(pk=job_id)
    mine = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts)
    handler = _HANDLERS.get(job.kind)
    if handler is None or job.attempts > settings.JOB_MAX_ATTEMPTS:
        error = "unknown job kind" if handler is None else "too many attempts"
        mine.update(status=JobStatus.FAILED, error=error, finished_at=timezone.now())
        return
    try:
        result = handler(job=job, progress=_progress_for(job))
    except JobLost:
        return
    except Exception as exc:  # the job records any failure; staff see it on the page
        logger.exception("Job %s of kind %s failed on attempt %s", job.pk, job.kind, job.attempts)
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if job.attempts >= settings.JOB_MAX_ATTEMPTS:
            mine.update(status=JobStatus.FAILED, error=error, finished_at=timezone.now())
        elif mine.update(status=JobStatus.PENDING, error=error):
            job_enqueue(job_id=job.pk, countdown=settings.JOB_RETRY_DELAY_SECONDS * 2**job.attempts)
        return
    mine.update(
        status=JobStatus.DONE, percent=100, result=result or {}, finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )


def jobs_sweep() -> int:
    """Enqueue pending jobs whose message may be lost and running jobs whose worker went silent.

    Return how many were enqueued.
    """
    now = timezone.now()
    lost = now - timedelta(seconds=settings.JOB_PENDING_GRACE_SECONDS)
    stale = now - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)
    ids = list(
        Job.objects.filter(
            Q(status=JobStatus.PENDING, enqueued_at__isnull=True)
            | Q(status=JobStatus.PENDING, enqueued_at__lt=lost)
            | Q(status=JobStatus.RUNNING, heartbeat_at__lt=stale)
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:1000]
    )
    for job_id in ids:
        job_enqueue(job_id=job_id)
    return len(ids)
