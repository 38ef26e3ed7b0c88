"""Matching algorithms: the optimal assignment against brute force, stability and proposer-optimality of
deferred acceptance, capacities, pins, forbidden pairs, the minimum score, and the comparison figures."""

from itertools import product

import numpy as np
import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.algorithms import (
    assignment_optimal,
    average_rank,
    blocking_pairs,
    blocking_pairs_keyed,
    deferred_acceptance,
    pair_ranks,
    preference_keys,
    ranks_from_scores,
    stable_matching,
    total_compatibility,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _matchings(n_p: int, n_f: int, capacities):
    """Yield every firm_of (-1 for unmatched) that respects the capacities."""
    for firm_of in product(range(-1, n_f), repeat=n_p):
        counts = np.bincount([j for j in firm_of if j >= 0], minlength=n_f)
        if (counts <= capacities).all():
            yield np.array(firm_of, dtype=np.int64)


# --- optimal assignment ------------------------------------------------------------------------------


@st.composite
def assignment_cases(draw):
    n_p = draw(st.integers(0, 4))
    n_f = draw(st.integers(0, 3))
    scores = np.array(draw(st.lists(st.lists(st.integers(0, 9), min_size=n_f, max_size=n_f),
                                    min_size=n_p, max_size=n_p)), dtype=float).reshape(n_p, n_f)
    capacities = np.array(draw(st.lists(st.integers(0, 2), min_size=n_f, max_size=n_f)), dtype=np.int64)
    pairs = [(i, j) for i in range(n_p) for j in range(n_f)]
    pinned = draw(st.lists(st.sampled_from(pairs), max_size=2, unique=True)) if pairs else []
    forbidden = draw(st.lists(st.sampled_from(pairs), max_size=4, unique=True)) if pairs else []
    min_score = draw(st.one_of(st.none(), st.integers(0, 9)))
    return scores, capacities, pinned, forbidden, min_score


def _brute_force(scores, capacities, pinned, forbidden, min_score):
    """Return the best (matched, total) over every feasible matching, matched first."""
    n_p, n_f = scores.shape
    pins = dict(pinned)
    best = None
    for firm_of in _matchings(n_p, n_f, capacities):
        if any(firm_of[i] != j for i, j in pins.items()):
            continue
        pairs = [(i, int(j)) for i, j in enumerate(firm_of) if j >= 0]
        if any(p in forbidden or (min_score is not None and scores[p] < min_score and p not in pinned)
               for p in pairs):
            continue
        value = (len(pairs), sum(scores[p] for p in pairs))
        best = value if best is None or value > best else best
    return best


def _invalid(capacities, pinned, forbidden):
    rows = [i for i, _ in pinned]
    counts = np.bincount([j for _, j in pinned], minlength=len(capacities))
    return len(set(rows)) < len(rows) or (counts > capacities).any() or bool(set(pinned) & set(forbidden))


@settings(max_examples=300, deadline=None)
@given(case=assignment_cases())
def test_assignment_optimal_equals_brute_force(case):
    scores, capacities, pinned, forbidden, min_score = case
    if _invalid(capacities, pinned, forbidden):
        with pytest.raises(ValueError):
            assignment_optimal(scores=scores, capacities=capacities, pinned=pinned, forbidden=forbidden,
                               min_score=min_score)
        return

    result = assignment_optimal(scores=scores, capacities=capacities, pinned=pinned, forbidden=forbidden,
                                min_score=min_score)

    pairs = result.pairs
    assert (len(pairs), result.total) == _brute_force(scores, capacities, pinned, forbidden, min_score)
    assert set(pinned) <= set(pairs)
    assert not set(forbidden) & set(pairs)
    assert (np.bincount([j for _, j in pairs], minlength=len(capacities)) <= capacities).all()
    if min_score is not None:
        assert all(scores[p] >= min_score for p in pairs if p not in pinned)


def test_assignment_optimal_leaves_unmatched_when_every_pair_is_under_min_score():
    scores = np.array([[10.0, 20.0], [30.0, 40.0]])

    result = assignment_optimal(scores=scores, min_score=50)

    assert result.firm_of.tolist() == [-1, -1]
    assert result.total == 0.0
    assert result.unmatched.tolist() == [0, 1]


def test_assignment_optimal_matches_more_participants_before_a_higher_total():
    # Alone, p0 would take f0 for 90; matching both (p0–f1, p1–f0) totals less but leaves nobody out.
    scores = np.array([[90.0, 10.0], [60.0, 0.0]])

    result = assignment_optimal(scores=scores, min_score=5)

    assert result.firm_of.tolist() == [1, 0]
    assert result.total == 70.0


def test_assignment_optimal_fills_capacities_above_one():
    scores = np.array([[9.0, 1.0], [8.0, 2.0], [7.0, 3.0]])

    result = assignment_optimal(scores=scores, capacities=np.array([2, 1]))

    assert result.firm_of.tolist() == [0, 0, 1]
    assert result.total == 20.0


def test_assignment_optimal_keeps_a_pinned_pair_under_min_score():
    scores = np.array([[1.0, 80.0], [70.0, 90.0]])

    result = assignment_optimal(scores=scores, pinned=[(0, 0)], min_score=50)

    assert result.firm_of.tolist() == [0, 1]
    assert result.pinned == ((0, 0),)


def test_assignment_optimal_with_more_participants_than_places_leaves_the_weakest_out():
    scores = np.array([[5.0], [9.0], [7.0]])

    result = assignment_optimal(scores=scores)

    assert result.firm_of.tolist() == [-1, 0, -1]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"pinned": [(0, 0), (0, 1)]}, "Participant 0 is pinned to more than one firm."),
    ({"pinned": [(0, 1), (1, 1)]}, "Firm 1 has more pinned participants than places."),
    ({"pinned": [(1, 0)], "forbidden": [(1, 0)]},
     "The pair of participant 1 and firm 0 is both pinned and forbidden."),
    ({"pinned": [(5, 0)]}, "A pinned pair names a participant or firm that is not in the matrix."),
    ({"capacities": np.array([1, -1])},
     "Capacities must be whole numbers of zero or more, one for each firm."),
])
def test_assignment_optimal_rejects_inconsistent_constraints(kwargs, message):
    with pytest.raises(ValueError) as error:
        assignment_optimal(scores=np.ones((2, 2)), **kwargs)

    assert str(error.value) == message


def test_assignment_optimal_scales_to_two_thousand_with_constraints():
    rng = np.random.default_rng(7)
    scores = rng.integers(0, 100, size=(2000, 2000)).astype(float)

    result = assignment_optimal(scores=scores, pinned=[(0, 0)], forbidden=[(1, 1)], min_score=2)

    assert result.firm_of[0] == 0
    assert (result.firm_of >= 0).sum() == 2000
    assert result.firm_of[1] != 1


# --- stable matching ---------------------------------------------------------------------------------


def _blocking_count(firm_of, participant_ranks, firm_ranks, capacities):
    """Count blocking pairs one pair at a time, as the definition says."""
    def key(rank):
        return rank if rank >= 1 else np.inf

    n_p, n_f = participant_ranks.shape
    count = 0
    for i in range(n_p):
        for j in range(n_f):
            mine, theirs = key(participant_ranks[i, j]), key(firm_ranks[j, i])
            if firm_of[i] == j or mine == np.inf or theirs == np.inf or capacities[j] == 0:
                continue
            current = key(participant_ranks[i, firm_of[i]]) if firm_of[i] >= 0 else np.inf
            hosted = [key(firm_ranks[j, k]) for k in range(n_p) if firm_of[k] == j]
            firm_wants = len(hosted) < capacities[j] or theirs < max(hosted)
            if mine < current and firm_wants:
                count += 1
    return count


@st.composite
def markets(draw, max_p=4, max_f=3):
    """Incomplete strict preferences with gaps in the ranks, and firm capacities 1 or 2."""
    n_p, n_f = draw(st.integers(0, max_p)), draw(st.integers(0, max_f))

    def ranks(rows, cols):
        matrix = np.zeros((rows, cols))
        for r in range(rows):
            chosen = draw(st.permutations(range(cols)))[:draw(st.integers(0, cols))]
            step = draw(st.sampled_from([1, 2]))
            for position, c in enumerate(chosen):
                matrix[r, c] = 1 + position * step
        return matrix

    capacities = np.array(draw(st.lists(st.integers(1, 2), min_size=n_f, max_size=n_f)), dtype=np.int64)
    return ranks(n_p, n_f), ranks(n_f, n_p), capacities


def _stable_set(participant_ranks, firm_ranks, capacities):
    n_p, n_f = participant_ranks.shape
    stable = []
    for firm_of in _matchings(n_p, n_f, capacities):
        rows = np.flatnonzero(firm_of >= 0)
        acceptable = ((participant_ranks[rows, firm_of[rows]] >= 1)
                      & (firm_ranks[firm_of[rows], rows] >= 1)).all()
        if acceptable and _blocking_count(firm_of, participant_ranks, firm_ranks, capacities) == 0:
            stable.append(firm_of)
    return stable


def _key(participant_ranks, i, j):
    return participant_ranks[i, j] if j >= 0 else np.inf


@settings(max_examples=300, deadline=None)
@given(market=markets())
def test_deferred_acceptance_is_stable_and_participant_optimal(market):
    participant_ranks, firm_ranks, capacities = market

    firm_of = stable_matching(participant_ranks=participant_ranks, firm_ranks=firm_ranks,
                              capacities=capacities)

    stable = _stable_set(participant_ranks, firm_ranks, capacities)
    assert blocking_pairs(firm_of=firm_of, participant_ranks=participant_ranks, firm_ranks=firm_ranks,
                          capacities=capacities) == 0
    assert any((firm_of == other).all() for other in stable)
    for other in stable:
        for i in range(len(firm_of)):
            assert _key(participant_ranks, i, firm_of[i]) <= _key(participant_ranks, i, other[i])


@settings(max_examples=300, deadline=None)
@given(market=markets())
def test_deferred_acceptance_firm_proposing_is_stable_and_worst_for_participants(market):
    participant_ranks, firm_ranks, capacities = market

    firm_of = stable_matching(participant_ranks=participant_ranks, firm_ranks=firm_ranks,
                              capacities=capacities, proposing="firms")

    stable = _stable_set(participant_ranks, firm_ranks, capacities)
    assert any((firm_of == other).all() for other in stable)
    for other in stable:
        for i in range(len(firm_of)):
            assert _key(participant_ranks, i, firm_of[i]) >= _key(participant_ranks, i, other[i])


@settings(max_examples=200, deadline=None)
@given(market=markets(), data=st.data())
def test_blocking_pairs_counts_as_the_definition_says(market, data):
    participant_ranks, firm_ranks, capacities = market
    n_p, n_f = participant_ranks.shape
    matchings = list(_matchings(n_p, n_f, capacities))
    firm_of = data.draw(st.sampled_from(matchings))

    assert blocking_pairs(firm_of=firm_of, participant_ranks=participant_ranks, firm_ranks=firm_ranks,
                          capacities=capacities) == _blocking_count(firm_of, participant_ranks, firm_ranks,
                                                                    capacities)


def test_deferred_acceptance_honours_receiver_capacities():
    participant_ranks = np.array([[1, 2], [1, 2], [1, 2]])
    firm_ranks = np.array([[3, 1, 2], [1, 2, 3]])

    firm_of = stable_matching(participant_ranks=participant_ranks, firm_ranks=firm_ranks,
                              capacities=np.array([2, 1]))

    assert firm_of.tolist() == [1, 0, 0]


def test_deferred_acceptance_firms_with_capacity_propose_to_several():
    participant_ranks = np.array([[2, 1], [1, 2], [1, 2]])
    firm_ranks = np.array([[1, 2, 3], [3, 2, 1]])

    result = deferred_acceptance(proposer_prefs=firm_ranks, receiver_prefs=participant_ranks,
                                 proposer_capacities=np.array([2, 1]))

    assert sorted(map(tuple, result.pairs.tolist())) == [(0, 0), (0, 1), (1, 2)]


def test_deferred_acceptance_leaves_unranked_pairs_apart():
    participant_ranks = np.array([[1, 0], [0, 0]])
    firm_ranks = np.array([[0, 1], [1, 0]])  # f0 did not rank p0

    firm_of = stable_matching(participant_ranks=participant_ranks, firm_ranks=firm_ranks)

    assert firm_of.tolist() == [-1, -1]


def test_deferred_acceptance_rejects_tied_ranks_and_two_sided_capacities():
    with pytest.raises(ValueError) as error:
        stable_matching(participant_ranks=np.array([[1, 1]]), firm_ranks=np.array([[1], [1]]))
    assert str(error.value) == "The proposer preferences give two choices the same rank."

    with pytest.raises(ValueError) as error:
        deferred_acceptance(proposer_prefs=np.ones((1, 1)), receiver_prefs=np.ones((1, 1)),
                            capacities=np.array([2]), proposer_capacities=np.array([2]))
    assert str(error.value) == "Only one side of a stable matching may have capacities above one."


def test_deferred_acceptance_at_scale_is_stable():
    rng = np.random.default_rng(3)
    participant_ranks = np.argsort(rng.random((600, 500)), axis=1) + 1
    firm_ranks = np.argsort(rng.random((500, 600)), axis=1) + 1
    capacities = rng.integers(1, 3, size=500)

    for proposing in ("participants", "firms"):
        firm_of = stable_matching(participant_ranks=participant_ranks, firm_ranks=firm_ranks,
                                  capacities=capacities, proposing=proposing)
        assert blocking_pairs(firm_of=firm_of, participant_ranks=participant_ranks, firm_ranks=firm_ranks,
                              capacities=capacities) == 0
        assert (np.bincount(firm_of[firm_of >= 0], minlength=500) <= capacities).all()
        assert (firm_of >= 0).sum() == 600


# --- comparison figures ------------------------------------------------------------------------------


def test_average_rank_and_total_compatibility_of_a_matching():
    participant_ranks = np.array([[1, 2], [2, 1], [1, 0]])
    firm_ranks = np.array([[2, 1, 3], [1, 0, 0]])
    firm_of = np.array([1, 0, -1])
    scores = np.array([[10.0, 20.0], [30.0, 40.0], [50.0, 60.0]])

    ranks = average_rank(firm_of=firm_of, participant_ranks=participant_ranks, firm_ranks=firm_ranks)

    assert (ranks.participants, ranks.firms) == (2.0, 1.0)
    assert (ranks.participants_unranked, ranks.firms_unranked) == (0, 0)
    assert total_compatibility(scores=scores, firm_of=firm_of) == 50.0


def test_ranks_from_scores_ranks_each_side_best_first():
    scores = np.array([[10.0, 30.0, 30.0], [5.0, 1.0, 9.0]])

    assert ranks_from_scores(scores).tolist() == [[3, 1, 2], [2, 3, 1]]
    assert ranks_from_scores(scores, axis=0).tolist() == [[1, 2], [1, 2], [1, 2]]


# --- preferences from compatibility without sorting -----------------------------------------------------


@st.composite
def scored_markets(draw):
    """Return scores with many ties, acceptable pairs, partial ranks (or None) of each side, capacities
    and a matching that respects them."""
    n_p, n_f = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    scores = rng.integers(0, 4, size=(n_p, n_f)).astype(np.float64) * 12.5
    acceptable = rng.random((n_p, n_f)) < 0.8

    def ranks(n, m):
        if draw(st.booleans()):
            return None
        matrix = np.zeros((n, m))
        for i in np.flatnonzero(rng.random(n) < 0.5):
            k = int(rng.integers(1, m + 1))
            matrix[i, rng.choice(m, size=k, replace=False)] = np.arange(1, k + 1) * 2  # ranks with gaps
        return matrix

    capacities = rng.integers(0, 3, size=n_f)
    firm_of = np.full(n_p, -1, dtype=np.int64)
    for i in range(n_p):
        j = int(rng.integers(-1, n_f))
        if j >= 0 and (firm_of == j).sum() < capacities[j]:
            firm_of[i] = j
    return scores, acceptable, ranks(n_p, n_f), ranks(n_f, n_p), capacities, firm_of


def _ranks_sorted(ranks, scores, acceptable):
    """Return the ranks a side uses as the matching run once built them: its own where it ranked anyone,
    else the ranks its scores give (one sort per row), 0 outside the acceptable pairs."""
    derived = ranks_from_scores(scores)
    if ranks is not None:
        ranked = (ranks >= 1).any(axis=1)
        derived = np.where(ranked[:, None], ranks, derived)
    return np.where(acceptable, derived, 0)


@settings(max_examples=300, deadline=None)
@given(market=scored_markets())
def test_blocking_pairs_keyed_counts_as_blocking_pairs_on_sorted_ranks(market):
    scores, acceptable, p_ranks, f_ranks, capacities, firm_of = market

    count = blocking_pairs_keyed(
        firm_of=firm_of, capacities=capacities,
        participant_keys=preference_keys(ranks=p_ranks, scores=scores, acceptable=acceptable),
        firm_keys=preference_keys(ranks=f_ranks, scores=scores.T, acceptable=acceptable.T),
    )

    assert count == blocking_pairs(
        firm_of=firm_of, capacities=capacities,
        participant_ranks=_ranks_sorted(p_ranks, scores, acceptable),
        firm_ranks=_ranks_sorted(f_ranks, scores.T, acceptable.T),
    )


@settings(max_examples=300, deadline=None)
@given(market=scored_markets())
def test_pair_ranks_are_the_sorted_ranks_of_the_matched_pairs(market):
    scores, acceptable, p_ranks, f_ranks, _capacities, firm_of = market
    matched = np.flatnonzero(firm_of >= 0)
    hosts = firm_of[matched]

    mine = pair_ranks(keys=preference_keys(ranks=p_ranks, scores=scores, acceptable=acceptable),
                      ranks=p_ranks, scores=scores, rows=matched, cols=hosts)
    theirs = pair_ranks(keys=preference_keys(ranks=f_ranks, scores=scores.T, acceptable=acceptable.T),
                        ranks=f_ranks, scores=scores.T, rows=hosts, cols=matched)

    sorted_p = _ranks_sorted(p_ranks, scores, acceptable)[matched, hosts]
    sorted_f = _ranks_sorted(f_ranks, scores.T, acceptable.T)[hosts, matched]
    assert mine.tolist() == np.where(sorted_p >= 1, sorted_p, np.inf).tolist()
    assert theirs.tolist() == np.where(sorted_f >= 1, sorted_f, np.inf).tolist()


def test_preference_keys_prefer_the_higher_score_and_keep_given_ranks():
    scores = np.array([[10.0, 30.0, 20.0], [5.0, 5.0, 1.0]])
    ranks = np.array([[0, 0, 0], [2, 0, 1]])
    acceptable = np.array([[True, True, False], [True, True, True]])

    keys = preference_keys(ranks=ranks, scores=scores, acceptable=acceptable)

    assert keys.tolist() == [[-10.0, -30.0, np.inf], [2.0, np.inf, 1.0]]


@settings(max_examples=200, deadline=None)
@given(n_p=st.integers(1, 6), n_f=st.integers(1, 6), seed=st.integers(0, 2**32 - 1))
def test_assignment_optimal_with_every_pair_acceptable_matches_as_without_a_minimum(n_p, n_f, seed):
    rng = np.random.default_rng(seed)
    scores = rng.integers(1, 5, size=(n_p, n_f)).astype(np.float64)
    capacities = rng.integers(1, 3, size=n_f)

    with_minimum = assignment_optimal(scores=scores, capacities=capacities, min_score=0.0)
    without = assignment_optimal(scores=scores, capacities=capacities)

    assert with_minimum.total == without.total
    assert int((with_minimum.firm_of >= 0).sum()) == min(n_p, int(capacities.sum()))
