"""Marking a whole session's attendance: the bulk write, who may mark, the page on one screen."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from parwona.core.models import AuditEntry
from parwona.users.enums import Role
from tests.factories import CohortFactory, ParticipantFactory, SessionFactory
from training.attendance import attendance_mark, session_participants
from training.models import Attendance, PeerGroup, PeerGroupMember, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(make_user):
    return make_user(Role.TRAINER, language="en")


def _session(*, size: int, trainer=None):
    cohort = CohortFactory(size=size)
    people = [ParticipantFactory(cohort=cohort, user__language="en") for _ in range(size)]
    return SessionFactory(cohort=cohort, trainer=trainer), people


def test_attendance_mark_upserts_every_mark_and_audits_counts_only(trainer):
    session, (a, b, c) = _session(size=3, trainer=trainer)
    Attendance.objects.create(session=session, participant=a, status="absent")

    counts = attendance_mark(session=session, marks={a.pk: "late", b.pk: "present", c.pk: "excused"},
                             actor=trainer)

    assert dict(Attendance.objects.values_list("participant_id", "status")) == {
        a.pk: "late", b.pk: "present", c.pk: "excused",
    }
    assert set(Attendance.objects.values_list("marked_by", flat=True)) == {trainer.pk}
    assert counts == {"present": 1, "late": 1, "absent": 0, "excused": 1}
    entry = AuditEntry.objects.get(action="attendance.marked")
    assert entry.details == counts
    assert entry.target_repr == session.title


@pytest.mark.parametrize("size", [1, 25])
def test_attendance_mark_takes_the_same_queries_for_any_number(trainer, size):
    session, people = _session(size=size, trainer=trainer)
    marks = {p.pk: "present" for p in people}
    ContentType.objects.get_for_model(Session)  # the audit log's cached lookup, as in a running server

    with CaptureQueriesContext(connection) as queries:
        attendance_mark(session=session, marks=marks, actor=trainer)

    assert len(queries) == 5  # savepoint, participants, upsert, audit, release
    assert Attendance.objects.count() == size


def test_attendance_mark_refuses_a_stranger_and_writes_nothing(trainer):
    session, (her,) = _session(size=1, trainer=trainer)
    stranger = ParticipantFactory()

    with pytest.raises(ValidationError) as error, translation.override("en"):
        attendance_mark(session=session, marks={her.pk: "present", stranger.pk: "present"}, actor=trainer)

    assert error.value.messages == ["Someone marked is not a participant of this session."]
    assert Attendance.objects.count() == 0
    with pytest.raises(ValidationError):
        attendance_mark(session=session, marks={her.pk: "asleep"}, actor=trainer)
    assert Attendance.objects.count() == 0


def test_session_participants_of_a_peer_group_session_are_its_members(roles):
    cohort = CohortFactory()
    member, _other = ParticipantFactory(cohort=cohort), ParticipantFactory(cohort=cohort)
    group = PeerGroup.objects.create(cohort=cohort, name="Dushanbe 1")
    PeerGroupMember.objects.create(group=group, participant=member)

    session = SessionFactory(cohort=cohort, peer_group=group)

    assert list(session_participants(session=session)) == [member]


def test_attendance_page_saves_the_whole_session_in_one_submit(client, trainer):
    session, (a, b) = _session(size=2, trainer=trainer)
    client.force_login(trainer)
    url = reverse("session_attendance", kwargs={"pk": session.pk})

    response = client.post(url, {f"p{a.pk}": "present", f"p{b.pk}": "late"}, follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Attendance is saved: 1 present, 1 late, 0 absent, 0 excused."
    ]
    assert dict(Attendance.objects.values_list("participant_id", "status")) == {a.pk: "present", b.pk: "late"}


def test_attendance_page_needs_every_row_and_writes_nothing_otherwise(client, trainer):
    session, (a, b) = _session(size=2, trainer=trainer)
    client.force_login(trainer)

    response = client.post(reverse("session_attendance", kwargs={"pk": session.pk}), {f"p{a.pk}": "present"})

    assert response.status_code == 200
    assert response.context["form"].errors == {f"p{b.pk}": ["Choose how she attended."]}
    assert Attendance.objects.count() == 0


def test_attendance_page_everyone_present_preselects_every_row(client, trainer):
    session, people = _session(size=3, trainer=trainer)
    client.force_login(trainer)

    response = client.get(reverse("session_attendance", kwargs={"pk": session.pk}), {"everyone": "present"})

    html = response.content.decode()
    assert html.count('value="present" autocomplete="off" checked') == 3
    assert Attendance.objects.count() == 0  # nothing is saved before she submits


def test_attendance_page_of_another_trainers_session_does_not_exist(client, trainer, make_user):
    session, (her,) = _session(size=1, trainer=make_user(Role.TRAINER, language="en"))
    client.force_login(trainer)
    url = reverse("session_attendance", kwargs={"pk": session.pk})

    assert client.get(url).status_code == 404
    assert client.post(url, {f"p{her.pk}": "absent"}).status_code == 404
    assert Attendance.objects.count() == 0


def test_attendance_page_is_open_to_a_coordinator_for_any_session(client, make_user):
    session, _people = _session(size=1, trainer=make_user(Role.TRAINER, language="en"))
    client.force_login(make_user(Role.COORDINATOR, language="en"))
    assert client.get(reverse("session_attendance", kwargs={"pk": session.pk})).status_code == 200


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.FIRM, Role.REVIEWER])
def test_attendance_page_is_denied_without_the_permission(client, make_user, role):
    session, _people = _session(size=1)
    client.force_login(make_user(role, language="en"))
    assert client.get(reverse("session_attendance", kwargs={"pk": session.pk})).status_code == 403


def test_attendance_page_has_a_fixed_query_count(client, trainer):
    small, _people = _session(size=1, trainer=trainer)
    large, people = _session(size=30, trainer=trainer)
    Attendance.objects.bulk_create(Attendance(session=large, participant=p, status="late") for p in people)
    client.force_login(trainer)
    counts = []
    for session in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("session_attendance", kwargs={"pk": session.pk}))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert response.content.decode().count('value="late" autocomplete="off" checked') == 30
