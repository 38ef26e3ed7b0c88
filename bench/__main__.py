"""Throughput of the portal's pages as ratios of a bare template view, in one run.

Serves the portal with gunicorn on 127.0.0.1 (database from DATABASE_URL, else a SQLite file),
loads the demo programme, and drives each page with wrk for a few seconds. Every figure is
printed with its ratio to the floor measured in the same run, so machines can be compared.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8099
DURATION = os.environ.get("BENCH_SECONDS", "8")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "20")
WORKERS = os.environ.get("BENCH_WORKERS", "2")


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


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from bench.selection import bench_selection

    figure = bench_selection()
    print(f"{figure['name']}: {figure['n']} candidates in {figure['value']:.3f} s, floor (numpy sort) "
          f"{figure['floor']:.4f} s, ratio {figure['ratio']:.0f}; goal < 2 s")
    if "selection" in sys.argv[1:]:
        return
    if shutil.which("wrk") is None:
        raise SystemExit("make bench needs wrk: apt-get install wrk")
    tmp = Path(tempfile.mkdtemp(prefix="parwona-bench-"))
    env = _env(tmp)
    _manage(env, "migrate", "--noinput")
    _manage(env, "seed_demo")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bench.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", WORKERS, "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
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
        engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        print(f"gunicorn {WORKERS} workers, wrk {CONNECTIONS} connections x {DURATION}s, {engine}")
        floor = None
        for label, path, cookie in pages:
            rps, p99 = _wrk(path, cookie)
            floor = floor or rps
            print(f"{label:<32} {rps:9.0f} req/s  ratio {rps / floor:4.2f}  p99 {p99:6.1f} ms")
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
