"""The portal loses nothing under faults: Redis down, a worker killed, the database gone, a failing job.

Each test injects a real fault into the real services (PostgreSQL, Redis, Celery workers started as
subprocesses) and checks the records in the database afterwards.
"""

import http.client
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from unittest import mock
from urllib.parse import urlencode, urlsplit

import psycopg
import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.forms.models import model_to_dict
from django.test import Client, override_settings
from django.utils import translation
from django.utils.translation import gettext

from applicants import services
from applicants.enums import ApplicationStatus, ScoreStatus
from applicants.models import Application, ApplicationScore
from applicants.scoring import APPLICATIONS_SCORE, scores_sweep
from bench.scoring import applications_create
from parwona.core.enums import JobStatus
from parwona.core.jobs import job_create
from parwona.core.models import AuditEntry, Job
from parwona.core.tasks import jobs_sweep as jobs_sweep_task
from tests.factories import ApplicationFactory, CallFactory

from .conftest import broker_at
from .jobs import ALWAYS_FAILS

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

SUBMISSIONS = 200
CONCURRENCY = 10


def _wait(predicate, *, timeout: float, every: float = 0.2, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"{what}: not after {timeout}s")


# --- 1. Redis down while applications are submitted --------------------------------------------


def _submit(base: str, pk: int, session_key: str, token: str) -> tuple[int, str, float]:
    """POST her review page as a browser does; return the status, the redirect and the seconds taken."""
    address = urlsplit(base)
    conn = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    started = time.perf_counter()
    conn.request(
        "POST", f"/applications/{pk}/review/", urlencode({"csrfmiddlewaretoken": token}),
        headers={
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}; {settings.CSRF_COOKIE_NAME}={token}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept-Language": "tg",
        },
    )
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    return response.status, response.getheader("Location", ""), elapsed


def test_applications_submitted_while_redis_is_down_are_all_kept_and_scored_once_it_returns(
    live_server, private_redis, start_celery, make_user, record_property
):
    call = CallFactory()
    drafts = [
        ApplicationFactory(call=call, applicant=make_user("applicant"), complete=True)
        for _ in range(SUBMISSIONS)
    ]
    sessions = {}
    for draft in drafts:
        browser = Client()
        browser.force_login(draft.applicant)
        sessions[draft.pk] = browser.cookies[settings.SESSION_COOKIE_NAME].value
    token = secrets.token_hex(16)  # a CSRF secret of 32 characters, sent as cookie and form field
    # As in production, the cache lives in the same Redis as the broker.
    cache = {"default": {
        "BACKEND": "parwona.core.cache.ResilientRedisCache", "LOCATION": private_redis.url,
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }}

    with broker_at(private_redis.url), override_settings(CACHES=cache):
        private_redis.kill()
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            answers = list(pool.map(
                lambda pk: (pk, *_submit(live_server.url, pk, sessions[pk], token)), sessions
            ))

        statuses = sorted({status for _pk, status, _location, _elapsed in answers})
        times = sorted(elapsed for *_rest, elapsed in answers)
        slowest = times[-1]
        record_property("max_request_seconds_with_redis_down", round(slowest, 3))
        print(f"\nRedis down: {SUBMISSIONS} submissions, {CONCURRENCY} at a time; answered in "
              f"{times[len(times) // 2]:.3f} s (median), {slowest:.3f} s (slowest)")
        assert statuses == [302]
        assert [location for _pk, _status, location, _elapsed in answers] == [
            f"/applications/{pk}/" for pk in sessions
        ]
        assert slowest < 3.0
        submitted = Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED)
        assert submitted.exclude(reference=None).count() == SUBMISSIONS
        assert AuditEntry.objects.filter(action="application.submitted").count() == SUBMISSIONS
        assert len(mail.outbox) == SUBMISSIONS  # her confirmation does not go through the broker
        pending = ApplicationScore.objects.filter(application__call=call, status=ScoreStatus.PENDING)
        assert pending.count() == SUBMISSIONS

        # Redis returns on the same port; a worker and beat start as docker-compose runs them.
        private_redis.start()
        returned = time.monotonic()
        start_celery(broker_url=private_redis.url)
        beat = start_celery(command="beat", broker_url=private_redis.url)
        scores = ApplicationScore.objects.filter(application__call=call)
        _wait(lambda: scores.filter(status=ScoreStatus.DONE).count() == SUBMISSIONS, timeout=120, every=0.5,
              what="all scored")
        all_scored = time.monotonic() - returned
    record_property("seconds_to_all_scored_after_redis_returned", round(all_scored, 1))
    print(f"All {SUBMISSIONS} scored {all_scored:.1f} s after Redis returned")

    assert scores.count() == SUBMISSIONS
    assert sorted(scores.values_list("application_id", flat=True)) == sorted(sessions)
    assert "applicants.tasks.scores_sweep" in beat.log.read_text()
    # Nothing is left to score: a further sweep changes no row.
    rows = scores.order_by("application_id").values_list("application_id", "scored_at", "auto_total")
    before = list(rows)
    assert scores_sweep() == 0
    assert list(rows.all()) == before


# --- 2. A worker killed in the middle of a scoring job ------------------------------------------

CALL_SIZE = 60_000  # applications: enough for the scoring to run for a few seconds
STALE_AFTER = 5


def test_scoring_job_of_a_worker_killed_midway_is_taken_over_and_completes_once(start_celery, make_user):
    coordinator = make_user("coordinator")
    call = CallFactory()
    applications_create(call=call, n=CALL_SIZE)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    env = {"JOB_STALE_AFTER_SECONDS": str(STALE_AFTER)}
    first = start_celery(env=env)
    first.wait_ready()

    job = job_create(kind=APPLICATIONS_SCORE, params={"call": call.pk}, created_by=coordinator)
    running = _wait(
        lambda: Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, percent__gt=0).first(),
        timeout=60, every=0.02, what="the job running",
    )
    first.kill()
    killed = Job.objects.get(pk=job.pk)
    print(f"\nworker killed at {killed.percent}% ({killed.message})")
    assert (killed.status, killed.attempts) == (JobStatus.RUNNING, 1)
    assert 0 < running.percent < 80  # before the scores were audited and the ranking began

    start_celery(env=env).wait_ready()
    # Beat's job sweep, sent as beat sends it, until the silent job is taken back and finished.
    deadline = time.monotonic() + 90
    while not Job.objects.get(pk=job.pk).is_finished and time.monotonic() < deadline:
        jobs_sweep_task.delay()
        time.sleep(1)

    job.refresh_from_db()
    silent = (job.finished_at - killed.heartbeat_at).total_seconds()
    second_run = (job.finished_at - job.started_at).total_seconds()
    print(f"taken over and done {silent:.1f} s after the last heartbeat; second run {second_run:.1f} s")
    assert (job.status, job.attempts, job.percent, job.error) == (JobStatus.DONE, 2, 100, "")
    assert job.result == {"scored": CALL_SIZE, "removed": 0, "ranked": 0}  # ranked once reviewed
    scores = ApplicationScore.objects.filter(application__call=call)
    assert scores.count() == CALL_SIZE
    assert scores.values("application_id").distinct().count() == CALL_SIZE
    assert scores.filter(status=ScoreStatus.DONE).count() == CALL_SIZE
    audited = AuditEntry.objects.filter(action="applications.scored").values_list("details", flat=True)
    assert list(audited) == [{"scored": CALL_SIZE, "removed": 0, "job": job.pk}]


# --- 3. The database lost in the middle of a submission ------------------------------------------


def _state(application: Application) -> dict:
    application.refresh_from_db()
    return {**model_to_dict(application, exclude=["cv"]), "updated_at": application.updated_at}


def test_submit_whose_database_connection_dies_midway_leaves_the_draft_as_it_was(make_user):
    applicant = make_user("applicant", language="ru")
    draft = ApplicationFactory(call=CallFactory(), applicant=applicant, complete=True)
    before = _state(draft)
    browser = Client()
    browser.force_login(applicant)
    db = connection.settings_dict
    real_audit = services.audit_record

    def audit_after_the_connection_dies(**kwargs):
        # The draft is saved, screened and given a pending score in this transaction by now.
        victim = connection.connection.info.backend_pid
        with psycopg.connect(
            host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"],
            password=db["PASSWORD"] or None, autocommit=True,
        ) as other:
            assert other.execute("SELECT pg_terminate_backend(%s, 5000)", [victim]).fetchone() == (True,)
        return real_audit(**kwargs)

    with mock.patch.object(services, "audit_record", side_effect=audit_after_the_connection_dies):
        response = browser.post(f"/applications/{draft.pk}/review/", HTTP_ACCEPT_LANGUAGE="en")
    connection.close()

    with translation.override(applicant.language):  # her own language, read before the connection died
        heading = gettext("The portal is unavailable for a moment")
    assert (response.status_code, response["Retry-After"]) == (503, "60")
    assert heading in response.content.decode()
    assert _state(draft) == before
    assert (ApplicationScore.objects.count(), AuditEntry.objects.count(), len(mail.outbox)) == (0, 0, 0)


# --- 4. A job that always fails --------------------------------------------------------------------


def test_job_that_always_fails_stops_after_its_attempts_and_shows_its_error_to_staff(
    start_celery, make_user
):
    coordinator = make_user("coordinator")
    worker = start_celery(env={"JOB_RETRY_DELAY_SECONDS": "1"})
    worker.wait_ready()

    job = job_create(kind=ALWAYS_FAILS, created_by=coordinator)
    _wait(lambda: Job.objects.get(pk=job.pk).is_finished, timeout=60, what="the job finished")

    job.refresh_from_db()
    error = "RuntimeError: The archive of the call is unreadable"
    assert (job.status, job.attempts, job.error) == (JobStatus.FAILED, settings.JOB_MAX_ATTEMPTS, error)
    log = worker.log.read_text()
    assert [log.count(f"failed on attempt {n}") for n in (1, 2, 3, 4)] == [1, 1, 1, 0]
    # Each retry went through the broker after its delay: 2 s, then 4 s.
    assert (job.finished_at - job.created_at).total_seconds() >= 6
    staff = Client()
    staff.force_login(coordinator)
    page = staff.get("/staff/jobs/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    detail = staff.get(f"/staff/jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count(error) == 1
    with translation.override(coordinator.language):
        failed = gettext("This job failed.")
    assert f"{failed} {error}" in detail
    # Nothing sends it again: the sweep leaves a failed job alone.
    jobs_sweep_task.delay()
    time.sleep(2)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.FAILED, settings.JOB_MAX_ATTEMPTS)
