"""Participant–firm compatibility: each factor on a hand-computed table, the breakdown, the weights."""

import numpy as np
import pandas as pd
import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.compatibility import DEFAULT_WEIGHTS, FACTORS, compatibility_compute, weights_validate


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _participants() -> pd.DataFrame:
    return pd.DataFrame([
        {"id": 10, "region": "dushanbe", "city": "Dushanbe", "languages": ["tg", "ru"], "skills": ["photo"],
         "interests": ["ads"], "marketplaces": ["laklak"], "sectors": ["textiles"], "remote": False,
         "can_travel": False},
        {"id": 11, "region": "sughd", "city": "Khujand", "languages": {"tg": "fluent", "en": "none"},
         "skills": [], "interests": None, "marketplaces": [], "sectors": {"food"}, "remote": True,
         "can_travel": True},
    ])


def _firms() -> pd.DataFrame:
    return pd.DataFrame([
        {"id": 20, "region": "dushanbe", "city": " dushanbe ", "languages": ["ru", "en"],
         "skills": ["photo", "ads", "copy"], "marketplaces": ["laklak", "avval"],
         "target_marketplaces": ["alibaba"],
         "sector": "textiles", "work_mode": "on_site"},
        {"id": 21, "region": "khatlon", "city": "Bokhtar", "languages": [], "skills": "copy",
         "marketplaces": [],
         "target_marketplaces": None, "sector": "food", "work_mode": "hybrid"},
    ])


# Factor values worked out by hand, rows p10, p11 and columns f20, f21.
EXPECTED = {
    "location": [[1.0, 0.0], [0.0, 0.8]],  # same city; she cannot work remotely; on site elsewhere; remote ok
    "languages": [[0.5, 1.0], [0.0, 1.0]],  # ru of ru+en; nothing required; en at level none is not spoken
    "skills": [[2 / 3, 0.0], [0.0, 0.0]],  # photo (skill) and ads (interest) of three
    "marketplaces": [[1 / 3, 1.0], [0.0, 0.0]],  # laklak of laklak+avval+alibaba; a firm with none wants any
    "sector": [[1.0, 0.0], [0.0, 1.0]],
    "participant_rank": [[0.0, 0.0], [0.0, 0.0]],
    "firm_rank": [[0.0, 0.0], [0.0, 0.0]],
    "travel": [[1.0, 1.0], [1.0, 1.0]],  # same region; hybrid; she can travel; hybrid
}


def test_compatibility_factors_match_hand_computed_values():
    result = compatibility_compute(participants=_participants(), firms=_firms())

    assert result.participant_ids.tolist() == [10, 11]
    assert result.firm_ids.tolist() == [20, 21]
    for factor in FACTORS:
        values = np.asarray(result.factors[factor], dtype=float)
        assert values == pytest.approx(np.array(EXPECTED[factor])), factor


def test_compatibility_total_is_weighted_mean_of_applicable_factors():
    result = compatibility_compute(participants=_participants(), firms=_firms())

    # No ranks given: the two preference factors leave the sum, 3 + 2 + 3 + 2 + 1 + 2 = 13.
    expected = 100 * np.array([[3 + 1 + 2 + 2 / 3 + 1 + 2, 0 + 2 + 0 + 2 + 0 + 2],
                               [2, 3 * 0.8 + 2 + 0 + 0 + 1 + 2]]) / 13
    assert result.total == pytest.approx(expected)


def test_compatibility_travel_is_zero_for_on_site_firm_elsewhere_when_she_cannot_travel():
    firms = _firms()
    firms.loc[1, "work_mode"] = "on_site"

    result = compatibility_compute(participants=_participants(), firms=firms)

    assert np.asarray(result.factors["travel"], dtype=float).tolist() == [[1.0, 0.0], [1.0, 1.0]]
    assert np.asarray(result.factors["location"], dtype=float)[1, 1] == 0.0


def test_compatibility_preference_ranks_fall_linearly_and_apply_only_to_sides_that_ranked():
    participant_ranks = np.array([[1, 2], [np.nan, np.nan]])  # p11 ranked nobody
    firm_ranks = np.array([[0, 1], [2, 1]])  # f20 ranked p11 only; f21 ranked p11 first, p10 second

    result = compatibility_compute(participants=_participants(), firms=_firms(),
                                   participant_ranks=participant_ranks, firm_ranks=firm_ranks)

    assert np.asarray(result.factors["participant_rank"], dtype=float).tolist() == [[1.0, 0.5], [0.0, 0.0]]
    assert np.asarray(result.factors["firm_rank"], dtype=float).tolist() == [[0.0, 0.5], [1.0, 1.0]]
    base = np.array([[3 + 1 + 2 + 2 / 3 + 1 + 2, 6], [2, 7.4]])
    expected = 100 * np.array([[(base[0, 0] + 2 * 1 + 0) / 17, (base[0, 1] + 2 * 0.5 + 2 * 0.5) / 17],
                               [(base[1, 0] + 2 * 1) / 15, (base[1, 1] + 2 * 1) / 15]])
    assert result.total == pytest.approx(expected)


def test_compatibility_breakdown_lists_value_weight_and_points():
    result = compatibility_compute(participants=_participants(), firms=_firms(), participant_ranks=np.eye(2))

    rows = result.breakdown(0, 0)

    assert [row.factor for row in rows] == list(FACTORS)
    by_factor = {row.factor: row for row in rows}
    assert by_factor["skills"].value == pytest.approx(2 / 3)
    assert by_factor["skills"].weight == 3.0
    assert by_factor["skills"].points == pytest.approx(100 * 3 * (2 / 3) / 15)
    assert by_factor["firm_rank"].weight == 0.0  # firms ranked nobody
    assert by_factor["participant_rank"].weight == 2.0


@settings(max_examples=40, deadline=None)
@given(weights=st.fixed_dictionaries({f: st.sampled_from([0.0, 0.5, 1.0, 2.5, 7.0]) for f in FACTORS}),
       ranks=st.booleans())
def test_compatibility_breakdown_sums_to_total(weights, ranks):
    if sum(weights.values()) == 0:
        weights["location"] = 1.0
    participant_ranks = np.array([[2, 1], [1, 0]]) if ranks else None
    result = compatibility_compute(participants=_participants(), firms=_firms(), weights=weights,
                                   participant_ranks=participant_ranks)

    for i in range(2):
        for j in range(2):
            points = sum(row.points for row in result.breakdown(i, j))
            assert points == pytest.approx(result.total[i, j], abs=1e-4)
            assert 0.0 <= result.total[i, j] <= 100.0


def test_compatibility_of_identical_wishes_is_one_hundred():
    participants = pd.DataFrame([{"id": 1, "region": "gbao", "city": "Khorog", "languages": ["ru"],
                                  "skills": ["ads"], "marketplaces": ["ozon"], "sectors": ["crafts"],
                                  "remote": True, "can_travel": True}])
    firms = pd.DataFrame([{"id": 2, "region": "gbao", "city": "khorog", "languages": ["ru"],
                           "skills": ["ads"], "marketplaces": ["ozon"], "sector": "crafts",
                           "work_mode": "remote"}])

    result = compatibility_compute(participants=participants, firms=firms, participant_ranks=np.array([[1]]),
                                   firm_ranks=np.array([[1]]))

    assert result.total.tolist() == [[pytest.approx(100.0)]]


def test_weights_validate_keeps_defaults_for_factors_not_given():
    assert weights_validate({"sector": 4}) == DEFAULT_WEIGHTS | {"sector": 4.0}
    assert weights_validate(None) == DEFAULT_WEIGHTS


@pytest.mark.parametrize(("weights", "message"), [
    ({"salary": 1.0}, "Unknown compatibility factor “salary”."),
    ({"skills": -1}, "The weight of “skills” must be a number of zero or more."),
    ({"skills": float("nan")}, "The weight of “skills” must be a number of zero or more."),
    ({"skills": "heavy"}, "The weight of “skills” must be a number of zero or more."),
    (dict.fromkeys(FACTORS, 0), "At least one compatibility weight must be above zero."),
])
def test_weights_validate_rejects_bad_weights(weights, message):
    with pytest.raises(ValueError) as error:
        compatibility_compute(participants=_participants(), firms=_firms(), weights=weights)

    assert str(error.value) == message


def test_compatibility_rejects_unknown_work_mode_and_bad_rank_shape():
    firms = _firms()
    firms.loc[0, "work_mode"] = "sometimes"
    with pytest.raises(ValueError) as error:
        compatibility_compute(participants=_participants(), firms=firms)
    assert str(error.value) == "Unknown work mode: sometimes."

    with pytest.raises(ValueError) as error:
        compatibility_compute(participants=_participants(), firms=_firms(), participant_ranks=np.ones((3, 2)))
    assert str(error.value) == "The participant_ranks matrix must have the shape (2, 2)."


def test_compatibility_of_empty_tables_is_an_empty_matrix():
    result = compatibility_compute(participants=_participants().iloc[:0], firms=_firms())

    assert result.total.shape == (0, 2)
