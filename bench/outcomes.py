"""The donors' aggregates over a national programme, against the database's own floor.

Run by `python -m bench outcomes` with Django configured on the bench database. Creates N submitted
applications (COPY on PostgreSQL, bulk_create on SQLite), P participants from them, each matched with a
firm of her own, and REPORTS verified firm-month reports (COPY / bulk_create), then times:

- `aggregates_build` (median of 3) against a floor of one GROUP BY over the verified reports joined to
  the participants plus one GROUP BY over the applications, i.e. the least SQL over the same rows;
- the dashboard page through the Django test client with a warm cache: p50 over 50 requests and its
  query count.

Writes its rows as JSON to the path given as its argument, and removes what it created.
"""

import json
import statistics
import sys
import time
from datetime import date, timedelta

import django
import numpy as np

N = 100_000
PARTICIPANTS = 5_000
MONTHS = 12  # 5,000 firms x 12 months = 60,000 reports


def _create(*, call, n: int, people: int):
    from django.utils import timezone

    from applicants.models import Application, Cohort, Participant
    from bench.ranking import _copy
    from bench.scoring import applications_create
    from matching.models import Firm, Match, MatchingRound
    from outcomes.models import FirmReport
    from parwona.users.models import User

    now = timezone.now()
    rng = np.random.default_rng(5)
    applications_create(call=call, n=n)
    cohort = Cohort.objects.create(call=call, name="Bench cohort", size=people, status="confirmed",
                                   confirmed_at=now)
    chosen = list(Application.objects.filter(call=call).order_by("pk").values_list("pk", flat=True)[:people])
    Application.objects.filter(pk__in=chosen).update(status="selected", date_of_birth=date(1998, 5, 1))
    users = User.objects.bulk_create(
        [User(email=f"bench-participant-{call.pk}-{i}@bench.local", full_name=f"P{i}")
         for i in range(people)],
        batch_size=2000,
    )
    if users[0].pk is None:
        users = list(User.objects.filter(email__startswith=f"bench-participant-{call.pk}-").order_by("pk"))
    participants = Participant.objects.bulk_create(
        [Participant(cohort=cohort, user=u, application_id=a) for u, a in zip(users, chosen, strict=True)],
        batch_size=2000,
    )
    if participants[0].pk is None:
        participants = list(Participant.objects.filter(cohort=cohort).order_by("pk"))
    firms = Firm.objects.bulk_create([
        Firm(name=f"Bench firm {i}", sector="textiles", region="dushanbe", city="Душанбе", size="micro",
             sells="-", market="domestic", work_mode="hybrid", hours_per_week=20, contact_name="-",
             contact_phone="+992000000000", contact_email=f"bench-firm-{call.pk}-{i}@bench.local",
             baseline_revenue=int(rng.integers(0, 5000)), baseline_shops=int(rng.integers(0, 3)),
             status="approved", decided_at=now)
        for i in range(people)
    ], batch_size=2000)
    if firms[0].pk is None:
        firms = list(Firm.objects.filter(contact_email__startswith=f"bench-firm-{call.pk}-").order_by("pk"))
    round_ = MatchingRound.objects.create(cohort=cohort)
    matches = Match.objects.bulk_create(
        [Match(round=round_, participant=p, firm=f, started_at=now) for p, f in zip(participants, firms,
                                                                                      strict=True)],
        batch_size=2000,
    )
    if matches[0].pk is None:
        matches = list(Match.objects.filter(round=round_).order_by("pk"))
    revenue = rng.integers(0, 20000, len(matches) * MONTHS)
    contracts = rng.choice(["none", "informal", "fixed_term", "permanent"], len(matches) * MONTHS)
    rows = []
    for i, match in enumerate(matches):
        for m in range(MONTHS):
            k = i * MONTHS + m
            rows.append({
                "firm_id": match.firm_id, "match_id": match.pk, "month": date(2025 + m // 12, m % 12 + 1, 1),
                "online_revenue": int(revenue[k]), "online_orders": int(revenue[k] // 200),
                "first_online_sale": m == 0, "new_jobs": int(k % 7 == 0),
                "manager_contract": str(contracts[k]),
                "notes": "", "status": "verified", "submitted_at": now, "verified_at": now,
                "created_at": now, "updated_at": now,
            })
    _copy(FirmReport, rows)
    return cohort, len(rows)


def _floor(*, call) -> float:
    from django.db import connection

    from applicants.models import Application, Participant
    from matching.models import Match
    from outcomes.models import FirmReport

    r, m, p, a = (FirmReport._meta.db_table, Match._meta.db_table, Participant._meta.db_table,
                  Application._meta.db_table)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.cohort_id, ap.region, ap.settlement, ap.employment, SUM(r.online_revenue), "  # noqa: S608
            f"COUNT(*), SUM(r.new_jobs) FROM {r} r JOIN {m} m ON m.id = r.match_id "
            f"JOIN {p} p ON p.id = m.participant_id JOIN {a} ap ON ap.id = p.application_id "
            "WHERE r.status = 'verified' GROUP BY 1, 2, 3, 4"
        )
        cursor.fetchall()
        cursor.execute(
            f"SELECT region, settlement, employment, COUNT(*), "  # noqa: S608
            f"SUM(CASE WHEN eligibility = 'eligible' THEN 1 ELSE 0 END) FROM {a} "
            "WHERE call_id = %s AND submitted_at IS NOT NULL GROUP BY 1, 2, 3", [call.pk],
        )
        cursor.fetchall()
    return time.perf_counter() - started


def _dashboard(requests: int = 50) -> tuple[float, int]:
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from outcomes.aggregates import aggregates_refresh
    from parwona.users.enums import Role
    from parwona.users.models import User
    from parwona.users.roles import roles_sync

    roles_sync()
    aggregates_refresh()
    donor, _created = User.objects.get_or_create(email="bench-donor@bench.local", defaults={"full_name": "D"})
    donor.groups.add(*Group.objects.filter(name=Role.DONOR))
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(donor)
    url = reverse("outcomes_dashboard")
    assert client.get(url).status_code == 200
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    donor.delete()
    return statistics.median(times), len(queries)


def _cleanup(call) -> None:
    from django.db import connection

    from applicants.models import Application, Cohort, Participant
    from matching.models import Firm, Match, MatchingRound
    from outcomes.models import AggregateSnapshot, FirmReport
    from parwona.users.models import User

    cohort = Cohort.objects.filter(call=call).first()
    if cohort is not None:
        FirmReport.objects.filter(match__round__cohort=cohort).delete()
        Match.objects.filter(round__cohort=cohort).delete()
        MatchingRound.objects.filter(cohort=cohort).delete()
        Participant.objects.filter(cohort=cohort).delete()
        cohort.delete()
    Firm.objects.filter(contact_email__startswith=f"bench-firm-{call.pk}-").delete()
    User.objects.filter(email__startswith=f"bench-participant-{call.pk}-").delete()
    AggregateSnapshot.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Application._meta.db_table} WHERE call_id = %s", [call.pk])  # noqa: S608
    call.delete()


def _row(name, n, value, unit="s", floor=None):
    return {"name": name, "n": n, "value": round(value, 3), "unit": unit,
            "floor": round(floor, 3) if floor else None, "ratio": round(value / floor, 2) if floor else None}


def run(n: int = N, people: int = PARTICIPANTS) -> list[dict]:
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from applicants.models import Call
    from outcomes.aggregates import aggregates_build

    settings.AGGREGATES_REFRESH_ON_CHANGE = False  # the bench times the refresh itself
    engine = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    now = timezone.now()
    call = Call.objects.create(
        title_tg="Бенчмарк", title_ru="Бенчмарк", title_en="Benchmark",
        description_tg="-", description_ru="-", description_en="-",
        opens_at=now - timedelta(days=400), closes_at=now - timedelta(days=370),
    )
    rows = []
    try:
        started = time.perf_counter()
        _cohort, reports = _create(call=call, n=n, people=people)
        print(f"  {n} applications, {people} participants and firms, {reports} verified reports "
              f"created in {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        builds = []
        for _ in range(3):
            started = time.perf_counter()
            data = aggregates_build(now=now)
            builds.append(time.perf_counter() - started)
        floor = min(_floor(call=call) for _ in range(3))
        rows.append(_row(f"aggregates_build, {reports} reports, {len(data['cells'])} cells ({engine})", n,
                         statistics.median(builds), floor=floor))
        p50, queries = _dashboard()
        rows.append(_row(f"dashboard page, warm cache, p50 of 50 ({engine})", n, p50 * 1000, unit="ms"))
        rows.append(_row(f"dashboard page queries ({engine})", n, queries, unit="queries"))
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
