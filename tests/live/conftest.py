"""Real services for the live tests: Celery workers and beat started as subprocesses, a private Redis."""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from kombu import pools as kombu_pools

from parwona.celery import app

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Process:
    """A Celery worker or beat started in its own session, so that a kill reaches its pool too."""

    def __init__(self, popen: subprocess.Popen, log: Path):
        self.popen, self.log = popen, log

    def kill(self) -> None:
        """Kill the process and its children at once (SIGKILL): no cleanup, no acknowledgement."""
        os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=30)

    def stop(self) -> None:
        if self.popen.poll() is not None:
            return
        self.popen.terminate()
        try:
            self.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Wait until the worker consumes from the broker (its log says "ready")."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "ready." in self.log.read_text():
                return
            time.sleep(0.2)
        raise AssertionError(f"worker not ready after {timeout}s:\n{self.log.read_text()[-3000:]}")


@pytest.fixture
def start_celery(tmp_path):
    """Return a function starting `celery -A parwona worker` (or `beat`) on the test database.

    As docker-compose runs them, with the test settings; `env` adds to their environment (for
    example a short JOB_STALE_AFTER_SECONDS) and `broker_url` points them at another broker.
    Tasks sent from the test go through the broker while the fixture is in use.
    """
    started: list[Process] = []

    def start(*, command: str = "worker", broker_url: str | None = None, env: dict | None = None) -> Process:
        log = tmp_path / f"{command}-{len(started)}.log"
        environment = os.environ | {
            "DJANGO_SETTINGS_MODULE": "parwona.settings.test",
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_BROKER_URL": broker_url or app.conf.broker_url,
            "CELERY_TASK_DEFAULT_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
            "CELERY_TASK_ALWAYS_EAGER": "false",
        } | (env or {})
        if command == "worker":
            arguments = [
                "worker", "--loglevel=INFO", "--concurrency=1", "--without-gossip", "--without-mingle",
                "--hostname", f"live-{os.getpid()}-{len(started)}@%h",
            ]
        else:
            arguments = ["beat", "--loglevel=INFO", f"--schedule={tmp_path / 'celerybeat-schedule'}"]
        with log.open("w") as out:
            popen = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "parwona", *arguments],
                cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )
        process = Process(popen, log)
        started.append(process)
        return process

    app.conf.task_always_eager = False
    try:
        yield start
    finally:
        app.conf.task_always_eager = True
        for process in started:
            process.stop()


@pytest.fixture
def worker(start_celery):
    """One running worker on the shared test broker; yields its log file."""
    return start_celery().log


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A redis-server of this test alone, on a free port: it can be stopped without harming anyone."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = directory
        self.popen: subprocess.Popen | None = None

    def start(self) -> None:
        self.popen = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"redis-server did not start on port {self.port}")

    def kill(self) -> None:
        if self.popen is not None and self.popen.poll() is None:
            self.popen.kill()
            self.popen.wait(timeout=10)


@pytest.fixture
def private_redis(tmp_path):
    redis = PrivateRedis(tmp_path)
    redis.start()
    try:
        yield redis
    finally:
        redis.kill()


def _pools_reset() -> None:
    # kombu keeps its pools in a registry of its own: empty it, or the app would be handed a
    # closed pool (or one bound to the other broker) again.
    kombu_pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_at(url: str):
    """Send this process's tasks to the broker at `url` inside the block."""
    previous = app.conf.broker_url
    _pools_reset()
    app.conf.broker_url = url
    try:
        yield
    finally:
        _pools_reset()
        app.conf.broker_url = previous
