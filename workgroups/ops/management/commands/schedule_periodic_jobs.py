"""Queue the worker's periodic job (offer expiry, session reminders) unless one is waiting.
`make worker` runs this before the worker starts; it is safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from workgroups.ops.tasks import periodic_job_enqueue_once


class Command(BaseCommand):
    help = "Queue the periodic job (offer expiry, session reminders) for the task worker."

    def handle(self, *args: Any, **options: Any) -> None:
        if not periodic_job_enqueue_once():
            self.stdout.write("The periodic job is already queued.")
            return
        self.stdout.write("Periodic job queued: the worker runs it now and then every hour.")
