"""Apply the retention periods (README, "Retention"). A dry run unless ``--apply``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from workgroups.personaldata.retention import retention_apply, retention_counts, retention_summary


class Command(BaseCommand):
    help = ("Pseudonymise or delete personal data whose retention period has ended (periods "
            "from WORKGROUPS_RETENTION). Without --apply, only reports what would change.")
    requires_system_checks: list[str] = []  # a scheduled job: checks run at deploy

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apply", action="store_true",
                            help="Make the changes (without it, nothing is changed).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["apply"]:
            _, counts = retention_apply()
            self.stdout.write("Retention applied:")
        else:
            counts = retention_counts(apply=False)
            self.stdout.write("Dry run: nothing changed. With --apply, retention would make "
                              "these changes:")
        for label, count in retention_summary(counts):
            self.stdout.write(f"  {label}: {count}")
