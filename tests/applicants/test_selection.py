from itertools import combinations

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from applicants.selection import Candidate, cohort_select, waitlist_next

REGIONS = ["dushanbe", "sughd", "khatlon", "gbao", "drs"]


def _brute_force_best(pool, size, minimums):
    """The best total over every cohort of `size` meeting the minimums, or None if none does."""
    best = None
    for combo in combinations(pool, min(size, len(pool))):
        counts = {r: sum(1 for c in combo if c.region == r) for r in REGIONS}
        if all(counts[r] >= m for r, m in minimums.items()):
            total = sum(c.score for c in combo)
            best = total if best is None or total > best else best
    return best


candidates_st = st.lists(
    st.builds(
        lambda i, r, s: Candidate(id=i, region=r, score=s),
        st.integers(0, 10**6),
        st.sampled_from(REGIONS[:3]),
        st.integers(0, 100),
    ),
    min_size=0,
    max_size=11,
    unique_by=lambda c: c.id,
)


@settings(max_examples=300, deadline=None)
@given(
    pool=candidates_st,
    size=st.integers(1, 6),
    minimums=st.dictionaries(st.sampled_from(REGIONS[:3]), st.integers(0, 3), max_size=3),
)
def test_cohort_select_equals_brute_force_and_meets_minimums(pool, size, minimums):
    result = cohort_select(candidates=pool, size=size, minimums=minimums)
    best = _brute_force_best(pool, size, {r: m for r, m in minimums.items() if m})
    if best is None:
        assert result.feasible is False
        assert result.selected == []
        return
    assert result.feasible is True
    by_id = {c.id: c for c in pool}
    chosen = [by_id[i] for i in result.selected]
    assert len(chosen) == min(size, len(pool))
    assert sum(c.score for c in chosen) == best
    for region, minimum in minimums.items():
        assert sum(1 for c in chosen if c.region == region) >= minimum
    assert sorted(result.selected + result.waitlist) == sorted(by_id)


def test_cohort_select_keeps_rural_minimums_against_higher_dushanbe_scores():
    pool = [Candidate(i, "dushanbe", 90 - i) for i in range(10)] + [
        Candidate(100 + i, "gbao", 50 - i) for i in range(3)
    ]
    result = cohort_select(candidates=pool, size=5, minimums={"gbao": 2})
    assert result.selected == [0, 1, 2, 100, 101]
    assert result.waitlist[:2] == [3, 4]


def test_cohort_select_reports_every_reason_it_is_infeasible():
    pool = [Candidate(i, "gbao", 10) for i in range(5)] + [Candidate(10, "khatlon", 5)]
    with translation.override("en"):
        result = cohort_select(candidates=pool, size=4, minimums={"gbao": 8, "khatlon": 1})
    assert result.feasible is False
    assert result.problems == [
        "Only 5 eligible applicants from GBAO (Gorno-Badakhshan) for a minimum of 8.",
        "The regional minimums add up to 9, more than the 4 places.",
    ]


def test_cohort_select_honours_includes_and_excludes():
    pool = [Candidate(i, "dushanbe", 100 - i) for i in range(6)]
    result = cohort_select(candidates=pool, size=3, included=[5], excluded=[0])
    assert result.selected == [1, 2, 5]
    assert result.waitlist == [3, 4]


def test_cohort_select_breaks_ties_by_order_then_id():
    pool = [
        Candidate(3, "sughd", 50, order=2.0),
        Candidate(1, "sughd", 50, order=2.0),
        Candidate(2, "sughd", 50, order=1.0),
    ]
    result = cohort_select(candidates=pool, size=1)
    assert (result.selected, result.waitlist) == ([2], [1, 3])


@pytest.mark.parametrize(
    ("leaving", "expected"),
    [(101, 102), (0, 3)],  # a GBAO seat at its minimum stays in GBAO; another goes to the first waiting
)
def test_waitlist_next_keeps_the_minimums(leaving, expected):
    selected = [Candidate(0, "dushanbe", 90), Candidate(1, "dushanbe", 89), Candidate(101, "gbao", 60)]
    waitlist = [Candidate(3, "dushanbe", 80), Candidate(102, "gbao", 40)]
    assert (
        waitlist_next(selected=selected, waitlist=waitlist, leaving_id=leaving, minimums={"gbao": 1})
        == expected
    )


@settings(max_examples=200, deadline=None)
@given(pool=candidates_st, size=st.integers(1, 5), data=st.data())
def test_cohort_select_with_includes_equals_brute_force(pool, size, data):
    ids = [c.id for c in pool]
    included = data.draw(st.lists(st.sampled_from(ids), max_size=2, unique=True)) if ids else []
    minimums = data.draw(st.dictionaries(st.sampled_from(REGIONS[:3]), st.integers(0, 2), max_size=3))
    result = cohort_select(candidates=pool, size=size, minimums=minimums, included=included)
    best = None
    for combo in combinations(pool, min(size, len(pool))):
        chosen = {c.id for c in combo}
        counts = {r: sum(1 for c in combo if c.region == r) for r in REGIONS}
        if set(included) <= chosen and all(counts[r] >= m for r, m in minimums.items()):
            total = sum(c.score for c in combo)
            best = total if best is None or total > best else best
    if best is None:
        assert result.feasible is False
    else:
        by_id = {c.id: c for c in pool}
        assert set(included) <= set(result.selected)
        assert sum(by_id[i].score for i in result.selected) == best


def test_cohort_select_explains_infeasibility_in_her_language():
    pool = [Candidate(i, "gbao", 10) for i in range(2)]
    with translation.override("ru"):
        result = cohort_select(candidates=pool, size=4, minimums={"gbao": 3})
    assert result.problems == ["Из региона ГБАО (Горно-Бадахшанская автономная область) только 2 подходящих "
                               "заявительниц при минимуме 3."]
