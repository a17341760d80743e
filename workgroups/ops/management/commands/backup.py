"""`manage.py backup [--output DIR]`: a timestamped copy of the database (and uploaded files),
safe to run while the service is serving. See workgroups/ops/backup.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from workgroups.ops.backup import BackupError, backup_make


class Command(BaseCommand):
    help = ("Back up the database (SQLite: the online backup API; PostgreSQL: pg_dump -Fc) and "
            "any uploaded files into a directory (var/backups by default), while the service "
            "runs. Prints the files made.")
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, default=Path(settings.VAR_DIR) / "backups",
                            help="the directory to write into (made if missing)")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        if output.exists() and not output.is_dir():
            raise CommandError(f"{output} is a file, not a directory.")
        try:
            made = backup_make(output=output)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(made.database))
        if made.media:
            self.stdout.write(str(made.media))
