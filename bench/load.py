"""The portal under load: 50 people at once, against floors served by the same gunicorn in the same run.

Serves the portal with gunicorn (BENCH_LOAD_WORKERS sync workers, 3 as in production; persistent
database connections as production's CONN_MAX_AGE) and drives it with wrk at BENCH_LOAD_CONNECTIONS
(50) connections for BENCH_LOAD_SECONDS (else BENCH_SECONDS, else 60) each:

- floor (reads): a bare template view;
- floor (writes): a bare view inserting one row (bench.models.FloorRow) and redirecting, POSTed;
- submissions: applicants filling in and submitting their applications from their phones
  (bench/lua/submissions.lua). Before the run, BENCH_APPLICANTS applicants (default 40 per second of
  run, at least 2,000) each get an empty draft in the open call, a signed-in session and a CSRF token
  (bench/load_data.py). wrk POSTs the seven steps of each (the portal saves every step on the
  server) and then her final submit, one request of hers at a time: the next only after the
  redirect of the previous came back, as from her phone. A person submits once, so the run can
  outlast the prepared applicants: then it goes on POSTing steps of 100 reserve drafts that are never
  submitted, and says how many requests that was. Every answer must be the redirect to the next
  step, the review or the submitted application (302); afterwards the drafts' saved steps and the
  submitted applications in the database are checked against the redirects counted;
- reads under the same load: the staff list of the open call's applications (with the submissions
  just made) and an applicant's application step page, against the template floor.

Goals, printed next to each figure: submissions >= 0.5 of the write floor, reads >= 0.3 of the read
floor, p99 <= 100 ms. Any error answer (not 2xx/3xx), socket error (including an answer slower than
10 s) or unexpected answer fails the run. Rows written to bench/results/latest.json carry p99_ms.
"""

import contextlib
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "bench" / "lua"
PORT = 8098
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS") or os.environ.get("BENCH_SECONDS") or "60")
CONNECTIONS = int(os.environ.get("BENCH_LOAD_CONNECTIONS", "50"))
WORKERS = os.environ.get("BENCH_LOAD_WORKERS", "3")
THREADS = 2
TIMEOUT = 10  # seconds before wrk counts a request as a socket error: a page slower than that fails the run
APPLICANTS = int(os.environ.get("BENCH_APPLICANTS", str(max(2000, 40 * SECONDS))))
RESERVE = 100
WRITE_GOAL, READ_GOAL, P99_GOAL_MS = 0.5, 0.3, 100.0


@contextlib.contextmanager
def serve(env: dict, *, workers: str, port: int):
    """Run gunicorn with the bench settings on 127.0.0.1:`port` until the block ends."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bench.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", workers, "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        yield
    finally:
        server.terminate()
        server.wait(timeout=20)


def wrk(path: str, *, cookie: str | None = None, script: str | None = None, args: tuple = ()) -> dict:
    """Drive `path` with wrk; return req/s, p99 in ms, the answers counted and the script's JSON line.

    Stops the bench on any error answer (not 2xx or 3xx), socket error or timeout.
    """
    cmd = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{SECONDS}s", f"--timeout={TIMEOUT}s", "--latency"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    if script:
        cmd += ["-s", str(LUA / script)]
    cmd.append(f"http://127.0.0.1:{PORT}{path}")
    if args:
        cmd += ["--", *map(str, args)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out) or re.search(r"Socket errors: .*", out)
    if errors:
        raise SystemExit(f"{path}: errors under load\n{out}")
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    lua = [line for line in out.splitlines() if line.startswith("{")]
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p99": float(p99.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)],
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "lua": json.loads(lua[-1]) if lua else None,
    }


def _data(env: dict, *args) -> str:
    out = subprocess.run([sys.executable, "-m", "bench.load_data", *map(str, args)], cwd=ROOT, env=env,
                         check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


def _row(label: str, figure: dict, floor: dict | None, goal: float | None, n: int | None = None) -> dict:
    ratio = figure["rps"] / floor["rps"] if floor else 1.0
    goals = [f"p99 <= {P99_GOAL_MS:.0f} ms"]
    met = figure["p99"] <= P99_GOAL_MS
    if goal is not None:
        goals.insert(0, f"ratio >= {goal}")
        met = met and ratio >= goal
    verdict = ("met" if met else "MISSED") if floor else ""
    print(f"{label:<44} {figure['rps']:7.0f} req/s  ratio {ratio:4.2f}  p99 {figure['p99']:6.1f} ms"
          + (f"   goal {', '.join(goals)}: {verdict}" if floor else ""))
    return {"name": label, "n": n, "value": round(figure["rps"]), "unit": "req/s",
            "floor": round(floor["rps"]) if floor else round(figure["rps"]), "ratio": round(ratio, 2),
            "p99_ms": round(figure["p99"], 1)}


def run(env: dict, tmp: Path) -> list[dict]:
    """Prepare the applicants, serve the portal and drive each page and floor; return the rows."""
    env = env | {"CELERY_TASK_ALWAYS_EAGER": "False",  # production enqueues scoring; a worker scores
                 "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    print(f"preparing {APPLICANTS} applicants (+{RESERVE} reserve drafts) with sessions and CSRF tokens")
    meta = json.loads(_data(env, "prepare", tmp, APPLICANTS, RESERVE))
    engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(f"prepared in {meta['seconds']} s; gunicorn {WORKERS} workers, CONN_MAX_AGE "
          f"{meta['conn_max_age']} s, wrk {CONNECTIONS} connections x {SECONDS} s, {engine}")
    results = []
    with serve(env, workers=WORKERS, port=PORT):
        reads = wrk("/bench/floor/")
        results.append(_row("floor (reads): bare template view", reads, None, None))
        rows_before = int(_data(env, "floor-rows"))
        writes = wrk("/bench/floor/insert/", script="floor_insert.lua")
        inserted = int(_data(env, "floor-rows")) - rows_before
        if writes["lua"]["others"] or inserted < writes["requests"]:
            raise SystemExit(f"write floor: {writes['lua']}, {inserted} rows for {writes['requests']}")
        results.append(_row("floor (writes): insert one row, redirect", writes, None, None))

        figure = wrk("/", script="submissions.lua", args=(tmp / "applicants.lua", THREADS))
        counts = figure["lua"]
        if counts["others"]:
            raise SystemExit(f"submissions: {counts['others']} answers were not the redirect, "
                             f"first {counts['first_other']}")
        found = json.loads(_data(env, "verify", tmp, json.dumps(counts)))
        if found["problems"]:
            raise SystemExit("submissions: " + "; ".join(found["problems"]))
        results.append(_row("submissions: step saves and submits", figure, writes, WRITE_GOAL,
                            n=counts["ok_submit"]))
        print(f"  {counts['ok_step']} step saves and {counts['ok_submit']} submits redirected "
              f"({found['steps_saved']} steps and {found['submitted']} submitted applications in the "
              f"database); {counts['ok_reserve']} step saves of reserve drafts after the "
              f"{len(meta['pool'])} prepared applicants were used up")

        staff = wrk(f"/staff/calls/{meta['call']}/applications/", cookie=meta["coordinator_cookie"])
        results.append(_row(f"staff applications (50 of {meta['call_applications'] + found['submitted']})",
                            staff, reads, READ_GOAL))
        step = wrk(f"/applications/{meta['reader']['pk']}/step/skills/", cookie=meta["reader"]["cookie"])
        results.append(_row("application step page", step, reads, READ_GOAL))
    return results
