"""Reads about calls and applications."""

from django.db.models import QuerySet
from django.utils import timezone

from .enums import CallStatus
from .models import Application, Call


def calls_open() -> QuerySet[Call]:
    """Return the calls open now, closing soonest first."""
    now = timezone.now()
    return Call.objects.filter(status=CallStatus.OPEN, opens_at__lte=now, closes_at__gt=now).order_by(
        "closes_at"
    )


def calls_public() -> QuerySet[Call]:
    """Return the calls the public may read: open or closed, never drafts."""
    return Call.objects.exclude(status=CallStatus.DRAFT)


def applications_of(user) -> QuerySet[Application]:
    return Application.objects.filter(applicant=user).select_related("call").order_by("-created_at")
