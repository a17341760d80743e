"""Shared shape of the import commands: run an importer, print its summary and bad rows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from workgroups.schools.services import ImportRefused, ImportSummary

Importer = Callable[..., ImportSummary]


class ImportCommand(BaseCommand):
    # The system checks (3 s at a national centre's scale) concern serving, not importing a file.
    requires_system_checks: list[str] = []
    importer: Importer
    default_path: Path | None = None

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?" if self.default_path else None,
                            default=self.default_path, type=Path)
        parser.add_argument("--errors", type=int, default=50,
                            help="how many bad rows to list (all are counted)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"No file at {path}.")
        try:
            summary = type(self).importer(path=path, actor=None, stream=self.stderr)
        except ImportRefused as refused:
            raise CommandError(str(refused)) from None
        self.report(summary, options["errors"], self.stdout)

    @staticmethod
    def report(summary: ImportSummary, limit: int, out: OutputWrapper) -> None:
        for line, reason in summary.errors[:limit]:
            out.write(f"line {line}: {reason}\n")
        if len(summary.errors) > limit:
            out.write(f"… and {len(summary.errors) - limit} more bad rows\n")
        out.write(f"{summary.source}: {summary.line()}.\n")

