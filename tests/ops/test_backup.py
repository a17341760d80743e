"""manage.py backup / restore: a round trip gives back the same rows; a restore refuses a
database holding data without --force, a backup of another schema, and files that are not
backups; the PostgreSQL password never reaches a command line."""

from __future__ import annotations

import io
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests import factories
from workgroups.catalogue.models import Offering
from workgroups.hubs.models import Hub
from workgroups.ops import backup
from workgroups.schools.models import School

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict[str, list[dict[str, Any]]]:
    return {"hubs": [dict(row) for row in Hub.objects.order_by("pk").values()],
            "offerings": [dict(row) for row in Offering.objects.order_by("pk").values()],
            "schools": [dict(row) for row in School.objects.order_by("pk").values()]}


def make_data() -> None:
    offering = factories.offering()
    factories.work_group(offering)
    factories.member(offering.hub)
    for urn in (100001, 100002, 100003):
        factories.school(urn, name=f"School {urn}")


def back_up(directory: Path) -> Path:
    out = io.StringIO()
    call_command("backup", output=directory, stdout=out)
    lines = out.getvalue().split()
    assert lines and Path(lines[0]).is_file()
    return Path(lines[0])


def wipe() -> None:
    call_command("flush", interactive=False, verbosity=0)


def test_a_round_trip_gives_back_the_same_rows(tmp_path):
    make_data()
    before = snapshot()
    assert before["schools"] and before["offerings"]
    made = back_up(tmp_path)
    assert made.name.startswith("workgroups-")
    assert made.suffix == (".sqlite3" if connection.vendor == "sqlite" else ".pgdump")
    wipe()
    assert snapshot() == {"hubs": [], "offerings": [], "schools": []}
    out = io.StringIO()
    call_command("restore", str(made), stdout=out)  # an empty database needs no --force
    assert f"Database restored from {made.name}." in out.getvalue()
    assert snapshot() == before


def test_a_database_holding_data_is_replaced_only_with_force(tmp_path):
    make_data()
    made = back_up(tmp_path)
    before = snapshot()
    factories.school(200001, name="Added after the backup")
    with pytest.raises(CommandError, match="holds data .* --force"):
        call_command("restore", str(made), stdout=io.StringIO())
    assert School.objects.filter(urn=200001).exists()  # nothing was touched
    call_command("restore", str(made), "--force", stdout=io.StringIO())
    assert snapshot() == before


def test_a_backup_is_readable_by_its_owner_alone(tmp_path):
    """It holds everyone's personal data: not readable by other local users, whatever the
    umask of the shell or service that runs it."""
    make_data()
    previous = os.umask(0o022)
    try:
        made = back_up(tmp_path / "backups")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(made.stat().st_mode) & 0o077 == 0
    assert stat.S_IMODE(made.parent.stat().st_mode) & 0o077 == 0


def test_two_backups_in_one_second_do_not_overwrite_each_other(tmp_path):
    make_data()
    with mock.patch.object(backup, "_stamp", return_value="20250101-120000"):
        first, second = back_up(tmp_path), back_up(tmp_path)
    assert first != second and first.is_file() and second.is_file()


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_a_backup_of_another_schema_version_is_refused_naming_the_difference(tmp_path):
    made = back_up(tmp_path)
    with sqlite3.connect(made) as db:
        latest = db.execute("SELECT max(name) FROM django_migrations WHERE app = 'schools'"
                            ).fetchone()[0]
        db.execute("DELETE FROM django_migrations WHERE app = 'schools' AND name = ?", [latest])
    with pytest.raises(CommandError, match=f"does not match .*schools: the backup is at "
                                           f".*, this code at {latest}"):
        call_command("restore", str(made), "--force")


def test_the_schema_check_names_apps_behind_and_ahead():
    code = backup.code_migrations()
    behind = {m for m in code if m != max(m for m in code if m[0] == "schools")}
    with pytest.raises(backup.BackupError, match="schools: the backup is at"):
        backup.check_schema(behind)
    with pytest.raises(backup.BackupError, match="hubs: the backup is at 9999_future"):
        backup.check_schema(code | {("hubs", "9999_future")})
    backup.check_schema(code | {("an_app_since_removed", "0001_initial")})


def test_files_that_are_not_backups_are_refused_clearly(tmp_path):
    with pytest.raises(CommandError, match="No backup file at"):
        call_command("restore", str(tmp_path / "missing.sqlite3"))
    junk = tmp_path / "notes.bak"
    junk.write_text("not a database")
    with pytest.raises(CommandError, match="not a .*backup"):
        call_command("restore", str(junk))
    other = tmp_path / ("x.pgdump" if connection.vendor == "sqlite" else "x.sqlite3")
    other.write_bytes(b"")
    with pytest.raises(CommandError, match="backup; this service runs on"):
        call_command("restore", str(other))
    a_file = tmp_path / "file"
    a_file.write_text("")
    with pytest.raises(CommandError, match="is a file, not a directory"):
        call_command("backup", output=a_file)


def test_uploaded_files_go_into_a_tar_beside_the_database_and_come_back(tmp_path, settings):
    media = tmp_path / "media"
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "report.pdf").write_bytes(b"%PDF-1.7 the report")
    settings.MEDIA_ROOT = str(media)
    make_data()
    out = io.StringIO()
    call_command("backup", output=tmp_path / "backups", stdout=out)
    database, archive = (Path(line) for line in out.getvalue().split())
    assert archive.name == database.name.removesuffix(database.suffix) + "-media.tar.gz"
    (media / "evidence" / "report.pdf").write_bytes(b"changed")
    (media / "stray.txt").write_text("made after the backup")
    wipe()
    with pytest.raises(CommandError, match="holds uploaded files"):
        call_command("restore", str(database))
    out = io.StringIO()
    call_command("restore", str(database), "--force", stdout=out)
    assert "Uploaded files restored" in out.getvalue()
    assert (media / "evidence" / "report.pdf").read_bytes() == b"%PDF-1.7 the report"
    assert not (media / "stray.txt").exists()


def test_the_postgresql_password_goes_by_environment_never_the_command_line():
    settings_dict = {"NAME": "workgroups", "USER": "hub", "PASSWORD": "pa55-w0rd-secret",
                     "HOST": "db.internal", "PORT": "5433", "OPTIONS": {"sslmode": "require"}}
    with mock.patch.object(connection, "settings_dict", settings_dict):
        arguments, environment = backup._pg_environment()
    assert not any("pa55-w0rd-secret" in argument for argument in arguments)
    assert environment["PGPASSWORD"] == "pa55-w0rd-secret"
    assert environment["PGSSLMODE"] == "require"
    assert "--host=db.internal" in arguments and "--port=5433" in arguments
