"""Writes of preferences: the coordinator's preference window, the participants' and firms' rankings,
a participant's matching profile, and the emails that open the window and remind who has not ranked."""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applicants.enums import CohortStatus
from applicants.models import Cohort, Participant
from parwona.core.jobs import job_create, job_handler
from parwona.core.services import audit_record

from .enums import FirmStatus, PreferenceSide, Sector, Skill
from .models import Firm, FirmMember, MatchingRound, ParticipantProfile, Preference
from .preference_selectors import (
    PREFERENCES_MAX,
    firms_rankable,
    participants_rankable,
    preferences_window_open,
    unranked_firm_ids,
    unranked_participant_ids,
)

logger = logging.getLogger(__name__)

NOTIFY_JOB = "preferences.notify"
OPENED, REMINDER = "opened", "reminder"
CHUNK = 500
# Deadlines in emails are given in the programme's local time, wherever the worker runs.
PROGRAMME_TIMEZONE = "Asia/Dushanbe"


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


# The window


@transaction.atomic
def preferences_open_set(
    *,
    cohort: Cohort,
    actor,
    open: bool,
    deadline: datetime | None,
    now: datetime | None = None,
) -> MatchingRound:
    """Open the cohort's preference window until `deadline`, or close it; create its round if missing.

    Opening, or moving the deadline of an open window, emails every participant of the cohort and
    every representative of an approved firm, after commit.
    """
    now = now or timezone.now()
    if cohort.status != CohortStatus.CONFIRMED:
        raise ValidationError(_("Confirm the cohort before asking for preferences."), code="unconfirmed")
    MatchingRound.objects.get_or_create(cohort=cohort)
    round_ = MatchingRound.objects.select_for_update().get(cohort=cohort)
    if round_.published_at is not None:
        raise ValidationError(
            _("The matching of this cohort is published: preferences can no longer change."), code="published"
        )
    was_open = preferences_window_open(round_=round_, now=now)
    if open:
        if deadline is None or deadline <= now:
            raise ValidationError(_("Give a deadline in the future."), code="deadline")
        moved = round_.preferences_deadline != deadline
        round_.preferences_open, round_.preferences_deadline = True, deadline
    else:
        moved = False
        round_.preferences_open = False
    round_.save(update_fields=["preferences_open", "preferences_deadline"])
    audit_record(
        actor=actor,
        action="preferences.opened" if open else "preferences.closed",
        target=round_,
        details={"deadline": deadline.isoformat()} if open else {},
    )
    if open and (not was_open or moved):
        job_create(kind=NOTIFY_JOB, params={"round": round_.pk, "kind": OPENED}, created_by=actor)
    return round_


@transaction.atomic
def preferences_remind(*, cohort: Cohort, actor, now: datetime | None = None) -> int:
    """Email a reminder to each participant and firm that has not ranked yet; return how many will get one."""
    now = now or timezone.now()
    round_ = MatchingRound.objects.filter(cohort=cohort).first()
    if not preferences_window_open(round_=round_, now=now):
        raise ValidationError(_("Preferences are not open: there is nobody to remind."), code="closed")
    participants = unranked_participant_ids(round_=round_)
    firms = unranked_firm_ids(round_=round_)
    audit_record(
        actor=actor,
        action="preferences.reminded",
        target=round_,
        details={"participants": len(participants), "firms": len(firms)},
    )
    if participants or firms:
        job_create(kind=NOTIFY_JOB, params={"round": round_.pk, "kind": REMINDER}, created_by=actor)
    return len(participants) + len(firms)


# Rankings

MESSAGE_CLOSED = _("Ranking is closed: your ranking can no longer change.")


def _ranking_check(*, ranking: dict[int, int], allowed: set[int]) -> None:
    if len(ranking) > PREFERENCES_MAX:
        raise ValidationError(_("Rank at most %(max)s.") % {"max": PREFERENCES_MAX}, code="too_many")
    if set(ranking) - allowed:
        raise ValidationError(
            _("One of the cards you ranked is no longer in this round. Look at the cards again and save."),
            code="unknown",
        )
    ranks = sorted(ranking.values())
    seen = set()
    for rank in ranks:
        if rank in seen:
            raise ValidationError(
                _("Rank %(rank)s is given twice: give each rank to one card only.") % {"rank": rank},
                code="duplicate",
            )
        seen.add(rank)
    for expected, rank in enumerate(ranks, 1):
        if rank != expected:
            raise ValidationError(
                _("Ranks go 1, 2, 3… without a gap: rank %(rank)s is missing.") % {"rank": expected},
                code="gap",
            )


def _ranking_replace(*, round_: MatchingRound, side: str, owner: dict, ranking: dict[int, int], now) -> int:
    # The round's row is locked so that closing the window and saving a ranking never interleave.
    locked = MatchingRound.objects.select_for_update().get(pk=round_.pk)
    if not preferences_window_open(round_=locked, now=now):
        raise ValidationError(MESSAGE_CLOSED, code="closed")
    other = "firm_id" if side == PreferenceSide.PARTICIPANT else "participant_id"
    if side == PreferenceSide.PARTICIPANT:
        allowed = set(firms_rankable().values_list("pk", flat=True).filter(pk__in=list(ranking)))
    else:
        allowed = set(
            participants_rankable(round_=locked).values_list("pk", flat=True).filter(pk__in=list(ranking))
        )
    _ranking_check(ranking=ranking, allowed=allowed)
    Preference.objects.filter(round=locked, side=side, **owner).delete()
    Preference.objects.bulk_create(
        [
            Preference(round=locked, side=side, rank=rank, **owner, **{other: pk})
            for pk, rank in ranking.items()
        ]
    )
    return len(ranking)


@transaction.atomic
def participant_preferences_replace(
    *, participant: Participant, round_: MatchingRound, ranking: dict[int, int], now: datetime | None = None
) -> int:
    """Replace the participant's ranking of firms ({firm id: rank}) in her round; return its length."""
    if participant.cohort_id != round_.cohort_id:
        raise ValidationError(MESSAGE_CLOSED, code="closed")
    count = _ranking_replace(
        round_=round_,
        side=PreferenceSide.PARTICIPANT,
        owner={"participant_id": participant.pk},
        ranking=ranking,
        now=now or timezone.now(),
    )
    audit_record(
        actor=participant.user,
        action="preferences.ranked",
        target=round_,
        details={"side": PreferenceSide.PARTICIPANT.value, "participant": participant.pk, "ranked": count},
    )
    return count


@transaction.atomic
def firm_preferences_replace(
    *, firm: Firm, round_: MatchingRound, actor, ranking: dict[int, int], now: datetime | None = None
) -> int:
    """Replace the firm's ranking of the round's participants ({participant id: rank}); return its length."""
    if firm.status != FirmStatus.APPROVED:
        raise ValidationError(MESSAGE_CLOSED, code="closed")
    count = _ranking_replace(
        round_=round_,
        side=PreferenceSide.FIRM,
        owner={"firm_id": firm.pk},
        ranking=ranking,
        now=now or timezone.now(),
    )
    audit_record(
        actor=actor,
        action="preferences.ranked",
        target=round_,
        details={"side": PreferenceSide.FIRM.value, "firm": firm.pk, "ranked": count},
    )
    return count


# The participant's matching profile


@transaction.atomic
def participant_profile_save(
    *, participant: Participant, sectors: list[str], skills: list[str], remote_ok: bool
) -> ParticipantProfile:
    """Save what the participant adds for matching: sectors of interest, skills she brings, remote work."""
    round_ = MatchingRound.objects.filter(cohort_id=participant.cohort_id).first()
    if round_ is not None and round_.published_at is not None:
        raise ValidationError(
            _("The matching of your cohort is published: your profile can no longer change."),
            code="published",
        )
    unknown = (set(sectors) - set(Sector.values)) | (set(skills) - set(Skill.values))
    if unknown:
        raise ValidationError(_("Choose from the lists given."), code="choice")
    profile, _created = ParticipantProfile.objects.update_or_create(
        participant=participant,
        defaults={
            "sectors": [s for s in Sector.values if s in sectors],
            "skills": [s for s in Skill.values if s in skills],
            "remote_ok": remote_ok,
        },
    )
    return profile


# Emails


def _base() -> str:
    return settings.PORTAL_BASE_URL.rstrip("/")


def _email(*, language: str, address: str, template: str, context: dict) -> None:
    with translation.override(language), timezone.override(PROGRAMME_TIMEZONE):
        subject = render_to_string(f"matching/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"matching/email/{template}_message.txt", context)
    send_mail(subject, body, None, [address])


def _participants_email(*, round_: MatchingRound, ids: list[int], kind: str) -> int:
    link = _base() + reverse("participant_preferences", kwargs={"pk": round_.cohort_id})
    sent = 0
    rows = Participant.objects.filter(pk__in=ids).values_list(
        "application__preferred_language", "application__email", "user__email"
    )
    for language, application_email, user_email in rows:
        address = user_email or application_email
        if not address:
            continue
        _email(
            language=language or settings.LANGUAGE_CODE,
            address=address,
            template=f"preferences_{kind}_participant",
            context={"deadline": round_.preferences_deadline, "link": link},
        )
        sent += 1
    return sent


def _firms_email(*, round_: MatchingRound, ids: list[int], kind: str) -> int:
    sent = 0
    rows = FirmMember.objects.filter(firm_id__in=ids).values_list("firm_id", "user__language", "user__email")
    for firm_id, language, address in rows:
        if not address:
            continue
        link = _base() + reverse("firm_preferences", kwargs={"firm_pk": firm_id, "pk": round_.cohort_id})
        _email(
            language=language or settings.LANGUAGE_CODE,
            address=address,
            template=f"preferences_{kind}_firm",
            context={"deadline": round_.preferences_deadline, "link": link},
        )
        sent += 1
    return sent


@job_handler(NOTIFY_JOB)
def preferences_notify(*, job, progress) -> dict:
    """Email the round's participants and approved firms (all of them, or those yet to rank), in chunks,
    each person in her language, with the deadline in Dushanbe time."""
    params = job.params
    kind = params.get("kind") if params.get("kind") in (OPENED, REMINDER) else OPENED
    round_ = MatchingRound.objects.filter(pk=params.get("round")).first()
    if round_ is None or not preferences_window_open(round_=round_, now=timezone.now()):
        return {"sent": 0}
    if kind == OPENED:
        participant_ids = list(participants_rankable(round_=round_).values_list("pk", flat=True))
        firm_ids = list(firms_rankable().values_list("pk", flat=True))
    else:
        participant_ids = unranked_participant_ids(round_=round_)
        firm_ids = unranked_firm_ids(round_=round_)
    total, sent, done = len(participant_ids) + len(firm_ids), 0, 0
    for chunk in _chunks(participant_ids):
        sent += _participants_email(round_=round_, ids=chunk, kind=kind)
        done += len(chunk)
        progress(done * 100 // max(total, 1), f"{done}/{total}")
    for chunk in _chunks(firm_ids):
        sent += _firms_email(round_=round_, ids=chunk, kind=kind)
        done += len(chunk)
        progress(done * 100 // max(total, 1), f"{done}/{total}")
    logger.info("Round %s: %s preference emails (%s) sent", round_.pk, sent, kind)
    return {"sent": sent}
