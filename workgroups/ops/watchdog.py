"""The periodic job's watchdog: a thread in every task worker that starts the job's chain again
when it has died.

The chain queues its own next run when a run ends (``run_periodic_jobs``), so it dies if that
one insert fails (the database restarting at that moment) or if the machine holding the waiting
run's worker is lost mid-run and no other worker ever requeues it (requeuing stuck tasks is
itself the periodic job's work). Every ``WORKGROUPS_PERIODIC_WATCH_SECONDS`` each worker asks
whether a run is waiting or running; if neither, it queues one, under the same lock as every
other queuing, so workers on several machines still leave a single chain. A failed check (the
database away) is logged and tried again next time; it never stops the worker.
"""

from __future__ import annotations

import logging
import threading

from django.db import DatabaseError, connections

from workgroups.ops.tasks import periodic_job_enqueue_once

logger = logging.getLogger(__name__)


def periodic_chain_revive() -> bool:
    """Queue a run of the periodic job if none is waiting or running; whether it did."""
    revived = periodic_job_enqueue_once(unless_running=True)
    if revived:
        logger.warning("The periodic job had no run waiting or running: queued one.")
    return revived


class PeriodicWatchdog(threading.Thread):
    """Checks the chain every ``seconds`` until ``stop()`` (or the process ends: a daemon)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(name="periodic-watchdog", daemon=True)
        self.seconds = seconds
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.wait(self.seconds):
            try:
                periodic_chain_revive()
            except DatabaseError as error:
                logger.warning("Could not check the periodic job: %s", type(error).__name__)
            except Exception:
                # Anything else is a fault to see in the log, but must not end the watch: the
                # worker would go on without it and nobody would know.
                logger.exception("The periodic job's watchdog failed a check")
            finally:
                # This thread's own connection: closed, so a restarted database is met afresh.
                connections.close_all()

    def stop(self) -> None:
        self._stopped.set()
