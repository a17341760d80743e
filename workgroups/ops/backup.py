"""Backing the service up and restoring it: the database and the uploaded files.

A backup is one database file named by the moment it was made (UTC), and, when the service keeps
uploaded files (``MEDIA_ROOT``), a tar of them next to it with the same name and ``-media.tar.gz``:

- SQLite: a copy made with SQLite's online backup API (``sqlite3.Connection.backup``), which is
  a consistent snapshot taken while the service goes on reading and writing (WAL mode);
- PostgreSQL: ``pg_dump -Fc``, the server's own consistent snapshot, restored with
  ``pg_restore --clean --if-exists`` in one transaction.

The password reaches ``pg_dump``/``pg_restore`` through the ``PGPASSWORD`` environment variable,
never their command line (which other users of the machine can read) and never a message.

A restore refuses a backup whose schema differs from the code's (the migrations applied in the
backup, read from its own ``django_migrations`` table, against the migrations the code has), and
refuses to overwrite a database that holds data unless told to (``force``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader

SQLITE_SUFFIX = ".sqlite3"
POSTGRES_SUFFIX = ".pgdump"
MEDIA_SUFFIX = "-media.tar.gz"
# Tables a freshly migrated database already fills (and the cache, which is not data): a database
# with rows only in these holds nothing a restore would lose.
STRUCTURAL_TABLES = frozenset({
    "django_migrations", "django_content_type", "auth_permission", "sqlite_sequence",
})


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why, in words for a person."""


@dataclass(frozen=True)
class Backup:
    database: Path
    media: Path | None


# --- Schema versions ----------------------------------------------------------------------------

Applied = set[tuple[str, str]]


def code_migrations() -> Applied:
    """Every (app, migration) the code has: a database made by this code has applied them all."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return set(loader.graph.nodes)


def describe_difference(backup: Applied, code: Applied) -> str:
    """Which apps differ and how, e.g. "schools: the backup is at 0007_x, this code at 0009_y"."""
    apps = sorted({app for app, _ in backup ^ code})
    parts = []
    for app in apps:
        theirs = max((name for a, name in backup if a == app), default="no migrations")
        ours = max((name for a, name in code if a == app), default="no migrations")
        parts.append(f"{app}: the backup is at {theirs}, this code at {ours}")
    return "; ".join(parts)


def check_schema(backup: Applied) -> None:
    code = code_migrations()
    # Migrations of apps the code no longer has are not the code's business; any other
    # difference (the backup behind or ahead of the code) would restore a schema the code cannot
    # read.
    apps = {app for app, _ in code}
    backup = {(app, name) for app, name in backup if app in apps}
    if backup != code:
        raise BackupError(
            "The backup's database schema does not match this version of the code ("
            + describe_difference(backup, code) + "). Restore it with the version of the "
            "code that made it, or restore it there, run `manage.py migrate`, and back up again.")


def sqlite_applied(path: Path) -> Applied:
    """The migrations recorded in a SQLite backup file."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return set(db.execute("SELECT app, name FROM django_migrations").fetchall())
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite backup of this service ({error}).") from None


def postgres_applied(path: Path) -> Applied:
    """The migrations recorded in a ``pg_dump -Fc`` file: its django_migrations table's rows."""
    result = subprocess.run(  # noqa: S603 - a fixed program, arguments not from a shell
        [_program("pg_restore"), "--data-only", "--table=django_migrations", "--file=-",
         str(path)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{path} is not a PostgreSQL backup (pg_dump -Fc) of this service: "
                          f"{result.stderr.strip()}")
    applied: Applied = set()
    in_copy = False
    for line in result.stdout.splitlines():
        if line.startswith("COPY ") and "django_migrations" in line:
            in_copy = True
            columns = line[line.index("(") + 1:line.index(")")].replace('"', "").split(", ")
            app_at, name_at = columns.index("app"), columns.index("name")
        elif in_copy and line == "\\.":
            in_copy = False
        elif in_copy:
            cells = line.split("\t")
            applied.add((cells[app_at], cells[name_at]))
    if not applied:
        raise BackupError(f"{path} has no record of migrations: it is not a backup of this "
                          "service's database.")
    return applied


# --- What the live database holds ---------------------------------------------------------------

def cache_tables() -> set[str]:
    return {str(cache["LOCATION"]) for cache in settings.CACHES.values()
            if str(cache["BACKEND"]).endswith("DatabaseCache")}


def tables_with_data() -> list[str]:
    """The live database's tables that hold rows a restore would overwrite."""
    quote = connection.ops.quote_name
    skip = STRUCTURAL_TABLES | cache_tables()
    found = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # An FTS5 table's shadow tables (the school search index, ADR 21) hold its
            # configuration even when it indexes nothing; the virtual table itself is checked.
            cursor.execute("PRAGMA table_list")
            skip |= {name for _schema, name, kind, *_rest in cursor.fetchall()
                     if kind == "shadow"}
        for table in connection.introspection.table_names(cursor):
            if table in skip:
                continue
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608 - a table name
            if cursor.fetchone():
                found.append(table)
    return found


def media_root() -> Path | None:
    root = getattr(settings, "MEDIA_ROOT", "")
    return Path(root) if root else None


# --- Backup -------------------------------------------------------------------------------------

def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def _free_name(directory: Path, stem: str, suffix: str) -> Path:
    """``directory/stem+suffix``, or with -2, -3 … when a backup of the same second exists."""
    path, n = directory / f"{stem}{suffix}", 1
    while path.exists() or (directory / f"{path.name.removesuffix(suffix)}{MEDIA_SUFFIX}"
                            ).exists():
        n += 1
        path = directory / f"{stem}-{n}{suffix}"
    return path


def backup_make(*, output: Path) -> Backup:
    """Back up the database (and the uploaded files, if any) into ``output``. A backup holds
    everyone's personal data, so what it makes is readable by its owner alone (umask 077, for
    pg_dump too), whatever the umask of the shell or service that runs it."""
    previous = os.umask(0o077)  # a management command: one thread, so the process-wide umask
    try:
        return _backup_make(output)
    finally:
        os.umask(previous)


def _backup_make(output: Path) -> Backup:
    output.mkdir(parents=True, exist_ok=True)
    stem = f"workgroups-{_stamp()}"
    if connection.vendor == "sqlite":
        target = _free_name(output, stem, SQLITE_SUFFIX)
        _sqlite_backup(target)
    elif connection.vendor == "postgresql":
        target = _free_name(output, stem, POSTGRES_SUFFIX)
        _postgres_dump(target)
    else:
        raise BackupError(f"Backing up a {connection.vendor} database is not supported.")
    return Backup(database=target, media=_media_archive(target))


def _sqlite_backup(target: Path) -> None:
    """A consistent copy of the live SQLite database, taken while others read and write it."""
    connection.ensure_connection()
    partial = target.with_name(target.name + ".partial")
    try:
        copy = sqlite3.connect(partial)
        try:
            connection.connection.backup(copy)  # the whole database in one step: one snapshot
            # A file on its own (no -wal/-shm beside it), so it can be opened read-only.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore, and an environment carrying the password."""
    db = connection.settings_dict
    arguments = [f"--dbname={db['NAME']}"]
    if db.get("HOST"):
        arguments.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        arguments.append(f"--port={db['PORT']}")
    if db.get("USER"):
        arguments.append(f"--username={db['USER']}")
    environment = dict(os.environ)
    if db.get("PASSWORD"):
        environment["PGPASSWORD"] = str(db["PASSWORD"])
    if sslmode := (db.get("OPTIONS") or {}).get("sslmode"):
        environment["PGSSLMODE"] = str(sslmode)
    return arguments, environment


def _program(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (it comes with the PostgreSQL client tools, "
                          "e.g. the postgresql-client package).")
    return found


def _postgres_dump(target: Path) -> None:
    arguments, environment = _pg_environment()
    partial = target.with_name(target.name + ".partial")
    try:
        result = subprocess.run(  # noqa: S603 - a fixed program, arguments not from a shell
            [_program("pg_dump"), "--format=custom", "--no-password", f"--file={partial}",
             *arguments], env=environment, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)


def _media_archive(database_backup: Path) -> Path | None:
    root = media_root()
    if root is None or not root.is_dir() or not any(root.iterdir()):
        return None
    target = database_backup.with_name(database_backup.name.removesuffix(
        database_backup.suffix) + MEDIA_SUFFIX)
    with tarfile.open(target, "w:gz") as archive:
        for entry in sorted(root.iterdir()):
            archive.add(entry, arcname=entry.name)
    return target


# --- Restore ------------------------------------------------------------------------------------

def media_archive_for(database_backup: Path) -> Path | None:
    archive = database_backup.with_name(
        database_backup.name.removesuffix(database_backup.suffix) + MEDIA_SUFFIX)
    return archive if archive.exists() else None


def backup_restore(*, path: Path, force: bool = False) -> list[str]:
    """Replace the live database (and uploaded files) with the backup at ``path``.

    Refuses (BackupError) a file that is not a backup for this database engine, a backup whose
    schema differs from the code's, and — unless ``force`` — a database that holds data. Returns
    sentences saying what was restored."""
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    if connection.vendor == "sqlite":
        if path.suffix == POSTGRES_SUFFIX:
            raise BackupError(f"{path.name} is a PostgreSQL backup; this service runs on SQLite.")
        check_schema(sqlite_applied(path))
    elif connection.vendor == "postgresql":
        if path.suffix == SQLITE_SUFFIX:
            raise BackupError(f"{path.name} is a SQLite backup; this service runs on "
                              "PostgreSQL.")
        check_schema(postgres_applied(path))
    else:
        raise BackupError(f"Restoring a {connection.vendor} database is not supported.")
    if not force:
        holding = tables_with_data()
        if holding:
            raise BackupError(
                f"The database holds data ({len(holding)} tables have rows, e.g. "
                f"{', '.join(holding[:3])}); restoring would replace it. Run again with "
                "--force to replace it.")
        root = media_root()
        if media_archive_for(path) and root and root.is_dir() and any(root.iterdir()):
            raise BackupError(f"{root} holds uploaded files; restoring would replace them. "
                              "Run again with --force to replace them.")
    if connection.vendor == "sqlite":
        _sqlite_restore(path)
    else:
        _postgres_restore(path)
    done = [f"Database restored from {path.name}."]
    archive = media_archive_for(path)
    if archive:
        done.append(f"Uploaded files restored from {archive.name} into {_media_restore(archive)}.")
    return done


def _sqlite_restore(path: Path) -> None:
    """The backup API in reverse: the backup's pages replace the live database's, under its
    write lock, so a process reading it sees the old database or the new one, never a mixture."""
    connection.close()
    connection.ensure_connection()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as source:
        source.backup(connection.connection)
    source.close()
    connection.close()  # the next query opens the restored database afresh


def _postgres_restore(path: Path) -> None:
    arguments, environment = _pg_environment()
    connection.close()
    result = subprocess.run(  # noqa: S603 - a fixed program, arguments not from a shell
        [_program("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
         "--exit-on-error", "--no-password", *arguments, str(path)],
        env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed, and the database was left as it was: "
                          f"{result.stderr.strip()}")


def _media_restore(archive: Path) -> Path:
    root = media_root()
    if root is None:
        raise BackupError(f"{archive.name} holds uploaded files but MEDIA_ROOT is not set.")
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root.parent) as unpacked:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(unpacked, filter="data")  # no absolute paths, links out, devices
        _replace_contents(root, Path(unpacked).iterdir())
    return root


def _replace_contents(root: Path, entries: Iterable[Path]) -> None:
    for old in root.iterdir():
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old)
        else:
            old.unlink()
    for entry in entries:
        shutil.move(entry, root / entry.name)
