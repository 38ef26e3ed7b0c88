"""Reads shared by pages: the audit log and jobs."""

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEntry, Job


def audit_entries(*, action: str = "", actor: str = "", since: date | None = None,
                  until: date | None = None) -> QuerySet[AuditEntry]:
    """Return audit entries matching the filters, newest first, with actor and target type loaded."""
    qs = AuditEntry.objects.select_related("actor", "target_type")
    if action:
        qs = qs.filter(action__startswith=action)
    if actor:
        qs = qs.filter(actor__email__icontains=actor)
    tz = timezone.get_current_timezone()
    if since:
        qs = qs.filter(created_at__gte=datetime.combine(since, time.min, tzinfo=tz))
    if until:
        qs = qs.filter(created_at__lt=datetime.combine(until + timedelta(days=1), time.min, tzinfo=tz))
    return qs


def audit_actions() -> list[str]:
    """Return the distinct actions recorded so far, for the filter's choices."""
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())


def jobs_recent(*, limit: int = 50) -> QuerySet[Job]:
    return Job.objects.select_related("created_by").order_by("-created_at", "-id")[:limit]
