"""The periodic job is queued once, however many machines start or chains finish at once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.ops.test_failures_worker import DATABASE_QUEUE
from workgroups.ops.tasks import periodic_job_enqueue_once, run_periodic_jobs


def waiting_runs() -> int:
    return DBTaskResult.objects.filter(task_path=run_periodic_jobs.module_path,
                                       status=TaskResultStatus.READY).count()


@pytest.mark.django_db
def test_a_second_chain_is_not_started_while_a_run_waits(settings):
    settings.TASKS = DATABASE_QUEUE
    assert periodic_job_enqueue_once() is True
    assert periodic_job_enqueue_once() is False
    assert waiting_runs() == 1
    # A run that finishes while another chain's run waits does not queue its own next run.
    run_periodic_jobs.call(reschedule=True)
    assert waiting_runs() == 1


@pytest.mark.django_db(transaction=True)
def test_machines_starting_at_once_queue_one_run(settings):
    settings.TASKS = DATABASE_QUEUE
    start = threading.Barrier(8)
    queued: list[bool] = []

    def machine() -> None:
        try:
            start.wait()
            queued.append(periodic_job_enqueue_once())
        finally:
            connection.close()

    threads = [threading.Thread(target=machine) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(queued) == [False] * 7 + [True]
    assert waiting_runs() == 1
