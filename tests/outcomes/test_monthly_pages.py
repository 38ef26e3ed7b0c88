"""The monthly report's email, beat task and pages, on a small programme of factories."""

import io
from datetime import date

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from outcomes import tasks
from outcomes.models import MonthlyReport
from outcomes.monthly import XLSX, monthly_report_build, monthly_report_send
from parwona.core.models import AuditEntry
from parwona.users.enums import Role

pytestmark = pytest.mark.django_db
MONTH = date(2026, 1, 1)


def test_monthly_report_send_emails_active_coordinators_only(make_user):
    report = monthly_report_build(month=MONTH)
    tg = make_user(Role.COORDINATOR, language="tg")
    en = make_user(Role.COORDINATOR, language="en")
    make_user(Role.COORDINATOR, is_active=False)
    make_user(Role.DONOR)
    make_user(Role.TRAINER)

    sent = monthly_report_send(report=report)

    report.refresh_from_db()
    assert sent == 2
    assert (report.emailed_to, report.emailed_at is not None) == (2, True)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([tg.email, en.email])
    english = next(m for m in mail.outbox if m.to == [en.email])
    tajik = next(m for m in mail.outbox if m.to == [tg.email])
    assert english.subject == "PARWONA monthly report: January 2026"
    assert tajik.subject != english.subject
    link = settings.PORTAL_BASE_URL.rstrip("/") + "/reports/monthly/2026-01/"
    assert link in english.body
    assert [(name, kind) for name, _content, kind in english.attachments] == [("parwona-2026-01.xlsx", XLSX)]


def test_monthly_report_task_builds_the_previous_month(monkeypatch, make_user):
    make_user(Role.COORDINATOR)
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: date(2026, 3, 1))

    tasks.monthly_report.delay()

    report = MonthlyReport.objects.get()
    assert report.month == date(2026, 2, 1)
    assert report.emailed_to == 1
    assert len(mail.outbox) == 1


def test_monthly_report_beat_entry_runs_on_the_first_at_six():
    entry = settings.CELERY_BEAT_SCHEDULE["monthly-report"]

    assert entry["task"] == "outcomes.tasks.monthly_report"
    assert (entry["schedule"].day_of_month, entry["schedule"].hour, entry["schedule"].minute) == (
        {1}, {6}, {0})


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.DONOR])
def test_monthly_report_pages_open_for_coordinators_and_donors(client, make_user, role):
    monthly_report_build(month=MONTH)
    user = make_user(role)
    client.force_login(user)

    listing = client.get(reverse("monthly_report_list"))
    detail = client.get(reverse("monthly_report_detail", kwargs={"month": "2026-01"}))
    download = client.get(reverse("monthly_report_download", kwargs={"month": "2026-01"}))

    assert (listing.status_code, detail.status_code, download.status_code) == (200, 200, 200)
    assert download["Content-Type"] == XLSX
    assert download.content[:2] == b"PK"
    assert (b"monthly_report_build_now" in listing.content) is False
    assert (reverse("monthly_report_build_now").encode() in listing.content) == (role == Role.COORDINATOR)
    assert AuditEntry.objects.filter(action="outcomes.monthly_report_downloaded", actor=user).count() == 1


@pytest.mark.parametrize("role", [Role.TRAINER, Role.REVIEWER, Role.FIRM, Role.PARTICIPANT, Role.APPLICANT])
def test_monthly_report_pages_deny_other_roles(client, make_user, role):
    monthly_report_build(month=MONTH)
    client.force_login(make_user(role))

    answers = [client.get(reverse(name, kwargs=kwargs)).status_code for name, kwargs in [
        ("monthly_report_list", {}), ("monthly_report_detail", {"month": "2026-01"}),
        ("monthly_report_download", {"month": "2026-01"}), ("outcomes_raw_export", {}),
    ]]

    assert answers == [403, 403, 403, 403]


def test_monthly_report_unknown_month_answers_404(client, make_user):
    client.force_login(make_user(Role.DONOR))

    answers = [client.get(reverse("monthly_report_detail", kwargs={"month": month})).status_code
               for month in ("2031-01", "junk", "2026-13")]

    assert answers == [404, 404, 404]


def test_monthly_report_build_now_builds_this_month(client, make_user, monkeypatch):
    client.force_login(make_user(Role.COORDINATOR))
    monkeypatch.setattr("outcomes.monthly_views.timezone.localdate", lambda: date(2026, 5, 17))

    response = client.post(reverse("monthly_report_build_now"))

    assert response["Location"] == reverse("monthly_report_list")
    assert list(MonthlyReport.objects.values_list("month", flat=True)) == [date(2026, 5, 1)]


def test_raw_export_is_audited_and_holds_one_sheet_a_table(client, make_user):
    user = make_user(Role.COORDINATOR)
    client.force_login(user)

    response = client.get(reverse("outcomes_raw_export"))

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["participants", "applications", "firm_reports", "shops", "follow_ups",
                               "sessions"]
    assert AuditEntry.objects.filter(action="outcomes.raw_export", actor=user).count() == 1


@pytest.mark.parametrize("count", [1, 15])
def test_monthly_report_list_query_count_is_fixed(client, make_user, django_assert_num_queries, count):
    client.force_login(make_user(Role.DONOR))
    client.get(reverse("monthly_report_list"))
    for n in range(count):
        MonthlyReport.objects.create(month=date(2024 + n // 12, n % 12 + 1, 1))

    with django_assert_num_queries(7):
        response = client.get(reverse("monthly_report_list"))

    assert len(response.context["page"]) == count
