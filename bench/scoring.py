"""Automatic scoring of a national call, end to end, against the database's own floor.

Run by `python -m bench scoring` with Django configured on the bench database. Creates N submitted
eligible applications (COPY on PostgreSQL, bulk_create on SQLite), then times `scores_compute`
twice: a first run that inserts every score, and a run after a rubric change that updates every
score. The floor is the least the database needs to store the same rows: COPY of the score rows
into a temporary table plus one set-based UPDATE (on SQLite, a bulk insert of the same rows).
Writes its rows as JSON to the path given as its argument, and removes what it created.
"""

import json
import sys
import time
from datetime import timedelta

import django
import numpy as np

N = 100_000


def _answers(n: int, seed: int = 7) -> dict:
    from applicants.enums import (
        AIUse,
        ComputerLevel,
        Employment,
        Marketplace,
        Region,
        Settlement,
        SocialMediaUse,
    )

    rng = np.random.default_rng(seed)
    markets = Marketplace.values
    return {
        "region": rng.choice(Region.values, n, p=[0.35, 0.25, 0.2, 0.08, 0.12]),
        "settlement": rng.choice(Settlement.values, n),
        "computer_level": rng.choice(ComputerLevel.values, n, p=[0.1, 0.5, 0.3, 0.1]),
        "social_media": rng.choice(SocialMediaUse.values, n, p=[0.05, 0.6, 0.35]),
        "ai_use": rng.choice(AIUse.values, n),
        "employment": rng.choice(Employment.values, n),
        "hours_per_week": rng.integers(5, 45, n),
        "marketplaces": [list(markets[: k]) for k in rng.integers(0, 4, n)],
    }


def applications_create(*, call, n: int) -> None:
    """Create `n` submitted eligible applications to `call` as fast as the database allows."""
    from django.db import connection
    from django.utils import timezone

    from applicants.enums import ApplicationStatus, Eligibility
    from applicants.models import Application

    answers = _answers(n)
    now = timezone.now()
    template = Application(
        call=call, status=ApplicationStatus.SUBMITTED, eligibility=Eligibility.ELIGIBLE, is_woman=True,
        lives_in_tajikistan=True, full_name="Бенчмарк", created_at=now, updated_at=now, submitted_at=now,
    )
    fields = [f for f in Application._meta.concrete_fields if not f.primary_key]
    varying = [*answers, "reference", "submitted_at"]

    def rows():
        for i in range(n):
            row = {name: answers[name][i] for name in answers}
            row["hours_per_week"] = int(row["hours_per_week"])
            row["reference"] = f"BENCH-{call.pk}-{i:06d}"
            row["submitted_at"] = now - timedelta(seconds=i)
            yield row

    if connection.vendor == "postgresql":
        constant = {
            f.column: f.get_db_prep_save(getattr(template, f.attname), connection)
            for f in fields if f.name not in varying
        }
        columns = [*constant, *(Application._meta.get_field(name).column for name in varying)]
        with connection.cursor() as cursor, cursor.copy(
            f"COPY {Application._meta.db_table} ({', '.join(columns)}) FROM STDIN"
        ) as copy:
            fixed = list(constant.values())
            for row in rows():
                copy.write_row([*fixed, *(json.dumps(row[name]) if name == "marketplaces" else row[name]
                                         for name in varying)])
        return
    objects = []
    for row in rows():
        application = Application(**{f.attname: getattr(template, f.attname) for f in fields})
        for name, value in row.items():
            setattr(application, name, value)
        objects.append(application)
    Application.objects.bulk_create(objects, batch_size=2000)


def _floor(*, call) -> float:
    """Time storing the call's score rows as they stand with the least work the database needs."""
    from django.db import connection, transaction

    from applicants.models import ApplicationScore

    rows = list(
        ApplicationScore.objects.filter(application__call=call).values_list("application_id", "auto_points",
                                                                            "auto_total")
    )
    rows = [(pk, json.dumps(points), total) for pk, points, total in rows]
    table = ApplicationScore._meta.db_table
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(
                "CREATE TEMP TABLE bench_scores (id bigint, points jsonb, total numeric) ON COMMIT DROP"
            )
            with cursor.copy("COPY bench_scores (id, points, total) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"UPDATE {table} AS s SET auto_points = t.points, auto_total = t.total, "  # noqa: S608
                "scored_at = now() FROM bench_scores AS t WHERE s.application_id = t.id"
            )
            return time.perf_counter() - started
    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute("CREATE TEMP TABLE bench_scores (id integer, points text, total numeric)")
        cursor.executemany("INSERT INTO bench_scores (id, points, total) VALUES (%s, %s, %s)",
                           [(pk, points, str(total)) for pk, points, total in rows])
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_scores")
        return elapsed


def _cleanup(call) -> None:
    from django.db import connection

    from applicants.models import Application, ApplicationScore

    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {ApplicationScore._meta.db_table} WHERE application_id IN "  # noqa: S608
            f"(SELECT id FROM {Application._meta.db_table} WHERE call_id = %s)", [call.pk]
        )
        cursor.execute(f"DELETE FROM {Application._meta.db_table} WHERE call_id = %s", [call.pk])  # noqa: S608
    call.delete()


def _row(name: str, n: int, value: float, floor: float | None = None) -> dict:
    return {"name": name, "n": n, "value": round(value, 3), "unit": "s",
            "floor": round(floor, 3) if floor else None, "ratio": round(value / floor, 2) if floor else None}


def run(n: int = N) -> list[dict]:
    from django.db import connection
    from django.utils import timezone

    from applicants.models import Call
    from applicants.scoring import rubric_default, rubric_update, scores_compute

    engine = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    now = timezone.now()
    call = Call.objects.create(
        title_tg="Бенчмарк", title_ru="Бенчмарк", title_en="Benchmark",
        description_tg="-", description_ru="-", description_en="-",
        opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1),
    )
    try:
        started = time.perf_counter()
        applications_create(call=call, n=n)
        created = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        rubric = rubric_default(call=call)
        started = time.perf_counter()
        first = scores_compute(call=call)
        first_time = time.perf_counter() - started
        # A change of every criterion's weight: every score changes and is written again.
        rubric_update(rubric=rubric, actor=None, criteria=[
            {"key": c.key, "weight": c.weight + 1} for c in rubric.criteria.all()
        ])
        marks = []
        started = time.perf_counter()
        again = scores_compute(call=call, progress=lambda percent, message="": marks.append(
            (percent, time.perf_counter() - started)))
        again_time = time.perf_counter() - started
        phases = dict(marks)
        assert first["scored"] == again["scored"] == n, (first, again)
        floor = _floor(call=call)
    finally:
        _cleanup(call)
    method = "COPY" if engine == "PostgreSQL" else "bulk_create"
    rows = [
        _row(f"create applications ({method}, {engine})", n, created),
        _row(f"scores_compute, first run, inserts ({engine})", n, first_time, floor),
        _row(f"scores_compute after a rubric change, updates ({engine})", n, again_time, floor),
    ]
    # Where the second run's time goes: reading the answers, pandas, writing back.
    for name, start, end in [("read", 5, 40), ("score in pandas", 40, 60), ("write back", 60, 100)]:
        rows.append(_row(f"  of which {name} ({engine})", n, phases[end] - phases[start]))
    return rows


def main() -> None:
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    n = int(sys.argv[2]) if len(sys.argv) > 2 else N
    rows = run(n)
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        json.dump(rows, out)


if __name__ == "__main__":
    main()
