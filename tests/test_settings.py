"""The settings modules, run as a newcomer and an operator would run them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "parwona.settings.production",
    "DJANGO_SECRET_KEY": "x7Hq2vN9pL4sR8tW1yZ3bC6dF0gJ5kM2nP7qS9uV4wX8zA1cE3fG6hK0jL5mN9pQ2r",
    "DJANGO_ALLOWED_HOSTS": "parwona.example.tj",
    "DATABASE_URL": "postgres://parwona@127.0.0.1:5432/parwona",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def _manage(*args, env):
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_deploy_check_is_clean():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"]
)
def test_production_secrets_have_no_defaults(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode == 1
    assert f"Set the {missing} environment variable" in result.stderr


def test_local_settings_need_no_environment():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND,"
        " s.CACHES['default']['BACKEND'])",
        env={"DJANGO_SETTINGS_MODULE": "parwona.settings.local"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_seed_demo_refuses_production_settings():
    result = _manage("seed_demo", env=PRODUCTION)
    assert result.returncode == 1
    assert "refuses to run with production settings" in result.stderr
