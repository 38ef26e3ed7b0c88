from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from kombu.exceptions import OperationalError

from parwona.core import jobs
from parwona.core.enums import JobStatus
from parwona.core.jobs import job_create, job_handler, job_run, jobs_sweep
from parwona.core.models import Job
from parwona.core.tasks import job_run_task
from tests.factories import AuditEntryFactory, JobFactory

pytestmark = pytest.mark.django_db

CALLS: list[int] = []


@job_handler("test.count")
def _count(*, job, progress):
    CALLS.append(job.pk)
    progress(50, "half")
    return {"n": job.params.get("n", 0)}


@job_handler("test.broken")
def _broken(*, job, progress):
    raise RuntimeError("the data is odd")


@pytest.fixture(autouse=True)
def _reset_calls():
    CALLS.clear()


def test_job_create_runs_after_commit_and_records_the_result(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(kind="test.count", params={"n": 3})
        assert CALLS == []  # nothing runs before the commit
    job.refresh_from_db()
    assert (job.status, job.percent, job.result, job.attempts) == (JobStatus.DONE, 100, {"n": 3}, 1)
    assert job.finished_at is not None
    assert [job.pk] == CALLS


def test_job_create_refuses_an_unknown_kind():
    with pytest.raises(ValueError, match="No handler"):
        job_create(kind="nope")
    assert Job.objects.count() == 0


def test_job_run_twice_runs_the_handler_once():
    job = JobFactory(kind="test.count")
    job_run(job_id=job.pk)
    job_run(job_id=job.pk)
    assert [job.pk] == CALLS


def test_job_run_of_a_missing_job_returns_quietly():
    job_run(job_id=987654)
    assert CALLS == []


def test_job_run_leaves_a_job_held_by_a_live_worker_alone():
    job = JobFactory(kind="test.count", status=JobStatus.RUNNING, heartbeat_at=timezone.now(), attempts=1)
    job_run(job_id=job.pk)
    assert CALLS == []
    assert Job.objects.get(pk=job.pk).attempts == 1


def test_job_run_takes_back_a_job_whose_worker_went_silent():
    silent = timezone.now() - timedelta(hours=1)
    job = JobFactory(kind="test.count", status=JobStatus.RUNNING, heartbeat_at=silent, attempts=1)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts, CALLS) == (JobStatus.DONE, 2, [job.pk])


def test_failing_job_is_retried_a_bounded_number_of_times_then_failed(settings):
    job = JobFactory(kind="test.broken")
    for _attempt in range(settings.JOB_MAX_ATTEMPTS):
        job_run(job_id=job.pk)  # eager: each retry is enqueued with a countdown and runs at once
        job.refresh_from_db()
        if job.status == JobStatus.FAILED:
            break
    assert job.status == JobStatus.FAILED
    assert job.attempts == settings.JOB_MAX_ATTEMPTS
    assert job.error == "RuntimeError: the data is odd"
    job_run(job_id=job.pk)
    assert Job.objects.get(pk=job.pk).attempts == settings.JOB_MAX_ATTEMPTS


def test_a_replaced_worker_cannot_finish_a_job_it_lost():
    job = JobFactory(kind="test.count", status=JobStatus.RUNNING, heartbeat_at=timezone.now(), attempts=1)
    progress = jobs._progress_for(job)
    Job.objects.filter(pk=job.pk).update(attempts=2)  # the sweep gave it to another worker
    with pytest.raises(jobs.JobLost):
        progress(80, "late")
    assert Job.objects.get(pk=job.pk).percent == 0


def test_enqueue_with_the_broker_down_keeps_the_job_for_the_sweep(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    job = JobFactory(kind="test.count")
    monkeypatch.setattr(job_run_task, "apply_async", refuse)
    assert jobs.job_enqueue(job_id=job.pk) is False
    assert Job.objects.get(pk=job.pk).status == JobStatus.PENDING

    monkeypatch.undo()
    Job.objects.filter(pk=job.pk).update(enqueued_at=timezone.now() - timedelta(hours=1))
    assert jobs_sweep() == 1
    assert Job.objects.get(pk=job.pk).status == JobStatus.DONE


def test_sweep_skips_recently_enqueued_and_finished_jobs():
    JobFactory(kind="test.count", enqueued_at=timezone.now())
    JobFactory(kind="test.count", status=JobStatus.DONE)
    JobFactory(kind="test.count", status=JobStatus.RUNNING, heartbeat_at=timezone.now())
    assert jobs_sweep() == 0
    assert CALLS == []


@override_settings(JOB_PENDING_GRACE_SECONDS=0)
def test_sweep_enqueues_a_never_enqueued_job():
    job = JobFactory(kind="test.count")
    assert jobs_sweep() == 1
    assert [job.pk] == CALLS


def test_audit_export_job_writes_the_filtered_log_as_csv(make_user, django_capture_on_commit_callbacks):
    coordinator = make_user("coordinator")
    AuditEntryFactory(action="user.invited", actor=coordinator, target_repr="Ҳилола Ғафурова")
    AuditEntryFactory(action="mfa.enrolled", actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(kind="audit.export", params={"action": "user."}, created_by=coordinator)
    job.refresh_from_db()
    assert job.result == {"rows": 1}
    content = job.result_file.open("rb").read().decode("utf-8-sig").splitlines()
    assert content[0] == "when,actor,action,target_type,target_id,target,details"
    assert len(content) == 2
    assert ",user.invited,,,Ҳилола Ғафурова," in content[1]


def test_publishing_to_an_unreachable_broker_fails_fast():
    """A web request that enqueues work never hangs on a broker that is down."""
    import time

    from celery import Celery

    probe = Celery("probe", set_as_current=False)
    probe.config_from_object("django.conf:settings", namespace="CELERY")
    probe.conf.broker_url = "redis://127.0.0.1:1/0"
    probe.conf.task_always_eager = False
    started = time.monotonic()
    with pytest.raises(OperationalError):
        probe.send_task("parwona.core.tasks.job_run", kwargs={"job_id": 1})
    assert time.monotonic() - started < 3
