"""Calendars of sessions: who sees which sessions, a month of them grouped by day in the programme's time
zone, the secret iCal feed (written here by hand, RFC 5545) and the reminders the day before."""

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from applicants.models import Cohort, Participant
from parwona.core.services import audit_record
from parwona.users.enums import Role

from .models import CalendarFeed, PeerGroupMember, Session

logger = logging.getLogger(__name__)

PROGRAMME_TIMEZONE = ZoneInfo("Asia/Dushanbe")
# The feed holds sessions from this long ago on, and at most this many.
FEED_PAST = timedelta(days=60)
FEED_MAX = 1000
# A session is reminded once, in the first hourly run that finds it starting within the next 24 hours: the
# day before, about a day ahead; one created later than that is reminded at the next run.
REMIND_WITHIN = timedelta(hours=24)
EMAIL_CHUNK = 200


# Who sees which sessions

def sessions_visible(*, user) -> QuerySet[Session]:
    """Return the sessions of her calendar: as a participant her cohorts' whole-cohort sessions and her peer
    group's, as a trainer the sessions she gives."""
    participations = list(Participant.objects.filter(user=user).values_list("pk", "cohort_id"))
    condition = Q(pk__in=[])
    if participations:
        cohorts = [cohort for _pk, cohort in participations]
        groups = PeerGroupMember.objects.filter(participant_id__in=[pk for pk, _c in participations])
        condition |= Q(cohort_id__in=cohorts, peer_group__isnull=True) | Q(
            peer_group_id__in=groups.values("group_id"))
    if Role.TRAINER in user.roles:
        condition |= Q(trainer=user)
    return Session.objects.filter(condition)


def calendar_owner(*, user) -> bool:
    """Whether she has a personal calendar: participants and trainers do."""
    return Role.TRAINER in user.roles or Participant.objects.filter(user=user).exists()


def sessions_of_cohort(*, cohort: Cohort) -> QuerySet[Session]:
    return Session.objects.filter(cohort=cohort)


# A month of sessions

@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, value: str | None, *, today: date) -> "Month":
        """Return the month `value` names ("2026-03"), or today's month when it names none."""
        try:
            year, month = (int(part) for part in (value or "").split("-"))
            if 2000 <= year <= 2100 and 1 <= month <= 12:
                return cls(year, month)
        except ValueError:
            pass
        return cls(today.year, today.month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def next(self) -> "Month":
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    @property
    def previous(self) -> "Month":
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def bounds(self) -> tuple[datetime, datetime]:
        """Return the month's first and next month's first instant, at midnight in Dushanbe."""
        start = datetime(self.year, self.month, 1, tzinfo=PROGRAMME_TIMEZONE)
        following = self.next
        return start, datetime(following.year, following.month, 1, tzinfo=PROGRAMME_TIMEZONE)


def calendar_days(*, sessions: QuerySet[Session], month: Month) -> list[dict]:
    """Return the month's sessions grouped by their day in Dushanbe: [{"day": date, "sessions": [...]}]."""
    start, end = month.bounds()
    rows = (sessions.filter(starts_at__gte=start, starts_at__lt=end)
            .select_related("module", "peer_group", "trainer").order_by("starts_at", "pk"))
    days: list[dict] = []
    for session in rows:
        local = session.starts_at.astimezone(PROGRAMME_TIMEZONE)
        session.local_start = local
        session.local_end = local + timedelta(minutes=session.duration_minutes)
        if not days or days[-1]["day"] != local.date():
            days.append({"day": local.date(), "sessions": []})
        days[-1]["sessions"].append(session)
    return days


# The secret feed

def calendar_feed_for(*, user) -> CalendarFeed:
    """Return her feed, creating it on her first visit."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_regenerate(*, user) -> CalendarFeed:
    """Give her feed a new secret token: the old address stops working."""
    from .models import _token

    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        feed = CalendarFeed.objects.create(user=user)
    else:
        feed.token = _token()
        feed.save(update_fields=["token"])
    audit_record(actor=user, action="calendar_feed.regenerated", target=feed)
    return feed


def _escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1) without splitting a UTF-8 character."""
    out, current, width = [], [], 0
    for char in line:
        size = len(char.encode("utf-8"))
        # Continuation lines start with a space, which counts towards their 75 octets.
        if width + size > 75:
            out.append("".join(current))
            current, width = [" "], 1
        current.append(char)
        width += size
    out.append("".join(current))
    return "\r\n".join(out)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def ical_write(*, sessions: list[Session], name: str, now: datetime | None = None) -> str:
    """Return an RFC 5545 calendar of `sessions`, each event's UID stable for its session."""
    now = now or timezone.now()
    host = urlsplit(settings.PORTAL_BASE_URL).hostname or "parwona"
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//PARWONA//Training sessions//EN", "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(name)}", "X-WR-TIMEZONE:Asia/Dushanbe",
    ]
    for session in sessions:
        end = session.starts_at + timedelta(minutes=session.duration_minutes)
        lines += [
            "BEGIN:VEVENT", f"UID:session-{session.pk}@{host}", f"DTSTAMP:{_utc(now)}",
            f"DTSTART:{_utc(session.starts_at)}", f"DTEND:{_utc(end)}", f"SUMMARY:{_escape(session.title)}",
        ]
        if session.place:
            lines.append(f"LOCATION:{_escape(session.place)}")
        if session.online_url:
            lines.append(f"URL:{session.online_url}")
            lines.append(f"DESCRIPTION:{_escape(session.online_url)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def calendar_feed_sessions(*, feed: CalendarFeed, now: datetime | None = None) -> list[Session]:
    """Return the sessions her feed shows: those of her calendar from two months ago on."""
    now = now or timezone.now()
    return list(sessions_visible(user=feed.user).filter(starts_at__gte=now - FEED_PAST)
                .order_by("starts_at", "pk")[:FEED_MAX])


# Reminders

def sessions_remind(*, now: datetime | None = None) -> int:
    """Mark the sessions starting within 24 hours of `now` that were not reminded yet, and email their
    participants and trainer after commit; return how many sessions were marked.

    Rows locked by a concurrent run are skipped, so each session is reminded once."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            Session.objects.select_for_update(skip_locked=True)
            .filter(reminded_at__isnull=True, starts_at__gt=now, starts_at__lte=now + REMIND_WITHIN)
            .values_list("pk", flat=True)
        )
        if ids:
            Session.objects.filter(pk__in=ids).update(reminded_at=now)
            transaction.on_commit(lambda: sessions_remind_send(session_ids=ids))
    logger.info("Reminders: %s sessions to remind", len(ids))
    return len(ids)


def _reminder(*, session: Session, language: str, to: str, link: str) -> EmailMessage:
    with translation.override(language), timezone.override(PROGRAMME_TIMEZONE):
        context = {"session": session, "link": link,
                   "ends_at": session.starts_at + timedelta(minutes=session.duration_minutes)}
        subject = render_to_string("training/calendar/email/reminder_subject.txt", context).strip()
        body = render_to_string("training/calendar/email/reminder_message.txt", context)
    return EmailMessage(subject=subject, body=body, to=[to])


def sessions_remind_send(*, session_ids: list[int]) -> int:
    """Email the reminder of each session to its participants (the cohort's, or her peer group's) and its
    trainer, each in her language, in chunks; return how many emails went."""
    sessions = list(Session.objects.filter(pk__in=session_ids)
                    .select_related("trainer", "module", "peer_group").order_by("starts_at", "pk"))
    cohorts = {s.cohort_id for s in sessions if s.peer_group_id is None}
    groups = {s.peer_group_id for s in sessions if s.peer_group_id is not None}
    people = (Participant.objects.filter(Q(cohort_id__in=cohorts) | Q(peer_membership__group_id__in=groups))
              .filter(user__is_active=True).exclude(user__email="")
              .values_list("cohort_id", "peer_membership__group_id", "user__email", "user__language",
                           "application__preferred_language"))
    by_cohort: dict[int, list[tuple[str, str]]] = {}
    by_group: dict[int, list[tuple[str, str]]] = {}
    for cohort_id, group_id, email, user_language, preferred in people:
        person = (email, preferred or user_language or settings.LANGUAGE_CODE)
        by_cohort.setdefault(cohort_id, []).append(person)
        if group_id is not None:
            by_group.setdefault(group_id, []).append(person)
    link = settings.PORTAL_BASE_URL.rstrip("/") + reverse("calendar")
    messages = []
    for session in sessions:
        if session.peer_group_id:
            recipients = list(by_group.get(session.peer_group_id, []))
        else:
            recipients = list(by_cohort.get(session.cohort_id, []))
        trainer = session.trainer
        if trainer is not None and trainer.is_active and trainer.email:
            recipients.append((trainer.email, trainer.language))
        messages += [_reminder(session=session, language=language, to=email, link=link)
                     for email, language in recipients]
    sent = 0
    connection = get_connection()
    for start in range(0, len(messages), EMAIL_CHUNK):
        sent += connection.send_messages(messages[start:start + EMAIL_CHUNK]) or 0
    logger.info("Reminders: %s emails sent for %s sessions", sent, len(sessions))
    return sent
