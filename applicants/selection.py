"""Cohort selection under regional minimums, and who takes a seat that falls free.

Pure functions over whole tables: no database, no models. The service that previews and confirms a
cohort loads the ranked applications, calls `cohort_select`, and writes the result back in bulk.

Candidates are rows of (id, region, score) or (id, region, score, order), given either as a list of
tuples or as a pandas DataFrame with the columns "id", "region", "score" and optionally "order"
(other columns are ignored). `order` is any sortable key that breaks ties between equal scores, such
as the submission time; without it the id breaks them.

The ranking rule, used for the selection, the waitlist and every tie: a higher score first; among equal
scores the smaller `order` (earlier submission) first; then the smaller id.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import gettext, ngettext

from .enums import Region


@dataclass(frozen=True)
class SelectionProblem:
    """One reason the constraints cannot be met: a code, its figures and the sentence staff read."""

    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Selection:
    """The outcome of `cohort_select`.

    When `problems` is not empty no cohort exists under the constraints: `selected` and `waitlist`
    are then empty, never a partial answer.
    """

    selected: tuple[Hashable, ...]  # ids, best first
    waitlist: tuple[Hashable, ...]  # ids of the other eligible candidates, best first
    total_score: float
    region_counts: dict[Hashable, int]  # selected per region
    problems: tuple[SelectionProblem, ...] = ()

    @property
    def feasible(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class _Table:
    ids: np.ndarray  # in input order, in the column's own dtype
    region_codes: np.ndarray  # int, index into region_values
    region_values: np.ndarray  # each region once
    scores: np.ndarray  # float64
    rank: np.ndarray  # positions into the arrays above, best first

    def region_counts(self, rows: np.ndarray) -> dict[Hashable, int]:
        """Return how many of `rows` (a mask or positions) each region has, leaving out regions with none."""
        counts = np.bincount(self.region_codes[rows], minlength=len(self.region_values))
        return {r: int(c) for r, c in zip(self.region_values.tolist(), counts.tolist(), strict=True) if c}

    def member(self, chosen: set) -> np.ndarray:
        """Return which rows have an id in `chosen`."""
        if not chosen:
            return np.zeros(len(self.ids), dtype=bool)
        return pd.Series(self.ids).isin(list(chosen)).to_numpy()


def _region_name(region: Hashable) -> str:
    if isinstance(region, str) and region in Region.values:
        return str(Region(region).label)
    return str(region)


def _sort_key(values: np.ndarray, what: str) -> np.ndarray:
    """Return integer codes that sort like `values` (ids or order keys of any sortable type)."""
    if values.dtype.kind in "iub":
        return values.astype(np.int64, copy=False)
    codes, _uniques = pd.factorize(values, sort=True, use_na_sentinel=True)
    if (codes < 0).any():
        raise ValueError(f"candidates have a missing {what}")
    return codes


def _table(candidates: pd.DataFrame | Iterable[Sequence]) -> _Table:
    """Read the candidate rows into arrays and rank them best first."""
    if isinstance(candidates, pd.DataFrame):
        missing = {"id", "region", "score"} - set(candidates.columns)
        if missing:
            raise ValueError(f"candidates lack the columns {sorted(missing)}")
        ids = candidates["id"].to_numpy()
        regions = candidates["region"].to_numpy()
        scores = candidates["score"].to_numpy(dtype=np.float64)
        order = candidates["order"].to_numpy() if "order" in candidates.columns else None
    else:
        rows = list(candidates)
        widths = {len(row) for row in rows}
        if not widths <= {3} and not widths <= {4}:
            raise ValueError("candidate rows must all be (id, region, score) or (id, region, score, order)")
        columns = list(zip(*rows, strict=True)) if rows else [(), (), ()]
        # A Series infers one dtype for the column (int64 for integer ids) without coercing mixed ones.
        ids = pd.Series(list(columns[0])).to_numpy()
        regions = pd.Series(list(columns[1]), dtype=object).to_numpy()
        scores = np.asarray(columns[2], dtype=np.float64)
        order = pd.Series(list(columns[3])).to_numpy() if len(columns) == 4 else None
    if np.isnan(scores).any():
        raise ValueError("candidates have a missing score")
    if not pd.Index(ids).is_unique:
        raise ValueError("candidate ids are not unique")
    region_codes, region_values = pd.factorize(regions, use_na_sentinel=False)
    id_key = _sort_key(ids, "id")
    keys = [id_key] if order is None else [id_key, _sort_key(order, "order")]
    # np.lexsort sorts by its last key first: score (descending), then order, then id.
    rank = np.lexsort((*keys, -scores)) if len(ids) else np.empty(0, dtype=np.int64)
    return _Table(
        ids=ids, region_codes=region_codes, region_values=np.asarray(region_values, dtype=object),
        scores=scores, rank=rank,
    )


def _problems(
    *,
    table: _Table,
    size: int,
    minimums: Mapping[Hashable, int],
    eligible: np.ndarray,
    included: np.ndarray,
    included_ids: set,
    excluded_ids: set,
) -> list[SelectionProblem]:
    """Return every reason no cohort meets the constraints; none means one exists.

    A cohort exists exactly when (1) every included id is an eligible candidate, (2) each region has
    at least its minimum of eligible candidates and (3) the included candidates plus the seats each
    region still needs beyond its included ones fit in `size`. Necessity is plain; for sufficiency
    take the included, then the best still needed from each region, then fill up.
    """
    problems = []
    for applicant_id in sorted(included_ids & excluded_ids, key=str):
        problems.append(SelectionProblem(
            code="included_and_excluded",
            message=gettext("Applicant %(id)s is both included and excluded by hand.") % {"id": applicant_id},
            params={"id": applicant_id},
        ))
    known = set(table.ids[table.member(included_ids)].tolist())
    for applicant_id in sorted(included_ids - known, key=str):
        problems.append(SelectionProblem(
            code="included_unknown",
            message=gettext(
                "Applicant %(id)s is included by hand but is not among the applicants to select from."
            ) % {"id": applicant_id},
            params={"id": applicant_id},
        ))
    available = Counter(table.region_counts(eligible))
    for region, minimum in minimums.items():
        if available[region] < minimum:
            params = {"region": _region_name(region), "available": available[region], "minimum": minimum}
            problems.append(SelectionProblem(
                code="region_short",
                message=ngettext(
                    "Only %(available)s eligible applicant from %(region)s for a minimum of %(minimum)s.",
                    "Only %(available)s eligible applicants from %(region)s for a minimum of %(minimum)s.",
                    available[region],
                ) % params,
                params=params,
            ))
    forced = int(included.sum())
    if forced > size:
        params = {"count": forced, "size": size}
        problems.append(SelectionProblem(
            code="too_many_included",
            message=ngettext(
                "%(count)s applicant is included by hand, more than the cohort size of %(size)s.",
                "%(count)s applicants are included by hand, more than the cohort size of %(size)s.",
                forced,
            ) % params,
            params=params,
        ))
        return problems
    included_per_region = Counter(table.region_counts(included))
    required = forced + sum(max(0, m - included_per_region[r]) for r, m in minimums.items())
    if required > size:
        params = {"required": required, "size": size}
        if forced:
            message = ngettext(
                "The regional minimums and the applicants included by hand need %(required)s seat, "
                "but the cohort has %(size)s.",
                "The regional minimums and the applicants included by hand need %(required)s seats, "
                "but the cohort has %(size)s.",
                required,
            ) % params
        else:
            message = ngettext(
                "The regional minimums add up to %(required)s seat, more than the cohort size of %(size)s.",
                "The regional minimums add up to %(required)s seats, more than the cohort size of %(size)s.",
                required,
            ) % params
        problems.append(SelectionProblem(code="minimums_exceed_size", message=message, params=params))
    return problems


def _cumcount(codes: np.ndarray) -> np.ndarray:
    """Return, for each position, how many earlier positions hold the same code."""
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    group_start = np.repeat(starts, np.diff(np.r_[starts, len(codes)]))
    counts = np.empty(len(codes), dtype=np.int64)
    counts[order] = np.arange(len(codes)) - group_start
    return counts


def cohort_select(
    *,
    candidates: pd.DataFrame | Iterable[Sequence],
    size: int,
    minimums: Mapping[Hashable, int],
    excluded: Iterable[Hashable] = (),
    included: Iterable[Hashable] = (),
) -> Selection:
    """Select the highest-scoring cohort of `size` candidates that meets every regional minimum.

    `minimums` maps a region to the least number of its candidates in the cohort. Ids in `included`
    are forced in and count towards their region's minimum; ids in `excluded` are forced out and are
    not waitlisted (excluding an id that is not a candidate changes nothing). When fewer than `size`
    candidates remain eligible, all of them are selected. The waitlist holds every other eligible
    candidate, best first. Ranking and ties follow the module's rule, so the answer is deterministic.

    When the constraints cannot be met the result lists every reason in `problems`, translated, and
    selects nobody. Wrong input (duplicate ids, a missing score, a negative size or minimum) raises
    ValueError.

    Method, in O(n log n): take the included; then from each region the best eligible candidates it
    still needs to reach its minimum; then fill the remaining seats with the best eligible candidates
    left, whatever their region.

    Why this is optimal (exchange argument). Let T be the included together with the best m_r - i_r
    free candidates of each region r (i_r included ones there). Take an optimal cohort O without some
    x of T, x from region r. O holds at least m_r - i_r free candidates of r, and at most
    m_r - i_r - 1 of them lie in T, so O holds a free y of r ranked below x. Swapping y for x keeps
    the size, every region count and the included, and does not lower the total: so some optimal
    cohort contains T. Once T is in, every minimum holds whatever fills the other seats, so the best
    filling is the best candidates left. Hence the result's total equals the optimum of the integer
    programme (maximise the sum of scores subject to the size, the minimums and the fixed includes
    and excludes); the tests check this against brute force and `scipy.optimize.milp`.
    """
    if size < 0:
        raise ValueError("the cohort size is negative")
    minimums = {region: int(m) for region, m in minimums.items() if m}
    if any(m < 0 for m in minimums.values()):
        raise ValueError("a regional minimum is negative")
    table = _table(candidates)
    included_ids, excluded_ids = set(included), set(excluded)
    eligible = ~table.member(excluded_ids)
    is_included = table.member(included_ids) & eligible
    seats = min(size, int(eligible.sum()))

    problems = _problems(
        table=table, size=size, minimums=minimums, eligible=eligible, included=is_included,
        included_ids=included_ids, excluded_ids=excluded_ids,
    )
    if problems:
        return Selection(
            selected=(), waitlist=(), total_score=0.0, region_counts={}, problems=tuple(problems)
        )

    # Work in rank order from here: position p is the p-th best candidate.
    rank = table.rank
    chosen = is_included[rank]
    free = eligible[rank] & ~chosen
    if minimums:
        included_per_region = Counter(table.region_counts(is_included))
        still_needed = np.array(
            [max(0, minimums.get(r, 0) - included_per_region[r]) for r in table.region_values.tolist()],
            dtype=np.int64,
        )
        free_positions = np.flatnonzero(free)
        free_codes = table.region_codes[rank][free_positions]
        needed = free_positions[_cumcount(free_codes) < still_needed[free_codes]]
        chosen[needed] = True
        free[needed] = False
    fill = seats - int(chosen.sum())
    chosen[np.flatnonzero(free)[:fill]] = True
    free[chosen] = False

    ranked_ids = table.ids[rank]
    return Selection(
        selected=tuple(ranked_ids[chosen].tolist()),
        waitlist=tuple(ranked_ids[free].tolist()),
        total_score=math.fsum(table.scores[rank][chosen].tolist()),
        region_counts=table.region_counts(rank[chosen]),
    )


def _id_regions(rows: pd.DataFrame | Iterable[Sequence]) -> list[tuple[Hashable, Hashable]]:
    if isinstance(rows, pd.DataFrame):
        return list(zip(rows["id"].tolist(), rows["region"].tolist(), strict=True))
    return [(row[0], row[1]) for row in rows]


def waitlist_next(
    *,
    selected: pd.DataFrame | Iterable[Sequence],
    waitlist: pd.DataFrame | Iterable[Sequence],
    leaving_id: Hashable,
    minimums: Mapping[Hashable, int],
) -> Hashable | None:
    """Return the id of the waitlisted candidate who takes the seat `leaving_id` gives up, or None.

    `selected` holds the cohort's rows, `leaving_id` among them; `waitlist` the waitlisted rows in
    waitlist order, best first. Rows start with (id, region), like `cohort_select`'s candidates, or are
    a DataFrame with "id" and "region" columns.

    If her leaving drops a region below its minimum, the seat goes to the first waitlisted candidate
    from such a region; otherwise to the first on the waitlist. So every minimum the cohort met
    still holds, and the seat goes to the best candidate for whom that is true. None means nobody can
    take it: the waitlist is empty, or nobody on it comes from a region that falls short (the
    coordinator then decides by hand).
    """
    cohort = _id_regions(selected)
    leaving = [region for applicant_id, region in cohort if applicant_id == leaving_id]
    if not leaving:
        raise ValueError("the leaving candidate is not in the selected cohort")
    counts = Counter(region for applicant_id, region in cohort if applicant_id != leaving_id)
    short = {region for region, minimum in minimums.items() if counts[region] < minimum}
    for applicant_id, region in _id_regions(waitlist):
        if not short or region in short:
            return applicant_id
    return None
