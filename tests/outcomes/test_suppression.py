from hypothesis import given, settings
from hypothesis import strategies as st

from outcomes.suppression import cells_suppress

PROGRAMME = None


def _cell(cohort, breakdown, group, n, indicator="paid_host"):
    return {"cohort": cohort, "indicator": indicator, "breakdown": breakdown, "group": group,
            "value": float(n), "n": n, "baseline": None}


def _table(counts: dict[int, dict[str, int]]) -> list[dict]:
    """Cells of one count indicator: cohorts x regions, with every margin."""
    cells = []
    regions = sorted({region for row in counts.values() for region in row})
    for cohort, row in counts.items():
        cells += [_cell(cohort, "region", region, row.get(region, 0)) for region in regions]
        cells.append(_cell(cohort, "", "", sum(row.values())))
    for region in regions:
        cells.append(_cell(PROGRAMME, "region", region, sum(row.get(region, 0) for row in counts.values())))
    cells.append(_cell(PROGRAMME, "", "", sum(sum(row.values()) for row in counts.values())))
    return cells


def _by_key(cells):
    return {(c["cohort"], c["breakdown"], c["group"]): c for c in cells}


def test_cells_suppress_hides_a_small_group_and_its_complement():
    cells = _by_key(cells_suppress(_table({1: {"gbao": 3, "sughd": 10, "khatlon": 20}})))

    assert cells[(1, "region", "gbao")]["suppressed"] is True
    assert cells[(1, "region", "gbao")]["value"] is None
    # gbao alone would be the total minus the others: the next smallest, sughd, is hidden too.
    assert cells[(1, "region", "sughd")]["suppressed"] is True
    assert cells[(1, "region", "khatlon")]["value"] == 20.0
    assert cells[(1, "", "")]["value"] == 33.0


def test_cells_suppress_keeps_zero_and_large_groups():
    cells = _by_key(cells_suppress(_table({1: {"gbao": 0, "sughd": 10, "khatlon": 20}})))

    assert [c["suppressed"] for c in cells.values()] == [False] * len(cells)


def test_cells_suppress_hides_the_total_when_no_cell_is_left():
    cells = _by_key(cells_suppress(_table({1: {"gbao": 3, "sughd": 0}})))

    assert cells[(1, "region", "gbao")]["suppressed"] is True
    assert cells[(1, "", "")]["suppressed"] is True


def test_cells_suppress_protects_across_cohorts():
    # Cohort 2's GBAO group is small: the programme's GBAO figure minus cohort 1's would reveal it.
    cells = _by_key(cells_suppress(_table({1: {"gbao": 12, "sughd": 30}, 2: {"gbao": 2, "sughd": 40}})))

    assert cells[(2, "region", "gbao")]["suppressed"] is True
    # Its row hides Sughd too; each column then has one hidden cell, so cohort 1's cells go as well,
    # while the programme's figures per region and the totals stay.
    assert [cells[(c, "region", r)]["suppressed"] for c in (1, 2) for r in ("gbao", "sughd")] == [True] * 4
    assert cells[(PROGRAMME, "region", "gbao")]["value"] == 14.0
    assert cells[(1, "", "")]["value"] == 42.0


def test_cells_suppress_leaves_cells_not_about_people():
    cells = cells_suppress([{"cohort": 1, "indicator": "trainings_held", "breakdown": "", "group": "",
                             "value": 3.0, "n": None, "baseline": None}])

    assert cells[0]["value"] == 3.0
    assert cells[0]["suppressed"] is False


def _lines(cells):
    by = _by_key(cells)
    lines = []
    cohorts = {k[0] for k in by if k[0] is not None}
    regions = {k[2] for k in by if k[1] == "region"}
    for cohort in [*cohorts, PROGRAMME]:
        lines.append(((cohort, "", ""), [(cohort, "region", r) for r in regions]))
    for region in regions:
        lines.append(((PROGRAMME, "region", region), [(c, "region", region) for c in cohorts]))
    lines.append(((PROGRAMME, "", ""), [(c, "", "") for c in cohorts]))
    return by, lines


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(
    st.integers(1, 4),
    st.dictionaries(
        st.sampled_from(["gbao", "sughd", "khatlon", "dushanbe"]), st.integers(0, 30), min_size=1
    ),
    min_size=1,
))
def test_cells_suppress_never_shows_or_reveals_a_small_group(counts):
    raw = _by_key(_table(counts))
    by, lines = _lines(cells_suppress(_table(counts)))

    for key, cell in by.items():
        if 0 < raw[key]["n"] < 5:
            assert cell["suppressed"] is True, key
        if cell["suppressed"]:
            assert (cell["value"], cell["n"]) == (None, None)
    for total, members in lines:
        if by[total]["suppressed"]:
            continue
        hidden = [m for m in members if by[m]["suppressed"]]
        # Total minus the visible cells is the sum of the hidden ones: never a single small group.
        assert hidden == [] or (len(hidden) >= 2 and sum(raw[m]["n"] for m in hidden) >= 5 or
                                sum(raw[m]["n"] for m in hidden) == 0), (total, hidden)
