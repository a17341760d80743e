"""`manage.py status`: the facts /readyz checks, in sentences for a person at a terminal, plus
what is waiting in the task queue. Exits 1 when the service is not ready, so scripts can use it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from workgroups.ops.health import readiness


def _queue_lines() -> list[str]:
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    try:
        waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY).count()
        running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count()
    except DatabaseError:
        return []
    return [f"Tasks waiting: {waiting}; running now: {running}."]


class Command(BaseCommand):
    help = ("Say whether the service is ready: database, migrations, cache, worker heartbeat "
            "and failed tasks (the same checks as /readyz).")
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        ready, checks = readiness()
        for check in checks:
            mark = self.style.SUCCESS("ok  ") if check.ok else self.style.ERROR("FAIL")
            self.stdout.write(f"{mark} {check.name.replace('_', ' ')}: {check.detail}")
        if checks[0].ok:
            for line in _queue_lines():
                self.stdout.write(f"     {line}")
        if not ready:
            raise CommandError("Not ready: "
                               + ", ".join(c.name.replace("_", " ") for c in checks if not c.ok)
                               + ".", returncode=1)
        self.stdout.write(self.style.SUCCESS("Ready."))
