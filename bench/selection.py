"""Cohort selection over 100,000 ranked applications, against sorting their scores (the floor)."""

import random
import time

import numpy as np


def bench_selection(n: int = 100_000, size: int = 5_000) -> dict:
    import django

    django.setup()
    from applicants.selection import Candidate, cohort_select

    rng = random.Random(2025)
    regions = ["dushanbe"] * 40 + ["sughd"] * 25 + ["khatlon"] * 18 + ["drs"] * 10 + ["gbao"] * 7
    candidates = [Candidate(i, rng.choice(regions), rng.random() * 100, order=i) for i in range(n)]
    scores = np.array([c.score for c in candidates])

    started = time.perf_counter()
    np.argsort(-scores, kind="stable")
    floor = time.perf_counter() - started

    started = time.perf_counter()
    result = cohort_select(candidates=candidates, size=size, minimums={"gbao": 400, "khatlon": 800})
    value = time.perf_counter() - started
    assert result.feasible and len(result.selected) == size
    return {
        "name": "cohort selection",
        "n": n,
        "value": round(value, 4),
        "unit": "s",
        "floor": round(floor, 4),
        "ratio": round(value / floor, 1),
    }


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parwona.settings.local")
    figure = bench_selection()
    print(
        f"{figure['name']}: {figure['n']} candidates in {figure['value']} s "
        f"(floor, numpy sort of the scores: {figure['floor']} s; ratio {figure['ratio']}; goal < 2 s)"
    )
