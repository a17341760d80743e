"""The worker's periodic job (offer expiry, session reminders, outcomes of Work Groups that
have ended, evaluation invitations, tasks a dead worker left claimed, and once a day the
retention periods): the same work as the commands, run every
hour or so by the task worker itself, for hubs that have no cron. Each part is idempotent
(reminders go exactly once, an expired offer lapses once, retention runs once a day), so a
second chain of this job, or cron running the commands as well, does no harm."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.tasks import task
from django.utils import timezone

from workgroups.applications.services import offers_expire
from workgroups.delivery.services import session_reminders_send
from workgroups.evaluations.services import evaluation_invitations_send
from workgroups.ops.stuck import stuck_tasks_requeue
from workgroups.personaldata.retention import retention_apply_daily
from workgroups.progression.services import work_groups_complete_ended


@task
def run_periodic_jobs(reschedule: bool = True) -> dict[str, int]:
    try:
        done = {"offers_lapsed": offers_expire(), "reminders_sent": session_reminders_send(),
                "work_groups_completed": work_groups_complete_ended()}
        done.update({f"evaluations_{key}": n for key, n in evaluation_invitations_send().items()})
        done["tasks_requeued"] = stuck_tasks_requeue()
        # Once a calendar day (the first run of the day); later runs that day report nothing.
        retention = retention_apply_daily()
        if retention is not None:
            done.update({f"retention_{key}": count for key, count in retention.items()})
        return done
    finally:
        # Even after a failure (the task records it): one bad run must not end the chain.
        if reschedule:
            periodic_job_enqueue_once(run_after=timezone.now() + timedelta(
                minutes=settings.WORKGROUPS_PERIODIC_MINUTES))


# Any fixed number: the PostgreSQL advisory lock that queues the periodic job one at a time.
_PERIODIC_LOCK = 7_150_016


def periodic_job_enqueue_once(*, run_after: datetime | None = None,
                              unless_running: bool = False) -> bool:
    """Queue the periodic job unless a run is already waiting (or, with ``unless_running``, is
    running now: the watchdog's question, asked while the chain's run is in hand); whether it
    queued one.

    The check and the insert hold a lock (PostgreSQL: an advisory lock for the transaction;
    SQLite: the write lock an IMMEDIATE transaction takes at its start), so two machines
    starting at once, or two chains finishing at once, leave one run waiting. A second chain
    that somehow exists ends at its next run, finding the other's run already waiting."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PERIODIC_LOCK])
        if periodic_jobs_scheduled() or (unless_running and periodic_job_running()):
            return False
        if run_after is None:
            run_periodic_jobs.enqueue()
        else:
            run_periodic_jobs.using(run_after=run_after).enqueue()
    return True


def periodic_jobs_scheduled() -> bool:
    """Whether a run of the periodic job is already waiting in the database queue."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=run_periodic_jobs.module_path,
                                       status=TaskResultStatus.READY).exists()


def periodic_job_running() -> bool:
    """Whether a run of the periodic job is in a worker's hands now. A run claimed longer ago
    than a task may take (``WORKGROUPS_STUCK_TASK_MINUTES``) belongs to a worker that is gone."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    since = timezone.now() - timedelta(minutes=settings.WORKGROUPS_STUCK_TASK_MINUTES)
    return DBTaskResult.objects.filter(task_path=run_periodic_jobs.module_path,
                                       status=TaskResultStatus.RUNNING,
                                       started_at__gte=since).exists()
