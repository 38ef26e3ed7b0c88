"""How well each participant suits each firm: one score 0–100 per pair from explicit weighted factors.

Pure functions over whole tables: no database, no models. The matching service loads the cohort's
participants and the approved firms as two DataFrames, calls `compatibility_compute`, and hands the
score matrix to the algorithms in `matching.algorithms`; the page that reviews a proposed pair shows
`Compatibility.breakdown` ("why this pair").

Every factor is a number from 0 to 1 for every pair, computed on whole matrices (numpy broadcasting
and matrix products, never a Python loop over pairs). The score of a pair is

    100 × Σ_f w_f × factor_f / Σ_f w_f

over the factors that apply to the pair (see `FACTORS`; the preference factors apply only when that
side ranked anyone, so that not ranking is not held against a pair).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import gettext

# The factors in the order a breakdown lists them.
FACTORS = (
    "location",
    "languages",
    "skills",
    "marketplaces",
    "sector",
    "participant_rank",
    "firm_rank",
    "travel",
)

# Where she can do the work weighs most, then what the firm needs from her, then the wishes of both sides.
DEFAULT_WEIGHTS: dict[str, float] = {
    "location": 3.0,
    "languages": 2.0,
    "skills": 3.0,
    "marketplaces": 2.0,
    "sector": 1.0,
    "participant_rank": 2.0,
    "firm_rank": 2.0,
    "travel": 2.0,
}

SAME_CITY = 1.0
REMOTE = 0.8
SAME_REGION = 0.6

WORK_MODES = ("on_site", "remote", "hybrid")


@dataclass(frozen=True)
class FactorPoints:
    """One factor's part in a pair's score: its value 0..1, its weight, and the points it gives 0..100."""

    factor: str
    value: float
    weight: float  # 0 when the factor does not apply to the pair
    points: float


@dataclass(frozen=True)
class Compatibility:
    """The outcome of `compatibility_compute`: the score of every pair and the factors behind it.

    Rows are participants and columns firms, in the order of the input tables.
    """

    participant_ids: np.ndarray
    firm_ids: np.ndarray
    total: np.ndarray  # float64 (summed in float32), (participants, firms), 0..100
    factors: dict[str, np.ndarray]  # factor -> (participants, firms) values 0..1 (float32 or bool)
    weights: dict[str, float]  # the weights used, every factor named
    applies: dict[str, np.ndarray]  # factor -> bool array broadcastable to (participants, firms)

    @property
    def shape(self) -> tuple[int, int]:
        return self.total.shape

    def breakdown(self, i: int, j: int) -> list[FactorPoints]:
        """Return each factor's value, weight and points for participant row `i` and firm column `j`.

        The points add up to `total[i, j]` (up to rounding).
        """
        weights = {f: self.weights[f] * bool(np.broadcast_to(self.applies[f], self.shape)[i, j])
                   for f in FACTORS}
        denominator = sum(weights.values())
        rows = []
        for factor in FACTORS:
            value = float(self.factors[factor][i, j])
            points = 100.0 * weights[factor] * value / denominator if denominator else 0.0
            rows.append(FactorPoints(factor=factor, value=value, weight=weights[factor], points=points))
        return rows


def weights_validate(weights: Mapping[str, float] | None) -> dict[str, float]:
    """Return the weights of every factor: the defaults, with those given put in their place.

    Raise ValueError for an unknown factor, a negative or non-finite weight, or weights that are all zero.
    """
    merged = dict(DEFAULT_WEIGHTS)
    for name, weight in (weights or {}).items():
        if name not in DEFAULT_WEIGHTS:
            raise ValueError(gettext("Unknown compatibility factor “%(name)s”.") % {"name": name})
        try:
            weight = float(weight)
        except (TypeError, ValueError):
            weight = float("nan")
        if not np.isfinite(weight) or weight < 0:
            raise ValueError(
                gettext("The weight of “%(name)s” must be a number of zero or more.") % {"name": name}
            )
        merged[name] = weight
    if sum(merged.values()) <= 0:
        raise ValueError(gettext("At least one compatibility weight must be above zero."))
    return merged


def _codes(value: Any) -> list[Hashable]:
    """Return the codes of one cell: a list, set or tuple of codes, a single code, or nothing.

    A dict counts its keys whose value is truthy and not "none" (as an application's languages,
    code -> level, are stored).
    """
    if value is None:
        return []
    if isinstance(value, dict):
        return [k for k, v in value.items() if v and v != "none"]
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, Iterable):
        return [v for v in value if v is not None and v == v]
    if value != value:  # NaN
        return []
    return [value]


def _one_hot(*columns: pd.Series) -> list[np.ndarray]:
    """Return, for each column of code collections, a (rows, vocabulary) 0/1 matrix on one vocabulary."""
    exploded = [pd.Series([_codes(v) for v in column], dtype=object).explode() for column in columns]
    vocabulary = pd.Index(pd.concat(exploded).dropna().unique())
    matrices = []
    for column, codes in zip(columns, exploded, strict=True):
        matrix = np.zeros((len(column), len(vocabulary)), dtype=np.float32)
        codes = codes.dropna()
        matrix[codes.index.to_numpy(dtype=np.intp), vocabulary.get_indexer(codes.to_numpy())] = 1.0
        matrices.append(matrix)
    return matrices


def _share(have: np.ndarray, need: np.ndarray) -> np.ndarray:
    """Return the share of each column's needed codes that each row has; 1 where nothing is needed."""
    needed = need.sum(axis=1)
    # Dividing the small need matrix first gives the shares straight from the product.
    share = have @ (need / np.maximum(needed, 1)[:, None]).T.astype(np.float32)
    share[:, needed == 0] = 1.0
    return share


def _column(table: pd.DataFrame, name: str, default: Any) -> pd.Series:
    if name in table.columns:
        return table[name].reset_index(drop=True)
    return pd.Series([default] * len(table), dtype=object)


def _flag(table: pd.DataFrame, name: str, missing: bool) -> np.ndarray:
    """Return a bool column, `missing` where the cell is empty (unknown)."""
    column = _column(table, name, None)
    return np.array([missing if v is None or v != v else bool(v) for v in column], dtype=bool)


def _text_codes(*columns: pd.Series) -> list[np.ndarray]:
    """Return integer codes of normalised text cells shared across columns; -1 for an empty cell."""
    normal = [column.map(lambda v: str(v).strip().casefold() if isinstance(v, str) and v.strip() else None)
              for column in columns]
    _, uniques = pd.factorize(pd.concat(normal, ignore_index=True))
    index = pd.Index(uniques)
    return [index.get_indexer(column.to_numpy()) for column in normal]


def _rank_factor(
    ranks: np.ndarray | None, shape: tuple[int, int], name: str
) -> tuple[np.ndarray, np.ndarray]:
    """Return the preference factor (rows rank columns) and which rows ranked anyone.

    A row that ranked k columns gives (k + 1 − r) / k to its rank r (1 for the first choice, 1/k for
    the last) and 0 to every column it did not rank.
    """
    if ranks is None:
        return np.zeros(shape, dtype=np.float32), np.zeros((shape[0], 1), dtype=bool)
    ranks = np.asarray(ranks, dtype=np.float64)
    if ranks.shape != shape:
        raise ValueError(f"The {name} matrix must have the shape {shape}.")
    rows, cols = np.nonzero(np.isfinite(ranks) & (ranks >= 1))
    count = np.bincount(rows, minlength=shape[0])
    value = np.zeros(shape, dtype=np.float32)
    value[rows, cols] = np.clip((count[rows] + 1 - ranks[rows, cols]) / count[rows], 0.0, 1.0)
    return value, (count > 0)[:, None]


def compatibility_compute(
    *,
    participants: pd.DataFrame,
    firms: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
    participant_ranks: np.ndarray | None = None,
    firm_ranks: np.ndarray | None = None,
) -> Compatibility:
    """Score every participant–firm pair from 0 to 100 and keep each factor behind the score.

    `participants`, one row per woman (other columns are ignored):
      - "id": her participant id.
      - "region": a `Region` value; "city": free text (compared trimmed and case-insensitively).
      - "languages": the codes of the languages she speaks ("tg", "ru", ...), as a list, set or tuple,
        or a dict code -> level as applications store them (levels "none" or empty left out).
      - "skills": the codes of the programme's skills she has; "interests" (optional): skill codes she
        chose to learn. Both count towards a firm's needs.
      - "marketplaces": the `Marketplace` codes she has sold or bought on.
      - "sectors": the sector codes she is interested in.
      - "remote": she can work remotely (bool; empty means no).
      - "can_travel": she can travel to another region (bool; empty means unknown, not held against her).
    `firms`, one row per firm:
      - "id": the firm id; "region", "city": as above.
      - "languages": the language codes the firm requires; "skills": the skill codes it needs.
      - "marketplaces": the marketplaces it sells on now; "target_marketplaces" (optional): where it
        wants to sell. Both together are the firm's marketplaces.
      - "sector": its sector code (one).
      - "work_mode": one of "on_site", "remote", "hybrid".
    Collection cells may also be a single code or empty (None, NaN).
    `participant_ranks`, optional, shape (participants, firms): the rank she gave each firm, 1 for her
    first choice; 0, negative or NaN for a firm she did not rank. `firm_ranks`, optional, shape
    (firms, participants): the same from each firm's side.

    The factors, each 0..1:
      - location: 1 in the same city (and region), 0.8 when the firm works remotely or hybrid and she can
        work remotely, 0.6 in the same region, else 0 (the best that holds).
      - languages: the share of the firm's required languages she speaks (1 when it requires none).
      - skills: the share of the firm's needed skills she has or chose to learn (1 when it needs none).
      - marketplaces: the share of the firm's marketplaces she has used; for a firm on no marketplace yet,
        1 when she has used any (her experience is what it lacks), else 0.
      - sector: 1 when the firm's sector is among her interests.
      - participant_rank, firm_rank: (k + 1 − r) / k for rank r among k ranked, 0 when not ranked; they
        apply only to a participant (resp. firm) who ranked anyone, else their weight leaves the pair's sum.
      - travel: 0 when the firm is on site in another region and she cannot travel, else 1.
    `weights` maps factors to weights (zero or more); factors not given keep `DEFAULT_WEIGHTS`.
    Raise ValueError on unknown factors, bad weights, a missing "id", "region" or "work_mode" column,
    an unknown work mode or a rank matrix of the wrong shape.
    """
    weights = weights_validate(weights)
    for table, required in ((participants, ("id", "region")), (firms, ("id", "region", "work_mode"))):
        missing = [c for c in required if c not in table.columns]
        if missing:
            raise ValueError("Missing columns: {columns}.".format(columns=", ".join(missing)))
    n_p, n_f = len(participants), len(firms)
    shape = (n_p, n_f)

    p_region, f_region = _text_codes(_column(participants, "region", None), _column(firms, "region", None))
    p_city, f_city = _text_codes(_column(participants, "city", None), _column(firms, "city", None))
    mode = _column(firms, "work_mode", None).to_numpy(dtype=object)
    unknown = sorted({str(m) for m in mode} - set(WORK_MODES))
    if unknown:
        raise ValueError("Unknown work mode: {modes}.".format(modes=", ".join(unknown)))
    f_remote = np.isin(mode, ("remote", "hybrid"))
    f_on_site = mode == "on_site"
    p_remote = _flag(participants, "remote", missing=False)
    p_cannot_travel = ~_flag(participants, "can_travel", missing=True)

    same_region = (p_region[:, None] == f_region[None, :]) & (p_region[:, None] >= 0)
    same_city = (p_city[:, None] == f_city[None, :]) & (p_city[:, None] >= 0) & same_region
    remote_ok = p_remote[:, None] & f_remote[None, :]
    # The best case that holds, looked up from the three conditions as bits of one small code.
    cases = same_city.view(np.uint8) << 2
    cases |= remote_ok.view(np.uint8) << 1
    cases |= same_region.view(np.uint8)
    table = np.array([0.0, SAME_REGION, REMOTE, max(REMOTE, SAME_REGION)] + [SAME_CITY] * 4, dtype=np.float32)
    location = table[cases]

    p_lang, f_lang = _one_hot(_column(participants, "languages", None), _column(firms, "languages", None))
    p_skill, p_interest, f_skill = _one_hot(
        _column(participants, "skills", None), _column(participants, "interests", None),
        _column(firms, "skills", None),
    )
    p_market, f_market, f_target = _one_hot(
        _column(participants, "marketplaces", None), _column(firms, "marketplaces", None),
        _column(firms, "target_marketplaces", None),
    )
    p_sector, f_sector = _one_hot(_column(participants, "sectors", None), _column(firms, "sector", None))

    marketplaces = _share(p_market, np.maximum(f_market, f_target))
    no_market = ~np.maximum(f_market, f_target).any(axis=1)
    if no_market.any():
        marketplaces[:, no_market] = p_market.any(axis=1)[:, None]

    participant_rank, p_ranked = _rank_factor(participant_ranks, shape, "participant_ranks")
    if firm_ranks is None:
        firm_rank, f_ranked = np.zeros(shape, dtype=np.float32), np.zeros((n_f, 1), dtype=bool)
    else:
        firm_rank_t, f_ranked = _rank_factor(firm_ranks, (n_f, n_p), "firm_ranks")
        firm_rank = np.ascontiguousarray(firm_rank_t.T)

    factors: dict[str, np.ndarray] = {
        "location": location,
        "languages": _share(p_lang, f_lang),
        "skills": _share(np.maximum(p_skill, p_interest), f_skill),
        "marketplaces": marketplaces,
        "sector": (p_sector @ f_sector.T) > 0,
        "participant_rank": participant_rank,
        "firm_rank": firm_rank,
        "travel": ~(p_cannot_travel[:, None] & f_on_site[None, :] & ~same_region),
    }
    every = np.ones((1, 1), dtype=bool)
    applies = dict.fromkeys(FACTORS, every)
    applies["participant_rank"] = p_ranked
    applies["firm_rank"] = f_ranked.T

    # A factor that does not apply to a pair is 0 there, so only the denominator needs `applies`.
    numerator = np.zeros(shape, dtype=np.float32)
    denominator = np.zeros((1, 1))
    for factor in FACTORS:
        weight = weights[factor]
        if weight:
            numerator += np.float32(weight) * factors[factor]
            denominator = denominator + weight * applies[factor]
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(denominator > 0, 100.0 / denominator, 0.0).astype(np.float32)
    numerator *= scale
    total = numerator.astype(np.float64)
    return Compatibility(
        participant_ids=_column(participants, "id", None).to_numpy(),
        firm_ids=_column(firms, "id", None).to_numpy(),
        total=total,
        factors=factors,
        weights=weights,
        applies=applies,
    )
