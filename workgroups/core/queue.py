"""Queuing a task (an email) that tells of a change being written.

With the database queue (production's) the task row is written in the change's own transaction:
the change and its email are kept together or not at all. Queued after the commit instead, a
database lost between the two (tests/ops/test_failures_database.py restarts it under load) kept
the change with nobody told: a supporter never asked, an offer left to lapse unseen. The worker
sees the row only once the transaction commits, so it never reads rows that are not there yet.

Any other backend may run the task as it is queued (the immediate one in tests and the demo), so
there the task waits for the commit: nobody is emailed about a change that was rolled back.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.tasks import Task
from django_tasks_db.backend import DatabaseBackend


def enqueue_with_change(task: Task[Any, Any], /, *args: Any, **kwargs: Any) -> None:
    """Queue ``task`` to go with the change being written in the current transaction."""
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, *args, **kwargs))
