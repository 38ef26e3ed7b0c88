"""Time cohort selection over 100,000 ranked applications against sorting their scores, in one run.

Run it with `python -m bench.selection`. The goal for the selection is under 2 s.
"""

import time

import numpy as np
import pandas as pd

from applicants.enums import Region
from applicants.selection import cohort_select

N = 100_000
COHORT = 5_000
REPEATS = 5
# Shares of applications by region, Dushanbe the largest; minimums keep the remote regions in.
SHARES = {Region.DUSHANBE: 0.35, Region.SUGHD: 0.25, Region.KHATLON: 0.2, Region.GBAO: 0.05, Region.DRS: 0.15}
MINIMUMS = {Region.GBAO.value: 400, Region.KHATLON.value: 800, Region.SUGHD.value: 600}


def _candidates(rng: np.random.Generator) -> pd.DataFrame:
    regions = rng.choice([region.value for region in SHARES], size=N, p=list(SHARES.values()))
    return pd.DataFrame({
        "id": rng.permutation(np.arange(1, N + 1)),
        "region": regions,
        # Two decimals, as combined scores are shown, so that ties occur.
        "score": np.round(rng.normal(60, 15, size=N), 2),
        "order": rng.integers(0, 14 * 24 * 3600, size=N),  # seconds into a two-week call
    })


def _best_of(repeats: int, work) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_selection() -> dict:
    """Return the best time of `cohort_select` and, as its floor, of a numpy sort of the same scores."""
    candidates = _candidates(np.random.default_rng(2025))
    scores = candidates["score"].to_numpy()
    excluded = candidates["id"].iloc[:50].tolist()
    included = candidates["id"].iloc[50:100].tolist()

    def select():
        selection = cohort_select(
            candidates=candidates, size=COHORT, minimums=MINIMUMS, excluded=excluded, included=included
        )
        assert len(selection.selected) == COHORT, selection.problems

    value = _best_of(REPEATS, select)
    floor = _best_of(REPEATS, lambda: np.sort(scores))
    return {"name": "cohort selection", "n": N, "value": value, "unit": "s", "floor": floor,
            "ratio": value / floor}


if __name__ == "__main__":
    print(bench_selection())
