"""The request id: answered in X-Request-ID, on every log line written while the request is
handled (Django's own 4xx/5xx lines included), stored with each task the request enqueues and
put back on the task's log lines in the worker; logs as JSON when asked."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.http import HttpRequest, HttpResponse
from django.tasks import task
from django.urls import path
from django_tasks_db.models import DBTaskResult

from workgroups.core.requestid import (
    JsonFormatter,
    RequestIdFilter,
    bind_request_id,
    current_request_id,
    unbind_request_id,
)
from workgroups.core.tasks_backend import RequestIdDatabaseBackend

ROOT = Path(__file__).resolve().parents[2]
DATABASE_QUEUE = {"default": {"BACKEND": "workgroups.core.tasks_backend.RequestIdDatabaseBackend",
                              "QUEUES": ["default"]}}
logger = logging.getLogger("tests.ops.request_id")


@task
def log_inside_task(word: str) -> str:
    logger.warning("inside the task: %s", word)
    return word


def enqueue_view(request: HttpRequest) -> HttpResponse:
    logger.warning("inside the view")
    log_inside_task.enqueue("hello")
    return HttpResponse("queued")


def failing_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("no", status=503)


urlpatterns = [path("enqueue", enqueue_view), path("failing", failing_view)]


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def ids(self, fragment: str) -> list[str]:
        return [record.request_id for record in self.records  # type: ignore[attr-defined]
                if fragment in record.getMessage()]


@pytest.fixture
def collected() -> Iterator[Collect]:
    handler = Collect()
    for name in ("tests.ops.request_id", "django.request"):
        logging.getLogger(name).addHandler(handler)
    yield handler
    for name in ("tests.ops.request_id", "django.request"):
        logging.getLogger(name).removeHandler(handler)


@pytest.mark.django_db
def test_each_response_carries_a_new_id(client: Any) -> None:
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32
    assert int(first["X-Request-ID"], 16) >= 0
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert current_request_id() == ""  # let go when the response ended


@pytest.mark.django_db
@pytest.mark.parametrize(("offered", "kept"), [
    ("4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e", True),  # nginx's $request_id
    ("req-2026.11.30_01", True),
    ("short", False),
    ("x" * 65, False),
    ("has space in it", False),
    ('quote"and\\slash', False),
])
def test_an_id_from_the_proxy_is_kept_when_it_looks_like_one(client: Any, offered: str,
                                                             kept: bool) -> None:
    answered = client.get("/healthz", headers={"X-Request-ID": offered})["X-Request-ID"]
    assert (answered == offered) is kept
    assert len(answered) == (len(offered) if kept else 32)


@pytest.mark.urls("tests.ops.test_request_id")
@pytest.mark.django_db
def test_djangos_own_error_line_carries_the_id(client: Any, collected: Collect) -> None:
    response = client.get("/failing")
    assert collected.ids("Service Unavailable: /failing") == [response["X-Request-ID"]]


@pytest.mark.urls("tests.ops.test_request_id")
@pytest.mark.django_db(transaction=True)
def test_a_task_logs_the_id_of_the_request_that_enqueued_it(client: Any, settings: Any,
                                                            collected: Collect) -> None:
    settings.TASKS = DATABASE_QUEUE
    response = client.get("/enqueue", headers={"X-Request-ID": "from-the-proxy-0001"})
    assert response["X-Request-ID"] == "from-the-proxy-0001"
    assert collected.ids("inside the view") == ["from-the-proxy-0001"]
    stored = DBTaskResult.objects.get(task_path=log_inside_task.module_path)
    assert stored.args_kwargs == {"args": ["hello"], "kwargs": {},
                                  "request_id": "from-the-proxy-0001"}

    call_command("db_worker", batch=True, verbosity=0)

    stored.refresh_from_db()
    assert stored.status == "SUCCESSFUL", stored.traceback
    assert stored.return_value == "hello"  # the task was called with its own arguments only
    assert collected.ids("inside the task: hello") == ["from-the-proxy-0001"]
    assert current_request_id() == ""  # let go after the task


@pytest.mark.urls("tests.ops.test_request_id")
@pytest.mark.django_db
def test_a_task_run_in_process_keeps_the_requests_id(client: Any, collected: Collect) -> None:
    # The test settings' immediate backend runs the task inside the request.
    response = client.get("/enqueue")
    assert collected.ids("inside the task: hello") == [response["X-Request-ID"]]


@pytest.mark.django_db
def test_a_task_enqueued_outside_a_request_stores_no_id(settings: Any) -> None:
    settings.TASKS = DATABASE_QUEUE
    result = log_inside_task.enqueue("alone")
    assert isinstance(log_inside_task.get_backend(), RequestIdDatabaseBackend)
    assert DBTaskResult.objects.get(id=result.id).args_kwargs == {"args": ["alone"],
                                                                  "kwargs": {}}


def test_json_formatter_writes_one_object_a_line() -> None:
    token = bind_request_id("abc123def456")
    try:
        record = logging.LogRecord("workgroups.x", logging.ERROR, __file__, 1,
                                   "sent %s emails", (3,), None)
        RequestIdFilter().filter(record)
        try:
            raise ValueError("boom")
        except ValueError:
            record.exc_info = sys.exc_info()
        line = JsonFormatter().format(record)
    finally:
        unbind_request_id(token)
    assert "\n" not in line.split('"exception"')[0]
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "workgroups.x"
    assert entry["message"] == "sent 3 emails"
    assert entry["request_id"] == "abc123def456"
    assert entry["time"].endswith("+00:00")
    assert "ValueError: boom" in entry["exception"]


@pytest.mark.parametrize(("log_format", "is_json"), [("json", True), ("", False)])
def test_the_settings_log_as_json_when_asked(log_format: str, is_json: bool) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings",
           "WORKGROUPS_LOG_FORMAT": log_format, "PYTHONPATH": str(ROOT)}
    script = ("import django, logging; django.setup(); "
              "logging.getLogger('workgroups.probe').warning('hello %s', 'there')")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=True)
    line = done.stderr.strip().splitlines()[-1]
    if is_json:
        entry = json.loads(line)
        assert entry["message"] == "hello there"
        assert entry["request_id"] is None
    else:
        assert line.endswith("WARNING workgroups.probe [-] hello there")
