"""Helpers the application services share: link nonces, the emails the changes queue."""

from __future__ import annotations

import secrets
from functools import partial
from typing import Any

from django.db import transaction
from django.tasks import Task
from django_tasks_db.backend import DatabaseBackend

from workgroups.applications.tasks import send_application_email, send_endorsement_email


def _nonce() -> str:
    return secrets.token_urlsafe(16)


def _queue_with_the_change(task: Task[Any, Any], *args: Any) -> None:
    """Queue ``task`` to go with the change being written. The database queue (production's)
    stores the task in the same transaction, so the change and its email are kept together or
    not at all: queued after the commit, a database lost in between kept the change with
    nobody told. Any other backend may run the task as it is queued (the immediate one in
    tests), so it waits for the commit: nobody is emailed about a change that rolled back."""
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args)
    else:
        transaction.on_commit(partial(task.enqueue, *args))


def _send_application_email(application_id: int, kind: str) -> None:
    _queue_with_the_change(send_application_email, application_id, kind)


def _send_endorsement_email(endorsement_id: int, kind: str) -> None:
    _queue_with_the_change(send_endorsement_email, endorsement_id, kind)
