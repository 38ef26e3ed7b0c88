"""The donor-safe aggregates: every indicator with targets and breakdowns, small groups suppressed,
stored as a snapshot and cached. Dashboards, downloads and monthly reports read only these."""

import logging
import time

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from applicants.models import Cohort

from .frames import frames_load
from .indicators import BY_CODE, PROGRAMME, indicator_cells
from .models import AggregateSnapshot, IndicatorTarget
from .suppression import cells_suppress

logger = logging.getLogger(__name__)
CACHE_KEY = "outcomes:aggregates:latest"
CACHE_SECONDS = 24 * 3600


def _targets_attach(cells: list[dict]) -> None:
    targets: dict[tuple, float] = {}
    rows = IndicatorTarget.objects.values_list("cohort_id", "indicator", "target")
    for cohort_id, indicator, target in rows:
        if indicator in BY_CODE:
            targets[(cohort_id, indicator)] = float(target)
    programme: dict[str, float] = {}
    for (_cohort, indicator), target in targets.items():
        if not BY_CODE[indicator].is_share:  # shares do not add up across cohorts
            programme[indicator] = programme.get(indicator, 0.0) + target
    for cell in cells:
        cell["target"] = None
        if cell["breakdown"] == "":
            key = cell["indicator"]
            cohort = cell["cohort"]
            cell["target"] = programme.get(key) if cohort is PROGRAMME else targets.get((cohort, key))


def aggregates_build(*, now) -> dict:
    """Compute every cell from the raw data, suppress small groups and attach the targets."""
    cells = cells_suppress(indicator_cells(frames_load(now=now)))
    _targets_attach(cells)
    cohorts = [
        {"id": pk, "name": name, "starts_on": starts.isoformat() if starts else None,
         "ends_on": ends.isoformat() if ends else None}
        for pk, name, starts, ends in Cohort.objects.filter(call__isnull=False)
        .order_by("starts_on", "pk").values_list("pk", "name", "starts_on", "ends_on")
    ]
    return {"version": 1, "cohorts": cohorts, "cells": cells}


def aggregates_refresh(*, now=None) -> AggregateSnapshot:
    """Compute a new snapshot, store it and put it in the cache; older snapshots stay as history."""
    now = now or timezone.now()
    started = time.perf_counter()
    data = aggregates_build(now=now)
    snapshot = AggregateSnapshot.objects.create(
        computed_at=now, data=data, seconds=round(time.perf_counter() - started, 3)
    )
    transaction.on_commit(lambda: cache.set(CACHE_KEY, _cached(snapshot), CACHE_SECONDS))
    logger.info("Aggregates refreshed: %s cells in %.2f s", len(data["cells"]), snapshot.seconds)
    return snapshot


def _cached(snapshot: AggregateSnapshot) -> dict:
    return {"id": snapshot.pk, "computed_at": snapshot.computed_at, "data": snapshot.data}


def aggregates_latest() -> dict | None:
    """Return the latest snapshot as {"id", "computed_at", "data"}: from the cache, else the database."""
    latest = cache.get(CACHE_KEY)
    if latest is None:
        snapshot = AggregateSnapshot.objects.order_by("-computed_at", "-pk").first()
        if snapshot is None:
            return None
        latest = _cached(snapshot)
        cache.set(CACHE_KEY, latest, CACHE_SECONDS)
    return latest
