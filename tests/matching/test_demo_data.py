"""The demo firms: 50 approved across the five regions, 3 waiting, 1 declined, the demo representative's."""

from collections import Counter

import pytest

from matching.demo import FIRMS
from matching.enums import FirmStatus
from matching.models import Firm, FirmMember
from parwona.core.demo import demo_seed
from parwona.users.models import User
from tests.demo_data import demo_matches_delete

pytestmark = pytest.mark.django_db

FIELDS = [
    "name",
    "tax_number",
    "sector",
    "region",
    "city",
    "size",
    "sells",
    "channels",
    "market",
    "skills_needed",
    "languages",
    "work_mode",
    "hours_per_week",
    "capacity",
    "contact_name",
    "contact_phone",
    "contact_email",
    "baseline_revenue",
    "baseline_shops",
    "status",
    "decline_reason",
    "decided_by__email",
    "decided_at",
    "created_at",
    "updated_at",
]


def _snapshot():
    return [tuple(row) for row in Firm.objects.order_by("name").values_list(*FIELDS, "members__user__email")]


@pytest.fixture
def seeded(roles):
    demo_seed(seed=2025, scale=1)


def test_demo_firms_are_fifty_approved_from_every_region(seeded):
    approved = list(Firm.objects.filter(status=FirmStatus.APPROVED))
    statuses = Counter(Firm.objects.values_list("status", flat=True))
    cities = {(f.region, f.city) for f in approved}

    assert statuses == {FirmStatus.APPROVED: 50, FirmStatus.APPLIED: 3, FirmStatus.DECLINED: 1}
    assert Counter(f.region for f in approved).most_common(1) == [("dushanbe", 20)]
    assert {
        ("khatlon", "Бохтар"),
        ("khatlon", "Кӯлоб"),
        ("gbao", "Хоруғ"),
        ("sughd", "Хуҷанд"),
        ("sughd", "Исфара"),
        ("sughd", "Истаравшан"),
        ("sughd", "Панҷакент"),
        ("drs", "Ваҳдат"),
        ("drs", "Ҳисор"),
        ("dushanbe", "Душанбе"),
    } == cities
    assert sum(f.capacity for f in approved) >= 50
    assert Counter(f.capacity for f in approved)[1] > 40
    assert {f.work_mode for f in approved} == {"on_site", "remote", "hybrid"}
    assert all(f.decided_by.email == "coordinator@demo.parwona.tj" for f in approved)
    assert all(
        f.baseline_revenue >= 0 and (f.baseline_revenue == 0) == (f.channels == ["none"]) for f in approved
    )
    assert Firm.objects.get(status=FirmStatus.DECLINED).decline_reason != ""


def test_demo_firm_representative_represents_an_approved_firm_in_dushanbe(seeded, client):
    user = User.objects.get(email="firm@demo.parwona.tj")
    firm = FirmMember.objects.get(user=user).firm
    client.force_login(user)

    response = client.get("/firm/")

    assert (firm.name, firm.status, firm.city) == (FIRMS[0][0], FirmStatus.APPROVED, "Душанбе")
    assert (firm.contact_name, firm.contact_email) == (user.full_name, user.email)
    assert response.context["firm"] == firm
    assert FirmMember.objects.count() == Firm.objects.count() == len(FIRMS)


def test_demo_firms_seed_again_changes_nothing(seeded):
    before = _snapshot()
    users = User.objects.count()

    demo_seed(seed=2025, scale=1)

    assert _snapshot() == before
    assert User.objects.count() == users


def test_demo_firms_are_the_same_for_a_seed(seeded):
    before = _snapshot()
    demo_matches_delete()
    Firm.objects.all().delete()

    demo_seed(seed=2025, scale=1)

    assert _snapshot() == before


def test_demo_firms_seed_restores_a_deleted_representative(seeded):
    before = _snapshot()
    demo_matches_delete()
    User.objects.filter(email="firm007@demo.parwona.tj").delete()

    demo_seed(seed=2025, scale=1)

    assert _snapshot() == before
