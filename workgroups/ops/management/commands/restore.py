"""`manage.py restore FILE [--force]`: put a backup made by `manage.py backup` back. See
workgroups/ops/backup.py for what it checks first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from workgroups.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = ("Restore the database (and uploaded files, from the -media.tar.gz beside it) from a "
            "backup made by `manage.py backup`. Refuses a backup from another schema version, "
            "and a database that holds data unless --force is given. Stop the web and worker "
            "processes first.")
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the .sqlite3 or .pgdump file")
        parser.add_argument("--force", action="store_true",
                            help="replace a database that holds data")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = backup_restore(path=options["file"], force=options["force"])
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        for line in done:
            self.stdout.write(line)
