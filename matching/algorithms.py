"""Matching participants with firms: the optimal assignment, stable matching, and how the two compare.

Pure functions over numpy arrays: no database, no models. Rows are participants and columns firms, as
in `matching.compatibility`. A matching is given as `firm_of`, an int array with one entry per
participant: the column of her firm, or -1 when she is unmatched (a participant has one firm; a firm
may host up to its capacity).

Preference ranks are int or float matrices, 1 for the first choice: `participant_ranks` has shape
(participants, firms), `firm_ranks` (firms, participants). 0, a negative number or NaN means "not
ranked", which stable matching reads as "not acceptable". Ranks within a row must be distinct; gaps
are allowed (1, 3, 7 is the order 1st, 2nd, 3rd).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

UNMATCHED = -1


@dataclass(frozen=True)
class Assignment:
    """The outcome of `assignment_optimal`."""

    firm_of: np.ndarray  # (participants,) firm column or -1
    total: float  # the sum of the scores of the matched pairs
    pinned: tuple[tuple[int, int], ...] = ()

    @property
    def pairs(self) -> list[tuple[int, int]]:
        """Return the matched (participant, firm) pairs, by participant."""
        rows = np.flatnonzero(self.firm_of >= 0)
        return list(zip(rows.tolist(), self.firm_of[rows].tolist(), strict=True))

    @property
    def unmatched(self) -> np.ndarray:
        """Return the rows of the participants left unmatched."""
        return np.flatnonzero(self.firm_of < 0)


@dataclass(frozen=True)
class StableMatching:
    """The outcome of `deferred_acceptance`: (proposer, receiver) pairs, by proposer, and the rounds taken."""

    pairs: np.ndarray  # (matched, 2) int
    rounds: int  # rounds of simultaneous proposals, plus the single proposals of the tail


@dataclass(frozen=True)
class AverageRank:
    """The mean rank each side gave the partner it got, over matched pairs that side had ranked.

    None when no matched pair was ranked by that side. `*_unranked` counts the matched pairs that side
    had not ranked; unmatched participants are in neither.
    """

    participants: float | None
    firms: float | None
    participants_unranked: int
    firms_unranked: int


def _capacities(capacities: np.ndarray | None, n: int) -> np.ndarray:
    if capacities is None:
        return np.ones(n, dtype=np.int64)
    capacities = np.asarray(capacities)
    if capacities.shape != (n,) or (capacities.size and (
            capacities.min() < 0 or not np.array_equal(capacities, np.round(capacities)))):
        raise ValueError(gettext("Capacities must be whole numbers of zero or more, one for each firm."))
    return capacities.astype(np.int64)


def _pairs(pairs: Iterable[tuple[int, int]], shape: tuple[int, int], what: str) -> list[tuple[int, int]]:
    result = []
    for i, j in pairs:
        if not (0 <= i < shape[0] and 0 <= j < shape[1]):
            raise ValueError(f"A {what} pair names a participant or firm that is not in the matrix.")
        result.append((int(i), int(j)))
    return list(dict.fromkeys(result))


def assignment_optimal(
    *,
    scores: np.ndarray,
    capacities: np.ndarray | None = None,
    pinned: Iterable[tuple[int, int]] = (),
    forbidden: Iterable[tuple[int, int]] = (),
    min_score: float | None = None,
) -> Assignment:
    """Match participants with firms to maximise the total score, leaving out only those who must be.

    `scores` is (participants, firms), higher is better. `capacities[j]` is how many participants firm j
    hosts (1 by default). `pinned` pairs are kept whatever their score; `forbidden` pairs and pairs
    scoring under `min_score` are never made. Raise ValueError for a participant pinned to two firms, a
    firm pinned over its capacity, a pair both pinned and forbidden, a pair outside the matrix, bad
    capacities or scores that are not finite.

    The result matches as many participants as the acceptable pairs allow and, among all matchings of
    that size, has the largest total score. Why it is optimal:
      1. Pinned pairs are fixed; what remains is the same problem on the other participants with each
         firm's capacity reduced by its pins, and the total is the pins' scores plus the rest's.
      2. A firm of capacity c becomes c identical columns: every matching respecting capacities is an
         assignment of rows to distinct columns with the same total, and back.
      3. Let k be the size of a maximum matching on the acceptable pairs (Hopcroft–Karp). Add n − k
         "unmatched" columns that every row accepts, with score 0. Every row then takes a distinct
         column, so at least n − (n − k) = k rows take a real firm, and at most k can: every complete
         assignment matches exactly k participants, and every matching of k participants extends to one.
         The solver (`linear_sum_assignment`, exact) finds the complete assignment of largest total, that
         is the matching of k participants of largest total. Unacceptable pairs are infeasible entries.
    """
    scores = np.asarray(scores, dtype=np.float64)
    if scores.ndim != 2 or not np.isfinite(scores).all():
        raise ValueError("The scores must be a matrix of finite numbers.")
    n_p, n_f = scores.shape
    capacities = _capacities(capacities, n_f)
    pinned = _pairs(pinned, scores.shape, "pinned")
    forbidden = _pairs(forbidden, scores.shape, "forbidden")

    firm_of = np.full(n_p, UNMATCHED, dtype=np.int64)
    residual = capacities.copy()
    for i, j in pinned:
        if firm_of[i] != UNMATCHED:
            raise ValueError(gettext("Participant %(row)s is pinned to more than one firm.") % {"row": i})
        firm_of[i] = j
        residual[j] -= 1
    over = np.flatnonzero(residual < 0)
    if over.size:
        raise ValueError(gettext("Firm %(column)s has more pinned participants than places.")
                         % {"column": int(over[0])})
    clash = set(pinned) & set(forbidden)
    if clash:
        i, j = min(clash)
        raise ValueError(gettext("The pair of participant %(row)s and firm %(column)s is both pinned and "
                                 "forbidden.") % {"row": i, "column": j})

    acceptable = None
    if min_score is not None or forbidden:
        acceptable = scores >= min_score if min_score is not None else np.ones(scores.shape, dtype=bool)
        if forbidden:
            rows, cols = np.array(forbidden).T
            acceptable[rows, cols] = False

    rows = np.flatnonzero(firm_of == UNMATCHED)
    columns = np.repeat(np.arange(n_f), residual)
    # No pins and every capacity 1: the matrix serves as it is, without a copy.
    whole = rows.size == n_p and bool((residual == 1).all())
    if rows.size and columns.size:
        sub = scores if whole else scores[np.ix_(rows, columns)]
        if acceptable is None:
            cost = sub  # every pair acceptable: the solver fills min(rows, places) pairs
        else:
            ok = acceptable if whole else acceptable[np.ix_(rows, columns)]
            useful = ok.any(axis=1)
            if not useful.all():  # no acceptable firm: unmatched whatever the others get
                rows, sub, ok = rows[useful], sub[useful], ok[useful]
            if ok.all():  # every pair acceptable (a minimum score nobody is under): no search needed
                dummies, cost = max(rows.size - columns.size, 0), sub
            else:
                matchable = maximum_bipartite_matching(csr_matrix(ok), perm_type="column")
                dummies = rows.size - int((matchable >= 0).sum())
                cost = np.where(ok, sub, -np.inf)
            if dummies:
                cost = np.hstack([cost, np.zeros((rows.size, dummies))])
        if rows.size:
            chosen_rows, chosen_columns = linear_sum_assignment(cost, maximize=True)
            real = chosen_columns < columns.size
            firm_of[rows[chosen_rows[real]]] = columns[chosen_columns[real]]
    matched = np.flatnonzero(firm_of >= 0)
    total = float(scores[matched, firm_of[matched]].sum())
    return Assignment(firm_of=firm_of, total=total, pinned=tuple(pinned))


# --- Stable matching ---------------------------------------------------------------------------------


def _rank_keys(ranks: np.ndarray, shape: tuple[int, int], name: str) -> np.ndarray:
    """Return ranks as float keys, smaller preferred, +inf where not ranked."""
    ranks = np.asarray(ranks, dtype=np.float64)
    if ranks.shape != shape:
        raise ValueError(f"The {name} matrix must have the shape {shape}.")
    return np.where(np.isfinite(ranks) & (ranks >= 1), ranks, np.inf)


def _preference_order(
    keys: np.ndarray, name: str, *, want_order: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Return each row's columns in order of preference (padded with the column count) and how many it ranked.

    Rows whose ranks are exactly 1..k are inverted in linear time; the others are sorted. Raise
    ValueError when a row gives two columns the same rank. With `want_order` false only check the ranks
    and return an empty order.
    """
    n, m = keys.shape
    ranked = np.isfinite(keys)
    length = ranked.sum(axis=1)
    fits = ranked & (keys <= length[:, None]) & (keys == np.floor(keys))
    with np.errstate(invalid="ignore"):
        slots = keys.astype(np.intp)  # unranked cells give garbage, replaced next
    slots[~fits] = m + 1
    slots += (np.arange(n, dtype=np.intp) * (m + 1) - 1)[:, None]
    slots = slots.ravel()
    seen = np.zeros(n * (m + 1), dtype=bool)
    seen[slots] = True
    distinct = seen.reshape(n, m + 1)[:, :m].sum(axis=1)
    bad = np.flatnonzero((fits.sum(axis=1) != length) | (distinct != length))
    order = np.empty((0, m + 1), dtype=np.int32)
    if want_order:
        order = np.full(n * (m + 1), m, dtype=np.int32)
        order[slots] = np.tile(np.arange(m, dtype=np.int32), n)
        order = order.reshape(n, m + 1)
        order[:, m] = m
    if bad.size:
        sub = keys[bad]
        by = np.argsort(sub, axis=1, kind="stable")
        ordered = np.take_along_axis(sub, by, axis=1)
        if ((ordered[:, 1:] == ordered[:, :-1]) & np.isfinite(ordered[:, 1:])).any():
            raise ValueError(f"The {name} give two choices the same rank.")
        if want_order:
            order[bad, :m] = np.where(np.isfinite(ordered), by, m)
    return order, length


# Below this many free proposers a round of array operations costs more than proposing one by one.
SEQUENTIAL_BELOW = 48


def _deferred_acceptance(proposer_keys: np.ndarray, receiver_keys: np.ndarray, capacities: np.ndarray,
                         names: tuple[str, str]) -> tuple[np.ndarray, int]:
    """Run deferred acceptance with one place per proposer; return the receiver held by each proposer.

    Rounds in which every free proposer proposes at once run on arrays; the long tail of single
    rejections that random preferences leave runs one proposal at a time. The order in which free
    proposers propose does not change the result (it is always the proposer-optimal stable matching).
    """
    n_a, n_b = proposer_keys.shape
    order, length = _preference_order(proposer_keys, names[0])
    _preference_order(receiver_keys, names[1], want_order=False)  # the receivers' ranks must be strict too
    held_by = np.full(n_a, UNMATCHED, dtype=np.int64)
    next_choice = np.zeros(n_a, dtype=np.int64)
    free = np.flatnonzero(length > 0)
    rounds = 0
    while free.size >= SEQUENTIAL_BELOW:
        rounds += 1
        targets = order[free, next_choice[free]]
        next_choice[free] += 1
        keys = receiver_keys[targets, free]
        ok = np.isfinite(keys) & (capacities[targets] > 0)
        proposers, targets, keys = free[ok], targets[ok], keys[ok]
        rejected = free[~ok]
        if proposers.size:
            # Each receiver that got a proposal keeps the best of its holders and its new proposers.
            affected = np.zeros(n_b, dtype=bool)
            affected[targets] = True
            holders = np.flatnonzero((held_by >= 0) & affected[np.maximum(held_by, 0)])
            candidates = np.concatenate([holders, proposers])
            receivers = np.concatenate([held_by[holders], targets])
            ranks = np.concatenate([receiver_keys[held_by[holders], holders], keys])
            by = np.lexsort((ranks, receivers))
            candidates, receivers = candidates[by], receivers[by]
            starts = np.flatnonzero(np.r_[True, receivers[1:] != receivers[:-1]])
            position = np.arange(receivers.size) - np.repeat(starts, np.diff(np.r_[starts, receivers.size]))
            keep = position < capacities[receivers]
            held_by[candidates[keep]] = receivers[keep]
            held_by[candidates[~keep]] = UNMATCHED
            rejected = np.concatenate([rejected, candidates[~keep]])
        free = rejected[next_choice[rejected] < length[rejected]]
    if free.size:
        rounds += _deferred_acceptance_tail(free, order, length, next_choice, held_by, receiver_keys,
                                            capacities)
    return held_by, rounds


def _deferred_acceptance_tail(free: np.ndarray, order: np.ndarray, length: np.ndarray,
                              next_choice: np.ndarray, held_by: np.ndarray, receiver_keys: np.ndarray,
                              capacities: np.ndarray) -> int:
    """Finish deferred acceptance one proposal at a time, updating `held_by`; return the proposals made."""
    holders: dict[int, list[tuple[float, int]]] = {}
    matched = np.flatnonzero(held_by >= 0)
    for p, r, k in zip(matched.tolist(), held_by[matched].tolist(),
                       receiver_keys[held_by[matched], matched].tolist(), strict=True):
        holders.setdefault(r, []).append((k, p))
    capacity = capacities.tolist()
    lengths = length.tolist()
    choice = next_choice.tolist()
    proposals = 0
    for start in free.tolist():
        p = start
        while p >= 0 and choice[p] < lengths[p]:
            r = int(order[p, choice[p]])
            choice[p] += 1
            proposals += 1
            k = float(receiver_keys[r, p])
            if k == np.inf or capacity[r] == 0:
                continue
            held = holders.setdefault(r, [])
            if len(held) < capacity[r]:
                held.append((k, p))
                held_by[p] = r
                p = -1
                continue
            worst = max(held)
            if k < worst[0]:
                held.remove(worst)
                held.append((k, p))
                held_by[p] = r
                held_by[worst[1]] = UNMATCHED
                p = worst[1]
    next_choice[:] = choice
    return proposals


def deferred_acceptance(
    *,
    proposer_prefs: np.ndarray,
    receiver_prefs: np.ndarray,
    capacities: np.ndarray | None = None,
    proposer_capacities: np.ndarray | None = None,
) -> StableMatching:
    """Return the proposer-optimal stable matching (Gale–Shapley deferred acceptance).

    `proposer_prefs` (proposers, receivers) and `receiver_prefs` (receivers, proposers) are rank
    matrices as described in the module docstring; a pair is acceptable only when both sides ranked
    each other. `capacities[j]` is how many proposers receiver j may hold (1 by default);
    `proposer_capacities[i]` how many receivers proposer i may take (1 by default). One side at most may
    have capacities above one. A proposer of capacity c is c copies that the receivers rank in a fixed
    order, which keeps the result stable and proposer-optimal for the many-to-one market.

    All free proposers propose at once to their next choice each round; each receiver holds its best
    proposers up to its capacity and rejects the rest, until no free proposer has a choice left. The
    result is stable and every proposer gets her best partner among all stable matchings.
    """
    proposer_keys = _rank_keys(proposer_prefs, np.shape(proposer_prefs), "proposer preferences")
    n_a, n_b = proposer_keys.shape
    receiver_keys = _rank_keys(receiver_prefs, (n_b, n_a), "receiver preferences")
    capacities = _capacities(capacities, n_b)
    proposer_capacities = _capacities(proposer_capacities, n_a)
    if (proposer_capacities > 1).any() and (capacities > 1).any():
        raise ValueError("Only one side of a stable matching may have capacities above one.")
    if proposer_capacities.size and (proposer_capacities != 1).any():
        copies = np.repeat(np.arange(n_a), proposer_capacities)
        copy = np.arange(copies.size) - np.repeat(np.cumsum(proposer_capacities) - proposer_capacities,
                                                  proposer_capacities)
        width = int(proposer_capacities.max()) + 1
        # A receiver prefers copy 0 of a proposer to copy 1, and every copy to the proposer's next rival.
        receiver_copy_keys = receiver_keys[:, copies] * width + copy[None, :]
        held_by, rounds = _deferred_acceptance(proposer_keys[copies], receiver_copy_keys, capacities,
                                               ("proposer preferences", "receiver preferences"))
        proposers = copies
    else:
        held_by, rounds = _deferred_acceptance(proposer_keys, receiver_keys, capacities,
                                               ("proposer preferences", "receiver preferences"))
        proposers = np.arange(n_a)
    matched = held_by >= 0
    pairs = np.column_stack([proposers[matched], held_by[matched]]).astype(np.int64)
    return StableMatching(pairs=pairs, rounds=rounds)


def stable_matching(
    *,
    participant_ranks: np.ndarray,
    firm_ranks: np.ndarray,
    capacities: np.ndarray | None = None,
    proposing: str = "participants",
) -> np.ndarray:
    """Return `firm_of` for the stable matching in which `proposing` ("participants" or "firms") propose.

    Participant-proposing gives every participant her best stable firm; firm-proposing gives every firm
    its best stable set and every participant her worst stable firm.
    """
    participant_ranks = np.asarray(participant_ranks)
    n_p = participant_ranks.shape[0] if participant_ranks.ndim == 2 else 0
    firm_of = np.full(n_p, UNMATCHED, dtype=np.int64)
    if proposing == "participants":
        result = deferred_acceptance(proposer_prefs=participant_ranks, receiver_prefs=firm_ranks,
                                     capacities=capacities)
        firm_of[result.pairs[:, 0]] = result.pairs[:, 1]
    elif proposing == "firms":
        result = deferred_acceptance(proposer_prefs=firm_ranks, receiver_prefs=participant_ranks,
                                     proposer_capacities=capacities)
        firm_of[result.pairs[:, 1]] = result.pairs[:, 0]
    else:
        raise ValueError("Choose who proposes: participants or firms.")
    return firm_of


# --- Comparing matchings -----------------------------------------------------------------------------


def blocking_pairs_mask(
    *,
    firm_of: np.ndarray,
    participant_ranks: np.ndarray,
    firm_ranks: np.ndarray,
    capacities: np.ndarray | None = None,
) -> np.ndarray:
    """Return a (participants, firms) bool matrix, True where the pair would both rather be together.

    A pair blocks when both ranked each other, she is unmatched or prefers the firm to hers, and the
    firm has a free place or prefers her to the least preferred participant it hosts. A participant
    holding a firm she did not rank prefers any firm she ranked; the same goes for firms.
    """
    p_keys = _rank_keys(participant_ranks, np.shape(participant_ranks), "participant ranks")
    n_p, n_f = p_keys.shape
    f_keys = _rank_keys(firm_ranks, (n_f, n_p), "firm ranks")
    return _blocking_mask(firm_of=firm_of, participant_keys=p_keys, firm_keys=f_keys,
                          capacities=_capacities(capacities, n_f))


def _blocking_mask(*, firm_of: np.ndarray, participant_keys: np.ndarray, firm_keys: np.ndarray,
                   capacities: np.ndarray) -> np.ndarray:
    """Return the blocking pairs of `firm_of` for preference keys (see `preference_keys`): smaller is
    preferred, +inf is not acceptable, equal keys go to the smaller index. With distinct ranks as keys
    no two finite keys of a row are equal, and this is the definition of `blocking_pairs_mask`."""
    firm_of = np.asarray(firm_of, dtype=np.int64)
    p_keys = participant_keys
    n_p, n_f = p_keys.shape
    f_keys = firm_keys.T  # (participants, firms) now
    matched = np.flatnonzero(firm_of >= 0)
    hosts = firm_of[matched]
    own = np.full(n_p, np.inf, dtype=p_keys.dtype)
    own[matched] = p_keys[matched, hosts]
    # Each firm's least preferred participant: the largest key, of equal keys the largest index.
    by = np.lexsort((matched, f_keys[matched, hosts], hosts))
    last = np.flatnonzero(np.r_[hosts[by][1:] != hosts[by][:-1], True]) if by.size else by
    worst = np.full(n_f, -np.inf, dtype=f_keys.dtype)
    worst_row = np.full(n_f, -1, dtype=np.int64)
    worst[hosts[by][last]] = f_keys[matched[by][last], hosts[by][last]]
    worst_row[hosts[by][last]] = matched[by][last]
    hosted = np.bincount(hosts, minlength=n_f)
    free = hosted < capacities
    threshold = np.where(free, np.inf, worst)
    columns = np.arange(n_f)
    # An unranked holder (inf) loses to anyone ranked; a full firm with a ranked worst needs better.
    participant_wants = ((p_keys < own[:, None]) | ((p_keys == own[:, None]) & (columns < firm_of[:, None]))
                         | np.isinf(own)[:, None])
    firm_wants = ((f_keys < threshold[None, :])
                  | ((f_keys == threshold[None, :]) & (np.arange(n_p)[:, None] < worst_row[None, :]))
                  | np.isinf(threshold)[None, :])
    together = np.zeros((n_p, n_f), dtype=bool)
    together[matched, hosts] = True
    return (participant_wants & firm_wants & np.isfinite(p_keys) & np.isfinite(f_keys)
            & (capacities > 0)[None, :] & ~together)


def preference_keys(*, ranks: np.ndarray | None, scores: np.ndarray, acceptable: np.ndarray) -> np.ndarray:
    """Return each row's preference keys over the columns: smaller is preferred, +inf not acceptable.

    A row that ranked anyone keeps its ranks (not ranked: +inf); a row that ranked nobody (all of them
    when `ranks` is None) prefers the higher score, equal scores going to the smaller index, which is
    the order `ranks_from_scores` gives, without sorting. Pairs outside `acceptable` are +inf.
    `_blocking_mask` reads the keys; `pair_ranks` turns them into ranks for chosen pairs.
    """
    scores = np.asarray(scores, dtype=np.float64)
    derived = np.negative(scores)
    if ranks is None:
        keys = derived
    else:
        ranked = ranked_rows(ranks)
        keys = np.where(ranked[:, None], _rank_keys(ranks, scores.shape, "ranks"), derived)
    keys[~acceptable] = np.inf
    return keys


def ranked_rows(ranks: np.ndarray | None) -> np.ndarray | None:
    """Return which rows of a rank matrix ranked anyone (None for None)."""
    if ranks is None:
        return None
    return (np.nan_to_num(np.asarray(ranks, dtype=np.float64)) >= 1).any(axis=1)


def pair_ranks(*, keys: np.ndarray, ranks: np.ndarray | None, scores: np.ndarray, rows: np.ndarray,
               cols: np.ndarray) -> np.ndarray:
    """Return the rank row rows[k] gives column cols[k] under `preference_keys(ranks=ranks, ...)`:
    its own rank when it ranked anyone, else the rank `ranks_from_scores` gives (1 + the columns
    scoring more, + those scoring the same at a smaller index); +inf where the key is +inf.

    It compares each chosen row with its chosen score (one pass over those rows), never sorting.
    """
    rows, cols = np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)
    result = np.asarray(keys[rows, cols], dtype=np.float64).copy()
    derived = np.ones(rows.size, dtype=bool) if ranks is None else ~ranked_rows(ranks)[rows]
    derived &= np.isfinite(result)
    if derived.any():
        r, c = rows[derived], cols[derived]
        block = np.asarray(scores, dtype=np.float64)[r]
        own = block[np.arange(r.size), c][:, None]
        before = np.arange(block.shape[1])[None, :] < c[:, None]
        result[derived] = 1 + ((block > own) | ((block == own) & before)).sum(axis=1)
    return result


def blocking_pairs_keyed(*, firm_of: np.ndarray, participant_keys: np.ndarray, firm_keys: np.ndarray,
                         capacities: np.ndarray | None = None) -> int:
    """Return how many pairs block the matching under preference keys (see `preference_keys`);
    the same count as `blocking_pairs` on the ranks the keys stand for."""
    n_f = participant_keys.shape[1]
    return int(_blocking_mask(firm_of=firm_of, participant_keys=participant_keys, firm_keys=firm_keys,
                              capacities=_capacities(capacities, n_f)).sum())


def blocking_pairs(
    *,
    firm_of: np.ndarray,
    participant_ranks: np.ndarray,
    firm_ranks: np.ndarray,
    capacities: np.ndarray | None = None,
) -> int:
    """Return how many participant–firm pairs block the matching (see `blocking_pairs_mask`)."""
    mask = blocking_pairs_mask(firm_of=firm_of, participant_ranks=participant_ranks, firm_ranks=firm_ranks,
                               capacities=capacities)
    return int(mask.sum())


def average_rank(
    *, firm_of: np.ndarray, participant_ranks: np.ndarray, firm_ranks: np.ndarray
) -> AverageRank:
    """Return the mean rank participants gave their firms and firms gave their participants, pair by pair."""
    firm_of = np.asarray(firm_of, dtype=np.int64)
    p_keys = _rank_keys(participant_ranks, np.shape(participant_ranks), "participant ranks")
    n_p, n_f = p_keys.shape
    f_keys = _rank_keys(firm_ranks, (n_f, n_p), "firm ranks")
    matched = np.flatnonzero(firm_of >= 0)
    mine = p_keys[matched, firm_of[matched]]
    theirs = f_keys[firm_of[matched], matched]
    return average_rank_of(participants=mine, firms=theirs)


def average_rank_of(*, participants: np.ndarray, firms: np.ndarray) -> AverageRank:
    """Return the `AverageRank` of the matched pairs whose ranks are `participants[k]` (the rank she gave
    her firm) and `firms[k]` (the rank her firm gave her), +inf for a pair not ranked."""

    def mean(values: np.ndarray) -> float | None:
        finite = values[np.isfinite(values)]
        return float(finite.mean()) if finite.size else None

    return AverageRank(participants=mean(participants), firms=mean(firms),
                       participants_unranked=int(np.isinf(participants).sum()),
                       firms_unranked=int(np.isinf(firms).sum()))


def total_compatibility(*, scores: np.ndarray, firm_of: np.ndarray) -> float:
    """Return the sum of the scores of the matched pairs."""
    firm_of = np.asarray(firm_of, dtype=np.int64)
    matched = np.flatnonzero(firm_of >= 0)
    return float(np.asarray(scores)[matched, firm_of[matched]].sum())


def ranks_from_scores(scores: np.ndarray, *, axis: int = 1) -> np.ndarray:
    """Return strict ranks (1 = highest score) of each row's columns (axis=1) or each column's rows (axis=0),
    transposed for axis=0 so that the result ranks the other side; ties go to the smaller index."""
    scores = np.asarray(scores, dtype=np.float64)
    if axis == 0:
        scores = scores.T
    order = np.argsort(-scores, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, scores.shape[1] + 1)[None, :], axis=1)
    return ranks
