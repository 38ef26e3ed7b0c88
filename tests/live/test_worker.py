"""A real Celery worker, started here, executes tasks sent through Redis against PostgreSQL."""

import time

import pytest
from django.conf import settings

from parwona.celery import app
from parwona.core.enums import JobStatus
from parwona.core.jobs import job_create
from parwona.core.models import Job
from tests.factories import AuditEntryFactory

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def _wait_for(job_id: int, timeout: float = 60.0) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = Job.objects.get(pk=job_id)
        if job.is_finished:
            return job
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} not finished after {timeout}s")


def test_worker_runs_a_job_sent_through_redis_and_writes_postgresql(worker, make_user):
    coordinator = make_user("coordinator")
    AuditEntryFactory.create_batch(3, action="user.invited", actor=coordinator)
    job = job_create(kind="audit.export", params={"action": "user."}, created_by=coordinator)
    # No surrounding transaction: the job is committed and enqueued at once, to Redis.
    finished = _wait_for(job.pk)
    assert (finished.status, finished.result, finished.attempts) == (JobStatus.DONE, {"rows": 3}, 1)
    lines = finished.result_file.open("rb").read().decode("utf-8-sig").splitlines()
    assert len(lines) == 4
    assert "parwona.core.tasks.job_run" in worker.read_text()


def test_readiness_reaches_the_real_broker(client):
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        response = client.get("/readyz")
    finally:
        settings.CELERY_TASK_ALWAYS_EAGER = True
        app.conf.task_always_eager = True
    assert response.json() == {"database": "ok", "broker": "ok"}
