"""Record the outcomes of Work Groups whose last session has ended (cron, daily; idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from workgroups.progression.services import work_groups_complete_ended


class Command(BaseCommand):
    help = "Give each participant of every ended Work Group their outcome from the registers."
    requires_system_checks: list[str] = []  # a scheduled job: checks run at deploy

    def handle(self, *args: Any, **options: Any) -> None:
        done = work_groups_complete_ended()
        self.stdout.write(f"Outcomes recorded for {done} Work Group{'' if done == 1 else 's'}.")
