from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outcomes import followups
from outcomes.enums import EmploymentStatus, FollowUpStatus, IncomeBand, RecordSource
from outcomes.models import EmploymentRecord, FollowUp
from parwona.core.models import AuditEntry
from parwona.users.enums import Role
from tests.factories import CohortFactory, ParticipantFactory
from tests.factories.outcomes import FollowUpFactory

ANSWER = {"status": EmploymentStatus.OWN_BUSINESS, "income_band": IncomeBand.FROM_1000, "note": ""}


@pytest.mark.parametrize(("day", "months", "due"), [
    (date(2026, 3, 31), 3, date(2026, 6, 30)),
    (date(2026, 3, 31), 12, date(2027, 3, 31)),
    (date(2025, 11, 30), 3, date(2026, 2, 28)),
])
def test_months_after_keeps_the_day_or_the_months_end(day, months, due):
    assert followups.months_after(day, months) == due


@pytest.mark.django_db
def test_follow_ups_schedule_creates_three_per_participant_once():
    cohort = CohortFactory(ends_on=date(2026, 3, 31))
    ParticipantFactory.create_batch(2, cohort=cohort)

    assert followups.follow_ups_schedule(cohort=cohort) == 6
    assert followups.follow_ups_schedule(cohort=cohort) == 0
    assert sorted(set(FollowUp.objects.values_list("months_after", "due_on"))) == [
        (3, date(2026, 6, 30)), (6, date(2026, 9, 30)), (12, date(2027, 3, 31))]


@pytest.mark.django_db
def test_follow_ups_send_emails_those_due_once_in_her_language():
    cohort = CohortFactory(ends_on=date(2026, 3, 31))
    participant = ParticipantFactory(cohort=cohort, application__preferred_language="ru")

    assert followups.follow_ups_send(today=date(2026, 7, 1)) == 1
    assert followups.follow_ups_send(today=date(2026, 7, 2)) == 0
    follow_up = FollowUp.objects.get(participant=participant, months_after=3)
    assert follow_up.status == FollowUpStatus.SENT
    assert mail.outbox[0].to == [participant.user.email]
    assert reverse("follow_up_survey", kwargs={"token": follow_up.token}) in mail.outbox[0].body
    assert mail.outbox[0].subject == "PARWONA: как у вас дела?"


@pytest.mark.django_db
def test_follow_up_answer_works_once(client):
    follow_up = FollowUpFactory(status=FollowUpStatus.SENT)
    url = reverse("follow_up_survey", kwargs={"token": follow_up.token})

    client.post(url, ANSWER)
    client.post(url, ANSWER | {"status": EmploymentStatus.NOT_WORKING})

    record = EmploymentRecord.objects.get()
    assert (record.status, record.source) == (EmploymentStatus.OWN_BUSINESS, RecordSource.SURVEY)
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.ANSWERED
    with pytest.raises(ValidationError):
        followups.follow_up_answer(token=follow_up.token, values=ANSWER)
    assert client.get(url).context["done"] is True


@pytest.mark.django_db
def test_follow_up_survey_unknown_token_is_not_found(client):
    assert client.get(reverse("follow_up_survey", kwargs={"token": "nope"})).status_code == 404


@pytest.mark.django_db
def test_staff_records_an_answer_by_phone_and_marks_unreachable(client, make_user):
    coordinator = make_user(Role.COORDINATOR)
    client.force_login(coordinator)
    called, missed = FollowUpFactory(status=FollowUpStatus.SENT), FollowUpFactory(status=FollowUpStatus.SENT)

    client.post(reverse("staff_follow_up", kwargs={"pk": called.pk}), ANSWER)
    client.post(reverse("staff_follow_up_unreachable", kwargs={"pk": missed.pk}))

    record = EmploymentRecord.objects.get()
    assert (record.follow_up_id, record.source) == (called.pk, RecordSource.PHONE)
    assert record.recorded_by == coordinator
    missed.refresh_from_db()
    assert missed.status == FollowUpStatus.UNREACHABLE
    assert AuditEntry.objects.filter(action__startswith="outcomes.follow_up_").count() == 2


@pytest.mark.django_db
def test_staff_follow_ups_queue_queries_are_fixed(client, make_user):
    client.force_login(make_user(Role.COORDINATOR))
    counts = []
    for rows in (1, 25):
        FollowUpFactory.create_batch(rows - sum(1 for _ in counts) * 1, status=FollowUpStatus.SENT,
                                     due_on=date(2026, 1, 1))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("staff_follow_ups"))
        counts.append(len(captured))

    assert len(response.context["page"]) == 25
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_her_home_links_to_her_unanswered_follow_up(client):
    follow_up = FollowUpFactory(status=FollowUpStatus.SENT)
    client.force_login(follow_up.participant.user)

    page = client.get(reverse("home")).content.decode()
    follow_up.status = FollowUpStatus.ANSWERED
    follow_up.save()
    after = client.get(reverse("home")).content.decode()

    link = reverse("follow_up_survey", kwargs={"token": follow_up.token})
    assert (link in page, link in after) == (True, False)
