"""The portal's benchmarks, each figure with its floor measured in the same run.

`python -m bench [http] [load] [scoring] [ranking] [selection] [matching] [outcomes]` runs the parts
named, or all:
- http: serves the portal with gunicorn on 127.0.0.1, loads the demo programme, and drives each
  page with wrk for a few seconds; the floor is a bare template view.
- load: 50 people at once for 60 s a page under gunicorn with 3 workers (see bench/load.py):
  applicants saving the steps of their applications and submitting them, against a bare view that
  inserts one row and redirects; the staff list of applications and an application step page,
  against the bare template view. Every answer and the rows written are checked.
- scoring: automatic scoring of 100,000 applications end to end (see bench/scoring.py); the floor
  is COPY of the same score rows plus one set-based UPDATE.
- ranking: `ranking_compute` over 100,000 applications with 2-3 scored reviews each, against COPY of
  the same ranking rows plus one set-based UPDATE; and `cohort_confirm` of a cohort of 5,000 from
  them, against the same offers, waiting list and audit rows inserted by COPY plus one UPDATE of the
  statuses (see bench/ranking.py).
- selection: cohort selection over 100,000 candidates; the floor is a numpy sort of their scores.
- matching: woman–firm matching on generated tables (see bench/matching.py): the optimal matching at
  2,000 x 2,000 against bare linear_sum_assignment, deferred acceptance against an argsort of the
  preferences, and the 50 x 50 pilot end to end.
- outcomes: the donors' aggregates over 100,000 applications, 5,000 participants matched with firms and
  60,000 verified firm-month reports, against one GROUP BY over the same rows; and the dashboard page
  with a warm cache (see bench/outcomes.py).
The database is DATABASE_URL's, else a SQLite file. Results are printed as a table and written to
bench/results/latest.json as a list of {"name", "n", "value", "unit", "floor", "ratio"}.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import load
from bench.load import serve

ROOT = Path(__file__).resolve().parent.parent
PORT = 8099
DURATION = os.environ.get("BENCH_SECONDS", "8")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "20")
WORKERS = os.environ.get("BENCH_WORKERS", "2")
SCORING_N = os.environ.get("BENCH_SCORING_N", "100000")
RESULTS = ROOT / "bench" / "results" / "latest.json"
PARTS = ("http", "load", "scoring", "ranking", "selection", "matching", "outcomes")


def _env(tmp: Path) -> dict:
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    env.pop("REDIS_URL", None)
    env["CELERY_BROKER_URL"] = "memory://"
    return env


def _manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def _django(env, code: str) -> str:
    """Run `code` with Django set up on the bench database; return the last line it printed."""
    out = subprocess.run([sys.executable, "-c", "import django; django.setup();" + code], cwd=ROOT, env=env,
                         check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


def _session_cookie(env, email: str) -> str:
    return _django(env, "from django.test import Client; from parwona.users.models import User;"
                        f"c = Client(); c.force_login(User.objects.get(email={email!r}));"
                        "print(c.cookies['sessionid'].value)")


def _wrk(path: str, cookie: str | None = None) -> tuple[float, float]:
    cmd = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", f"http://127.0.0.1:{PORT}{path}"]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    if re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        raise SystemExit(f"{path}: error responses\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    return rps, float(p99.group(1)) * scale


def _http(env) -> list[dict]:
    if shutil.which("wrk") is None:
        raise SystemExit("the http bench needs wrk: apt-get install wrk (or run: python -m bench scoring)")
    _manage(env, "seed_demo")
    results = []
    with serve(env, workers=WORKERS, port=PORT):
        applicant = _session_cookie(env, "applicant@demo.parwona.tj")
        coordinator = _session_cookie(env, "coordinator@demo.parwona.tj")
        pilot, draft = _django(env, "from applicants.models import Application as A;"
                                    "d = A.objects.get(applicant__email='applicant@demo.parwona.tj');"
                                    "p = A.objects.exclude(call=d.call).first();"
                                    "print(p.call_id, d.pk)").split()
        pages = [
            ("floor: bare template view", "/bench/floor/", None),
            ("landing page", "/", None),
            ("sign-in page", "/accounts/login/", None),
            ("applicant home", "/home/", applicant),
            ("coordinator home", "/home/", coordinator),
            ("audit log", "/staff/audit/", coordinator),
            ("people", "/staff/people/", coordinator),
            ("open calls", "/calls/", None),
            ("application step", f"/applications/{draft}/step/skills/", applicant),
            ("staff applications (50 of 200)", f"/staff/calls/{pilot}/applications/", coordinator),
            ("funnel of 200", f"/staff/calls/{pilot}/funnel/", coordinator),
        ]
        print(f"gunicorn {WORKERS} workers, wrk {CONNECTIONS} connections x {DURATION}s, {_engine(env)}")
        floor = None
        for label, path, cookie in pages:
            rps, p99 = _wrk(path, cookie)
            floor = floor or rps
            print(f"{label:<32} {rps:9.0f} req/s  ratio {rps / floor:4.2f}  p99 {p99:6.1f} ms")
            results.append({"name": label, "n": None, "value": round(rps), "unit": "req/s",
                            "floor": round(floor), "ratio": round(rps / floor, 2)})
    return results


def _load(env, tmp: Path) -> list[dict]:
    if shutil.which("wrk") is None:
        raise SystemExit("the load bench needs wrk: apt-get install wrk (or run: python -m bench scoring)")
    _manage(env, "seed_demo")
    return load.run(env, tmp)


def _scoring(env, tmp: Path) -> list[dict]:
    out = tmp / "scoring.json"
    print(f"scoring {SCORING_N} applications, {_engine(env)}")
    command = [sys.executable, "-m", "bench.scoring", str(out), SCORING_N]
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    results = json.loads(out.read_text())
    for row in results:
        ratio = f"ratio {row['ratio']:5.2f} (floor {row['floor']:.3f} s)" if row["ratio"] is not None else ""
        print(f"{row['name']:<58} {row['value']:8.3f} s  {ratio}")
    if _engine(env) == "SQLite":
        print("on SQLite: the floor is a bulk insert of the score rows (COPY is PostgreSQL's)")
    return results


def _ranking(env, tmp: Path) -> list[dict]:
    out = tmp / "ranking.json"
    print(f"ranking and confirming a cohort of {SCORING_N} applications, {_engine(env)}")
    command = [sys.executable, "-m", "bench.ranking", str(out), SCORING_N]
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    results = json.loads(out.read_text())
    for row in results:
        ratio = f"ratio {row['ratio']:5.2f} (floor {row['floor']:.3f} s)" if row["ratio"] is not None else ""
        print(f"{row['name']:<58} {row['value']:8.3f} s  {ratio}")
    return results


def _outcomes(env, tmp: Path) -> list[dict]:
    out = tmp / "outcomes.json"
    print(f"donors' aggregates over {SCORING_N} applications, {_engine(env)}")
    command = [sys.executable, "-m", "bench.outcomes", str(out), SCORING_N]
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    results = json.loads(out.read_text())
    for row in results:
        ratio = f"ratio {row['ratio']:5.2f} (floor {row['floor']:.3f} s); goal <= 3" if row["ratio"] else ""
        print(f"{row['name']:<66} {row['value']:9.3f} {row['unit']}  {ratio}")
    return results


def _engine(env) -> str:
    return "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"


def _selection(env) -> list[dict]:
    """Time cohort selection over 100,000 candidates against a numpy sort of their scores."""
    code = ("import django, json; django.setup(); from bench.selection import bench_selection;"
            "print(json.dumps(bench_selection()))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True,
                         text=True)
    figure = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"{figure['name']}: {figure['n']} candidates in {figure['value']:.3f} s, floor (numpy sort) "
          f"{figure['floor']:.4f} s, ratio {figure['ratio']:.0f}; goal < 2 s")
    return [figure]


def _matching(env) -> list[dict]:
    """Time the pure matching pipeline and deferred acceptance, each against its floor."""
    code = ("import django, json; django.setup(); from bench.matching import bench_matching;"
            "print(json.dumps(bench_matching()))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True,
                         text=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    goals = {"optimal": "goal ratio <= 2", "deferred": "goal < 0.1 s", "pilot": "goal < 0.2 s"}
    for figure in figures:
        floor = (f"floor {figure['floor']:.3f} s, ratio {figure['ratio']:.2f}" if figure["floor"]
                 else "no floor")
        goal = next(text for word, text in goals.items() if figure["name"].startswith(word))
        print(f"{figure['name']:<78} {figure['value']:7.3f} s  {floor}; {goal}")
    return figures


def main(argv: list[str]) -> None:
    parts = argv or list(PARTS)
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise SystemExit(f"unknown bench part {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")
    tmp = Path(tempfile.mkdtemp(prefix="parwona-bench-"))
    env = _env(tmp)
    results = []
    try:
        _manage(env, "migrate", "--noinput")
        if "http" in parts:
            results += _http(env)
        if "load" in parts:
            results += _load(env, tmp)
        if "scoring" in parts:
            results += _scoring(env, tmp)
        if "ranking" in parts:
            results += _ranking(env, tmp)
        if "selection" in parts:
            results += _selection(env)
        if "matching" in parts:
            results += _matching(env)
        if "outcomes" in parts:
            results += _outcomes(env, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
