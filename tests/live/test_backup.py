"""A backup made as docs/operations.md says restores into a fresh database with every row and file.

The demo programme is loaded into the test PostgreSQL database, dumped with `pg_dump -Fc`, restored
with `pg_restore --no-owner` into a new database, and every table's rows are counted in both. The
private media are archived with `tar` and unpacked elsewhere, and a CV the restored database names is
compared byte for byte.
"""

import os
import shutil
import subprocess
import tarfile
import uuid

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from applicants.models import Application

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

TOOLS = ("pg_dump", "pg_restore")
DEMO_TABLES = ["users_user", "applicants_application", "applicants_participant", "matching_match",
               "training_attendance", "outcomes_firmreport", "core_auditentry"]
CV_BYTES = b"%PDF-1.4\n% CV of a demo applicant from Khorog\n%%EOF\n"


def _tools_or_skip() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    reason = f"backup test needs {' and '.join(missing)} on PATH (PostgreSQL client tools)"
    if os.environ.get("PARWONA_REQUIRE_LIVE") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _libpq(name: str) -> dict:
    """Return the connection settings of database `name` as libpq keywords and environment."""
    db = connection.settings_dict
    return {"host": db["HOST"] or "127.0.0.1", "port": str(db["PORT"] or 5432), "user": db["USER"],
            "password": db.get("PASSWORD") or "", "dbname": name}


def _env(params: dict) -> dict:
    return os.environ | {"PGHOST": params["host"], "PGPORT": params["port"], "PGUSER": params["user"],
                         "PGPASSWORD": params["password"]}


def _connect(name: str):
    params = _libpq(name)
    return psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True)


def _row_counts(name: str) -> dict[str, int]:
    """Return the number of rows of every table of the public schema of database `name`."""
    with _connect(name) as conn:
        tables = [row[0] for row in conn.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
        )]
        count = sql.SQL("SELECT count(*) FROM {}")
        return {table: conn.execute(count.format(sql.Identifier(table))).fetchone()[0] for table in tables}


@pytest.fixture
def spare_database():
    """A fresh, empty database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with _connect("postgres") as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with _connect("postgres") as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def test_backup_restores_every_row_and_the_private_media(roles, spare_database, tmp_path):
    _tools_or_skip()
    call_command("seed_demo", "--seed", "2025", stdout=open(os.devnull, "w"))  # noqa: SIM115
    application = Application.objects.filter(submitted_at__isnull=False).order_by("pk").first()
    application.cv.save("cv.pdf", ContentFile(CV_BYTES), save=True)
    media_root = application.cv.storage.location
    source = connection.settings_dict["NAME"]
    dump, media = tmp_path / "parwona.dump", tmp_path / "private_media.tar.gz"
    params = _libpq(source)

    # Back up, as docs/operations.md "Backups" says.
    with dump.open("wb") as out:
        subprocess.run(["pg_dump", "-d", source, "-Fc"], stdout=out, env=_env(params), check=True)
    with tarfile.open(media, "w:gz") as archive:
        archive.add(media_root, arcname=".")

    # Restore into a new database and a new media folder, as "Restore" says.
    subprocess.run(["pg_restore", "-d", spare_database, "--no-owner", str(dump)], env=_env(params),
                   check=True, capture_output=True)
    restored_media = tmp_path / "restored_media"
    with tarfile.open(media) as archive:
        archive.extractall(restored_media, filter="data")

    before, after = _row_counts(source), _row_counts(spare_database)
    assert after == before
    # The demo fills every stage, so equal counts are not equal zeros.
    assert [table for table in DEMO_TABLES if before[table] == 0] == []
    with _connect(spare_database) as conn:
        cv_name = conn.execute(
            "SELECT cv FROM applicants_application WHERE id = %s", [application.pk]
        ).fetchone()[0]
    assert cv_name == application.cv.name
    assert (restored_media / cv_name).read_bytes() == CV_BYTES
