"""The monthly report: its workbook from the snapshot only, rebuilt in place, emailed to coordinators,
built by beat for the previous month, and its pages for coordinators and donors."""

import io
from datetime import date

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from applicants.models import Application
from matching.models import Firm
from outcomes.indicators import INDICATORS
from outcomes.models import AggregateSnapshot, MonthlyReport
from outcomes.monthly import BREAKDOWN_SHEETS, monthly_report_build
from parwona.core.demo import demo_seed
from parwona.users.enums import Role
from parwona.users.services import roles_sync

pytestmark = pytest.mark.django_db
MONTH = date(2026, 1, 1)
SHEETS = ["summary", *BREAKDOWN_SHEETS, "month", "firm_reports", "about"]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            roles_sync()
            demo_seed(seed=2025, scale=1)
            yield monthly_report_build(month=MONTH)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _sheets(report) -> dict[str, list[tuple]]:
    with report.workbook.open("rb") as stream:
        book = load_workbook(io.BytesIO(stream.read()))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_monthly_workbook_has_a_sheet_per_breakdown(seeded):
    assert list(_sheets(seeded)) == SHEETS


def test_monthly_workbook_rows_match_the_snapshot(seeded):
    sheets = _sheets(seeded)
    cells = seeded.snapshot.data["cells"]

    for sheet, breakdown in [("summary", ""), *[(b, b) for b in BREAKDOWN_SHEETS], ("month", "month")]:
        assert len(sheets[sheet]) - 1 == len([c for c in cells if c["breakdown"] == breakdown])
    # The workbook speaks the portal's language, whatever language the test runs in.
    with translation.override(settings.LANGUAGE_CODE):
        labels = {str(i.label): i.code for i in INDICATORS}
    totals = {(c["indicator"]): c for c in cells if c["cohort"] is None and c["breakdown"] == ""}
    for name, indicator, _unit, actual, baseline, target, people in sheets["summary"][1:]:
        if name != "Programme" and name != "Барнома":
            continue
        cell = totals[labels[indicator]]
        assert (actual, baseline, target, people) == tuple(
            "–" if cell[k] is None else cell[k] for k in ("value", "baseline", "target", "n"))


def test_monthly_workbook_hides_suppressed_cells(seeded):
    sheets = _sheets(seeded)
    hidden = [c for c in seeded.snapshot.data["cells"] if c["suppressed"] and c["breakdown"] == "region"]
    rows = [row for row in sheets["region"][1:] if row[-1] == "–"]

    assert len(hidden) > 0
    assert len(rows) == len(hidden)
    assert {row[4] for row in rows} == {"–"}


def test_monthly_workbook_counts_the_months_firm_reports(seeded):
    statuses = dict(_sheets(seeded)["firm_reports"][1:])

    assert sorted(statuses.values()) == [0, 1, 4, 44]


def test_monthly_workbook_and_page_hold_no_names_or_phones(seeded, client, make_user):
    client.force_login(make_user(Role.DONOR))
    page = client.get(reverse("monthly_report_detail", kwargs={"month": "2026-01"})).content.decode()
    text = " ".join(str(v) for rows in _sheets(seeded).values() for row in rows for v in row)
    people = list(Application.objects.exclude(full_name="").values_list("full_name", "phone"))
    firms = list(Firm.objects.values_list("contact_name", "contact_phone"))

    assert len(people) > 100
    leaks = [value for pair in people + firms for value in pair if value and (value in text or value in page)]
    assert leaks == []


def test_monthly_report_rebuild_replaces_the_file(seeded):
    old = seeded.workbook.name

    again = monthly_report_build(month=date(2026, 1, 20))

    assert again.pk == seeded.pk
    assert MonthlyReport.objects.count() == 1
    assert again.workbook.name != old
    assert again.snapshot_id == AggregateSnapshot.objects.latest().pk
