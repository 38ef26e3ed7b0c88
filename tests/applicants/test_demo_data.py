"""The demo pilot call: about 200 applications that look like the real first call, and an open call."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from applicants.demo import OPEN_CALL, PILOT_CALL, PILOT_OPENS
from applicants.eligibility import eligibility_check
from applicants.enums import ApplicationStatus, CallStatus, Eligibility, Region
from applicants.models import Application, Call
from applicants.steps import STEP_SLUGS
from parwona.core.demo import demo_seed
from parwona.users.models import User
from tests.demo_data import demo_applications_delete

pytestmark = pytest.mark.django_db

FIELDS = [
    "full_name", "phone", "email", "preferred_language", "date_of_birth", "lives_in_tajikistan", "region",
    "city", "settlement", "education", "languages", "computer_level", "has_smartphone", "social_media",
    "marketplaces", "ai_use", "employment", "hours_per_week", "device", "internet", "can_travel",
    "motivation", "goal", "submitted_at", "eligibility", "eligibility_reasons",
]


def _pilot():
    return Call.objects.get(title_en=PILOT_CALL["title_en"])


def _open():
    return Call.objects.get(title_en=OPEN_CALL["title_en"])


def _snapshot():
    rows = Application.objects.filter(call__title_en=PILOT_CALL["title_en"]).order_by("applicant__email")
    return [tuple(row) for row in rows.values_list("applicant__email", *FIELDS)]


def _share(rows, test) -> float:
    return sum(1 for row in rows if test(row)) / len(rows)


def _applications_delete() -> None:
    """Delete every application and the pilot's accounts, what points at them first."""
    demo_applications_delete(users=User.objects.filter(email__startswith="pilot"))


@pytest.fixture
def seeded(roles):
    demo_seed(seed=2025, scale=1)


def test_demo_pilot_call_has_about_two_hundred_submitted_applications_of_their_own_accounts(seeded):
    pilot = _pilot()
    applications = list(pilot.applications.select_related("applicant"))

    assert (pilot.status, pilot.cohort_size, pilot.regions) == (CallStatus.CLOSED, 50, list(Region.values))
    assert (pilot.opens_at, pilot.closes_at - pilot.opens_at) == (PILOT_OPENS, timedelta(days=14))
    assert len(applications) == 201
    emails = {a.applicant.email for a in applications}
    pilots = {f"pilot{n:03d}@demo.parwona.tj" for n in range(1, 201)}
    assert emails == pilots | {"participant@demo.parwona.tj"}
    drawn = [a for a in applications if a.applicant.email.startswith("pilot")]
    assert {a.applicant.roles - {"participant"} for a in drawn} == {frozenset({"applicant"})}
    assert not any(a.applicant.has_usable_password() for a in drawn)
    # The pilot is decided: each application was selected, waitlisted or not (or screened out).
    assert {a.status for a in applications} <= {
        ApplicationStatus.SELECTED, ApplicationStatus.WAITLISTED, ApplicationStatus.NOT_SELECTED,
        ApplicationStatus.SUBMITTED,
    }
    assert {tuple(a.steps_done) for a in applications} == {tuple(STEP_SLUGS)}
    assert all(a.consent_at is not None and a.consent_at < a.submitted_at for a in applications)
    assert all(a.reference == f"PAR-2025-{a.pk:05d}" for a in applications)
    assert all(pilot.opens_at <= a.submitted_at < pilot.closes_at for a in applications)
    assert all(a.created_at < a.submitted_at for a in applications)
    assert all(50 <= len(a.motivation) <= 1000 and 50 <= len(a.goal) <= 1000 for a in applications)
    assert all(re.fullmatch(r"\+992\d{9}", a.phone) for a in applications)


def test_demo_pilot_shares_match_the_pilot_report(seeded):
    rows = list(_pilot().applications.all())

    # The 200 drawn applications hold the report's shares exactly; participant@'s own moves them a little.
    drawn = [a for a in rows if a.email.startswith("pilot")]
    assert _share(drawn, lambda a: a.computer_level != "none") == 0.90
    assert _share(drawn, lambda a: a.social_media != "none") == 0.97
    assert _share(drawn, lambda a: a.employment in {"formal_full", "formal_part"}) == 0.25
    assert _share(drawn, lambda a: a.ai_use == "daily") == 0.40
    assert _share(rows, lambda a: a.computer_level != "none") == pytest.approx(0.90, abs=0.005)
    formal = _share(rows, lambda a: a.employment in {"formal_full", "formal_part"})
    assert formal == pytest.approx(0.25, abs=0.005)
    regions = Counter(a.region for a in rows)
    assert [region for region, _n in regions.most_common()] == ["dushanbe", "sughd", "khatlon", "drs", "gbao"]
    rural_dushanbe = _share([a for a in rows if a.region == "dushanbe"], lambda a: a.settlement == "rural")
    rural_elsewhere = _share([a for a in rows if a.region != "dushanbe"], lambda a: a.settlement == "rural")
    assert rural_dushanbe < 0.1 < 0.3 < rural_elsewhere


def test_demo_pilot_reaches_bokhtar_and_khorog_in_tajik_and_russian(seeded):
    rows = list(_pilot().applications.all())
    cities = {(a.region, a.city) for a in rows}

    assert {("khatlon", "Бохтар"), ("gbao", "Хоруғ"), ("gbao", "Хорог")} <= cities
    assert {"tg", "ru"} <= {a.preferred_language for a in rows}
    assert any(set("ғӣқӯҳҷ") & set(a.full_name) for a in rows)
    assert any(a.preferred_language == "ru" and not set("ғӣқӯҳҷ") & set(a.full_name) for a in rows)


def test_demo_pilot_submissions_crowd_at_the_start_and_the_end(seeded):
    days = Counter((timezone.localtime(a.submitted_at).date() - PILOT_OPENS.date()).days
                   for a in _pilot().applications.all())

    edges = sum(days[d] for d in (0, 1, 2, 11, 12, 13))
    middle = sum(days[d] for d in (4, 5, 6, 7, 8, 9))
    assert edges > 2 * middle
    assert set(days) <= set(range(14))


def test_demo_pilot_applications_are_all_screened_by_the_rules(seeded):
    rows = list(_pilot().applications.select_related("call"))

    assert Eligibility.PENDING not in {a.eligibility for a in rows}
    assert all((a.eligibility, a.eligibility_reasons) == eligibility_check(application=a) for a in rows)
    verdicts = Counter(a.eligibility for a in rows)
    assert verdicts[Eligibility.ELIGIBLE] > 150
    assert verdicts[Eligibility.INELIGIBLE] > 5  # a few outside the ages or hours exercise the rules


def test_demo_open_call_accepts_applications_and_asks_two_questions(seeded):
    call = _open()

    assert call.status == CallStatus.OPEN
    assert call.is_accepting
    assert call.closes_at - timezone.now() > timedelta(days=14)
    assert [q.kind for q in call.questions.all()] == ["single", "short"]
    assert len(call.questions.first().options()) == 4
    for language in ("tg", "ru", "en"):
        assert getattr(call, f"faq_{language}").count("\n\n") == 4  # five questions and answers


def test_demo_applicant_finds_a_draft_to_continue(seeded, client):
    user = User.objects.get(email="applicant@demo.parwona.tj")
    draft = Application.objects.get(applicant=user)
    client.force_login(user)

    response = client.get(f"/applications/{draft.pk}/")

    assert (draft.call, draft.status) == (_open(), "draft")
    assert draft.steps_done == ["personal", "location", "education"]
    assert response.context["resume_url"] == f"/applications/{draft.pk}/step/skills/"
    assert f'href="/applications/{draft.pk}/step/skills/"' in response.content.decode()


def test_demo_seed_again_changes_nothing(seeded):
    before = _snapshot()
    calls = list(Call.objects.order_by("pk").values())
    users = User.objects.count()

    demo_seed(seed=2025, scale=1)

    assert _snapshot() == before
    assert list(Call.objects.order_by("pk").values()) == calls
    assert User.objects.count() == users
    assert Application.objects.filter(applicant__email="applicant@demo.parwona.tj").count() == 1


def test_demo_pilot_is_the_same_for_a_seed_and_differs_for_another(seeded):
    before = _snapshot()
    _applications_delete()

    demo_seed(seed=2025, scale=1)
    assert _snapshot() == before

    _applications_delete()
    demo_seed(seed=2026, scale=1)
    assert _snapshot() != before
    assert len(_snapshot()) == 201


def test_demo_seed_restores_missing_pilot_applications_only(seeded):
    before = _snapshot()
    # Two the pilot did not select (a participant's application is kept: she is in the cohort).
    gone = list(
        _pilot().applications.filter(status=ApplicationStatus.NOT_SELECTED).order_by("reference")
        .values_list("applicant__email", flat=True)[:2]
    )
    Application.objects.filter(applicant__email__in=gone).delete()

    demo_seed(seed=2025, scale=1)

    assert _snapshot() == before


def test_demo_scale_multiplies_the_pilot_applications(roles):
    demo_seed(seed=2025, scale=2)

    assert _pilot().applications.count() == 401
    assert User.objects.filter(email="pilot400@demo.parwona.tj").exists()


def test_demo_open_call_moves_forward_once_it_has_closed(seeded):
    call = _open()
    Call.objects.filter(pk=call.pk).update(
        opens_at=timezone.now() - timedelta(days=60), closes_at=timezone.now() - timedelta(days=30)
    )

    demo_seed(seed=2025, scale=1)

    call.refresh_from_db()
    assert call.is_accepting
    assert Call.objects.filter(title_en=OPEN_CALL["title_en"]).count() == 1
