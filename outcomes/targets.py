"""Coordinators' targets per cohort and indicator."""

from decimal import Decimal

from django.db import transaction

from parwona.core.services import audit_record

from .models import IndicatorTarget
from .refresh import aggregates_refresh_soon


@transaction.atomic
def targets_set(*, cohort, targets: dict[str, Decimal | None], actor) -> int:
    """Store the cohort's targets (None clears one), audit the change and refresh the aggregates soon;
    return how many targets changed."""
    current = {t.indicator: t for t in IndicatorTarget.objects.select_for_update().filter(cohort=cohort)}
    changes = {}
    for code, value in targets.items():
        old = current.get(code)
        if value is None:
            if old is not None:
                old.delete()
                changes[code] = [str(old.target), None]
        elif old is None:
            IndicatorTarget.objects.create(cohort=cohort, indicator=code, target=value, updated_by=actor)
            changes[code] = [None, str(value)]
        elif old.target != value:
            old.target, old.updated_by = value, actor
            old.save(update_fields=["target", "updated_by", "updated_at"])
            changes[code] = [str(old.target), str(value)]
    if changes:
        audit_record(actor=actor, action="outcomes.targets_set", target=cohort, details={"changes": changes})
        aggregates_refresh_soon()
    return len(changes)
