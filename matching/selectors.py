"""Reads about firms that pages share."""

from django.db.models import Count, Q, QuerySet, Sum

from parwona.core.search import search

from .enums import FirmStatus
from .models import Firm


def firms_for_staff(*, status: str = "", region: str = "", sector: str = "", q: str = "") -> QuerySet:
    """Return the firms coordinators list, filtered; the list page needs no further query per row."""
    firms = Firm.objects.all()
    if status:
        firms = firms.filter(status=status)
    if region:
        firms = firms.filter(region=region)
    if sector:
        firms = firms.filter(sector=sector)
    firms = search(firms, ["name"], q)
    return firms.order_by("-created_at", "-pk")


def firm_of(user) -> Firm | None:
    """Return the firm `user` represents, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Firm.objects.filter(members__user=user).first()


def firm_with_people(*, pk: int) -> Firm | None:
    """Return firm `pk` with its representatives and the coordinator who decided, or None."""
    return Firm.objects.select_related("decided_by").prefetch_related("representatives").filter(pk=pk).first()


def firm_figures() -> dict:
    """Return the number of firms in each status and the places approved firms offer."""
    figures = Firm.objects.aggregate(
        applied=Count("pk", filter=Q(status=FirmStatus.APPLIED)),
        approved=Count("pk", filter=Q(status=FirmStatus.APPROVED)),
        declined=Count("pk", filter=Q(status=FirmStatus.DECLINED)),
        places=Sum("capacity", filter=Q(status=FirmStatus.APPROVED)),
    )
    figures["places"] = figures["places"] or 0
    return figures
