"""Retention: a call's unsuccessful applications lose their personal data when its retention ends."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse

from applicants.enums import ApplicationStatus, Eligibility, OfferStatus
from applicants.models import Application, Offer, ReviewAssignment
from applicants.retention import RETENTION_ANONYMISED, retention_apply
from parwona.core.dates import months_after
from parwona.core.models import AuditEntry
from parwona.users.models import User
from tests.applicants.step_data import PDF_BYTES
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CohortFactory,
    OfferFactory,
    ParticipantFactory,
    ReviewFactory,
    WaitlistEntryFactory,
)

OPENS = datetime(2025, 11, 1, 9, 0, tzinfo=UTC)
CLOSES = datetime(2025, 11, 15, 18, 0, tzinfo=UTC)
RETENTION_ENDS = datetime(2026, 5, 15, 18, 0, tzinfo=UTC)


def test_months_after_moves_by_calendar_months_and_keeps_the_month_end():
    assert months_after(datetime(2025, 11, 15, 18, 0, tzinfo=UTC), 6) == RETENTION_ENDS
    assert months_after(datetime(2025, 8, 31, tzinfo=UTC), 6) == datetime(2026, 2, 28, tzinfo=UTC)
    assert months_after(datetime(2025, 12, 1, tzinfo=UTC), 24) == datetime(2027, 12, 1, tzinfo=UTC)


def _personal(application: Application) -> tuple:
    application.refresh_from_db()
    return (application.full_name, application.phone, application.email, application.city,
            application.motivation, application.goal, application.extra_answers, application.cv.name,
            application.applicant_id)


@pytest.fixture
def closed_call(roles):
    call = CallFactory(opens_at=OPENS, closes_at=CLOSES, status="closed", retention_months=6)
    assert call.retention_until == RETENTION_ENDS
    return call


@pytest.fixture
def outcomes(closed_call):
    """One application of each outcome, in the closed call; the unsuccessful ones hold a CV, an
    answer to the call's question and a reviewer's comment."""
    call = closed_call
    question = call.questions.create(label_tg="Савол", label_ru="Вопрос", label_en="Question")
    cohort = CohortFactory(call=call)

    def submitted(status, **kwargs):
        application = ApplicationFactory(
            call=call, complete=True, status=status, submitted_at=CLOSES - timedelta(days=3),
            eligibility=kwargs.pop("eligibility", Eligibility.ELIGIBLE),
            extra_answers={str(question.pk): "Модарам дар Хоруғ дӯкон дорад"}, **kwargs,
        )
        application.cv.save("cv.pdf", ContentFile(PDF_BYTES), save=True)
        ReviewFactory(application=application, comment="Шаҳло аз Хоруғ, ҷавоби хуб")
        return application

    rows = {
        "not_selected": submitted(ApplicationStatus.NOT_SELECTED),
        "ineligible": submitted(ApplicationStatus.NOT_SELECTED, eligibility=Eligibility.INELIGIBLE),
        "withdrawn": submitted(ApplicationStatus.WITHDRAWN),
        "declined": submitted(ApplicationStatus.SELECTED),
        "waitlisted": submitted(ApplicationStatus.WAITLISTED),
        "draft": ApplicationFactory(call=call, full_name="Нигина Раҳимова", phone="+992931110000"),
    }
    OfferFactory(cohort=cohort, application=rows["declined"], status=OfferStatus.DECLINED,
                 decline_reason="Модарам бемор аст")
    WaitlistEntryFactory(cohort=cohort, application=rows["waitlisted"])
    rows["participant"] = ParticipantFactory(cohort=cohort).application
    rows["participant"].cv.save("cv.pdf", ContentFile(PDF_BYTES), save=True)
    OfferFactory(cohort=cohort, application=rows["participant"], status=OfferStatus.ACCEPTED)
    # She applies again to a newer call: her account is needed, only the old application goes.
    newer = CallFactory()
    ApplicationFactory(call=newer, applicant=rows["withdrawn"].applicant)
    return rows


UNSUCCESSFUL = ["not_selected", "ineligible", "withdrawn", "declined", "waitlisted", "draft"]


def test_retention_apply_changes_nothing_before_the_retention_ends(outcomes):
    before = {name: _personal(application) for name, application in outcomes.items()}

    counts = retention_apply(now=RETENTION_ENDS - timedelta(seconds=1))

    assert counts == {"calls": 0, "applications": 0, "accounts": 0}
    assert {name: _personal(application) for name, application in outcomes.items()} == before
    assert Application.objects.filter(erased_at__isnull=False).count() == 0


def test_retention_apply_anonymises_the_unsuccessful_and_keeps_the_participant(
    outcomes, django_capture_on_commit_callbacks
):
    users = {name: outcomes[name].applicant for name in outcomes}
    cv_names = {name: outcomes[name].cv.name for name in outcomes if outcomes[name].cv}
    storage = outcomes["participant"].cv.storage
    participant_before = _personal(outcomes["participant"])
    statuses = {name: outcomes[name].status for name in outcomes}

    with django_capture_on_commit_callbacks(execute=True):
        counts = retention_apply(now=RETENTION_ENDS)

    assert counts == {"calls": 1, "applications": 6, "accounts": 5}
    for name in UNSUCCESSFUL:
        application = outcomes[name]
        assert _personal(application) == ("", "", "", "", "", "", {}, "", None), name
        assert application.erased_at == RETENTION_ENDS
        # The outcome and the anonymous answers stay for the programme's figures.
        assert application.status == statuses[name]
    assert (outcomes["not_selected"].region, outcomes["not_selected"].education,
            outcomes["not_selected"].hours_per_week) == ("gbao", "bachelor", 20)
    assert [storage.exists(cv_names[name]) for name in UNSUCCESSFUL if name in cv_names] == [False] * 5
    assert Offer.objects.get(application=outcomes["declined"]).decline_reason == ""
    assert set(ReviewAssignment.objects.filter(application__call=outcomes["draft"].call)
               .values_list("comment", flat=True)) == {""}

    assert _personal(outcomes["participant"]) == participant_before
    assert outcomes["participant"].erased_at is None
    assert storage.exists(cv_names["participant"])

    for name in ["not_selected", "ineligible", "declined", "waitlisted", "draft"]:
        user = User.objects.get(pk=users[name].pk)
        assert (user.email, user.full_name, user.phone, user.is_active, user.has_usable_password()) == (
            f"erased-{user.pk}@erased.invalid", "", "", False, False
        ), name
        assert user.emailaddress_set.count() == 0
    kept = User.objects.get(pk=users["withdrawn"].pk)
    assert (kept.email, kept.full_name, kept.is_active) == (
        users["withdrawn"].email, users["withdrawn"].full_name, True
    )
    participant = User.objects.get(pk=users["participant"].pk)
    assert (participant.email, participant.is_active) == (users["participant"].email, True)

    entry = AuditEntry.objects.get(action=RETENTION_ANONYMISED)
    assert (entry.actor, entry.target_id, entry.details) == (
        None, "", {"calls": 1, "applications": 6, "accounts": 5}
    )


def test_retention_apply_twice_changes_nothing_more(outcomes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        retention_apply(now=RETENTION_ENDS)
    after = {name: (_personal(a), a.erased_at, a.status) for name, a in outcomes.items()}
    accounts = list(User.objects.order_by("pk").values_list("email", "is_active", "full_name"))

    counts = retention_apply(now=RETENTION_ENDS + timedelta(days=1))

    assert counts == {"calls": 1, "applications": 0, "accounts": 0}
    assert {name: (_personal(a), a.erased_at, a.status) for name, a in outcomes.items()} == after
    assert list(User.objects.order_by("pk").values_list("email", "is_active", "full_name")) == accounts
    assert [e.details["applications"] for e in AuditEntry.objects.filter(action=RETENTION_ANONYMISED)
            .order_by("pk")] == [6, 0]


def test_retention_apply_leaves_undecided_and_open_calls_alone(closed_call):
    pending = ApplicationFactory(call=closed_call, complete=True, status=ApplicationStatus.UNDER_REVIEW,
                                 eligibility=Eligibility.ELIGIBLE)
    later_call = CallFactory(opens_at=OPENS, closes_at=RETENTION_ENDS - timedelta(days=40))
    later_draft = ApplicationFactory(call=later_call, full_name="Нигина Раҳимова")

    counts = retention_apply(now=RETENTION_ENDS + timedelta(days=1))

    assert counts == {"calls": 1, "applications": 0, "accounts": 0}
    assert _personal(pending)[0] == "Шаҳло Ғафурова"
    # The later call closed less than its retention ago.
    assert _personal(later_draft)[0] == "Нигина Раҳимова"
    assert Application.objects.filter(erased_at__isnull=False).count() == 0


def test_retention_apply_keeps_an_account_with_another_role(closed_call, make_user):
    firm_rep = make_user("firm")
    firm_rep.groups.add(Group.objects.get(name="applicant"))
    application = ApplicationFactory(
        call=closed_call, applicant=firm_rep, status=ApplicationStatus.NOT_SELECTED
    )

    counts = retention_apply(now=RETENTION_ENDS)

    assert counts == {"calls": 1, "applications": 1, "accounts": 0}
    assert _personal(application)[-1] is None
    firm_rep.refresh_from_db()
    assert (firm_rep.is_active, firm_rep.email) == (True, User.objects.get(pk=firm_rep.pk).email)
    assert not firm_rep.email.endswith("@erased.invalid")


def test_staff_call_edit_shows_when_the_call_loses_its_personal_data(coordinator, closed_call):
    response = coordinator.get(reverse("staff_call_edit", kwargs={"pk": closed_call.pk}))

    assert response.status_code == 200
    assert (
        "Unsuccessful applications lose their personal data on 15 May 2026, 6 months after the call closes; "
        "participants' applications are kept."
    ) in " ".join(response.content.decode().split())


def test_retention_apply_runs_daily_from_beat(outcomes, settings, django_capture_on_commit_callbacks):
    from celery.schedules import crontab

    from applicants.tasks import retention_apply_task

    entry = settings.CELERY_BEAT_SCHEDULE["retention-apply"]
    assert (entry["task"], entry["schedule"]) == (retention_apply_task.name, crontab(hour=3, minute=15))
    # Today is long after the call's retention: the task anonymises the six unsuccessful applications.
    with django_capture_on_commit_callbacks(execute=True):
        counts = retention_apply_task.apply().get()
    assert counts == {"calls": 1, "applications": 6, "accounts": 5}
