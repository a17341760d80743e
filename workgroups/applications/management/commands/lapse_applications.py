from typing import Any

from django.core.management.base import BaseCommand

from workgroups.applications.services import applications_lapse_stale_drafts


class Command(BaseCommand):
    help = ("Lapse draft applications whose offering has stopped taking applications. "
            "Idempotent; run it daily (cron or a scheduler).")
    requires_system_checks: list[str] = []  # a scheduled job: checks run at deploy

    def handle(self, *args: Any, **options: Any) -> None:
        count = applications_lapse_stale_drafts()
        self.stdout.write(f"{count} draft application{'s' if count != 1 else ''} lapsed.")
