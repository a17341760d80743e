"""The database task backend, carrying the enqueuing request's id into the task's logs.

The id rides in the task row's ``args_kwargs`` JSON beside ``args`` and ``kwargs`` (which is all
the worker reads from it), so no task takes an extra argument and enqueuing costs no extra query.
When the worker starts the task the id becomes the current one (workgroups.core.requestid), so
every log line the task writes — and the worker's "finished" line — carries it."""

from __future__ import annotations

import threading
from typing import Any

from django.dispatch import receiver
from django.tasks import Task
from django.tasks.signals import task_finished, task_started
from django_tasks_db.backend import DatabaseBackend, TaskResult
from django_tasks_db.compat import normalize_json
from django_tasks_db.models import DBTaskResult

from workgroups.core.requestid import bind_request_id, current_request_id, unbind_request_id

KEY = "request_id"


class RequestIdDatabaseBackend(DatabaseBackend):
    def _task_to_db_task(self, task: Task[Any, Any], args: Any,
                         kwargs: Any) -> DBTaskResult[Any, Any]:
        stored: dict[str, Any] = {"args": args, "kwargs": kwargs}
        if request_id := current_request_id():
            stored[KEY] = request_id
        return DBTaskResult.objects.create(
            id=self._get_id(), args_kwargs=normalize_json(stored), priority=task.priority,
            task_path=task.module_path, queue_name=task.queue_name,
            run_after=task.run_after,  # type: ignore[misc]
            backend_name=self.alias)

    async def _atask_to_db_task(self, task: Task[Any, Any], args: Any,
                                kwargs: Any) -> DBTaskResult[Any, Any]:
        from asgiref.sync import sync_to_async

        return await sync_to_async(self._task_to_db_task)(task, args, kwargs)


# The id is bound on start and let go after the "finished" signal's own log line (this receiver
# is connected after Django's, so runs after it). The tokens are kept per thread: tasks run in
# the threads that enqueue them with the immediate backend (fifty at once in the capacity
# test), and a token can only be reset in the context that made it.
_local = threading.local()


def _tokens() -> list[object]:
    if not hasattr(_local, "tokens"):
        _local.tokens = []
    tokens: list[object] = _local.tokens
    return tokens


# Any sender: django-tasks-db sends "started" from the backend instance, "finished" from its class.
# A task run in-process (the immediate backend, in tests) keeps the id of the request running it.
@receiver(task_started)
def _bind_on_start(sender: object, task_result: TaskResult[Any, Any], **kwargs: Any) -> None:
    stored = getattr(getattr(task_result, "db_result", None), "args_kwargs", None)
    request_id = stored.get(KEY, "") if isinstance(stored, dict) else current_request_id()
    _tokens().append(bind_request_id(str(request_id)))


@receiver(task_finished)
def _unbind_on_finish(sender: object, task_result: TaskResult[Any, Any], **kwargs: Any) -> None:
    tokens = _tokens()
    if tokens:
        unbind_request_id(tokens.pop())
