"""Writes of cohort selection: overrides, confirming a cohort, offers and their answers, the waiting
list that fills the seats falling free, and the emails of offers."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from parwona.core.services import audit_record, audit_record_many
from parwona.users.enums import Role

from .cohort_selectors import (
    HOLDING,
    SEAT_LEFT_FREE,
    holders_rows,
    selection_preview,
    waitlist_heads,
)
from .enums import ApplicationStatus, CohortStatus, OfferStatus, OverrideAction, Region
from .models import Application, Call, Cohort, Offer, Participant, SelectionOverride, WaitlistEntry
from .selection import waitlist_next

logger = logging.getLogger(__name__)

# Statuses of applications still waiting for the decision; confirming a cohort decides them all.
UNDECIDED = (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW, ApplicationStatus.SHORTLISTED)
CHUNK = 500
# Deadlines in emails are given in the programme's local time, wherever the worker runs.
PROGRAMME_TIMEZONE = "Asia/Dushanbe"


def _noop(percent: int, message: str = "") -> None:
    return None


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason."), code="reason")
    return reason


def _not_confirmed(call: Call) -> None:
    if Cohort.objects.filter(call=call, status=CohortStatus.CONFIRMED).exists():
        raise ValidationError(
            _("The cohort of this call is already confirmed: the selection can no longer change."),
            code="confirmed",
        )


# Includes and excludes by hand


@transaction.atomic
def selection_override_set(*, application: Application, action: str, reason: str, actor) -> SelectionOverride:
    """Always include or always exclude a submitted application of a call still being selected."""
    if action not in OverrideAction.values:
        raise ValidationError(_("Choose to include or to exclude."), code="action")
    reason = _reason(reason)
    Call.objects.select_for_update().get(pk=application.call_id)
    _not_confirmed(application.call)
    if application.submitted_at is None or application.status in (
        ApplicationStatus.WITHDRAWN, ApplicationStatus.ERASED
    ):
        raise ValidationError(_("Only submitted applications can be included or excluded."), code="state")
    override = SelectionOverride.objects.filter(application=application).first()
    before = {"action": override.action, "reason": override.reason} if override else None
    if override is None:
        override = SelectionOverride(application=application)
    override.action, override.reason, override.created_by = action, reason, actor
    override.save()
    audit_record(
        actor=actor, action="selection.override_set", target=application,
        details={"action": action, "reason": reason, "before": before},
    )
    return override


@transaction.atomic
def selection_override_remove(*, override: SelectionOverride, reason: str, actor) -> None:
    """Remove an include or exclude decision, with a reason."""
    reason = _reason(reason)
    application = override.application
    Call.objects.select_for_update().get(pk=application.call_id)
    _not_confirmed(application.call)
    details = {"action": override.action, "reason": reason, "before_reason": override.reason}
    override.delete()
    audit_record(actor=actor, action="selection.override_removed", target=application, details=details)


# Confirming the cohort


def _minimums_clean(minimums: Mapping[str, int]) -> dict[str, int]:
    cleaned = {}
    for region, minimum in minimums.items():
        if region not in Region.values:
            raise ValidationError(_("Unknown region."), code="region")
        if minimum is None:
            continue
        if int(minimum) < 0:
            raise ValidationError(_("A regional minimum cannot be negative."), code="minimum")
        if int(minimum):
            cleaned[region] = int(minimum)
    return cleaned


@transaction.atomic
def cohort_confirm(
    *,
    call: Call,
    actor,
    name: str,
    size: int,
    minimums: Mapping[str, int],
    starts_on: date | None = None,
    ends_on: date | None = None,
    now: datetime | None = None,
    progress: Callable[..., None] = _noop,
) -> Cohort:
    """Select the call's cohort and make it final: offer every selected a seat, put the others who
    are eligible on the waiting list in order, and decide every application's status.

    The call is locked, so a second submission waits and is then refused: a cohort is confirmed once.
    Each offered applicant is emailed after commit, in her language. The rows are written set-based
    (one statement for the waiting list and one for every status), so a national call of 100,000
    confirms in seconds. `progress(percent, message)` is told after each step.
    """
    now = now or timezone.now()
    call = Call.objects.select_for_update().get(pk=call.pk)
    _not_confirmed(call)
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the cohort a name."), code="name")
    if size is None or int(size) < 1:
        raise ValidationError(_("The cohort needs at least one place."), code="size")
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError(_("The training cannot end before it starts."), code="dates")
    size, minimums = int(size), _minimums_clean(minimums)
    preview = selection_preview(call=call, size=size, minimums=minimums)
    if preview.problems:
        raise ValidationError(preview.problems, code="infeasible")
    if not preview.selected_count:
        raise ValidationError(_("There is nobody to select: no application is ranked yet."), code="empty")

    progress(20, _("Cohort selected: %(count)s places") % {"count": preview.selected_count})

    cohort, _created = Cohort.objects.update_or_create(
        call=call,
        defaults={
            "name": name, "size": size, "minimums": minimums, "starts_on": starts_on, "ends_on": ends_on,
            "status": CohortStatus.CONFIRMED, "confirmed_at": now, "confirmed_by": actor,
        },
    )
    selected, waitlisted = preview.selected_pks(), preview.waitlist_pks()
    deadline = now + timedelta(days=call.offer_days)
    offers = Offer.objects.bulk_create(
        [Offer(cohort=cohort, application_id=pk, deadline=deadline) for pk in selected], batch_size=2000
    )
    progress(40, _("Offers written"))
    _waitlist_write(cohort=cohort, application_ids=waitlisted)
    progress(60, _("Waiting list written"))
    _statuses_decide(call=call, cohort=cohort, now=now)
    progress(80, _("Statuses of the applications decided"))
    audit_record(
        actor=actor, action="cohort.confirmed", target=cohort,
        details={
            "size": size, "minimums": minimums, "selected": len(selected), "waitlisted": len(waitlisted),
            "total_score": preview.total, "included": sorted(preview.included),
            "excluded": sorted(preview.excluded),
        },
    )
    references = dict(zip(preview.frame["pk"].tolist(), preview.frame["reference"].tolist(), strict=True))
    audit_record_many(
        actor=actor, action="offer.made", targets=offers,
        details=lambda offer: {"deadline": deadline.isoformat()},
        label=lambda offer: _("Offer to %(application)s") % {"application": references[offer.application_id]},
    )
    progress(100, _("Cohort confirmed"))
    offer_ids = [offer.pk for offer in offers]
    transaction.on_commit(lambda: offers_notify_enqueue(offer_ids=offer_ids))
    return cohort


def _waitlist_write(*, cohort: Cohort, application_ids: list[int]) -> None:
    """Put `application_ids` on the cohort's waiting list in their order, in one statement."""
    if not application_ids:
        return
    if connection.vendor == "postgresql":
        # A waiting list of a national call holds about 100,000 rows: one INSERT ... SELECT, no models.
        table = WaitlistEntry._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (cohort_id, application_id, position) "  # noqa: S608
                "SELECT %s, u.id, u.position FROM unnest(%s::bigint[]) WITH ORDINALITY AS u(id, position)",
                [cohort.pk, application_ids],
            )
        return
    WaitlistEntry.objects.bulk_create(
        [
            WaitlistEntry(cohort=cohort, application_id=pk, position=i)
            for i, pk in enumerate(application_ids, 1)
        ],
        batch_size=2000,
    )


def _statuses_decide(*, call: Call, cohort: Cohort, now: datetime) -> int:
    """Decide, in one statement, the status of every application of the call the cohort concerns.

    Offered: selected; on the waiting list: waitlisted; any other still undecided: not selected.
    Return how many changed.
    """
    offered = Exists(Offer.objects.filter(cohort=cohort, application=OuterRef("pk")))
    waiting = Exists(WaitlistEntry.objects.filter(cohort=cohort, application=OuterRef("pk")))
    return (
        Application.objects.filter(call=call)
        .filter(Q(status__in=UNDECIDED) | offered | waiting)
        .update(
            status=Case(
                When(offered, then=Value(ApplicationStatus.SELECTED)),
                When(waiting, then=Value(ApplicationStatus.WAITLISTED)),
                default=Value(ApplicationStatus.NOT_SELECTED),
            ),
            updated_at=now,
        )
    )


# Her answer


def _answerable(offer: Offer, now: datetime) -> None:
    if offer.status != OfferStatus.OFFERED:
        raise ValidationError(
            _("This offer has already been answered or has closed: %(status)s.")
            % {"status": offer.get_status_display()},
            code="answered",
        )
    if offer.deadline <= now:
        raise ValidationError(
            _(
                "The deadline to answer this offer has passed. "
                "Write to the programme if you still wish to join."
            ),
            code="late",
        )


def _locked_offer(offer: Offer) -> Offer:
    return Offer.objects.select_for_update().select_related("application", "cohort__call").get(pk=offer.pk)


@transaction.atomic
def offer_accept(*, offer: Offer, user, now: datetime | None = None) -> Participant:
    """Accept her offered seat before the deadline: she becomes a participant of the cohort."""
    now = now or timezone.now()
    offer = _locked_offer(offer)
    if offer.application.applicant_id != user.pk:
        raise ValidationError(_("This offer is not yours."), code="not_hers")
    _answerable(offer, now)
    offer.status, offer.responded_at = OfferStatus.ACCEPTED, now
    offer.save(update_fields=["status", "responded_at"])
    participant = Participant.objects.create(cohort=offer.cohort, user=user, application=offer.application)
    user.groups.add(Group.objects.get(name=Role.PARTICIPANT))
    user.__dict__.pop("roles", None)
    audit_record(actor=user, action="offer.accepted", target=offer, details={"cohort": offer.cohort_id})
    return participant


@transaction.atomic
def offer_decline(*, offer: Offer, user, reason: str = "", now: datetime | None = None) -> Offer | None:
    """Decline her offered seat before the deadline; the seat goes to the waiting list.

    Return the offer that took the seat, or None when nobody on the waiting list could.
    """
    now = now or timezone.now()
    offer = _locked_offer(offer)
    if offer.application.applicant_id != user.pk:
        raise ValidationError(_("This offer is not yours."), code="not_hers")
    _answerable(offer, now)
    offer.status, offer.responded_at = OfferStatus.DECLINED, now
    offer.decline_reason = (reason or "").strip()[:1000]
    offer.save(update_fields=["status", "responded_at", "decline_reason"])
    audit_record(
        actor=user, action="offer.declined", target=offer,
        details={"cohort": offer.cohort_id, "reason_given": bool(offer.decline_reason)},
    )
    return seat_refill(offer=offer, now=now)


@transaction.atomic
def offer_withdraw(*, offer: Offer, actor, reason: str, now: datetime | None = None) -> Offer | None:
    """Withdraw an offer still waiting for her answer, with a reason; the seat goes to the waiting list."""
    reason = _reason(reason)
    now = now or timezone.now()
    offer = _locked_offer(offer)
    if offer.status != OfferStatus.OFFERED:
        raise ValidationError(
            _("Only an offer still waiting for an answer can be withdrawn."), code="answered"
        )
    offer.status, offer.responded_at = OfferStatus.WITHDRAWN, now
    offer.save(update_fields=["status", "responded_at"])
    audit_record(actor=actor, action="offer.withdrawn", target=offer, details={"reason": reason})
    return seat_refill(offer=offer, actor=actor, now=now)


# The waiting list


@transaction.atomic
def seat_refill(*, offer: Offer, actor=None, now: datetime | None = None) -> Offer | None:
    """Offer the seat `offer` gave up to the next on the waiting list who keeps every regional minimum.

    The cohort is locked, so two seats falling free at once never go to the same woman. When nobody
    fits, the free seat is recorded for the coordinator and None returned. A seat already refilled is
    not refilled again.
    """
    now = now or timezone.now()
    cohort = Cohort.objects.select_for_update().select_related("call").get(pk=offer.cohort_id)
    offer = Offer.objects.select_related("application").get(pk=offer.pk)
    if offer.status in HOLDING:
        raise ValueError("the seat of an offer that still holds it cannot be refilled")
    if Offer.objects.filter(replaces=offer).exists():
        return None
    holders = holders_rows(cohort=cohort, leaving=offer)
    next_id = waitlist_next(
        selected=holders, waitlist=waitlist_heads(cohort=cohort), leaving_id=offer.application_id,
        minimums=cohort.minimums,
    )
    if next_id is None:
        counts = Counter(region for pk, region in holders if pk != offer.application_id)
        short = sorted(r for r, m in cohort.minimums.items() if counts[r] < m)
        audit_record(
            actor=actor, action=SEAT_LEFT_FREE, target=cohort,
            details={"offer": offer.pk, "reference": offer.application.reference or "", "regions": short},
        )
        logger.info(
            "Seat of offer %s in cohort %s left free: nobody on the waiting list fits", offer.pk, cohort.pk
        )
        return None
    WaitlistEntry.objects.filter(cohort=cohort, application_id=next_id).delete()
    Application.objects.filter(pk=next_id).update(status=ApplicationStatus.SELECTED, updated_at=now)
    new_offer = Offer.objects.create(
        cohort=cohort, application_id=next_id, deadline=now + timedelta(days=cohort.call.offer_days),
        replaces=offer,
    )
    audit_record(
        actor=actor, action="offer.refilled", target=new_offer,
        details={"replaces": offer.pk, "deadline": new_offer.deadline.isoformat()},
    )
    transaction.on_commit(lambda: offers_notify_enqueue(offer_ids=[new_offer.pk]))
    return new_offer


def offers_expire(*, now: datetime | None = None) -> int:
    """Close the offers whose deadline has passed without an answer and refill each seat; return how many.

    Each offer is closed in its own transaction, locked and checked again, so a second sweep running
    at the same time skips it and running twice closes nothing twice.
    """
    now = now or timezone.now()
    due = list(
        Offer.objects.filter(status=OfferStatus.OFFERED, deadline__lte=now)
        .order_by("deadline", "pk")
        .values_list("pk", flat=True)
    )
    expired = 0
    for pk in due:
        with transaction.atomic():
            offer = (
                Offer.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=OfferStatus.OFFERED, deadline__lte=now)
                .first()
            )
            if offer is None:
                continue
            offer.status = OfferStatus.EXPIRED
            offer.save(update_fields=["status"])
            audit_record(
                actor=None, action="offer.expired", target=offer, details={"cohort": offer.cohort_id}
            )
            seat_refill(offer=offer, now=now)
            expired += 1
    if expired:
        logger.info("Closed %s offers past their deadline", expired)
    return expired


# Emails of offers


def offers_notify_enqueue(*, offer_ids: list[int]) -> None:
    """Send the offers' emails through the broker, in chunks; send them here if the broker is down."""
    from kombu.exceptions import OperationalError as BrokerError

    from .tasks import offers_notify_task

    for chunk in _chunks(offer_ids):
        try:
            offers_notify_task.apply_async(kwargs={"offer_ids": chunk})
        except (BrokerError, OSError):
            logger.warning("Broker unreachable; sending %s offer emails in the request", len(chunk))
            offers_notify(offer_ids=chunk)


def offers_notify(*, offer_ids: list[int]) -> int:
    """Email each applicant whose offer still waits for her answer, in her language; return how many."""
    offers = Offer.objects.filter(pk__in=offer_ids, status=OfferStatus.OFFERED).select_related(
        "application__call", "application__applicant"
    )
    base = settings.PORTAL_BASE_URL.rstrip("/")
    sent = 0
    for offer in offers:
        application = offer.application
        address = application.email or (application.applicant.email if application.applicant else "")
        if not address:
            continue
        with translation.override(application.preferred_language), timezone.override(PROGRAMME_TIMEZONE):
            context = {
                "application": application,
                "call_title": application.call.title,
                "deadline": offer.deadline,
                "link": f"{base}/applications/{application.pk}/",
            }
            subject = render_to_string("applicants/email/offer_subject.txt", context).strip()
            body = render_to_string("applicants/email/offer_message.txt", context)
        send_mail(subject, body, None, [address])
        sent += 1
    return sent
