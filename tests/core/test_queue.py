"""Tasks that tell of a change are queued with it (workgroups/core/queue.py): on the database
queue in the change's own transaction, on any other backend once it commits."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.db import transaction
from django.tasks import task
from django_tasks_db.models import DBTaskResult

from tests.ops.test_failures_worker import DATABASE_QUEUE
from workgroups.core.queue import enqueue_with_change

RAN: list[int] = []


@task
def note_it(number: int) -> None:
    RAN.append(number)


class Refused(Exception):
    pass


def queued_rows() -> list[object]:
    return [row.args_kwargs["args"] for row in
            DBTaskResult.objects.filter(task_path=note_it.module_path)]


@pytest.mark.django_db(transaction=True)
def test_on_the_database_queue_the_task_is_kept_or_dropped_with_the_change(settings):
    settings.TASKS = DATABASE_QUEUE
    with transaction.atomic():
        enqueue_with_change(note_it, 1)
        assert queued_rows() == [[1]]  # written in the transaction, not after it
    with pytest.raises(Refused), transaction.atomic():
        enqueue_with_change(note_it, 2)
        raise Refused
    assert queued_rows() == [[1]]


@pytest.mark.django_db(transaction=True)
def test_on_another_backend_the_task_waits_for_the_commit(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    RAN.clear()
    with transaction.atomic():
        enqueue_with_change(note_it, 3)
        assert RAN == []  # not run while the change could still roll back
    assert RAN == [3]
    with pytest.raises(Refused), transaction.atomic():
        enqueue_with_change(note_it, 4)
        raise Refused
    assert RAN == [3]


def test_no_service_queues_a_task_on_commit_by_hand():
    """Every task a change queues goes through enqueue_with_change, so none is lost between a
    commit and its queuing again (tests/ops/test_failures_database.py)."""
    offenders = []
    for path in (Path(__file__).resolve().parents[2] / "workgroups").rglob("*.py"):
        if path.parts[-2:] == ("core", "queue.py"):
            continue  # the one place that decides
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "on_commit"
                    and ".enqueue" in ast.unparse(node)):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
