"""The task worker: django-tasks-db's ``db_worker`` (same options) with the periodic job's
watchdog beside it (workgroups/ops/watchdog.py), so the periodic job's chain is started again
if it dies. ``--batch`` runs what is queued and stops, without the watchdog."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from workgroups.ops.watchdog import PeriodicWatchdog


class Command(DatabaseWorkerCommand):
    help = ("Run queued tasks until stopped, and start the periodic job again whenever no run "
            "of it is waiting or running.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--watch-seconds", type=float, default=None,
            help="How often to check the periodic job (default "
                 "WORKGROUPS_PERIODIC_WATCH_SECONDS; 0 turns the watchdog off).")

    # The parent names each of its options; they pass through unchanged.
    def handle(self, *args: Any, watch_seconds: float | None = None,  # type: ignore[override]
               **options: Any) -> None:
        seconds = (settings.WORKGROUPS_PERIODIC_WATCH_SECONDS
                   if watch_seconds is None else watch_seconds)
        watchdog = None
        if seconds > 0 and not options.get("batch"):
            watchdog = PeriodicWatchdog(seconds)
            watchdog.start()
        try:
            super().handle(*args, **options)
        finally:
            if watchdog is not None:
                watchdog.stop()
