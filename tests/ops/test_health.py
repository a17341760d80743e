"""/healthz, /readyz and `manage.py status`: what each check says when it passes and when it
fails, that a failure is a 503 naming the failing checks, and that no error's text (which can
hold a password or a host name) reaches the unauthenticated answer."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from django.db.migrations.executor import MigrationExecutor
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from workgroups.ops import health
from workgroups.ops.tasks import run_periodic_jobs

pytestmark = pytest.mark.django_db

SECRET_TEXT = "password=hunter2-the-secret host=db.internal.example"
DATABASE_QUEUE = {"default": {"BACKEND": "workgroups.core.tasks_backend.RequestIdDatabaseBackend",
                              "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _fresh_migrations_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each test asks the migrations afresh (a process remembers once they are all applied).
    monkeypatch.setattr(health, "_migrations_applied", False)


@pytest.fixture
def database_queue(settings: Any) -> None:
    settings.TASKS = DATABASE_QUEUE
    settings.WORKGROUPS_HEARTBEAT_MINUTES = 125


def periodic_run(*, minutes_ago: int | None, status: str = TaskResultStatus.SUCCESSFUL) -> None:
    now = timezone.now()
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}}, task_path=run_periodic_jobs.module_path,
        backend_name="default", run_after=now, status=status,
        finished_at=None if minutes_ago is None else now - timedelta(minutes=minutes_ago))


def failed_task(*, hours_ago: int) -> None:
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}}, task_path="workgroups.core.email.something",
        backend_name="default", run_after=timezone.now(), status=TaskResultStatus.FAILED,
        finished_at=timezone.now() - timedelta(hours=hours_ago))


def test_healthz_answers_without_the_database(client: Any,
                                              django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_and_readyz_refuse_writes(client: Any) -> None:
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405


def test_readyz_is_200_with_every_check_passing(client: Any) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ready"
    assert body["failing"] == []
    assert set(body["checks"]) == {"database", "cache", "migrations", "worker", "failed_tasks"}
    assert all(check["ok"] for check in body["checks"].values())
    # The test settings run tasks in-process: there is no worker to wait for.
    assert body["checks"]["worker"]["detail"] == "Tasks run without a worker (no database queue)."


@pytest.mark.parametrize(("minutes_ago", "ready", "detail"), [
    (None, False, "No worker has run the periodic job yet: start the worker (make worker)."),
    (10, True, "The worker ran the periodic job 10 minutes ago."),
    (124, True, "The worker ran the periodic job 124 minutes ago."),
    (126, False, "The worker last ran the periodic job 126 minutes ago (more than 125)."),
])
def test_readyz_worker_heartbeat_from_the_periodic_job(
        client: Any, database_queue: None, minutes_ago: int | None, ready: bool,
        detail: str) -> None:
    if minutes_ago is not None:
        periodic_run(minutes_ago=minutes_ago)
    periodic_run(minutes_ago=None, status=TaskResultStatus.READY)  # the next run, waiting
    response = client.get("/readyz")
    assert response.status_code == (200 if ready else 503)
    body = response.json()
    assert body["checks"]["worker"] == {"ok": ready, "detail": detail}
    assert body["failing"] == ([] if ready else ["worker"])


def test_a_failed_periodic_run_still_shows_the_worker_is_alive(client: Any,
                                                                database_queue: None) -> None:
    periodic_run(minutes_ago=3, status=TaskResultStatus.FAILED)
    body = client.get("/readyz").json()
    assert body["checks"]["worker"]["ok"] is True
    assert body["checks"]["failed_tasks"] == {
        "ok": True, "detail": "1 task failed in the last 24 hours.", "count": 1}


@pytest.mark.parametrize(("limit", "ready"), [(None, True), (2, True), (1, False)])
def test_failed_tasks_in_the_last_day_are_counted_and_may_fail_readiness(
        client: Any, database_queue: None, settings: Any, limit: int | None,
        ready: bool) -> None:
    settings.WORKGROUPS_READYZ_MAX_FAILED_TASKS = limit
    periodic_run(minutes_ago=1)
    failed_task(hours_ago=1)
    failed_task(hours_ago=23)
    failed_task(hours_ago=25)  # more than a day ago: not counted
    response = client.get("/readyz")
    assert response.status_code == (200 if ready else 503)
    check = response.json()["checks"]["failed_tasks"]
    assert check["count"] == 2
    assert check["ok"] is ready
    if not ready:
        assert check["detail"] == "2 tasks failed in the last 24 hours. More than 1."


def test_readyz_names_migrations_not_applied(client: Any,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MigrationExecutor, "migration_plan",
                        lambda self, targets: [("a migration", False), ("another", False)])
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["migrations"]
    assert body["checks"]["migrations"]["detail"] == (
        "2 migrations not applied: run manage.py migrate.")


def test_readyz_remembers_migrations_once_all_applied(
        client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    assert client.get("/readyz").status_code == 200
    monkeypatch.setattr(MigrationExecutor, "__init__", lambda *args, **kwargs: 1 / 0)
    assert client.get("/readyz").status_code == 200  # the graph is not loaded again


def test_readyz_database_down_says_so_without_the_error_text(
        client: Any, monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OperationalError(SECRET_TEXT)

    monkeypatch.setattr(connection, "cursor", refuse)
    # The database cache goes down with the database.
    monkeypatch.setattr(caches["default"], "set", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["database", "cache", "migrations", "worker", "failed_tasks"]
    assert body["checks"]["database"]["detail"] == "The database cannot be reached."
    assert body["checks"]["worker"]["detail"] == "Not checked: the database cannot be reached."
    text = response.content.decode()
    assert "hunter2" not in text and "db.internal" not in text
    assert settings.SECRET_KEY not in text


def test_readyz_cache_down_or_forgetful(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError(SECRET_TEXT)

    cache = caches["default"]
    monkeypatch.setattr(cache, "set", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]
    assert response.json()["checks"]["cache"]["detail"] == "The shared cache cannot be reached."
    assert "hunter2" not in response.content.decode()

    monkeypatch.setattr(cache, "set", lambda *args, **kwargs: None)
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    body = client.get("/readyz").json()
    assert body["checks"]["cache"] == {
        "ok": False, "detail": "The shared cache does not keep what is written to it."}


def test_probes_over_plain_http_are_not_redirected(client: Any, settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_status_command_says_ready(database_queue: None,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    periodic_run(minutes_ago=1)
    call_command("status")
    out = capsys.readouterr().out
    assert "ok   database: The database answers." in out
    assert "ok   worker: The worker ran the periodic job 1 minute ago." in out
    assert "ok   failed tasks: 0 tasks failed in the last 24 hours." in out
    assert "Tasks waiting: 0; running now: 0." in out
    assert out.rstrip().endswith("Ready.")


def test_status_command_fails_naming_what_is_not_ready(
        database_queue: None, capsys: pytest.CaptureFixture[str]) -> None:
    periodic_run(minutes_ago=None, status=TaskResultStatus.READY)
    with pytest.raises(CommandError, match=r"^Not ready: worker\.$") as failure:
        call_command("status")
    assert failure.value.returncode == 1
    out = capsys.readouterr().out
    assert "FAIL worker: No worker has run the periodic job yet" in out
    assert "Tasks waiting: 1; running now: 0." in out
