"""Ranking a national call and confirming its cohort, end to end, against the database's own floor.

Run by `python -m bench ranking` with Django configured on the bench database. Creates N submitted
eligible applications with their automatic scores, R reviewers and 2 or 3 scored reviews of every
application (COPY on PostgreSQL, bulk_create on SQLite), then times:

- `ranking_compute` (read the reviews, pandas, write back), against a floor of COPY of the same
  written rows into a temporary table plus one set-based UPDATE;
- `cohort_confirm` of a cohort of COHORT under regional minimums, against a floor of the same rows
  (offers, waiting list, audit entries) inserted by COPY plus one UPDATE of the applications'
  statuses, in a transaction rolled back. The offers' emails go to the broker after commit; the bench
  counts what was queued and leaves the sending out.

Writes its rows as JSON to the path given as its argument, and removes what it created.
"""

import json
import sys
import time
from datetime import timedelta

import django
import numpy as np

N = 100_000
COHORT = 5_000
REVIEWERS = 300
MINIMUMS = {"gbao": 300, "khatlon": 800, "sughd": 600}


def _copy(model, rows: list[dict]) -> None:
    """Insert `rows` (attname -> value) of `model` with COPY on PostgreSQL, else with bulk_create."""
    from django.db import connection

    if not rows:
        return
    names = list(rows[0])
    if connection.vendor == "postgresql":
        by_attname = {f.attname: f.column for f in model._meta.concrete_fields}
        columns = [by_attname[name] for name in names]
        with connection.cursor() as cursor, cursor.copy(
            f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row([row[name] for name in names])
        return
    model.objects.bulk_create([model(**row) for row in rows], batch_size=2000)


def reviews_create(*, call, n_reviewers: int, seed: int = 11) -> int:
    """Give every application of `call` 2 or 3 distinct reviewers who scored it; return how many reviews."""
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from applicants.enums import ReviewStatus
    from applicants.models import ReviewAssignment, ReviewScore
    from applicants.ranking import reviewed_criteria
    from parwona.users.enums import Role
    from parwona.users.models import User

    rng = np.random.default_rng(seed)
    now = timezone.now()
    people = User.objects.bulk_create(
        [User(email=f"bench-reviewer-{call.pk}-{i}@bench.local", full_name=f"R{i}")
         for i in range(n_reviewers)]
    )
    if people[0].pk is None:
        people = list(User.objects.filter(email__startswith=f"bench-reviewer-{call.pk}-").order_by("pk"))
    group, _created = Group.objects.get_or_create(name=Role.REVIEWER)
    group.user_set.add(*people)
    reviewer_ids = np.array([p.pk for p in people])
    application_ids = np.array(list(call.applications.order_by("pk").values_list("pk", flat=True)))
    n = len(application_ids)
    # Three distinct reviewers per application: a first one, and two different offsets from her.
    first = rng.integers(0, n_reviewers, n)
    d1 = rng.integers(1, n_reviewers, n)
    d2 = rng.integers(1, n_reviewers - 1, n)
    d2 = d2 + (d2 >= d1)
    chosen = np.stack([first, (first + d1) % n_reviewers, (first + d2) % n_reviewers], axis=1)
    k = rng.choice([2, 3], n, p=[0.6, 0.4])
    pairs = [
        (int(application_ids[i]), int(reviewer_ids[chosen[i, j]])) for i in range(n) for j in range(k[i])
    ]
    _copy(ReviewAssignment, [
        {"application_id": a, "reviewer_id": r, "status": ReviewStatus.SCORED, "comment": "",
         "assigned_at": now, "submitted_at": now}
        for a, r in pairs
    ])
    assignments = list(
        ReviewAssignment.objects.filter(application__call=call).values_list("pk", "reviewer_id")
    )
    bias = dict(zip(reviewer_ids.tolist(), rng.normal(0, 0.6, n_reviewers).tolist(), strict=True))
    criteria = reviewed_criteria(call=call)
    noise = rng.normal(0, 1, (len(assignments), len(criteria)))
    rows = []
    for i, (pk, reviewer) in enumerate(assignments):
        for j, criterion in enumerate(criteria):
            score = int(min(5, max(1, round(3 + bias[reviewer] + noise[i, j]))))
            rows.append({"assignment_id": pk, "criterion_id": criterion.pk, "score": score})
    _copy(ReviewScore, rows)
    return len(assignments)


def _ranking_floor(*, call) -> float:
    """Time storing the call's ranking rows as they stand with the least work the database needs."""
    from django.db import connection, transaction

    from applicants.models import ApplicationScore

    rows = [
        (pk, json.dumps(points), total, count, disagreement, combined, rank)
        for pk, points, total, count, disagreement, combined, rank in ApplicationScore.objects.filter(
            application__call=call
        ).values_list("application_id", "review_points", "review_total", "review_count", "disagreement",
                      "combined_total", "rank")
    ]
    table = ApplicationScore._meta.db_table
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(
                "CREATE TEMP TABLE bench_ranks (id bigint, points jsonb, total numeric, count smallint, "
                "disagreement boolean, combined numeric, rank integer) ON COMMIT DROP"
            )
            with cursor.copy("COPY bench_ranks FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"UPDATE {table} AS s SET review_points = t.points, review_total = t.total, "  # noqa: S608
                "review_count = t.count, disagreement = t.disagreement, combined_total = t.combined, "
                "rank = t.rank, ranked_at = now() FROM bench_ranks AS t WHERE s.application_id = t.id"
            )
            return time.perf_counter() - started
    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute("CREATE TEMP TABLE bench_ranks (id integer, points text, total numeric, "
                       "count integer, disagreement integer, combined numeric, rank integer)")
        cursor.executemany("INSERT INTO bench_ranks VALUES (%s, %s, %s, %s, %s, %s, %s)",
                           [(r[0], r[1], str(r[2]), r[3], r[4], str(r[5]), r[6]) for r in rows])
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_ranks")
        return elapsed


class _Rollback(Exception):
    pass


def _confirm_floor(*, call, selected: list[int], waitlisted: list[int]) -> float:
    """Time writing a confirmed cohort's rows with the least work the database needs, then undo it."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from applicants.models import Application, Cohort, Offer, WaitlistEntry
    from parwona.core.models import AuditEntry

    now = timezone.now()
    deadline = now + timedelta(days=14)
    elapsed = 0.0
    try:
        with transaction.atomic():
            started = time.perf_counter()
            cohort = Cohort.objects.create(call=call, name="floor", size=len(selected), status="confirmed")
            _copy(Offer, [{"cohort_id": cohort.pk, "application_id": pk, "status": "offered",
                           "deadline": deadline, "decline_reason": "", "created_at": now} for pk in selected])
            _copy(WaitlistEntry, [{"cohort_id": cohort.pk, "application_id": pk, "position": i}
                                  for i, pk in enumerate(waitlisted, 1)])
            offer_ids = list(Offer.objects.filter(cohort=cohort).values_list("pk", flat=True))
            kind = ContentType.objects.get_for_model(Offer).pk
            _copy(AuditEntry, [{"created_at": now, "action": "offer.made", "target_type_id": kind,
                                "target_id": str(pk), "target_repr": "", "details": json.dumps({})}
                               for pk in offer_ids])
            with connection.cursor() as cursor:
                table = Application._meta.db_table
                cursor.execute(
                    f"UPDATE {table} SET status = CASE WHEN id IN (SELECT application_id FROM "  # noqa: S608
                    f"{Offer._meta.db_table} WHERE cohort_id = %s) THEN 'selected' WHEN id IN (SELECT "
                    f"application_id FROM {WaitlistEntry._meta.db_table} WHERE cohort_id = %s) THEN "
                    "'waitlisted' ELSE 'not_selected' END WHERE call_id = %s",
                    [cohort.pk, cohort.pk, call.pk],
                )
            elapsed = time.perf_counter() - started
            raise _Rollback
    except _Rollback:
        pass
    return elapsed


def _cleanup(call) -> None:
    from django.db import connection

    from applicants.models import Application, ApplicationScore, Cohort, ReviewAssignment, ReviewScore
    from parwona.core.models import AuditEntry
    from parwona.users.models import User

    a = Application._meta.db_table
    of_call = f"application_id IN (SELECT id FROM {a} WHERE call_id = %s)"  # noqa: S608
    assignments = f"assignment_id IN (SELECT id FROM {ReviewAssignment._meta.db_table} WHERE {of_call})"  # noqa: S608
    with connection.cursor() as cursor:
        for table, where in [
            (ReviewScore._meta.db_table, assignments),
            (ReviewAssignment._meta.db_table, of_call),
            (ApplicationScore._meta.db_table, of_call),
        ]:
            cursor.execute(f"DELETE FROM {table} WHERE {where}", [call.pk])  # noqa: S608
    AuditEntry.objects.filter(action__in=["offer.made", "cohort.confirmed", "applications.ranked"]).delete()
    Cohort.objects.filter(call=call).delete()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {a} WHERE call_id = %s", [call.pk])  # noqa: S608
    User.objects.filter(email__startswith=f"bench-reviewer-{call.pk}-").delete()
    call.delete()


def _row(name: str, n: int, value: float, floor: float | None = None) -> dict:
    return {"name": name, "n": n, "value": round(value, 3), "unit": "s",
            "floor": round(floor, 3) if floor else None, "ratio": round(value / floor, 2) if floor else None}


def _phases(marks: list[tuple[int, float]], names: list[tuple[str, int, int]], engine: str, n: int) -> list:
    at = dict(marks)
    return [_row(f"  of which {name} ({engine})", n, at[end] - at[start]) for name, start, end in names]


def run(n: int = N, size: int = COHORT) -> list[dict]:
    from unittest import mock

    from django.db import connection
    from django.utils import timezone

    from applicants import cohorts
    from applicants.models import Call, Offer, WaitlistEntry
    from applicants.ranking import ranking_compute
    from applicants.scoring import scores_compute
    from bench.scoring import applications_create

    engine = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    now = timezone.now()
    call = Call.objects.create(
        title_tg="Бенчмарк", title_ru="Бенчмарк", title_en="Benchmark",
        description_tg="-", description_ru="-", description_en="-",
        opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1),
    )
    rows = []
    try:
        applications_create(call=call, n=n)
        scores_compute(call=call)
        started = time.perf_counter()
        reviews = reviews_create(call=call, n_reviewers=REVIEWERS)
        print(f"  {n} applications, {reviews} scored reviews by {REVIEWERS} reviewers "
              f"created in {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        marks = []
        started = time.perf_counter()
        result = ranking_compute(call=call, progress=lambda percent, message="": marks.append(
            (percent, time.perf_counter() - started)))
        ranking_time = time.perf_counter() - started
        assert result["ranked"] == n, result
        ranking_floor = _ranking_floor(call=call)
        rows.append(_row(f"ranking_compute, {reviews} reviews ({engine})", n, ranking_time, ranking_floor))
        rows += _phases(marks, [("read", 5, 40), ("rank in pandas", 40, 70), ("write back", 70, 100)],
                        engine, n)

        preview = cohorts.selection_preview(call=call, size=size, minimums=MINIMUMS)
        assert not preview.problems, preview.problems
        confirm_floor = _confirm_floor(call=call, selected=preview.selected_pks(),
                                       waitlisted=preview.waitlist_pks())
        queued = []
        marks = []
        def record(percent, message=""):
            marks.append((percent, time.perf_counter() - started))

        def enqueue(*, offer_ids):
            queued.extend(offer_ids)

        with mock.patch.object(cohorts, "offers_notify_enqueue", enqueue):
            started = time.perf_counter()
            cohort = cohorts.cohort_confirm(
                call=call, actor=None, name="Bench", size=size, minimums=MINIMUMS, progress=record
            )
            confirm_time = time.perf_counter() - started
        offers = Offer.objects.filter(cohort=cohort).count()
        waiting = WaitlistEntry.objects.filter(cohort=cohort).count()
        assert offers == len(queued) == size, (offers, len(queued))
        rows.append(_row(f"cohort_confirm, {offers} offers, {waiting} waiting ({engine})", n, confirm_time,
                         confirm_floor))
        rows += _phases([(0, 0.0), *marks], [
            ("select", 0, 20), ("offers", 20, 40), ("waiting list", 40, 60), ("statuses", 60, 80),
            ("audit", 80, 100),
        ], engine, n)
    finally:
        _cleanup(call)
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
