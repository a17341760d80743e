from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from workgroups.hubs.services import local_authorities_load


class Command(BaseCommand):
    help = "Load DfE regions and local authorities from the bundled LA lookup (idempotent)."
    requires_system_checks: list[str] = []  # loads bundled data: checks run at deploy

    def handle(self, *args: Any, **options: Any) -> None:
        summary = local_authorities_load()
        self.stdout.write(
            f"Local authorities: {summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged."
        )
