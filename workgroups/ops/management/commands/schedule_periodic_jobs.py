"""Queue the worker's periodic job (offer expiry, session reminders) unless one is waiting.
`make worker` runs this before the worker starts; it is safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from workgroups.ops.tasks import periodic_jobs_scheduled, run_periodic_jobs


class Command(BaseCommand):
    help = "Queue the periodic job (offer expiry, session reminders) for the task worker."

    def handle(self, *args: Any, **options: Any) -> None:
        if periodic_jobs_scheduled():
            self.stdout.write("The periodic job is already queued.")
            return
        run_periodic_jobs.enqueue()
        self.stdout.write("Periodic job queued: the worker runs it now and then every hour.")
