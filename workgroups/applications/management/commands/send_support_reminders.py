from typing import Any

from django.core.management.base import BaseCommand

from workgroups.applications.services import endorsements_send_reminders


class Command(BaseCommand):
    help = ("Remind supporters and team members who have not answered, 5 and 10 days after "
            "their link was sent. Idempotent; run it daily (cron or a scheduler).")
    requires_system_checks: list[str] = []  # a scheduled job: checks run at deploy

    def handle(self, *args: Any, **options: Any) -> None:
        count = endorsements_send_reminders()
        self.stdout.write(f"{count} reminder{'s' if count != 1 else ''} sent.")
