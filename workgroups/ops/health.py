"""The facts /readyz and ``manage.py status`` report: is the database reachable, are all
migrations applied, is the shared cache reachable, has the worker been seen lately, how many
tasks failed in the last day.

Each check answers ok or not with a short sentence written here — never an exception's text,
which can hold a host name, a user name or a path — so nothing a deployment keeps secret can
reach the unauthenticated /readyz. The worker's heartbeat is the periodic job's own row in the
task table: it runs every WORKGROUPS_PERIODIC_MINUTES, so a finished run within
WORKGROUPS_HEARTBEAT_MINUTES (by default twice that, plus 5) means a worker is taking tasks."""

from __future__ import annotations

import logging
import uuid
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.tasks import TaskResultStatus, task_backends
from django.utils import timezone

logger = logging.getLogger(__name__)

# A process's code does not change while it runs, so once its migrations are all applied they
# stay applied: loading the migration graph (the slow part) is done until it first says so.
_migrations_applied = False


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    count: int | None = None


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def heartbeat_minutes() -> int:
    configured = getattr(settings, "WORKGROUPS_HEARTBEAT_MINUTES", None)
    if configured is not None:
        return int(configured)
    return 2 * int(settings.WORKGROUPS_PERIODIC_MINUTES) + 5


def failed_task_limit() -> int | None:
    """Failed tasks in a day above which the service is not ready; None: only reported."""
    limit = getattr(settings, "WORKGROUPS_READYZ_MAX_FAILED_TASKS", None)
    return None if limit is None else int(limit)


def _uses_database_queue() -> bool:
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Readiness: the database is unreachable (%s)", type(error).__name__)
        return Check("database", False, "The database cannot be reached.")
    return Check("database", True, "The database answers.")


def check_migrations() -> Check:
    global _migrations_applied
    if not _migrations_applied:
        try:
            executor = MigrationExecutor(connection)
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DatabaseError:
            return Check("migrations", False, "Migrations cannot be read from the database.")
        if pending:
            return Check("migrations", False,
                         f"{_count(len(pending), 'migration')} not applied: run manage.py migrate.")
        _migrations_applied = True
    return Check("migrations", True, "Every migration is applied.")


def check_cache() -> Check:
    key, value = "workgroups:readyz", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=60)
        read = cache.get(key)
    except Exception as error:  # noqa: BLE001  (every cache backend raises its own errors)
        logger.warning("Readiness: the cache is unreachable (%s)", type(error).__name__)
        return Check("cache", False, "The shared cache cannot be reached.")
    if read != value:
        return Check("cache", False, "The shared cache does not keep what is written to it.")
    return Check("cache", True, "The shared cache answers.")


def check_worker() -> Check:
    if not _uses_database_queue():
        return Check("worker", True, "Tasks run without a worker (no database queue).")
    from django_tasks_db.models import DBTaskResult

    from workgroups.ops.tasks import run_periodic_jobs

    minutes = heartbeat_minutes()
    try:
        last = (DBTaskResult.objects.filter(task_path=run_periodic_jobs.module_path,
                                            finished_at__isnull=False)
                .order_by("-finished_at").values_list("finished_at", flat=True).first())
    except DatabaseError:
        return Check("worker", False, "The task queue cannot be read.")
    if last is None:
        return Check("worker", False,
                     "No worker has run the periodic job yet: start the worker (make worker).")
    age = timezone.now() - last
    ago = int(age.total_seconds() // 60)
    if age > timedelta(minutes=minutes):
        return Check("worker", False,
                     f"The worker last ran the periodic job {_count(ago, 'minute')} ago "
                     f"(more than {minutes}).")
    return Check("worker", True, f"The worker ran the periodic job {_count(ago, 'minute')} ago.")


def failed_tasks_last_day() -> int | None:
    if not _uses_database_queue():
        return None
    from django_tasks_db.models import DBTaskResult

    since = timezone.now() - timedelta(days=1)
    return DBTaskResult.objects.filter(status=TaskResultStatus.FAILED,
                                       finished_at__gte=since).count()


def check_failed_tasks() -> Check:
    try:
        failed = failed_tasks_last_day()
    except DatabaseError:
        return Check("failed_tasks", False, "The task queue cannot be read.")
    if failed is None:
        return Check("failed_tasks", True, "No task queue to count.")
    limit = failed_task_limit()
    detail = f"{_count(failed, 'task')} failed in the last 24 hours."
    if limit is not None and failed > limit:
        return Check("failed_tasks", False, f"{detail} More than {limit}.", failed)
    return Check("failed_tasks", True, detail, failed)


def readiness() -> tuple[bool, list[Check]]:
    """Every check, in order; the database ones are skipped (and failed) when it is down."""
    database = check_database()
    checks = [database, check_cache()]
    if database.ok:
        checks += [check_migrations(), check_worker(), check_failed_tasks()]
    else:
        checks += [Check(name, False, "Not checked: the database cannot be reached.")
                   for name in ("migrations", "worker", "failed_tasks")]
    return all(check.ok for check in checks), checks


def readiness_report() -> tuple[bool, dict[str, Any]]:
    """Whether ready, and the JSON /readyz answers with."""
    ready, checks = readiness()
    body: dict[str, Any] = {
        "status": "ready" if ready else "not ready",
        "failing": [check.name for check in checks if not check.ok],
        "checks": {check.name: {key: value for key, value in asdict(check).items()
                                if key != "name" and value is not None} for check in checks},
    }
    return ready, body
