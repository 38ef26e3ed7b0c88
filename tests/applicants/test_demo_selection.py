"""The demo selection: the pilot reviewed by a panel of three, ranked, its cohort of 50 selected under
regional minimums with offers declined, expired and refilled; the open call scored and waiting for
reviewers."""

from collections import Counter
from datetime import date

import pytest

from applicants.cohort_selectors import selection_preview
from applicants.demo import OPEN_CALL, PILOT_CALL
from applicants.demo_selection import PANEL, PILOT_COHORT, PILOT_MINIMUMS
from applicants.enums import CohortStatus, Eligibility, OfferStatus, ReviewStatus, ScoreStatus
from applicants.fairness import fairness_report
from applicants.models import (
    Application,
    ApplicationScore,
    Cohort,
    Offer,
    Participant,
    ReviewAssignment,
    ReviewScore,
    SelectionOverride,
    WaitlistEntry,
)
from applicants.review_selectors import calibration
from parwona.core.demo import demo_seed
from parwona.core.models import AuditEntry
from parwona.users.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(roles):
    demo_seed(seed=2025, scale=1)


def _pilot_cohort() -> Cohort:
    return Cohort.objects.select_related("call").get(call__title_en=PILOT_CALL["title_en"])


def _eligible(title: str) -> list[int]:
    return list(
        Application.objects.filter(call__title_en=title, eligibility=Eligibility.ELIGIBLE)
        .order_by("pk").values_list("pk", flat=True)
    )


def test_demo_pilot_is_scored_and_every_eligible_application_reviewed_by_the_panel(seeded):
    eligible = _eligible(PILOT_CALL["title_en"])
    panels = Counter()
    for application_id, email in ReviewAssignment.objects.filter(
        application__call__title_en=PILOT_CALL["title_en"]
    ).values_list("application_id", "reviewer__email"):
        panels[application_id, email] += 1
    statuses = Counter(
        ReviewAssignment.objects.filter(application__call__title_en=PILOT_CALL["title_en"])
        .values_list("status", flat=True)
    )

    assert len(eligible) > 150
    assert set(
        ApplicationScore.objects.filter(application_id__in=eligible, status=ScoreStatus.DONE)
        .values_list("application_id", flat=True)
    ) == set(eligible)
    assert set(panels) == {(pk, email) for pk in eligible for email in PANEL}
    assert statuses == {
        ReviewStatus.SCORED: 3 * len(eligible) - 5, ReviewStatus.ABSTAINED: 4, ReviewStatus.CONFLICT: 1,
    }
    assert ReviewAssignment.objects.filter(
        application__call__title_en=PILOT_CALL["title_en"], submitted_at__year=2025
    ).count() == 3 * len(eligible)


def test_demo_pilot_calibration_shows_a_lenient_and_a_strict_reviewer_and_some_disagreement(seeded):
    call = _pilot_cohort().call
    rows = {row["reviewer"].email: row for row in calibration(call=call)["rows"]}
    disagreeing = ApplicationScore.objects.filter(application__call=call, disagreement=True).count()

    assert rows["reviewer@demo.parwona.tj"]["difference"] > 0.2
    assert abs(rows["reviewer2@demo.parwona.tj"]["difference"]) < 0.1
    assert rows["reviewer3@demo.parwona.tj"]["difference"] < -0.2
    assert 5 <= disagreeing <= 40
    assert ApplicationScore.objects.filter(application__call=call, rank__isnull=False).count() == len(
        _eligible(PILOT_CALL["title_en"])
    )


def test_demo_pilot_cohort_has_fifty_participants_under_minimums_that_bind(seeded):
    cohort = _pilot_cohort()
    regions = Counter(cohort.participants.values_list("application__region", flat=True))
    unbound = selection_preview(call=cohort.call, size=50, minimums={}).selection.region_counts

    assert (cohort.name, cohort.status, cohort.size, cohort.minimums) == (
        PILOT_COHORT, CohortStatus.CONFIRMED, 50, {"gbao": 8, "khatlon": 15}
    )
    assert cohort.confirmed_at.year == 2025
    assert date(2025, 3, 20) < cohort.starts_on < cohort.ends_on < date(2025, 9, 1)
    assert cohort.participants.count() == 50
    assert all(regions[region] >= minimum for region, minimum in PILOT_MINIMUMS.items())
    # Without the minimums the best 50 would hold fewer women from each of the two regions.
    assert all(unbound.get(region, 0) < minimum for region, minimum in PILOT_MINIMUMS.items())


def test_demo_pilot_declined_and_expired_offers_are_each_refilled_from_the_waiting_list(seeded):
    cohort = _pilot_cohort()
    offers = list(
        Offer.objects.filter(cohort=cohort).select_related("replaced_by__application", "application")
    )
    left = [o for o in offers if o.status in (OfferStatus.DECLINED, OfferStatus.EXPIRED)]
    waitlisted = set(WaitlistEntry.objects.filter(cohort=cohort).values_list("application_id", flat=True))

    assert Counter(o.status for o in offers) == {
        OfferStatus.ACCEPTED: 50, OfferStatus.DECLINED: 3, OfferStatus.EXPIRED: 1,
    }
    assert all(o.replaced_by.status == OfferStatus.ACCEPTED for o in left)
    assert {o.replaced_by.application.region for o in left} >= {"gbao"}  # a refill that keeps a minimum
    assert all(o.replaced_by.created_at >= o.created_at for o in left)
    assert all(o.created_at.year == 2025 and o.responded_at.year == 2025 for o in offers if o.responded_at)
    assert not waitlisted & {o.application_id for o in offers}
    assert all(o.decline_reason for o in left if o.status == OfferStatus.DECLINED)


def test_demo_participant_is_a_participant_of_the_pilot_selected_by_the_ranking(seeded):
    user = User.objects.get(email="participant@demo.parwona.tj")
    participant = Participant.objects.select_related("application__offer", "application__score").get(
        user=user
    )

    assert participant.cohort == _pilot_cohort()
    assert participant.application.offer.status == OfferStatus.ACCEPTED
    assert participant.application.score.rank <= 50
    assert SelectionOverride.objects.count() == 0


def test_demo_fairness_report_has_every_stage(seeded):
    report = fairness_report(call=_pilot_cohort().call)

    assert [stage.key for stage in report.stages] == [
        "eligibility", "review", "shortlist", "selection", "overall",
    ]
    assert all(stage.base > 0 and 0 < stage.passed <= stage.base for stage in report.stages)
    assert report.stages[-1].passed == 54  # everyone offered a seat, the refills among them


def test_demo_open_call_has_scored_applications_waiting_for_reviewers(seeded):
    applications = list(
        Application.objects.filter(call__title_en=OPEN_CALL["title_en"], submitted_at__isnull=False)
        .select_related("applicant", "score")
    )
    emails = {a.applicant.email for a in applications}
    eligible = [a for a in applications if a.eligibility == Eligibility.ELIGIBLE]

    assert emails == {f"second{n:03d}@demo.parwona.tj" for n in range(1, 31)} | {
        "applicant01@demo.parwona.tj", "applicant02@demo.parwona.tj",
    }
    assert {a.applicant.email for a in applications if a.applicant.has_usable_password()} == {
        "applicant01@demo.parwona.tj", "applicant02@demo.parwona.tj",
    }
    assert len(eligible) >= 25
    assert {a.score.status for a in eligible} == {ScoreStatus.DONE}
    assert {a.score.rank for a in eligible} == {None}
    assert not ReviewAssignment.objects.filter(application__in=applications).exists()
    assert not Cohort.objects.filter(call__title_en=OPEN_CALL["title_en"]).exists()


def _selection_snapshot() -> dict:
    return {
        "scores": list(ApplicationScore.objects.order_by("pk").values_list(
            "application_id", "status", "auto_total", "review_total", "review_count", "disagreement",
            "combined_total", "rank",
        )),
        "reviews": list(ReviewAssignment.objects.order_by("pk").values_list(
            "pk", "application_id", "reviewer_id", "status", "comment", "submitted_at",
        )),
        "review_scores": list(
            ReviewScore.objects.order_by("pk").values_list("assignment_id", "criterion_id", "score")
        ),
        "offers": list(
            Offer.objects.order_by("pk").values_list("pk", "application_id", "status", "replaces_id")
        ),
        "waitlist": list(WaitlistEntry.objects.order_by("pk").values_list("application_id", "position")),
        "participants": list(Participant.objects.order_by("pk").values_list("user_id", "application_id")),
        "cohorts": list(Cohort.objects.order_by("pk").values()),
        "statuses": list(Application.objects.order_by("pk").values_list("pk", "status")),
        "audit": AuditEntry.objects.count(),
    }


def test_demo_selection_seed_again_changes_nothing(seeded):
    before = _selection_snapshot()

    demo_seed(seed=2025, scale=1)

    assert _selection_snapshot() == before
