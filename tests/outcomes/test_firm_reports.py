from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from outcomes import reports
from outcomes.enums import ContractType, ReportStatus, ReviewAction
from outcomes.models import FirmReport, ReportEvidence
from parwona.core.models import AuditEntry
from parwona.users.enums import Role
from tests.factories import FirmFactory
from tests.factories.outcomes import FirmReportFactory, MatchFactory

JUNE = date(2026, 6, 1)


@pytest.fixture
def match(make_user):
    firm = FirmFactory(representative=make_user(Role.FIRM))
    return MatchFactory(firm=firm, started_at=timezone.now() - timedelta(days=90))


def _values(**overrides):
    values = {"online_revenue": 3000, "online_orders": 12, "first_online_sale": False, "new_jobs": 1,
              "manager_contract": ContractType.FIXED_TERM, "manager_start_date": date(2026, 6, 2),
              "notes": ""}
    return values | overrides


@pytest.mark.django_db
def test_report_for_month_creates_one_draft_with_the_active_manager(match):
    first = reports.report_for_month(firm=match.firm, month=JUNE)
    again = reports.report_for_month(firm=match.firm, month=JUNE)

    assert (first.pk, first.status, first.match_id) == (again.pk, ReportStatus.DRAFT, match.pk)


@pytest.mark.django_db
def test_report_save_stores_figures_listings_and_shops(match):
    report = reports.report_for_month(firm=match.firm, month=JUNE)

    reports.report_save(report=report, actor=None, values=_values(),
                        listings=[{"marketplace": "laklak", "active_listings": 14}],
                        shops=[{"marketplace": "alif_shop", "url": "https://alif.shop/s/1",
                                "opened_on": date(2026, 6, 9)}])

    report.refresh_from_db()
    assert (report.online_revenue, report.new_jobs) == (3000, 1)
    assert list(report.listings.values_list("marketplace", "active_listings")) == [("laklak", 14)]
    assert list(report.shops.values_list("url", flat=True)) == ["https://alif.shop/s/1"]


@pytest.mark.django_db
@pytest.mark.parametrize(("values", "shops", "field"), [
    ({"manager_start_date": None}, [], "manager_start_date"),
    ({}, [{"marketplace": "laklak", "url": "https://laklak.tj/a", "opened_on": date(2026, 7, 1)}], "__all__"),
])
def test_report_save_refuses_bad_input_and_writes_nothing(match, values, shops, field):
    report = reports.report_for_month(firm=match.firm, month=JUNE)

    with pytest.raises(ValidationError) as caught:
        reports.report_save(report=report, actor=None, values=_values(**values),
                            listings=[{"marketplace": "laklak", "active_listings": 3}], shops=shops)

    assert list(caught.value.message_dict) == [field]
    report.refresh_from_db()
    assert (report.online_revenue, report.listings.count(), report.shops.count()) == (0, 0, 0)


@pytest.mark.django_db
def test_report_save_allows_the_first_online_sale_once(match):
    FirmReportFactory(match=match, month=date(2026, 5, 1), first_online_sale=True)
    report = reports.report_for_month(firm=match.firm, month=JUNE)

    with pytest.raises(ValidationError) as caught:
        reports.report_save(report=report, actor=None, values=_values(first_online_sale=True),
                            listings=[], shops=[])

    assert list(caught.value.message_dict) == ["first_online_sale"]


@pytest.mark.django_db
def test_report_decide_verifies_and_locks(match, make_user):
    coordinator = make_user(Role.COORDINATOR)
    report = reports.report_for_month(firm=match.firm, month=JUNE)
    reports.report_submit(report=report, actor=None)

    reports.report_decide(report=report, actor=coordinator, action=ReviewAction.VERIFY)

    report.refresh_from_db()
    assert (report.status, report.verified_by) == (ReportStatus.VERIFIED, coordinator)
    assert AuditEntry.objects.filter(action="outcomes.report_verify").count() == 1
    with pytest.raises(ValidationError):
        reports.report_save(report=report, actor=None, values=_values(), listings=[], shops=[])
    with pytest.raises(ValidationError):
        reports.evidence_add(report=report, actor=None, kind="receipt",
                             upload=SimpleUploadedFile("r.pdf", b"%PDF-1.4 x"))


@pytest.mark.django_db
def test_report_decide_query_needs_a_comment_and_reopens_the_report(match, make_user):
    coordinator = make_user(Role.COORDINATOR)
    report = reports.report_for_month(firm=match.firm, month=JUNE)
    reports.report_submit(report=report, actor=None)

    with pytest.raises(ValidationError):
        reports.report_decide(report=report, actor=coordinator, action=ReviewAction.QUERY, comment="  ")
    reports.report_decide(report=report, actor=coordinator, action=ReviewAction.QUERY,
                          comment="Attach a receipt")

    report.refresh_from_db()
    assert (report.status, report.is_editable) == (ReportStatus.QUERIED, True)
    assert list(report.reviews.values_list("comment", flat=True)) == ["Attach a receipt"]


@pytest.mark.django_db
def test_evidence_add_checks_the_content(match):
    report = reports.report_for_month(firm=match.firm, month=JUNE)

    with pytest.raises(ValidationError):
        reports.evidence_add(report=report, actor=None, kind="screenshot",
                             upload=SimpleUploadedFile("x.png", b"<html>not an image"))
    evidence = reports.evidence_add(report=report, actor=None, kind="screenshot",
                                    upload=SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n..."))

    assert (ReportEvidence.objects.count(), evidence.content_type) == (1, "image/png")
    assert evidence.file.name.endswith(".png") and "x.png" not in evidence.file.name


@pytest.mark.django_db
def test_firms_late_and_reminders_once_in_three_days(match):
    today = date.today().replace(day=10)
    assert [firm.pk for firm in reports.firms_late(today=today)] == [match.firm_id]

    assert reports.reports_remind(today=today) == 1
    assert reports.reports_remind(today=today) == 0
    assert len(mail.outbox) == 1
    month = f"{reports.month_before(today.replace(day=1)):%Y-%m}"
    assert reverse("firm_report_edit", kwargs={"month": month}) in mail.outbox[0].body
    assert reports.firms_late(today=today.replace(day=3)) == []


@pytest.mark.django_db
def test_firm_submits_a_report_through_the_form(client, match):
    client.force_login(match.firm.members.get().user)
    month = f"{timezone.localdate():%Y-%m}"
    data = {
        "online_revenue": "2500", "online_orders": "9", "new_jobs": "0", "manager_contract": "permanent",
        "manager_start_date": "2026-01-05", "notes": "",
        "listings-TOTAL_FORMS": "1", "listings-INITIAL_FORMS": "0",
        "listings-0-marketplace": "laklak", "listings-0-active_listings": "7",
        "shops-TOTAL_FORMS": "0", "shops-INITIAL_FORMS": "0", "submit": "1",
        "evidence": SimpleUploadedFile("r.pdf", b"%PDF-1.4 r", content_type="application/pdf"),
        "evidence_kind": "receipt",
    }

    response = client.post(reverse("firm_report_edit", kwargs={"month": month}), data)

    assert response.status_code == 302
    report = FirmReport.objects.get(firm=match.firm)
    assert (report.status, report.online_revenue, report.listings.count(), report.evidence.count()) == (
        ReportStatus.SUBMITTED, 2500, 1, 1)


@pytest.mark.django_db
def test_firm_cannot_open_another_firms_month_outside_its_matches(client, match):
    client.force_login(match.firm.members.get().user)

    assert client.get(reverse("firm_report_edit", kwargs={"month": "2020-01"})).status_code == 404
    assert client.get(reverse("firm_report_edit", kwargs={"month": "bad"})).status_code == 404


@pytest.mark.django_db
def test_coordinator_queries_then_verifies_through_the_pages(client, match, make_user):
    client.force_login(make_user(Role.COORDINATOR))
    report = FirmReportFactory(match=match, month=JUNE, status=ReportStatus.SUBMITTED)
    url = reverse("staff_firm_report_decide", kwargs={"pk": report.pk})

    client.post(url, {"action": "query", "comment": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    client.post(url, {"action": "query", "comment": "Revenue looks high"})
    report.refresh_from_db()
    assert report.status == ReportStatus.QUERIED
    FirmReport.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
    client.post(url, {"action": "verify"})
    report.refresh_from_db()
    assert report.status == ReportStatus.VERIFIED


@pytest.mark.django_db
def test_staff_firm_reports_queue_queries_are_fixed(client, make_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(make_user(Role.COORDINATOR))
    counts = []
    for rows in (1, 30):
        for _ in range(rows - len(counts) * 1):
            FirmReportFactory(month=JUNE, status=ReportStatus.SUBMITTED)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("staff_firm_reports"))
        assert response.status_code == 200
        counts.append(len(captured))

    assert len(response.context["page"]) == 30
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_firm_reports_remind_task_runs_the_reminders(match):
    from outcomes.tasks import firm_reports_remind

    sent = firm_reports_remind()

    assert sent == (1 if timezone.localdate().day > reports.DUE_DAY else 0)


@pytest.mark.django_db
def test_firm_saves_a_draft_leaving_the_extra_rows_blank(client, match):
    client.force_login(match.firm.members.get().user)
    month = f"{timezone.localdate():%Y-%m}"
    data = {
        "online_revenue": "100", "online_orders": "1", "new_jobs": "0", "manager_contract": "none",
        "listings-TOTAL_FORMS": "2", "listings-INITIAL_FORMS": "0", "listings-0-marketplace": "",
        "listings-0-active_listings": "", "listings-1-marketplace": "", "listings-1-active_listings": "",
        "shops-TOTAL_FORMS": "1", "shops-INITIAL_FORMS": "0", "shops-0-marketplace": "", "shops-0-url": "",
        "shops-0-opened_on": "", "save": "1",
    }

    response = client.post(reverse("firm_report_edit", kwargs={"month": month}), data)

    assert response.status_code == 302
    report = FirmReport.objects.get(firm=match.firm)
    assert (report.status, report.online_revenue, report.listings.count()) == (ReportStatus.DRAFT, 100, 0)
