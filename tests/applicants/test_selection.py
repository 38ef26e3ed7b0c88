"""Cohort selection under regional minimums: optimality, infeasibility, waitlist order and seat refills."""

import random
from collections import Counter
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from applicants.enums import Region
from applicants.selection import cohort_select, waitlist_next

REGIONS = [Region.DUSHANBE, Region.SUGHD, Region.KHATLON, Region.GBAO, Region.DRS]
REGIONS = [region.value for region in REGIONS]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@st.composite
def instances(draw, max_n=12):
    """A small selection problem: rows (id, region, score, order), size, minimums, excluded, included.

    Scores and orders come from short ranges so that ties are common; includes and excludes may
    overlap or name unknown ids, which must be reported.
    """
    n = draw(st.integers(0, max_n))
    ids = draw(st.permutations(range(1, n + 1)))
    # Odd ids come from the three larger regions only, so that some regions run short.
    regions = [draw(st.sampled_from(REGIONS[:3] if i % 2 else REGIONS)) for i in ids]
    scores = [draw(st.integers(0, 6)) for _ in ids]
    orders = [draw(st.integers(0, 3)) for _ in ids]
    rows = list(zip(ids, regions, scores, orders, strict=True))
    size = draw(st.integers(0, n + 2))
    minimums = draw(st.dictionaries(st.sampled_from(REGIONS), st.integers(0, 4), max_size=3))
    pool = list(range(1, n + 2))  # n + 1 is not a candidate
    excluded = draw(st.sets(st.sampled_from(pool), max_size=3)) if n else set()
    included = draw(st.sets(st.sampled_from(pool), max_size=3)) if n else set()
    return rows, size, minimums, excluded, included


def _constraints(instance):
    _rows, size, minimums, excluded, included = instance
    return {"size": size, "minimums": minimums, "excluded": excluded, "included": included}


def _rank_key(row):
    applicant_id, _region, score, *order = row
    return (-score, *order, applicant_id)


def _brute_force_best(rows, size, minimums, excluded, included):
    """Return the best total over every feasible cohort, or None when there is none."""
    ids = {row[0] for row in rows}
    if included - ids or included & excluded:
        return None
    eligible = [row for row in rows if row[0] not in excluded]
    best = None
    for cohort in combinations(eligible, min(size, len(eligible))):
        chosen = {row[0] for row in cohort}
        counts = Counter(row[1] for row in cohort)
        if included <= chosen and all(counts[r] >= m for r, m in minimums.items()):
            total = sum(row[2] for row in cohort)
            best = total if best is None else max(best, total)
    return best


def _assert_valid(selection, rows, size, minimums, excluded, included):
    """Check everything a feasible result promises apart from optimality."""
    region_of = {row[0]: row[1] for row in rows}
    eligible = [row for row in rows if row[0] not in excluded]
    selected = set(selection.selected)
    assert len(selection.selected) == len(selected) == min(size, len(eligible))
    assert included <= selected
    assert selected & excluded == set()
    counts = Counter(region_of[i] for i in selection.selected)
    assert {r: counts[r] >= m for r, m in minimums.items()} == dict.fromkeys(minimums, True)
    assert selection.region_counts == dict(counts)
    ranked = [row[0] for row in sorted(eligible, key=_rank_key)]
    assert list(selection.waitlist) == [i for i in ranked if i not in selected]
    assert list(selection.selected) == [i for i in ranked if i in selected]
    score_of = {row[0]: row[2] for row in rows}
    assert selection.total_score == sum(score_of[i] for i in selection.selected)


@settings(max_examples=300, deadline=None)
@given(instances())
def test_cohort_select_total_equals_brute_force_on_small_cases(instance):
    rows, size, minimums, excluded, included = instance

    selection = cohort_select(candidates=rows, **_constraints(instance))

    best = _brute_force_best(rows, size, minimums, excluded, included)
    if best is None:
        assert (selection.feasible, selection.selected, selection.waitlist) == (False, (), ())
        assert len(selection.problems) >= 1
    else:
        assert (selection.feasible, selection.problems) == (True, ())
        assert selection.total_score == best


@settings(max_examples=300, deadline=None)
@given(instances())
def test_cohort_select_meets_minimums_and_honours_includes_and_excludes_when_feasible(instance):
    rows, size, minimums, excluded, included = instance

    selection = cohort_select(candidates=rows, **_constraints(instance))

    if selection.feasible:
        _assert_valid(selection, rows, size, minimums, excluded, included)


def _milp_best(scores, regions, size, minimums, excluded, included):
    """Solve the binary programme exactly: maximise the total score under size, minimums and fixed ids."""
    n = len(scores)
    seats = min(size, n - len(excluded))
    rows = [np.ones(n)] + [(regions == r).astype(float) for r in minimums]
    lower = [seats] + list(minimums.values())
    upper = [seats] + [np.inf] * len(minimums)
    ids = np.arange(1, n + 1)
    result = milp(
        c=-scores,
        constraints=LinearConstraint(np.array(rows), lower, upper),
        integrality=np.ones(n),
        bounds=Bounds(np.isin(ids, list(included)), ~np.isin(ids, list(excluded))),
        options={"mip_rel_gap": 0},
    )
    return result


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_cohort_select_total_equals_milp_on_medium_cases(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(150, 251))
    regions = rng.choice(REGIONS, size=n, p=[0.4, 0.25, 0.15, 0.05, 0.15])
    scores = rng.integers(0, 1000, size=n).astype(float)
    size = int(rng.integers(10, 120))
    minimums = {str(r): int(rng.integers(0, 25)) for r in rng.choice(REGIONS, size=3, replace=False)}
    ids = rng.permutation(np.arange(1, n + 1))
    excluded = set(ids[:int(rng.integers(0, 10))].tolist())
    included = set(ids[20:20 + int(rng.integers(0, 10))].tolist())
    rows = [(i + 1, str(regions[i]), scores[i]) for i in range(n)]

    selection = cohort_select(candidates=rows, **_constraints((rows, size, minimums, excluded, included)))

    result = _milp_best(scores, regions, size, minimums, excluded, included)
    assert (selection.feasible, result.status) in {(True, 0), (False, 2)}  # 2: the programme is infeasible
    if selection.feasible:
        assert selection.total_score == round(-result.fun)
        _assert_valid(selection, rows, size, minimums, excluded, included)


@settings(max_examples=100, deadline=None)
@given(instances(), st.randoms(use_true_random=False))
def test_cohort_select_is_deterministic_for_ties_whatever_the_row_order(instance, rnd):
    rows, size, minimums, excluded, included = instance
    shuffled = rows[:]
    rnd.shuffle(shuffled)

    first = cohort_select(candidates=rows, **_constraints(instance))
    second = cohort_select(candidates=shuffled, **_constraints(instance))

    assert second == first


@settings(max_examples=100, deadline=None)
@given(instances())
def test_cohort_select_reads_a_dataframe_like_tuples(instance):
    rows, size, minimums, excluded, included = instance
    frame = pd.DataFrame(rows, columns=["id", "region", "score", "order"]).assign(name="not used")

    from_frame = cohort_select(candidates=frame, **_constraints(instance))

    assert from_frame == cohort_select(
        candidates=rows, size=size, minimums=minimums, excluded=excluded, included=included
    )


def test_cohort_select_takes_lower_scores_from_a_region_to_meet_its_minimum():
    rows = [(1, "dushanbe", 90), (2, "dushanbe", 85), (3, "dushanbe", 80), (4, "gbao", 40), (5, "gbao", 30),
            (6, "khatlon", 70), (7, "gbao", 20)]

    selection = cohort_select(candidates=rows, size=4, minimums={"gbao": 2})

    assert selection.selected == (1, 2, 4, 5)
    assert selection.waitlist == (3, 6, 7)
    assert selection.total_score == 245
    assert selection.region_counts == {"dushanbe": 2, "gbao": 2}


def test_cohort_select_counts_included_towards_their_region_minimum():
    rows = [(1, "dushanbe", 90), (2, "dushanbe", 85), (3, "gbao", 40), (4, "gbao", 10), (5, "sughd", 60)]

    selection = cohort_select(candidates=rows, size=3, minimums={"gbao": 1}, included=[4], excluded=[1])

    assert selection.selected == (2, 5, 4)
    assert selection.waitlist == (3,)
    assert selection.total_score == 155


def test_cohort_select_orders_waitlist_by_score_then_order_then_id():
    rows = [(3, "sughd", 50, 2), (5, "sughd", 50, 1), (4, "sughd", 50, 1), (2, "sughd", 60, 9),
            (1, "sughd", 40, 0)]

    selection = cohort_select(candidates=rows, size=1, minimums={})

    assert selection.selected == (2,)
    assert selection.waitlist == (4, 5, 3, 1)


def test_cohort_select_breaks_ties_by_id_without_an_order_column():
    rows = [(7, "sughd", 50), (3, "sughd", 50), (5, "sughd", 50)]

    selection = cohort_select(candidates=rows, size=2, minimums={})

    assert (selection.selected, selection.waitlist) == ((3, 5), (7,))


def test_cohort_select_selects_everyone_eligible_when_fewer_than_size():
    rows = [(1, "gbao", 10), (2, "sughd", 30), (3, "sughd", 20)]

    selection = cohort_select(candidates=rows, size=50, minimums={"gbao": 1}, excluded=[3])

    assert (selection.selected, selection.waitlist, selection.total_score) == ((2, 1), (), 40)


def test_cohort_select_reports_a_region_short_of_its_minimum_in_words():
    rows = [(i, "gbao", 50) for i in range(1, 6)] + [(i, "dushanbe", 60) for i in range(6, 40)]

    selection = cohort_select(candidates=rows, size=20, minimums={"gbao": 8, "khatlon": 1})

    assert (selection.feasible, selection.selected, selection.waitlist) == (False, (), ())
    assert [p.message for p in selection.problems] == [
        "Only 5 eligible applicants from GBAO (Gorno-Badakhshan) for a minimum of 8.",
        "Only 0 eligible applicants from Khatlon for a minimum of 1.",
    ]
    assert [(p.code, p.params) for p in selection.problems] == [
        ("region_short", {"region": "GBAO (Gorno-Badakhshan)", "available": 5, "minimum": 8}),
        ("region_short", {"region": "Khatlon", "available": 0, "minimum": 1}),
    ]


def test_cohort_select_counts_excluded_out_of_a_region():
    rows = [(1, "gbao", 50), (2, "gbao", 40), (3, "sughd", 60)]

    selection = cohort_select(candidates=rows, size=2, minimums={"gbao": 2}, excluded=[2])

    assert [p.message for p in selection.problems] == [
        "Only 1 eligible applicant from GBAO (Gorno-Badakhshan) for a minimum of 2."
    ]


def test_cohort_select_reports_minimums_that_exceed_the_cohort_size():
    rows = [(i, region, 10) for i, region in enumerate(REGIONS * 10, start=1)]

    selection = cohort_select(candidates=rows, size=10, minimums={"gbao": 6, "khatlon": 5})

    assert [p.message for p in selection.problems] == [
        "The regional minimums add up to 11 seats, more than the cohort size of 10."
    ]


def test_cohort_select_reports_includes_that_leave_too_few_seats_for_the_minimums():
    rows = [(1, "sughd", 10), (2, "sughd", 20), (3, "gbao", 5), (4, "gbao", 6)]

    selection = cohort_select(candidates=rows, size=3, minimums={"gbao": 2}, included=[1, 2])

    assert [p.message for p in selection.problems] == [
        "The regional minimums and the applicants included by hand need 4 seats, but the cohort has 3."
    ]


def test_cohort_select_reports_more_includes_than_seats():
    rows = [(1, "sughd", 10), (2, "sughd", 20), (3, "gbao", 5)]

    selection = cohort_select(candidates=rows, size=2, minimums={}, included=[1, 2, 3])

    assert [p.message for p in selection.problems] == [
        "3 applicants are included by hand, more than the cohort size of 2."
    ]


def test_cohort_select_reports_an_applicant_both_included_and_excluded_and_an_unknown_include():
    rows = [(1, "sughd", 10), (2, "sughd", 20)]

    selection = cohort_select(candidates=rows, size=1, minimums={}, included=[1, 9], excluded=[1])

    assert [(p.code, p.message) for p in selection.problems] == [
        ("included_and_excluded", "Applicant 1 is both included and excluded by hand."),
        ("included_unknown",
         "Applicant 9 is included by hand but is not among the applicants to select from."),
    ]
    assert (selection.selected, selection.waitlist) == ((), ())


def test_cohort_select_rejects_duplicate_ids_missing_scores_and_negative_figures():
    with pytest.raises(ValueError, match="not unique"):
        cohort_select(candidates=[(1, "gbao", 1), (1, "sughd", 2)], size=1, minimums={})
    with pytest.raises(ValueError, match="missing score"):
        cohort_select(candidates=[(1, "gbao", float("nan"))], size=1, minimums={})
    with pytest.raises(ValueError, match="size is negative"):
        cohort_select(candidates=[], size=-1, minimums={})
    with pytest.raises(ValueError, match="minimum is negative"):
        cohort_select(candidates=[], size=1, minimums={"gbao": -1})
    with pytest.raises(ValueError, match="candidate rows"):
        cohort_select(candidates=[(1, "gbao", 1), (2, "gbao", 1, 5)], size=1, minimums={})


def test_cohort_select_of_no_candidates_is_an_empty_cohort():
    assert cohort_select(candidates=[], size=5, minimums={}).selected == ()


def test_waitlist_next_takes_the_next_from_her_region_when_it_is_at_its_minimum():
    selected = [(1, "dushanbe", 90), (2, "gbao", 40), (3, "gbao", 30)]
    waitlist = [(4, "dushanbe", 80), (5, "sughd", 70), (6, "gbao", 20), (7, "gbao", 10)]

    assert waitlist_next(selected=selected, waitlist=waitlist, leaving_id=2, minimums={"gbao": 2}) == 6


def test_waitlist_next_takes_the_next_overall_when_her_region_is_above_its_minimum():
    selected = [(1, "dushanbe", 90), (2, "gbao", 40), (3, "gbao", 30)]
    waitlist = [(4, "dushanbe", 80), (6, "gbao", 20)]

    assert waitlist_next(selected=selected, waitlist=waitlist, leaving_id=2, minimums={"gbao": 1}) == 4
    assert waitlist_next(selected=selected, waitlist=waitlist, leaving_id=1, minimums={"gbao": 2}) == 4


def test_waitlist_next_returns_none_when_nobody_keeps_the_minimum():
    selected = pd.DataFrame({"id": [1, 2], "region": ["dushanbe", "gbao"]})
    waitlist = pd.DataFrame({"id": [4], "region": ["dushanbe"]})

    assert waitlist_next(selected=selected, waitlist=waitlist, leaving_id=2, minimums={"gbao": 1}) is None
    assert waitlist_next(selected=selected, waitlist=waitlist.iloc[:0], leaving_id=1, minimums={}) is None


def test_waitlist_next_rejects_a_leaver_who_is_not_selected():
    with pytest.raises(ValueError, match="not in the selected cohort"):
        waitlist_next(selected=[(1, "gbao")], waitlist=[(2, "gbao")], leaving_id=2, minimums={})


@settings(max_examples=200, deadline=None)
@given(instances(), st.data())
def test_waitlist_next_keeps_every_minimum_and_picks_the_best_possible(instance, data):
    rows, size, minimums, _excluded, _included = instance
    selection = cohort_select(candidates=rows, size=size, minimums=minimums)
    if not selection.selected:
        return
    region_of = {row[0]: row[1] for row in rows}
    cohort = [(i, region_of[i]) for i in selection.selected]
    waitlist = [(i, region_of[i]) for i in selection.waitlist]
    leaving = data.draw(st.sampled_from(selection.selected))

    chosen = waitlist_next(selected=cohort, waitlist=waitlist, leaving_id=leaving, minimums=minimums)

    def keeps_minimums(candidate):
        counts = Counter(region_of[i] for i in selection.selected if i != leaving)
        counts[region_of[candidate]] += 1
        return all(counts[r] >= m for r, m in minimums.items())

    assert chosen == next((i for i in selection.waitlist if keeps_minimums(i)), None)


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_waitlist_next_keeps_minimums_through_a_run_of_declines(seed):
    rng = random.Random(seed)
    rows = [(i, rng.choice(REGIONS), rng.randint(0, 9)) for i in range(1, 61)]
    minimums = {"gbao": 3, "khatlon": 4}
    selection = cohort_select(candidates=rows, size=20, minimums=minimums)
    if not selection.feasible:
        return
    region_of = {row[0]: row[1] for row in rows}
    cohort, waitlist = list(selection.selected), list(selection.waitlist)

    for _ in range(15):
        leaving = rng.choice(cohort)
        chosen = waitlist_next(
            selected=[(i, region_of[i]) for i in cohort], waitlist=[(i, region_of[i]) for i in waitlist],
            leaving_id=leaving, minimums=minimums,
        )
        if chosen is None:
            break
        cohort.remove(leaving)
        cohort.append(chosen)
        waitlist.remove(chosen)
        counts = Counter(region_of[i] for i in cohort)
        assert {r: counts[r] >= m for r, m in minimums.items()} == dict.fromkeys(minimums, True)
        assert len(cohort) == 20
