"""The pilot's demo outcomes: six months of firm reports, follow-ups, targets and a snapshot."""

from collections import Counter

import pytest
from django.db import transaction

from outcomes.enums import FollowUpStatus, ReportStatus
from outcomes.indicators import INDICATORS
from outcomes.models import (
    AggregateSnapshot,
    EmploymentRecord,
    FirmReport,
    FollowUp,
    IndicatorTarget,
    ReportReview,
    ShopOpening,
)
from parwona.core.demo import demo_seed
from parwona.users.services import roles_sync
from tests.demo_data import demo_outcomes_delete

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            roles_sync()
            yield demo_seed(seed=2025, scale=1)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _snapshot():
    return {
        "reports": list(FirmReport.objects.order_by("firm__name", "month").values_list(
            "firm__name", "month", "online_revenue", "online_orders", "first_online_sale", "new_jobs",
            "manager_contract", "manager_start_date", "status", "submitted_at", "verified_at")),
        "shops": list(ShopOpening.objects.order_by("url", "opened_on").values_list("url", "opened_on")),
        "follow_ups": list(FollowUp.objects.order_by("participant__user__email", "months_after")
                           .values_list("participant__user__email", "months_after", "status", "due_on")),
        "records": list(EmploymentRecord.objects.order_by("participant__user__email").values_list(
            "participant__user__email", "status", "income_band", "source", "as_of")),
    }


def test_demo_outcomes_hold_six_months_of_reports(seeded):
    statuses = Counter(FirmReport.objects.values_list("status", flat=True))
    months = sorted(set(FirmReport.objects.values_list("month", flat=True)))

    assert len(months) == 6
    assert f"{months[0]:%Y-%m}" == "2025-08" and f"{months[-1]:%Y-%m}" == "2026-01"
    assert FirmReport.objects.count() == 50 * 6 - 1
    assert statuses[ReportStatus.SUBMITTED] == 4
    assert statuses[ReportStatus.QUERIED] == 1
    assert ReportReview.objects.filter(action="query").count() == 1
    assert ReportReview.objects.filter(action="verify").count() == statuses[ReportStatus.VERIFIED]
    assert ShopOpening.objects.filter(report__status=ReportStatus.VERIFIED).count() >= 15


def test_demo_outcomes_follow_ups_answered_at_three_months(seeded):
    three = Counter(FollowUp.objects.filter(months_after=3).values_list("status", flat=True))
    six = Counter(FollowUp.objects.filter(months_after=6).values_list("status", flat=True))

    assert three == {FollowUpStatus.ANSWERED: 44, FollowUpStatus.BY_PHONE: 5, FollowUpStatus.UNREACHABLE: 1}
    assert six == {FollowUpStatus.SENT: 50}
    assert EmploymentRecord.objects.count() == 49


def test_demo_outcomes_set_every_target_and_a_snapshot(seeded):
    assert set(IndicatorTarget.objects.values_list("indicator", flat=True)) == {i.code for i in INDICATORS}
    assert AggregateSnapshot.objects.count() == 1
    cells = AggregateSnapshot.objects.get().data["cells"]
    formal = next(c for c in cells if c["cohort"] is None and c["indicator"] == "formalised_share"
                  and c["breakdown"] == "")
    assert formal["value"] == 90.0


def test_demo_outcomes_seed_again_changes_nothing(seeded):
    before = _snapshot()

    demo_seed(seed=2025, scale=1)

    assert _snapshot() == before
    assert AggregateSnapshot.objects.count() == 1


def test_demo_outcomes_are_the_same_for_a_seed(seeded):
    before = _snapshot()
    demo_outcomes_delete()

    demo_seed(seed=2025, scale=1)

    assert _snapshot() == before
