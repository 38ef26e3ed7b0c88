"""Time woman–firm matching on generated tables, each figure against its floor in the same run.

Run it with `python -m bench.matching` (Django set up). The figures:
- the optimal matching, 2,000 x 2,000, from the two DataFrames through `compatibility_compute` and
  `assignment_optimal` (the pure pipeline; the matching job's database read and write are not in it),
  against bare `linear_sum_assignment` on the same score matrix: goal ratio <= 2;
- the same with pins, forbidden pairs and a minimum score (the coordinator's re-run), same floor;
- deferred acceptance, 2,000 x 2,000, full preference lists: goal < 0.1 s; the floor is numpy's argsort
  of the proposers' rank matrix (reading each list once in order);
- the 50 x 50 pilot end to end (compatibility, both algorithms, blocking pairs, average ranks): goal < 0.2 s;
- the matching job's work end to end through the database, 2,000 participants x 2,000 firms seeded in
  the bench database: `matching.runs.match_run` (read both tables, compute compatibility, run the optimal
  algorithm, write the proposed pairs with their breakdowns and the summary) against bare
  `linear_sum_assignment` on the same score matrix: goal ratio <= 2;
- the same at 50 x 50, the pilot, end to end through the database: goal < 0.2 s;
- with BENCH_MATCHING_LARGE=1, the optimal matching at 5,000 x 5,000 (once; about 15 s).
"""

import os
import time
from datetime import timedelta

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from applicants.enums import Marketplace, Region
from matching.algorithms import (
    assignment_optimal,
    average_rank,
    blocking_pairs,
    ranks_from_scores,
    stable_matching,
    total_compatibility,
)
from matching.compatibility import compatibility_compute

REPEATS = 3
REGIONS = [region.value for region in Region]
REGION_SHARES = [0.35, 0.25, 0.2, 0.05, 0.15]
CITIES = {region: [f"{region}-{k}" for k in range(4)] for region in REGIONS}
LANGUAGES = ["tg", "ru", "en", "uz"]
SKILLS = ["photos", "listings", "ads", "chat", "pricing", "logistics", "analytics", "copywriting"]
MARKETPLACES = [m.value for m in Marketplace]
SECTORS = ["textiles", "food", "crafts", "cosmetics", "electronics", "agriculture", "tourism"]


def _subsets(rng: np.random.Generator, n: int, values: list, low: int, high: int) -> list[list]:
    sizes = rng.integers(low, high + 1, size=n)
    return [list(rng.choice(values, size=min(size, len(values)), replace=False)) for size in sizes]


def _tables(n_participants: int, n_firms: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """Return participants, firms and the participants' ranks (half of them rank five firms)."""
    rng = np.random.default_rng(seed)

    def places(n):
        regions = rng.choice(REGIONS, size=n, p=REGION_SHARES)
        return regions, [CITIES[r][rng.integers(4)] for r in regions]

    regions, cities = places(n_participants)
    participants = pd.DataFrame({
        "id": np.arange(1, n_participants + 1), "region": regions, "city": cities,
        "languages": _subsets(rng, n_participants, LANGUAGES, 1, 3),
        "skills": _subsets(rng, n_participants, SKILLS, 0, 4),
        "interests": _subsets(rng, n_participants, SKILLS, 0, 2),
        "marketplaces": _subsets(rng, n_participants, MARKETPLACES, 0, 3),
        "sectors": _subsets(rng, n_participants, SECTORS, 1, 3),
        "remote": rng.random(n_participants) < 0.6,
        "can_travel": rng.random(n_participants) < 0.5,
    })
    regions, cities = places(n_firms)
    firms = pd.DataFrame({
        "id": np.arange(1, n_firms + 1), "region": regions, "city": cities,
        "languages": _subsets(rng, n_firms, LANGUAGES, 0, 2),
        "skills": _subsets(rng, n_firms, SKILLS, 1, 4),
        "marketplaces": _subsets(rng, n_firms, MARKETPLACES, 0, 2),
        "target_marketplaces": _subsets(rng, n_firms, MARKETPLACES, 0, 2),
        "sector": rng.choice(SECTORS, size=n_firms),
        "work_mode": rng.choice(["on_site", "remote", "hybrid"], size=n_firms, p=[0.4, 0.2, 0.4]),
    })
    ranks = np.zeros((n_participants, n_firms))
    for i in np.flatnonzero(rng.random(n_participants) < 0.5):
        ranks[i, rng.choice(n_firms, size=min(5, n_firms), replace=False)] = np.arange(1, min(5, n_firms) + 1)
    return participants, firms, ranks


def _best_of(repeats: int, work) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def _figure(name: str, n: int, value: float, floor: float | None) -> dict:
    return {"name": name, "n": n, "value": value, "unit": "s", "floor": floor,
            "ratio": value / floor if floor else None}


def _optimal(n: int, repeats: int, constrained: bool) -> dict:
    participants, firms, ranks = _tables(n, n, seed=n)
    scores = compatibility_compute(participants=participants, firms=firms, participant_ranks=ranks).total
    constraints = {}
    if constrained:
        rng = np.random.default_rng(1)
        rows, cols = rng.permutation(n)[:20], rng.permutation(n)[:20]
        constraints = {"pinned": list(zip(rows[:10], cols[:10], strict=True)),
                       "forbidden": list(zip(rows[10:], cols[10:], strict=True)), "min_score": 20.0}

    def pipeline():
        compatibility = compatibility_compute(participants=participants, firms=firms, participant_ranks=ranks)
        assignment_optimal(scores=compatibility.total, **constraints)

    value = _best_of(repeats, pipeline)
    floor = _best_of(repeats, lambda: linear_sum_assignment(scores, maximize=True))
    label = "with pins, forbidden pairs, min score" if constrained else "DataFrames to pairs"
    return _figure(f"optimal matching {n} x {n}, pure pipeline ({label})", n, value, floor)


def _deferred(n: int) -> dict:
    rng = np.random.default_rng(5)
    participant_ranks = np.argsort(rng.random((n, n)), axis=1) + 1
    firm_ranks = np.argsort(rng.random((n, n)), axis=1) + 1
    value = _best_of(5, lambda: stable_matching(participant_ranks=participant_ranks, firm_ranks=firm_ranks))
    floor = _best_of(5, lambda: np.argsort(participant_ranks, axis=1))
    return _figure(f"deferred acceptance {n} x {n}, full lists", n, value, floor)


def _pilot(n: int = 50) -> dict:
    participants, firms, ranks = _tables(n, n, seed=50)

    def end_to_end():
        compatibility = compatibility_compute(participants=participants, firms=firms, participant_ranks=ranks)
        scores = compatibility.total
        optimal = assignment_optimal(scores=scores, min_score=10.0)
        # Where a side gave no ranking, the page falls back to ranking by compatibility.
        participant_ranks = ranks_from_scores(scores)
        firm_ranks = ranks_from_scores(scores, axis=0)
        for firm_of in (optimal.firm_of,
                        stable_matching(participant_ranks=participant_ranks, firm_ranks=firm_ranks),
                        stable_matching(participant_ranks=participant_ranks, firm_ranks=firm_ranks,
                                        proposing="firms")):
            blocking_pairs(firm_of=firm_of, participant_ranks=participant_ranks, firm_ranks=firm_ranks)
            average_rank(firm_of=firm_of, participant_ranks=participant_ranks, firm_ranks=firm_ranks)
            total_compatibility(scores=scores, firm_of=firm_of)
        compatibility.breakdown(0, int(optimal.firm_of[0]) if optimal.firm_of[0] >= 0 else 0)

    value = _best_of(10, end_to_end)
    return _figure(f"pilot {n} x {n} end to end, pure (both algorithms and the comparison)", n, value, None)


def _seed_round(n: int, seed: int):
    """Create (once) a confirmed cohort of `n` participants and `n` approved firms; return its round."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from applicants.enums import AIUse, ComputerLevel, SocialMediaUse
    from applicants.models import Application, Call, Cohort, Participant
    from matching.enums import Sector, Skill
    from matching.models import Firm
    from matching.runs import round_for
    from parwona.users.models import User

    title = f"Bench matching {n}"
    cohort = Cohort.objects.filter(call__title_en=title).first()
    if cohort is None:
        now = timezone.now()
        rng = np.random.default_rng(seed)
        participants, firms, _ranks = _tables(n, n, seed=seed)
        call = Call.objects.create(title_tg=title, title_ru=title, title_en=title, description_tg="-",
                                   description_ru="-", description_en="-", opens_at=now - timedelta(days=14),
                                   closes_at=now,
                                   status="closed")
        cohort = Cohort.objects.create(call=call, name=title, size=n, status="confirmed", confirmed_at=now)
        password = make_password(None)
        users = User.objects.bulk_create(
            [User(email=f"bench-{n}-{k}@bench.parwona.tj", full_name=f"Бенчмарк {k}", password=password)
             for k in range(n)], batch_size=1000)
        skills = Skill.values
        applications = Application.objects.bulk_create([
            Application(call=call, applicant=user, status="submitted", submitted_at=now,
                        full_name=user.full_name,
                        region=row.region, city=row.city, languages=dict.fromkeys(row.languages, "good"),
                        marketplaces=list(row.marketplaces), can_travel=bool(row.can_travel),
                        computer_level=rng.choice(ComputerLevel.values),
                        social_media=rng.choice(SocialMediaUse.values),
                        ai_use=rng.choice(AIUse.values))
            for user, row in zip(users, participants.itertuples(), strict=True)], batch_size=1000)
        Participant.objects.bulk_create([Participant(cohort=cohort, user=u, application=a)
                                         for u, a in zip(users, applications, strict=True)], batch_size=1000)
        sectors = Sector.values
        Firm.objects.bulk_create([
            Firm(name=f"Bench {n}-{k}", sector=rng.choice(sectors), region=row.region, city=row.city,
                 size="micro",
                 sells="-", channels=list(row.marketplaces), market="domestic",
                 skills_needed=list(rng.choice(skills, size=int(rng.integers(1, 5)), replace=False)),
                 languages=list(row.languages), work_mode=row.work_mode, hours_per_week=20, capacity=1,
                 contact_name="-", contact_phone="+992900000000", contact_email=f"bench{k}@bench.parwona.tj",
                 baseline_revenue=0, status="approved", decided_at=now)
            for k, row in enumerate(firms.itertuples())], batch_size=1000)
    return round_for(cohort=cohort)


def _end_to_end_db(n: int, repeats: int) -> dict:
    """Time `match_run` (optimal) on a round of n x n in the database against bare linear_sum_assignment."""
    from matching.compatibility import compatibility_compute as compute
    from matching.inputs import matching_inputs
    from matching.models import Firm, MatchRun
    from matching.runs import match_run

    round_ = _seed_round(n, seed=n + 1)
    # Only this round's firms take part: the other approved firms of the bench database are set aside
    # for the measurement and restored after it.
    others = list(Firm.objects.filter(status="approved").exclude(name__startswith=f"Bench {n}-")
                  .values_list("pk", flat=True))
    Firm.objects.filter(pk__in=others).update(status="applied")
    round_.min_score = 0
    round_.save(update_fields=["min_score"])
    inputs = matching_inputs(round=round_)
    scores = compute(participants=inputs.participants, firms=inputs.firms).total
    value = _best_of(repeats, lambda: match_run(round=round_, algorithm="optimal", actor=None))
    floor = _best_of(repeats, lambda: linear_sum_assignment(scores, maximize=True))
    MatchRun.objects.filter(round=round_).delete()
    Firm.objects.filter(pk__in=others).update(status="approved")
    return _figure(f"{'pilot' if n <= 50 else 'optimal matching'} {n} x {n} end to end through the database "
                   "(read, compute, write pairs)", n, value, floor if n > 50 else None)


def bench_matching() -> list[dict]:
    """Return the matching figures, each with its floor measured in the same run."""
    figures = [
        _optimal(2000, REPEATS, constrained=False),
        _optimal(2000, REPEATS, constrained=True),
        _deferred(2000),
        _pilot(),
        _end_to_end_db(2000, REPEATS),
        _end_to_end_db(50, 10),
    ]
    if os.environ.get("BENCH_MATCHING_LARGE"):
        figures.append(_optimal(5000, 1, constrained=False))
    return figures


if __name__ == "__main__":
    import django

    django.setup()
    for figure in bench_matching():
        print(figure)
