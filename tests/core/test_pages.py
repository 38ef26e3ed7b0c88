import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parwona.core.models import AuditEntry, Job
from parwona.core.services import audit_record
from parwona.users.enums import Role
from tests.factories import AuditEntryFactory, JobFactory, UserFactory

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def coordinator_client(client, make_user):
    coordinator = make_user(Role.COORDINATOR)
    client.force_login(coordinator)
    client.user = coordinator
    return client


@pytest.mark.parametrize(
    ("url_name", "grow"),
    [
        ("audit_log", lambda user, n: AuditEntryFactory.create_batch(n, actor=user)),
        ("people_list", lambda user, n: [UserFactory(role=Role.APPLICANT) for _ in range(n)]),
        ("job_list", lambda user, n: JobFactory.create_batch(n, created_by=user)),
        ("home", lambda user, n: AuditEntryFactory.create_batch(n, actor=user)),
    ],
)
def test_staff_pages_issue_the_same_queries_for_one_row_and_many(coordinator_client, url_name, grow):
    grow(coordinator_client.user, 1)
    one = _queries(coordinator_client, reverse(url_name))
    grow(coordinator_client.user, 40)
    many = _queries(coordinator_client, reverse(url_name))
    assert many == one
    # The coordinator's home gathers one panel from every stage (outcomes adds three counts).
    assert one <= 15


def test_landing_and_home_are_light_on_queries(client, make_user):
    assert _queries(client, reverse("landing")) == 1  # the open calls
    client.force_login(make_user(Role.APPLICANT))
    assert _queries(client, reverse("home")) <= 6


def test_audit_log_filters_by_action_actor_and_dates(coordinator_client):
    other = UserFactory(email="other@example.tj")
    AuditEntryFactory(action="user.invited", actor=coordinator_client.user)
    AuditEntryFactory(action="mfa.enrolled", actor=other)
    page = coordinator_client.get(reverse("audit_log"), {"action": "mfa.enrolled"})
    assert [e.action for e in page.context["page"]] == ["mfa.enrolled"]
    page = coordinator_client.get(reverse("audit_log"), {"actor": "other@"})
    assert [e.actor for e in page.context["page"]] == [other]
    page = coordinator_client.get(reverse("audit_log"), {"since": "2001-01-01", "until": "2001-01-02"})
    assert list(page.context["page"]) == []


def test_audit_log_refuses_reversed_dates_with_a_message(coordinator_client):
    coordinator_client.user.language = "en"
    coordinator_client.user.save()
    page = coordinator_client.get(reverse("audit_log"), {"since": "2026-02-01", "until": "2026-01-01"})
    assert page.context["form"].non_field_errors() == ["The start date is after the end date."]


def test_audit_export_from_the_page_creates_a_job_and_records_the_export(
    coordinator_client, django_capture_on_commit_callbacks
):
    AuditEntryFactory(action="user.invited")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(reverse("audit_export") + "?action=user.invited")
    job = Job.objects.get()
    assert response["Location"] == reverse("job_detail", kwargs={"pk": job.pk})
    assert job.params == {"action": "user.invited", "actor": "", "since": "", "until": ""}
    assert job.status == "done"
    assert AuditEntry.objects.filter(action="audit.exported", actor=coordinator_client.user).count() == 1
    download = coordinator_client.get(reverse("job_download", kwargs={"pk": job.pk}))
    assert download["Content-Disposition"].startswith("attachment")
    assert b"user.invited" in b"".join(download.streaming_content)


def test_job_progress_polls_until_the_job_finishes(coordinator_client):
    running = JobFactory(
        created_by=coordinator_client.user, status="running", percent=40, message="2000/5000"
    )
    html = coordinator_client.get(reverse("job_progress", kwargs={"pk": running.pk})).content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert 'value="40"' in html
    done = JobFactory(created_by=coordinator_client.user, status="failed", error="boom")
    html = coordinator_client.get(reverse("job_progress", kwargs={"pk": done.pk})).content.decode()
    assert "hx-trigger" not in html
    assert "boom" in html


def test_audit_record_keeps_target_and_details(make_user):
    user = make_user(Role.COORDINATOR)
    entry = audit_record(actor=user, action="user.invited", target=user, details={"role": "trainer"})
    assert (entry.target_type.model, entry.target_id, entry.target_repr) == ("user", str(user.pk), str(user))
    assert entry.details == {"role": "trainer"}


def test_health_and_readiness_answer(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"database": "ok", "broker": "ok"}


def test_readiness_fails_when_the_broker_is_unreachable(client, settings):
    from parwona.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    old = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/readyz")
    finally:
        app.conf.broker_url = old
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "unreachable"}


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("landing"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.content.decode()


@pytest.mark.parametrize(("language", "text"), [("en", "We could not find this page")])
def test_missing_page_is_friendly_and_translated(client, language, text):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert text in response.content.decode()


def test_server_error_page_renders_without_context(rf):
    from parwona.core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "PARWONA" in response.content.decode()
