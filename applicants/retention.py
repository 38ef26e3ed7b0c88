"""How long applications are kept: the unsuccessful ones are anonymised when their call's retention ends.

A call keeps its applications `retention_months` after it closes. Then every application that did not
bring its applicant into the cohort loses its personal data (see `services.applications_anonymise`);
the anonymous answers stay for the programme's figures. A participant's application is never
anonymised here: her training and the programme's outcomes depend on it.
"""

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from parwona.core.services import audit_record
from parwona.users.services import users_scrub

from .enums import ApplicationStatus, Eligibility, OfferStatus
from .models import Application, Call, Participant
from .services import applications_anonymise

logger = logging.getLogger(__name__)

# Outcomes that leave her outside the cohort. A draft can no longer be submitted once the call is
# closed; a woman still on the waiting list when the retention ends was never offered a seat.
UNSUCCESSFUL_STATUSES = [
    ApplicationStatus.DRAFT,
    ApplicationStatus.NOT_SELECTED,
    ApplicationStatus.WITHDRAWN,
    ApplicationStatus.WAITLISTED,
]
# An offer that ended without her joining: she declined, let it pass, or the programme withdrew it.
UNANSWERED_OFFERS = [OfferStatus.DECLINED, OfferStatus.EXPIRED, OfferStatus.WITHDRAWN]

RETENTION_ANONYMISED = "applications.retention_anonymised"


def applications_unsuccessful(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Return the applications of `queryset` that did not bring their applicant into the cohort and
    still hold personal data."""
    joined = Exists(Participant.objects.filter(application=OuterRef("pk")))
    return (
        queryset.filter(
            Q(status__in=UNSUCCESSFUL_STATUSES)
            | Q(eligibility=Eligibility.INELIGIBLE)
            | Q(offer__status__in=UNANSWERED_OFFERS)
        )
        .exclude(status=ApplicationStatus.ERASED)
        .filter(erased_at__isnull=True)
        .exclude(joined)
    )


@transaction.atomic
def retention_apply(*, now: datetime | None = None) -> dict:
    """Anonymise the unsuccessful applications of every call whose retention has ended; return counts.

    Accounts left with no application are scrubbed and deactivated (`users_scrub` keeps every account
    that another role or record still needs). Set-based and idempotent: a second run finds nothing.
    One audit entry records each run's counts, never a name.
    """
    now = now or timezone.now()
    due_calls = [
        call.pk
        for call in Call.objects.filter(closes_at__lte=now).only("pk", "closes_at", "retention_months")
        if call.retention_until <= now
    ]
    ids = list(
        applications_unsuccessful(Application.objects.filter(call_id__in=due_calls))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    user_ids = applications_anonymise(application_ids=ids, now=now)
    # Only accounts with nothing left to them here; users_scrub checks what other stages need.
    orphaned = sorted(set(user_ids) - set(
        Application.objects.filter(applicant_id__in=user_ids).values_list("applicant_id", flat=True)
    ) - set(Participant.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True)))
    accounts = users_scrub(user_ids=orphaned)
    counts = {"calls": len(due_calls), "applications": len(ids), "accounts": accounts}
    audit_record(actor=None, action=RETENTION_ANONYMISED, details=counts)
    if ids:
        logger.info("Retention: anonymised %s applications of %s calls, %s accounts",
                    len(ids), len(due_calls), accounts)
    return counts
