"""The background jobs of confirming a cohort and assigning reviewers: progress, result, idempotence."""

from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from applicants import cohorts, jobs, reviews
from applicants.enums import ApplicationStatus, Eligibility, ScoreStatus
from applicants.models import ApplicationScore, Cohort, Offer, ReviewAssignment, WaitlistEntry
from parwona.core.jobs import job_create, job_run
from parwona.core.models import AuditEntry, Job
from parwona.users.enums import Role
from tests.factories import ApplicationFactory, CallFactory, ranked_application

pytestmark = pytest.mark.django_db
TABLE = [(1, "dushanbe", 90), (2, "dushanbe", 85), (3, "dushanbe", 80), (4, "gbao", 70), (5, "sughd", 60)]
ALREADY = "The cohort of this call is already confirmed: the selection can no longer change."


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def call(db):
    return CallFactory(cohort_size=3, offer_days=7)


@pytest.fixture
def ranked(call, roles):
    return [ranked_application(call=call, rank=r, combined=s, region=g) for r, g, s in TABLE]


@pytest.fixture
def staff(make_user):
    return make_user(Role.COORDINATOR, language="en")


def _confirm_job(call, staff, minimums=None):
    job, new = jobs.cohort_confirm_enqueue(
        call=call,
        actor=staff,
        name="Cohort 2026",
        size=3,
        minimums={"gbao": 1} if minimums is None else minimums,
    )
    assert new
    return job


def _run(job):
    job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def test_cohort_confirm_job_confirms_records_progress_and_emails(
    call, ranked, staff, django_capture_on_commit_callbacks
):
    job = _confirm_job(call, staff)
    with django_capture_on_commit_callbacks(execute=True):
        job = _run(job)

    cohort = Cohort.objects.get()
    assert (job.status, job.percent, job.attempts, job.error) == ("done", 100, 1, "")
    assert job.message == "The cohort is confirmed: 3 offers are being sent, 2 wait on the list."
    assert job.result == {
        "done": True,
        "cohort": cohort.pk,
        "offers": 3,
        "waitlisted": 2,
        "url": reverse("staff_cohort_detail", kwargs={"pk": cohort.pk}),
    }
    assert job.params == {
        "call": call.pk,
        "name": "Cohort 2026",
        "size": 3,
        "minimums": {"gbao": 1},
        "starts_on": None,
        "ends_on": None,
        "language": "en",
    }
    assert cohort.confirmed_by == staff
    assert len(mail.outbox) == 3


def test_cohort_confirm_reports_each_step(call, ranked, staff):
    marks = []

    cohorts.cohort_confirm(
        call=call,
        actor=staff,
        name="C",
        size=3,
        minimums={"gbao": 1},
        progress=lambda percent, message="": marks.append((percent, message)),
    )

    assert marks == [
        (20, "Cohort selected: 3 places"),
        (40, "Offers written"),
        (60, "Waiting list written"),
        (80, "Statuses of the applications decided"),
        (100, "Cohort confirmed"),
    ]


def test_cohort_confirm_decides_every_status_and_labels_the_offers_in_one_write(call, ranked, staff):
    withdrawn = ApplicationFactory(call=call, complete=True, status=ApplicationStatus.WITHDRAWN)
    unranked = ApplicationFactory(
        call=call,
        complete=True,
        status=ApplicationStatus.SUBMITTED,
        eligibility=Eligibility.ELIGIBLE,
        submitted_at=timezone.now(),
    )
    ApplicationScore.objects.create(application=unranked, status=ScoreStatus.DONE, auto_total=Decimal(10))

    cohort = cohorts.cohort_confirm(call=call, actor=staff, name="C", size=3, minimums={"gbao": 1})

    statuses = {a.pk: a.status for a in call.applications.all()}
    assert [statuses[a.pk] for a in ranked] == [
        "selected",
        "selected",
        "waitlisted",
        "selected",
        "waitlisted",
    ]
    assert (statuses[withdrawn.pk], statuses[unranked.pk]) == ("withdrawn", "not_selected")
    assert list(WaitlistEntry.objects.filter(cohort=cohort).values_list("application", "position")) == [
        (ranked[2].pk, 1),
        (ranked[4].pk, 2),
    ]
    labels = sorted(AuditEntry.objects.filter(action="offer.made").values_list("target_repr", flat=True))
    assert labels == sorted(f"Offer to {ranked[i].reference}" for i in (0, 1, 3))


def test_second_cohort_confirm_job_ends_cleanly_as_already_confirmed(call, ranked, staff):
    first = _confirm_job(call, staff)
    # A second job recorded before the first ran (two coordinators, or a message delivered twice).
    second = job_create(kind=jobs.COHORT_CONFIRM, params=first.params, created_by=staff)

    first, second = _run(first), _run(second)

    cohort = Cohort.objects.get()
    assert (first.status, second.status) == ("done", "done")
    assert (second.message, second.error, second.attempts) == (ALREADY, "", 1)
    assert second.result == {
        "done": False,
        "errors": [ALREADY],
        "url": reverse("staff_cohort_detail", kwargs={"pk": cohort.pk}),
    }
    assert (Offer.objects.count(), WaitlistEntry.objects.count()) == (3, 2)
    assert AuditEntry.objects.filter(action="cohort.confirmed").count() == 1


def test_cohort_confirm_job_run_again_changes_nothing(call, ranked, staff):
    job = _run(_confirm_job(call, staff))
    Job.objects.filter(pk=job.pk).update(status="pending")  # as if the worker died before recording it

    job = _run(job)

    assert (job.status, job.message, job.result["done"]) == ("done", ALREADY, False)
    assert Offer.objects.count() == 3


def test_cohort_confirm_enqueue_refuses_a_confirmed_call_and_reuses_a_waiting_job(call, ranked, staff):
    waiting = _confirm_job(call, staff)

    again, new = jobs.cohort_confirm_enqueue(call=call, actor=staff, name="Other", size=2, minimums={})

    assert (again, new, Job.objects.count()) == (waiting, False, 1)
    _run(waiting)
    with pytest.raises(cohorts.ValidationError) as error:
        jobs.cohort_confirm_enqueue(call=call, actor=staff, name="Other", size=2, minimums={})
    assert error.value.messages == [ALREADY]


def test_cohort_confirm_job_of_impossible_minimums_ends_with_the_reason(call, ranked, staff):
    job = _run(_confirm_job(call, staff, minimums={"gbao": 2}))

    assert (job.status, job.message) == (
        "done",
        "Only 1 eligible applicant from GBAO (Gorno-Badakhshan) for a minimum of 2.",
    )
    assert job.result["url"] == reverse("staff_cohort_select", kwargs={"pk": call.pk})
    assert (Cohort.objects.count(), Offer.objects.count()) == (0, 0)


# Assigning reviewers


def _scored(call, n):
    applications = []
    for i in range(n):
        application = ApplicationFactory(
            call=call,
            complete=True,
            applicant=None,
            status=ApplicationStatus.SUBMITTED,
            eligibility=Eligibility.ELIGIBLE,
            submitted_at=timezone.now() - timedelta(minutes=i),
            reference=f"PAR-2026-9{i:04d}",
        )
        ApplicationScore.objects.create(application=application, status=ScoreStatus.DONE, auto_total=50 + i)
        applications.append(application)
    return applications


def test_reviewers_assign_job_assigns_and_a_second_run_adds_nothing(call, staff, make_user):
    applications = _scored(call, 5)
    panel = [make_user(Role.REVIEWER) for _ in range(3)]
    job, new = jobs.reviewers_assign_enqueue(call=call, actor=staff, reviewers=panel, per_application=2)
    again = job_create(kind=jobs.REVIEWERS_ASSIGN, params=job.params, created_by=staff)

    job, again = _run(job), _run(again)

    assert new is True
    assert (job.status, job.message) == ("done", "10 reviews assigned over 5 applications.")
    assert job.result == {
        "applications": 5,
        "assigned": 10,
        "moved": 5,
        "short": 0,
        "done": True,
        "url": reverse("staff_review_assign", kwargs={"pk": call.pk}),
    }
    assert (again.status, again.result["assigned"], again.result["moved"]) == ("done", 0, 0)
    assert ReviewAssignment.objects.count() == 10
    loads = Counter(ReviewAssignment.objects.values_list("reviewer", flat=True))
    assert sorted(loads.values()) == [3, 3, 4]
    assert {a.status for a in call.applications.all()} == {"under_review"}
    assert {a.pk for a in applications} == set(ReviewAssignment.objects.values_list("application", flat=True))


def test_reviewers_assign_job_reports_a_shortage_of_reviewers(call, staff, make_user):
    _scored(call, 2)
    panel = [make_user(Role.REVIEWER) for _ in range(2)]
    ReviewAssignment.objects.create(
        application=call.applications.first(), reviewer=panel[0], status="conflict"
    )
    job, _new = jobs.reviewers_assign_enqueue(call=call, actor=staff, reviewers=panel, per_application=2)

    job = _run(job)

    assert job.message == (
        "3 reviews assigned over 2 applications. 1 application still lacks reviewers: choose more reviewers."
    )


def test_reviewers_assign_enqueue_checks_the_choice_at_once(call, staff, make_user):
    _scored(call, 1)
    with pytest.raises(reviews.ValidationError) as error:
        jobs.reviewers_assign_enqueue(
            call=call, actor=staff, reviewers=[make_user(Role.REVIEWER)], per_application=2
        )
    assert error.value.messages == ["2 reviewers per application need at least 2 reviewers; 1 are chosen."]
    assert Job.objects.count() == 0
