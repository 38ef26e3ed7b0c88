"""Follow-ups of participants 3, 6 and 12 months after their training: sent by email with a one-time
link, answered by her on her phone, or entered by staff after a phone call."""

import logging
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from applicants.models import Cohort, Participant
from parwona.core.dates import months_after
from parwona.core.services import audit_record

from .enums import FOLLOW_UP_MONTHS, FollowUpStatus, RecordSource
from .models import EmploymentRecord, FollowUp

logger = logging.getLogger(__name__)
OPEN = (FollowUpStatus.SCHEDULED, FollowUpStatus.SENT)


def follow_ups_schedule(*, cohort: Cohort) -> int:
    """Create the three follow-ups of every participant of the cohort; return how many were new."""
    if cohort.ends_on is None:
        return 0
    have = set(
        FollowUp.objects.filter(participant__cohort=cohort).values_list("participant_id", "months_after")
    )
    new = [
        FollowUp(participant_id=pk, months_after=months, due_on=months_after(cohort.ends_on, months))
        for pk in Participant.objects.filter(cohort=cohort).values_list("pk", flat=True)
        for months in FOLLOW_UP_MONTHS if (pk, months) not in have
    ]
    FollowUp.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def follow_ups_send(*, today: date) -> int:
    """Schedule cohorts that have ended, then email every follow-up due by `today`; return how many went."""
    for cohort in Cohort.objects.filter(ends_on__isnull=False, ends_on__lte=today):
        follow_ups_schedule(cohort=cohort)
    due = FollowUp.objects.filter(status=FollowUpStatus.SCHEDULED, due_on__lte=today).select_related(
        "participant__user", "participant__application")
    base = settings.PORTAL_BASE_URL.rstrip("/")
    messages, sent_ids = [], []
    for follow_up in due:
        person = follow_up.participant
        language = person.application.preferred_language or person.user.language or settings.LANGUAGE_CODE
        link = base + reverse("follow_up_survey", kwargs={"token": follow_up.token})
        with translation.override(language):
            context = {"months": follow_up.months_after, "link": link}
            subject = render_to_string("outcomes/email/follow_up_subject.txt", context).strip()
            body = render_to_string("outcomes/email/follow_up_message.txt", context)
        messages.append(EmailMessage(subject=subject, body=body, to=[person.user.email]))
        sent_ids.append(follow_up.pk)
    if messages:
        get_connection().send_messages(messages)
        FollowUp.objects.filter(pk__in=sent_ids).update(status=FollowUpStatus.SENT, sent_at=timezone.now())
    logger.info("Follow-ups sent: %s", len(messages))
    return len(messages)


def _record(*, follow_up: FollowUp, values: dict, source: str, actor=None) -> EmploymentRecord:
    return EmploymentRecord.objects.create(
        participant=follow_up.participant, follow_up=follow_up, as_of=timezone.localdate(),
        status=values["status"], income_band=values["income_band"], note=values.get("note", ""),
        source=source, recorded_by=actor,
    )


@transaction.atomic
def follow_up_answer(*, token: str, values: dict) -> EmploymentRecord:
    """Record her answer through the one-time link; the link then no longer works."""
    follow_up = FollowUp.objects.select_for_update().get(token=token)
    if follow_up.token_used_at or follow_up.status not in OPEN:
        raise ValidationError(_("This follow-up has already been answered. Thank you."))
    record = _record(follow_up=follow_up, values=values, source=RecordSource.SURVEY)
    now = timezone.now()
    follow_up.status, follow_up.answered_at, follow_up.token_used_at = FollowUpStatus.ANSWERED, now, now
    follow_up.save(update_fields=["status", "answered_at", "token_used_at"])
    return record


@transaction.atomic
def follow_up_record_by_phone(*, follow_up: FollowUp, actor, values: dict) -> EmploymentRecord:
    """Enter her answers after a phone call, for a woman who did not answer by email."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.status not in (*OPEN, FollowUpStatus.UNREACHABLE):
        raise ValidationError(_("This follow-up has already been answered."))
    record = _record(follow_up=follow_up, values=values, source=RecordSource.PHONE, actor=actor)
    follow_up.status, follow_up.answered_at = FollowUpStatus.BY_PHONE, timezone.now()
    follow_up.token_used_at = follow_up.token_used_at or follow_up.answered_at
    follow_up.save(update_fields=["status", "answered_at", "token_used_at"])
    audit_record(actor=actor, action="outcomes.follow_up_phone", target=follow_up,
                 details={"months": follow_up.months_after})
    return record


@transaction.atomic
def follow_up_mark_unreachable(*, follow_up: FollowUp, actor) -> FollowUp:
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.status not in OPEN:
        raise ValidationError(_("This follow-up has already been answered."))
    follow_up.status = FollowUpStatus.UNREACHABLE
    follow_up.save(update_fields=["status"])
    audit_record(actor=actor, action="outcomes.follow_up_unreachable", target=follow_up)
    return follow_up
