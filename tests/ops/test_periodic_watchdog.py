"""The periodic job's chain started again when it dies: each task worker's watchdog queues a
run when none is waiting or running, tolerates the database being away, and two workers' watchdogs
leave one chain."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand
from django_tasks_db.models import DBTaskResult

from tests.ops.test_failures_worker import DATABASE_QUEUE, ROOT, production_env, stop
from workgroups.ops import watchdog
from workgroups.ops.tasks import periodic_job_enqueue_once, run_periodic_jobs
from workgroups.ops.watchdog import PeriodicWatchdog, periodic_chain_revive


def periodic_runs(status: TaskResultStatus) -> int:
    return DBTaskResult.objects.filter(task_path=run_periodic_jobs.module_path,
                                       status=status).count()


def claimed_run(minutes_ago: int) -> DBTaskResult:  # type: ignore[type-arg]
    """A run of the periodic job a worker claimed ``minutes_ago``."""
    periodic_job_enqueue_once()
    run = DBTaskResult.objects.get(task_path=run_periodic_jobs.module_path)
    run.status = TaskResultStatus.RUNNING
    run.started_at = timezone.now() - timedelta(minutes=minutes_ago)
    run.save(update_fields=["status", "started_at"])
    return run


@pytest.mark.django_db
@pytest.mark.parametrize(("before", "revived"), [
    ("nothing", True),                   # the chain died: nothing waits, nothing runs
    ("waiting", False),                  # the chain's next run is queued
    ("running now", False),              # the chain's run is in a worker's hands
    ("claimed by a lost worker", True),  # claimed longer ago than any task takes
])
def test_the_watchdog_queues_a_run_only_when_the_chain_has_died(settings, before, revived):
    settings.TASKS = DATABASE_QUEUE
    settings.WORKGROUPS_STUCK_TASK_MINUTES = 60
    if before == "waiting":
        periodic_job_enqueue_once(run_after=timezone.now() + timedelta(minutes=60))
    elif before == "running now":
        claimed_run(minutes_ago=5)
    elif before == "claimed by a lost worker":
        claimed_run(minutes_ago=61)
    waiting = periodic_runs(TaskResultStatus.READY)
    assert periodic_chain_revive() is revived
    assert periodic_runs(TaskResultStatus.READY) == waiting + int(revived)


@pytest.mark.django_db(transaction=True)
def test_a_failed_check_does_not_stop_the_watchdog(settings):
    settings.TASKS = DATABASE_QUEUE
    calls: list[str] = []

    def flaky() -> bool:
        calls.append("check")
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        if len(calls) == 2:
            raise RuntimeError("a fault of ours")
        return periodic_chain_revive()

    with mock.patch.object(watchdog, "periodic_chain_revive", flaky):
        dog = PeriodicWatchdog(0.05)
        dog.start()
        try:
            deadline = time.monotonic() + 10
            while periodic_runs(TaskResultStatus.READY) == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            dog.stop()
            dog.join(timeout=5)
    assert len(calls) >= 3  # each failed check was followed by another
    assert periodic_runs(TaskResultStatus.READY) == 1
    assert not dog.is_alive()


@pytest.mark.django_db(transaction=True)
def test_two_workers_revive_a_dead_chain_once_and_run_it(settings, tmp_path):
    """Nothing queued (the chain died); two workers (two machines) with their watchdogs: the job
    runs once and one next run waits."""
    settings.TASKS = DATABASE_QUEUE
    env = production_env(tmp_path,
                         DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    workers = [subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "task_worker", "--skip-checks", "--interval", "0.1",
         "--no-startup-delay", "--watch-seconds", "0.2", "--worker-id", f"machine-{n}",
         "--verbosity", "0"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE) for n in (1, 2)]
    try:
        deadline = time.monotonic() + 60
        while periodic_runs(TaskResultStatus.SUCCESSFUL) == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)  # several more checks by both watchdogs
    finally:
        for process in workers:
            stop(process)
    assert periodic_runs(TaskResultStatus.SUCCESSFUL) == 1
    assert periodic_runs(TaskResultStatus.READY) == 1  # the chain's next run, an interval away
    assert periodic_runs(TaskResultStatus.FAILED) == 0


def test_batch_runs_start_no_watchdog():
    from workgroups.ops.management.commands import task_worker

    with mock.patch.object(task_worker, "PeriodicWatchdog") as dog, \
            mock.patch.object(DatabaseWorkerCommand, "handle") as handle:
        task_worker.Command().handle(batch=True, watch_seconds=0.1)
        task_worker.Command().handle(batch=False, watch_seconds=0)
    assert handle.call_count == 2
    dog.assert_not_called()
