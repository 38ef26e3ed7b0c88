"""Writes shared by every app: the audit log."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def audit_record(*, actor, action: str, target: models.Model | None = None, details: dict | None = None
                 ) -> AuditEntry:
    """Record that `actor` did `action` to `target`.

    `action` is a dotted code such as "user.invited"; `details` holds what a reader needs to
    understand the decision (a reason, the old and new value), never more personal data than that.
    """
    entry = AuditEntry(
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        action=action,
        details=details or {},
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
        entry.target_repr = str(target)[:200]
    entry.save()
    return entry


def audit_record_many(*, actor, action: str, targets: list[models.Model], details, label=str) -> None:
    """Record the same `action` on many targets in one write; `details(target)` gives each its details.

    `label(target)` gives what the log shows of each target (its `str` by default); pass one that
    reads nothing from the database when the targets' `__str__` would follow a relation.
    """
    if not targets:
        return
    target_type = ContentType.objects.get_for_model(targets[0])
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(actor=actor, action=action, target_type=target_type, target_id=str(t.pk),
                       target_repr=str(label(t))[:200], details=details(t))
            for t in targets
        ],
        batch_size=2000,
    )
