from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parwona.core.models import AuditEntry
from parwona.users.enums import Role
from tests.factories import ParticipantFactory, PeerGroupFactory, PeerGroupMemberFactory, SessionFactory
from training.calendar import Month, _fold, ical_write, sessions_remind
from training.models import CalendarFeed, Session


def ical_parse(text: str) -> list[dict]:
    """Unfold and split an iCal text into its events' properties, checking the CRLF and 75-octet rules."""
    assert text.endswith("\r\n")
    raw = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in raw)
    lines: list[str] = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    events, current = [], None
    for line in lines:
        name, _sep, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current[name] = value
    return events


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            out.append({"n": "\n", "N": "\n"}.get(value[i + 1], value[i + 1]))
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


@pytest.fixture
def participant(db, roles):
    return ParticipantFactory(application__preferred_language="ru")


def test_month_navigation_wraps_years():
    assert str(Month(2026, 12).next) == "2027-01"
    assert str(Month(2026, 1).previous) == "2025-12"
    assert Month.parse("2026-13", today=datetime(2026, 3, 4).date()) == Month(2026, 3)


@pytest.mark.django_db
def test_calendar_groups_sessions_by_dushanbe_day(client, participant):
    # 20:30 UTC on 9 March is 01:30 on 10 March in Dushanbe (UTC+5).
    SessionFactory(cohort=participant.cohort, title="Шабона",
                   starts_at=datetime(2026, 3, 9, 20, 30, tzinfo=UTC))
    SessionFactory(cohort=participant.cohort, title="Субҳ", starts_at=datetime(2026, 3, 10, 4, 0, tzinfo=UTC))
    client.force_login(participant.user)

    response = client.get(reverse("calendar"), {"month": "2026-03"})

    days = response.context["days"]
    assert [(d["day"].isoformat(), [s.title for s in d["sessions"]]) for d in days] == [
        ("2026-03-10", ["Шабона", "Субҳ"])]
    assert "01:30" in response.content.decode()
    assert "?month=2026-02" in response.content.decode() and "?month=2026-04" in response.content.decode()


@pytest.mark.django_db
def test_calendar_shows_her_cohort_and_her_group_only(client, participant):
    group = PeerGroupFactory(cohort=participant.cohort)
    PeerGroupMemberFactory(group=group, participant=participant)
    other_group = PeerGroupFactory(cohort=participant.cohort)
    when = datetime(2026, 3, 12, 6, tzinfo=UTC)
    SessionFactory(cohort=participant.cohort, title="Ҳама", starts_at=when)
    SessionFactory(cohort=participant.cohort, peer_group=group, title="Гурӯҳи ман", starts_at=when)
    SessionFactory(cohort=participant.cohort, peer_group=other_group, title="Гурӯҳи дигар", starts_at=when)
    SessionFactory(title="Даври дигар", starts_at=when)
    client.force_login(participant.user)

    response = client.get(reverse("calendar"), {"month": "2026-03"})

    assert [s.title for d in response.context["days"] for s in d["sessions"]] == ["Ҳама", "Гурӯҳи ман"]


@pytest.mark.django_db
def test_calendar_of_a_trainer_shows_her_sessions(client, make_user):
    trainer = make_user(Role.TRAINER)
    when = datetime(2026, 3, 12, 6, tzinfo=UTC)
    SessionFactory(trainer=trainer, title="Дарси ман", starts_at=when)
    SessionFactory(title="Дарси дигар", starts_at=when)
    client.force_login(trainer)

    response = client.get(reverse("calendar"), {"month": "2026-03"})

    assert [s.title for d in response.context["days"] for s in d["sessions"]] == ["Дарси ман"]


@pytest.mark.django_db
def test_cohort_calendar_shows_all_its_sessions(client, make_user, participant):
    group = PeerGroupFactory(cohort=participant.cohort)
    when = datetime(2026, 3, 12, 6, tzinfo=UTC)
    SessionFactory(cohort=participant.cohort, title="Ҳама", starts_at=when)
    SessionFactory(cohort=participant.cohort, peer_group=group, title="Гурӯҳ", starts_at=when)
    client.force_login(make_user(Role.COORDINATOR))

    response = client.get(reverse("staff_cohort_calendar", kwargs={"pk": participant.cohort_id}),
                          {"month": "2026-03"})

    assert [s.title for d in response.context["days"] for s in d["sessions"]] == ["Ҳама", "Гурӯҳ"]


def _count(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_calendar_pages_have_a_fixed_query_count(client, make_user, participant):
    group = PeerGroupFactory(cohort=participant.cohort)
    PeerGroupMemberFactory(group=group, participant=participant)
    trainer = make_user(Role.TRAINER)
    when = datetime(2026, 3, 12, 6, tzinfo=UTC)
    SessionFactory(cohort=participant.cohort, starts_at=when, trainer=trainer)
    client.force_login(participant.user)
    client.get(reverse("calendar"))  # her feed is made on the first visit
    one = _count(client, reverse("calendar"), {"month": "2026-03"})
    for day in range(20):
        SessionFactory(cohort=participant.cohort, starts_at=when + timedelta(days=day % 10, hours=day),
                       trainer=make_user(Role.TRAINER), peer_group=group if day % 2 else None)

    assert _count(client, reverse("calendar"), {"month": "2026-03"}) == one


@pytest.mark.django_db
def test_calendar_page_makes_her_feed_and_regenerating_revokes_it(client, participant):
    client.force_login(participant.user)
    client.get(reverse("calendar"))
    old = CalendarFeed.objects.get(user=participant.user).token
    assert client.get(reverse("calendar_feed", kwargs={"token": old})).status_code == 200

    response = client.post(reverse("calendar_feed_regenerate"))

    new = CalendarFeed.objects.get(user=participant.user).token
    assert response.status_code == 302 and new != old
    assert client.get(reverse("calendar_feed", kwargs={"token": old})).status_code == 404
    assert client.get(reverse("calendar_feed", kwargs={"token": new})).status_code == 200
    assert AuditEntry.objects.filter(action="calendar_feed.regenerated", actor=participant.user).count() == 1


@pytest.mark.django_db
def test_calendar_feed_unknown_token_is_hidden(client):
    assert client.get(reverse("calendar_feed", kwargs={"token": "not-a-token"})).status_code == 404


@pytest.mark.django_db
def test_calendar_feed_is_valid_ical_of_her_sessions_only(client, participant):
    other = ParticipantFactory()
    group = PeerGroupFactory(cohort=participant.cohort)
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    mine = SessionFactory(cohort=participant.cohort, title="Савдо; нархҳо, тахфифҳо \\ саволҳо\nва ҷавобҳо",
                          starts_at=start, place="Хоруғ, кӯчаи Ленин 5", online_url="https://meet.example.tj/a")
    SessionFactory(cohort=participant.cohort, peer_group=group, title="Гурӯҳи дигар", starts_at=start)
    SessionFactory(cohort=other.cohort, title="Дигарон", starts_at=start)
    feed = CalendarFeed.objects.create(user=participant.user)

    response = client.get(reverse("calendar_feed", kwargs={"token": feed.token}))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = ical_parse(response.content.decode("utf-8"))
    assert len(events) == 1
    event = events[0]
    assert event["UID"] == f"session-{mine.pk}@127.0.0.1"
    assert unescape(event["SUMMARY"]) == mine.title
    assert unescape(event["LOCATION"]) == "Хоруғ, кӯчаи Ленин 5"
    assert event["URL"] == "https://meet.example.tj/a"
    assert event["DTSTART"] == start.strftime("%Y%m%dT%H%M%SZ")
    assert event["DTEND"] == (start + timedelta(minutes=90)).strftime("%Y%m%dT%H%M%SZ")
    assert len(event["DTSTAMP"]) == 16 and event["DTSTAMP"].endswith("Z")
    assert participant.user.full_name not in response.content.decode("utf-8")


def test_ical_fold_splits_at_75_octets_without_breaking_characters():
    line = "SUMMARY:" + "ӯ" * 100

    folded = _fold(line)

    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert parts[0] + "".join(p[1:] for p in parts[1:]) == line


def test_ical_write_escapes_text_and_keeps_uids_stable():
    session = Session(pk=7, title="a,b;c\\d\ne", starts_at=datetime(2026, 3, 1, 5, tzinfo=UTC), place="x")
    text = ical_write(sessions=[session], name="PARWONA", now=datetime(2026, 2, 1, tzinfo=UTC))

    assert "SUMMARY:a\\,b\\;c\\\\d\\ne\r\n" in text
    assert "UID:session-7@127.0.0.1\r\n" in text
    assert text == ical_write(sessions=[session], name="PARWONA", now=datetime(2026, 2, 1, tzinfo=UTC))


NOW = datetime(2026, 3, 1, 4, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_sessions_remind_sends_once_in_each_language(participant, make_user,
                                                     django_capture_on_commit_callbacks):
    tajik = ParticipantFactory(cohort=participant.cohort, application__preferred_language="tg")
    english = ParticipantFactory(cohort=participant.cohort, application__preferred_language="en")
    trainer = make_user(Role.TRAINER, language="en")
    session = SessionFactory(cohort=participant.cohort, trainer=trainer, title="Alif Shop",
                             starts_at=NOW + timedelta(hours=22))
    SessionFactory(cohort=participant.cohort, starts_at=NOW - timedelta(hours=1))  # begun already
    SessionFactory(cohort=participant.cohort, starts_at=NOW + timedelta(hours=26))  # more than a day ahead

    with django_capture_on_commit_callbacks(execute=True):
        assert sessions_remind(now=NOW) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert sessions_remind(now=NOW + timedelta(minutes=60)) == 0

    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == sorted([participant.user.email, tajik.user.email, english.user.email,
                                         trainer.email])
    assert len(mail.outbox) == 4
    assert by_address[participant.user.email].subject.startswith("Напоминание")
    assert by_address[tajik.user.email].subject.startswith("Хотиррасонӣ")
    assert by_address[english.user.email].subject.startswith("Reminder: Alif Shop")
    # 22 hours after NOW: 02:00 UTC on 2 March is 07:00 in Dushanbe.
    assert "07:00" in by_address[trainer.email].body
    session.refresh_from_db()
    assert session.reminded_at == NOW


@pytest.mark.django_db
def test_sessions_remind_of_a_group_session_emails_its_members(participant,
                                                               django_capture_on_commit_callbacks):
    group = PeerGroupFactory(cohort=participant.cohort)
    PeerGroupMemberFactory(group=group, participant=participant)
    ParticipantFactory(cohort=participant.cohort)
    SessionFactory(cohort=participant.cohort, peer_group=group, starts_at=NOW + timedelta(hours=23))

    with django_capture_on_commit_callbacks(execute=True):
        sessions_remind(now=NOW)

    assert [m.to for m in mail.outbox] == [[participant.user.email]]


@pytest.mark.django_db
def test_calendar_is_hidden_from_roles_without_one(client, make_user):
    client.force_login(make_user(Role.FIRM))

    assert client.get(reverse("calendar")).status_code == 404


def test_sessions_remind_runs_every_hour():
    from django.conf import settings

    assert settings.CELERY_BEAT_SCHEDULE["sessions-remind"] == {
        "task": "training.tasks.sessions_remind", "schedule": 3600.0}
