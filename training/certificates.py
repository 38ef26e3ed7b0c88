"""Certificates: the cohort's criteria, and their bulk issue to everyone who meets them."""

from django.db import transaction

from applicants.models import Cohort
from parwona.core.services import audit_record

from .models import Certificate, TrainingSettings
from .progress import progress_rows, training_settings_for


def certificate_criteria_met(*, attendance_rate: float | None, required_passed: int, required_total: int,
                             settings: TrainingSettings) -> bool:
    """Tell whether a participant earned her certificate: attendance (percent) at least the cohort's
    certificate_attendance and every required assignment passed. An unknown rate (no session held yet)
    earns nothing."""
    if attendance_rate is None:
        return False
    return attendance_rate >= settings.certificate_attendance and required_passed >= required_total


@transaction.atomic
def certificates_issue(*, cohort: Cohort, actor) -> int:
    """Issue a certificate to every participant of `cohort` who meets its criteria and has none yet.

    Running it again issues only to those who met the criteria since. Return how many were issued.
    """
    settings = training_settings_for(cohort=cohort)
    earned = [
        row.participant_id
        for row in progress_rows(cohort=cohort, settings=settings)
        if row.certificate_code is None and certificate_criteria_met(
            attendance_rate=row.attendance_rate, required_passed=row.required_passed,
            required_total=row.required_total, settings=settings,
        )
    ]
    # ignore_conflicts: a certificate issued meanwhile by another request stays as it was.
    Certificate.objects.bulk_create(
        [Certificate(participant_id=pk, issued_by=actor) for pk in earned],
        ignore_conflicts=True, batch_size=1000,
    )
    audit_record(actor=actor, action="certificates.issued", target=cohort, details={"issued": len(earned)})
    return len(earned)
