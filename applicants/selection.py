"""Cohort selection: the best-scoring cohort that meets regional minimums, and its waitlist.

Why the algorithm is optimal. The constraints are a total size `k` and, per region r, a lower
bound m_r on how many are chosen. Take, in every region, its m_r best candidates (any feasible
cohort must contain m_r from r, and swapping one of them for a better unchosen one from the same
region never lowers the total), then fill the k - sum(m_r) remaining seats with the best remaining
candidates of any region (every cohort holding the forced ones is the forced set plus k - sum(m_r)
others, and the best total comes from the best others). Manual includes are placed first and
count towards their region's minimum; excludes are removed before anything else. Ties are broken
by the lower `order` value (for example the earlier submission), then the lower id, so the result
is deterministic.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .enums import Region


@dataclass(frozen=True)
class Candidate:
    id: int
    region: str
    score: float
    order: float = 0.0  # tie-break: lower first (e.g. submission time as a timestamp)

    def rank_key(self) -> tuple:
        return (-self.score, self.order, self.id)


@dataclass
class Selection:
    selected: list[int] = field(default_factory=list)
    waitlist: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        return not self.problems


def _region_label(region: str) -> str:
    return str(Region(region).label) if region in Region.values else region


def _problems(
    pool: list[Candidate], size: int, minimums: dict[str, int], forced: list[Candidate]
) -> list[str]:
    problems = []
    available = Counter(c.region for c in pool)
    for region, minimum in sorted(minimums.items()):
        if available[region] < minimum:
            problems.append(
                _("Only %(available)s eligible applicants from %(region)s for a minimum of %(minimum)s.")
                % {"available": available[region], "region": _region_label(region), "minimum": minimum}
            )
    total_minimum = sum(minimums.values())
    if total_minimum > size:
        problems.append(
            _("The regional minimums add up to %(total)s, more than the %(size)s places.")
            % {"total": total_minimum, "size": size}
        )
    if len(forced) > size:
        problems.append(
            _("%(count)s applicants are included by hand, more than the %(size)s places.")
            % {"count": len(forced), "size": size}
        )
    elif forced:
        forced_by_region = Counter(c.region for c in forced)
        shortfall = sum(max(0, m - forced_by_region[r]) for r, m in minimums.items())
        if len(forced) + shortfall > size:
            problems.append(_("The applicants included by hand leave too few places to meet the minimums."))
    return problems


def cohort_select(
    *,
    candidates: Iterable[Candidate],
    size: int,
    minimums: dict[str, int] | None = None,
    included: Iterable[int] = (),
    excluded: Iterable[int] = (),
) -> Selection:
    """Return the highest-scoring cohort of `size` meeting `minimums`, and the waitlist in order.

    When the minimums cannot be met, the result selects no one and lists every problem found.
    """
    minimums = {r: m for r, m in (minimums or {}).items() if m > 0}
    excluded_ids = set(excluded)
    pool = sorted((c for c in candidates if c.id not in excluded_ids), key=Candidate.rank_key)
    included_ids = set(included)
    forced = [c for c in pool if c.id in included_ids]
    problems = _problems(pool, size, minimums, forced)
    if problems:
        return Selection(problems=problems)
    size = min(size, len(pool))
    chosen: set[int] = {c.id for c in forced}
    taken = Counter(c.region for c in forced)
    by_region: dict[str, list[Candidate]] = defaultdict(list)
    for c in pool:
        by_region[c.region].append(c)
    for region, minimum in minimums.items():
        for c in by_region[region]:
            if taken[region] >= minimum:
                break
            if c.id not in chosen:
                chosen.add(c.id)
                taken[region] += 1
    for c in pool:
        if len(chosen) >= size:
            break
        chosen.add(c.id)
    selected = [c.id for c in pool if c.id in chosen]
    waitlist = [c.id for c in pool if c.id not in chosen]
    return Selection(selected=selected, waitlist=waitlist)


def waitlist_next(
    *,
    selected: Iterable[Candidate],
    waitlist: list[Candidate],
    leaving_id: int,
    minimums: dict[str, int] | None = None,
) -> int | None:
    """Return who takes the seat `leaving_id` gives up, keeping every regional minimum.

    If the leaver's region would fall below its minimum, the next waitlisted candidate of that
    region takes the seat; otherwise the first on the waitlist does. None if no one can.
    """
    minimums = minimums or {}
    remaining = [c for c in selected if c.id != leaving_id]
    leaving = next((c for c in selected if c.id == leaving_id), None)
    if leaving is None:
        return None
    count = Counter(c.region for c in remaining)
    if count[leaving.region] < minimums.get(leaving.region, 0):
        same = next((c for c in waitlist if c.region == leaving.region), None)
        return same.id if same else None
    return waitlist[0].id if waitlist else None
