"""Reads behind the staff pages: the filtered list of a call's applications and its funnel."""

import re
from datetime import timedelta

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate

from parwona.core.search import Folded, search

from .enums import AIUse, ComputerLevel, Employment, Region, SocialMediaUse
from .models import Application, Call

# Sort keys a request may ask for, and the ordering each means; anything else sorts newest first.
SORTS = {
    "-submitted": ("-submitted_at", "-pk"),
    "submitted": ("submitted_at", "pk"),
    "reference": ("reference",),
    "region": ("region", "-submitted_at", "-pk"),
    "eligibility": ("eligibility", "-submitted_at", "-pk"),
    "name": ("full_name", "pk"),
    # Unscored applications come last either way.
    "-score": (F("score__auto_total").desc(nulls_last=True), "-submitted_at", "-pk"),
    "score": (F("score__auto_total").asc(nulls_last=True), "-submitted_at", "-pk"),
}
DEFAULT_SORT = "-submitted"
# Keys that reveal who she is: only staff who see names and contacts may filter, search or sort by them.
IDENTITY_SORTS = {"name"}
_EXACT_FILTERS = ("status", "eligibility", "region", "settlement", "employment", "computer_level", "ai_use")
_NOT_DIGITS = re.compile(r"\D")
AT_LEAST_BASIC = [ComputerLevel.BASIC, ComputerLevel.INTERMEDIATE, ComputerLevel.ADVANCED]


def applications_submitted(*, call: Call) -> QuerySet[Application]:
    """Return the call's submitted applications (never drafts, which are still hers alone)."""
    return Application.objects.filter(call=call, submitted_at__isnull=False)


def applications_for_staff(*, call: Call, filters: dict, identity: bool = True) -> QuerySet[Application]:
    """Return the call's submitted applications matching `filters`, in the asked order.

    `filters` holds the filter form's values (see `ApplicationFilterForm.filters`). Without
    `identity` (blind review) the search looks only at references, and city and name are ignored.
    Each row carries its automatic score as `score_total` and `score_status` (one join).
    """
    qs = applications_submitted(call=call).annotate(
        score_total=F("score__auto_total"), score_status=F("score__status")
    )
    for name in _EXACT_FILTERS:
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if identity and filters.get("city"):
        qs = search(qs, ["city"], filters["city"])
    query = (filters.get("q") or "").strip().casefold()
    if query:
        # Tajik and Russian letters are compared without case on every database (see core.search).
        qs = qs.alias(_folded_reference=Folded("reference"), _folded_full_name=Folded("full_name"))
        match = Q(_folded_reference__contains=query)
        if identity:
            match |= Q(_folded_full_name__contains=query)
            digits = _NOT_DIGITS.sub("", query)
            # Three digits or more: a short number would match nearly every phone.
            if len(digits) >= 3:
                match |= Q(phone__contains=digits)
        qs = qs.filter(match)
    sort = filters.get("sort") or DEFAULT_SORT
    if sort not in SORTS or (sort in IDENTITY_SORTS and not identity):
        sort = DEFAULT_SORT
    return qs.order_by(*SORTS[sort])


# The list's columns that show a choice's label.
_LABELLED = ("region", "settlement", "computer_level", "employment", "ai_use", "eligibility", "status")


def applications_labelled(applications) -> list[Application]:
    """Return the rows with `<field>_label` set for each of the list's choice columns.

    Each field's labels are looked up once for all the rows: Django's `get_<field>_display` rebuilds
    and translates every choice of the field on each call, which at 50 rows and seven columns took a
    fifth of the list page's time.
    """
    labels = {name: dict(Application._meta.get_field(name).flatchoices) for name in _LABELLED}
    rows = list(applications)
    for row in rows:
        for name, choices in labels.items():
            value = getattr(row, name)
            setattr(row, f"{name}_label", choices.get(value, value))
    return rows


def _share(count: int, total: int) -> dict:
    return {
        "count": count,
        "total": total,
        "share": count / total if total else None,
        "percent": round(100 * count / total) if total else None,
    }


def funnel_figures(*, call: Call) -> dict:
    """Return the call's submitted applications per day and per region, and the programme's figures.

    Three queries whatever the number of applications. Days without applications between the
    first and the last are listed with zero, so that a chart's axis is true to time.
    """
    qs = applications_submitted(call=call).order_by()
    counted = (
        qs.annotate(day=TruncDate("submitted_at")).values("day").annotate(n=Count("pk")).order_by("day")
    )
    by_day = {row["day"]: row["n"] for row in counted}
    per_day = []
    if by_day:
        day, last = min(by_day), max(by_day)
        while day <= last:
            per_day.append((day, by_day.get(day, 0)))
            day += timedelta(days=1)
    by_region = {row["region"]: row["n"] for row in qs.values("region").annotate(n=Count("pk"))}
    per_region = [(str(label), by_region.get(value, 0)) for value, label in Region.choices]
    if by_region.get(""):
        per_region.append(("—", by_region[""]))
    totals = qs.aggregate(
        total=Count("pk"),
        computer=Count("pk", filter=Q(computer_level__in=AT_LEAST_BASIC)),
        social=Count("pk", filter=Q(social_media__in=[SocialMediaUse.CHATTING, SocialMediaUse.SELLING])),
        formal=Count("pk", filter=Q(employment__in=[Employment.FORMAL_FULL, Employment.FORMAL_PART])),
        ai_daily=Count("pk", filter=Q(ai_use=AIUse.DAILY)),
    )
    total = totals["total"]
    return {
        "total": total,
        "per_day": per_day,
        "per_region": per_region,
        "computer": _share(totals["computer"], total),
        "social": _share(totals["social"], total),
        "formal": _share(totals["formal"], total),
        "ai_daily": _share(totals["ai_daily"], total),
    }
