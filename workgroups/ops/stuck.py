"""Tasks a dead worker left claimed: put back in the queue.

django-tasks-db commits a task's claim (RUNNING) before running it, and nothing ever looks at the
claim again. A worker killed mid-task (a deploy, the out-of-memory killer, a machine lost)
therefore leaves that task RUNNING for good: its email is never sent
(tests/ops/test_failures_worker.py shows it). No task of ours runs for more than a few seconds,
so one still RUNNING after ``WORKGROUPS_STUCK_TASK_MINUTES`` (60) was claimed by a worker that is
gone, and is made READY again for any worker to claim.

Sending again is safe for the emails that matter: each send checks and marks its own row under a
lock (a message's recipient, a reminder's unique row), so the re-run finds it done if the dead
worker got that far; only a kill between the mail server accepting a message and the commit can
send it twice, which is the usual at-least-once edge of any mail queue.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record


def stuck_tasks_requeue() -> int:
    """Put tasks RUNNING for longer than the limit back in the queue; how many."""
    now = timezone.now()
    limit = now - timedelta(minutes=settings.WORKGROUPS_STUCK_TASK_MINUTES)
    with transaction.atomic():
        stuck = list(DBTaskResult.objects.select_for_update()
                     .filter(status=TaskResultStatus.RUNNING, started_at__lt=limit))
        for result in stuck:
            result.status = TaskResultStatus.READY
            result.started_at = None
            result.run_after = now
            result.save(update_fields=["status", "started_at", "run_after"])
            # The task's name and when it was claimed: its arguments are ids, never addresses.
            audit_record(actor=None, action=AuditAction.TASK_REQUEUED, obj=result, hub=None,
                         changes={"task": result.task_path.rsplit(".", 1)[-1]})
    return len(stuck)
