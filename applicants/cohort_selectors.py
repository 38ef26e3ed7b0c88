"""Reads of cohort selection: the ranked candidates, the preview of a selection, a cohort's offers,
waiting list and seats."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber

from parwona.core.models import AuditEntry

from .enums import ApplicationStatus, Eligibility, OfferStatus, OverrideAction, Region
from .models import Application, Call, Cohort, Offer, SelectionOverride, WaitlistEntry
from .selection import Selection, cohort_select

# Offers that hold a seat: accepted, or still waiting for her answer.
HOLDING = (OfferStatus.OFFERED, OfferStatus.ACCEPTED)
# Offers whose seat fell free and went, or could not go, to the waiting list.
LEFT = (OfferStatus.DECLINED, OfferStatus.EXPIRED, OfferStatus.WITHDRAWN)
CANDIDATE_COLUMNS = ["pk", "region", "score", "rank", "reference"]
SEAT_LEFT_FREE = "cohort.seat_left_free"


def candidates_of(*, call: Call) -> QuerySet[Application]:
    """Return the call's applications that can be selected: eligible, ranked, still in the running."""
    return Application.objects.filter(
        call=call,
        eligibility=Eligibility.ELIGIBLE,
        submitted_at__isnull=False,
        score__rank__isnull=False,
        score__combined_total__isnull=False,
    ).exclude(status__in=[ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN, ApplicationStatus.ERASED])


def selection_candidates(*, call: Call) -> pd.DataFrame:
    """Return the call's candidates, in one query, as a table in rank order.

    Columns: pk, region, score (the combined score, float), rank, reference. The reference is the
    id `cohort_select` sees, so that its problems name applications as staff know them.
    """
    rows = candidates_of(call=call).values_list(
        "pk", "region", "score__combined_total", "score__rank", "reference"
    )
    frame = pd.DataFrame.from_records(list(rows), columns=CANDIDATE_COLUMNS)
    frame["score"] = frame["score"].astype(float)
    missing = frame["reference"].isna()
    if missing.any():
        frame.loc[missing, "reference"] = "#" + frame.loc[missing, "pk"].astype(str)
    return frame.sort_values("rank", kind="stable").reset_index(drop=True)


def selection_overrides(*, call: Call) -> QuerySet[SelectionOverride]:
    """Return the include and exclude decisions on the call's applications, newest first."""
    return (
        SelectionOverride.objects.filter(application__call=call)
        .select_related("application", "created_by")
        .order_by("-created_at", "-pk")
    )


def call_regions(*, call: Call) -> list[str]:
    """Return the regions a call selects from: its own list, or the whole country."""
    return [r for r in Region.values if r in call.regions] or list(Region.values)


@dataclass(frozen=True)
class RegionFigure:
    region: str
    label: str
    selected: int
    minimum: int
    available: int

    @property
    def met(self) -> bool:
        return self.selected >= self.minimum


class FrameRows:
    """A table's rows as a sequence of dicts, built only for the slice a page shows."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame

    def __len__(self) -> int:
        return len(self.frame)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.frame.iloc[index].to_dict("records")
        return self.frame.iloc[index].to_dict()


@dataclass(frozen=True)
class Preview:
    """What a selection would give: the `cohort_select` outcome and the figures staff read."""

    selection: Selection
    frame: pd.DataFrame  # every candidate, with "selected", "position" and "waitlist_position"
    regions: list[RegionFigure] = field(default_factory=list)
    size: int = 0
    included: frozenset = frozenset()
    excluded: frozenset = frozenset()

    @property
    def problems(self) -> list[str]:
        return [problem.message for problem in self.selection.problems]

    @property
    def selected_count(self) -> int:
        return len(self.selection.selected)

    @property
    def total(self) -> float:
        return round(self.selection.total_score, 2)

    @property
    def mean(self) -> float | None:
        count = self.selected_count
        return round(self.selection.total_score / count, 2) if count else None

    @property
    def waitlist_count(self) -> int:
        return len(self.selection.waitlist)

    def selected_rows(self) -> FrameRows:
        chosen = self.frame[self.frame["selected"]].sort_values("position")
        return FrameRows(chosen)

    def waitlist_rows(self, limit: int) -> list[dict]:
        waiting = self.frame[self.frame["waitlist_position"] > 0].sort_values("waitlist_position")
        return waiting.head(limit).to_dict("records")

    def selected_pks(self) -> list[int]:
        return self.frame.loc[self.frame["selected"]].sort_values("position")["pk"].tolist()

    def waitlist_pks(self) -> list[int]:
        waiting = self.frame[self.frame["waitlist_position"] > 0].sort_values("waitlist_position")
        return waiting["pk"].tolist()

    def excluded_pks(self) -> list[int]:
        return self.frame.loc[self.frame["reference"].isin(list(self.excluded)), "pk"].tolist()


def selection_preview(
    *, call: Call, size: int, minimums: Mapping[str, int], overrides: list[SelectionOverride] | None = None
) -> Preview:
    """Select the best cohort of `size` from the call's ranked candidates under `minimums` and the
    coordinators' includes and excludes, without writing anything."""
    frame = selection_candidates(call=call)
    if overrides is None:
        overrides = list(selection_overrides(call=call))
    included = frozenset(o.application.reference for o in overrides if o.action == OverrideAction.INCLUDE)
    excluded = frozenset(o.application.reference for o in overrides if o.action == OverrideAction.EXCLUDE)
    minimums = {region: int(m) for region, m in minimums.items() if m}
    selection = cohort_select(
        candidates=frame.rename(columns={"pk": "_pk", "reference": "id", "rank": "order"}),
        size=size, minimums=minimums, included=included, excluded=excluded,
    )
    position = {reference: i + 1 for i, reference in enumerate(selection.selected)}
    waiting = {reference: i + 1 for i, reference in enumerate(selection.waitlist)}
    frame["position"] = frame["reference"].map(position).fillna(0).astype(int)
    frame["waitlist_position"] = frame["reference"].map(waiting).fillna(0).astype(int)
    frame["selected"] = frame["position"] > 0
    frame["included"] = frame["reference"].isin(list(included))
    labels = {region: str(label) for region, label in Region.choices}
    frame["region_label"] = frame["region"].map(labels).fillna("—")
    available = frame.loc[~frame["reference"].isin(list(excluded)), "region"].value_counts().to_dict()
    regions = [
        RegionFigure(
            region=region, label=str(labels[region]), selected=int(selection.region_counts.get(region, 0)),
            minimum=int(minimums.get(region, 0)), available=int(available.get(region, 0)),
        )
        for region in call_regions(call=call)
    ]
    return Preview(
        selection=selection, frame=frame, regions=regions, size=size, included=included, excluded=excluded
    )


# A cohort's offers, seats and waiting list


def cohort_offers(*, cohort: Cohort) -> QuerySet[Offer]:
    """Return the cohort's offers in the order they were made, with whose seat each took and who took it."""
    return (
        Offer.objects.filter(cohort=cohort)
        .select_related("application__score", "replaces__application", "replaced_by__application")
        .order_by("created_at", "pk")
    )


def cohort_waitlist(*, cohort: Cohort) -> QuerySet[WaitlistEntry]:
    """Return the cohort's waiting list in order, with each application's ranking."""
    return (
        WaitlistEntry.objects.filter(cohort=cohort).select_related("application__score").order_by("position")
    )


@dataclass(frozen=True)
class CohortFigures:
    accepted: int
    offered: int
    left: int
    regions: list[RegionFigure]

    @property
    def holding(self) -> int:
        return self.accepted + self.offered


def cohort_figures(*, cohort: Cohort) -> CohortFigures:
    """Return, in one query, the cohort's accepted and pending offers, overall and per region."""
    rows = list(
        Offer.objects.filter(cohort=cohort)
        .values("status", "application__region")
        .annotate(n=Count("pk"))
        .order_by()
    )
    frame = pd.DataFrame(rows, columns=["status", "application__region", "n"])
    by_status = frame.groupby("status")["n"].sum().to_dict()
    holding = frame[frame["status"].isin(list(HOLDING))].groupby("application__region")["n"].sum().to_dict()
    labels = dict(Region.choices)
    regions = [
        RegionFigure(
            region=region, label=str(labels[region]), selected=int(holding.get(region, 0)),
            minimum=int(cohort.minimums.get(region, 0)), available=0,
        )
        for region in call_regions(call=cohort.call)
    ]
    return CohortFigures(
        accepted=int(by_status.get(OfferStatus.ACCEPTED, 0)),
        offered=int(by_status.get(OfferStatus.OFFERED, 0)),
        left=int(sum(by_status.get(s, 0) for s in LEFT)),
        regions=regions,
    )


def cohort_free_seats(*, cohort: Cohort) -> list[dict]:
    """Return the seats left free because nobody on the waiting list could take them, newest first."""
    entries = AuditEntry.objects.filter(
        action=SEAT_LEFT_FREE, target_type__app_label="applicants", target_type__model="cohort",
        target_id=str(cohort.pk),
    ).order_by("-created_at", "-pk")[:50]
    labels = dict(Region.choices)
    return [
        {
            "at": entry.created_at,
            "reference": entry.details.get("reference", ""),
            "regions": [str(labels.get(r, r)) for r in entry.details.get("regions", [])],
        }
        for entry in entries
    ]


def holders_rows(*, cohort: Cohort, leaving: Offer) -> list[tuple[int, str]]:
    """Return (application id, region) of the cohort's seat holders, the leaving offer among them."""
    rows = list(
        Offer.objects.filter(cohort=cohort, status__in=HOLDING)
        .exclude(pk=leaving.pk)
        .values_list("application_id", "application__region")
    )
    return [*rows, (leaving.application_id, leaving.application.region)]


def waitlist_heads(*, cohort: Cohort) -> list[tuple[int, str]]:
    """Return (application id, region) of the first waiting in each region, in waiting-list order.

    `waitlist_next` only ever picks the first on the list or the first from a region that falls
    short, so these rows give the same answer as the whole list, in one small query.
    """
    heads = (
        WaitlistEntry.objects.filter(cohort=cohort)
        .annotate(
            region=F("application__region"),
            place=Window(RowNumber(), partition_by=[F("application__region")], order_by=F("position").asc()),
        )
        .filter(place=1)
        .order_by("position")
        .values_list("application_id", "region")
    )
    return list(heads)


def offer_of(*, application: Application) -> Offer | None:
    """Return the offer made to her application, if any, with its cohort."""
    return Offer.objects.filter(application=application).select_related("cohort").first()


def cohorts_recent(*, limit: int = 5) -> list[Cohort]:
    """Return the newest cohorts with their call and accepted count."""
    from django.db.models import Q

    return list(
        Cohort.objects.select_related("call")
        .annotate(accepted=Count("offers", filter=Q(offers__status=OfferStatus.ACCEPTED)))
        .order_by("-created_at", "-pk")[:limit]
    )
