"""Two web servers (two gunicorn masters on different loopback ports, standing in for two
machines) behind the same database and Redis (the database cache when no Redis runs) behave as
one service: a session made on one is signed in on the other, wrong passwords spread over both
lock the account on both, and the periodic job queued from both machines runs once."""

from __future__ import annotations

import http.cookiejar
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests import factories
from tests.core.test_throttle_gunicorn import (
    PASSWORD,
    REDIS_URL,
    NoRedirect,
    Server,
    free_port,
    redis_running,
)
from tests.ops.test_failures_worker import (
    DATABASE_QUEUE,
    ROOT,
    production_env,
    start_worker,
    stop,
)
from workgroups.accounts.signin import PASSWORDS_PER_ACCOUNT
from workgroups.ops.tasks import run_periodic_jobs

pytestmark = pytest.mark.django_db(transaction=True)

PORTS = (free_port(), free_port())  # each test process its own: CI runs two suites at once


class Gunicorn(Server):
    """The throttle test's server (its readiness wait, sign-in and stop), started with the
    production gunicorn config on a port of ours with the environment given."""

    def __init__(self, tmp_path: Path, *, port: int, env: dict[str, str],
                 workers: int = 2) -> None:
        tmp_path.mkdir(parents=True, exist_ok=True)
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.access_log = tmp_path / "access.log"
        self.error_log = tmp_path / "error.log"
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--config", "config/gunicorn.conf.py",
             "--access-logformat", '%(p)s %(s)s "%(r)s"', "config.wsgi"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**env, "WEB_CONCURRENCY": str(workers), "GUNICORN_BIND": f"127.0.0.1:{port}",
                 "GUNICORN_ACCESS_LOG": str(self.access_log),
                 "GUNICORN_ERROR_LOG": str(self.error_log)})

    def pids_serving_gets(self) -> set[str]:
        lines = self.access_log.read_text().splitlines() if self.access_log.exists() else []
        return {line.split()[0] for line in lines if '"GET ' in line}


def web_env(tmp_path: Path) -> dict[str, str]:
    """Both machines' settings: production, one database, one Redis (one key prefix)."""
    shared = ({"REDIS_URL": REDIS_URL, "WORKGROUPS_CACHE_PREFIX": f"two-{uuid.uuid4().hex}"}
              if redis_running() else {})
    # The throttles count in windows of the product clock: pinned, a slow run cannot straddle one.
    return production_env(tmp_path, WORKGROUPS_CLOCK="2025-01-15T10:02", **shared)


@pytest.fixture
def machines(tmp_path: Path, settings) -> Iterator[tuple[Gunicorn, Gunicorn]]:
    # Passwords stored as production stores them (the test settings' fast hasher is unknown to it).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    cache.clear()
    env = web_env(tmp_path)
    started = [Gunicorn(tmp_path / f"machine-{port}", port=port, env=env) for port in PORTS]
    try:
        for server in started:
            server.wait_ready()
        yield started[0], started[1]
    finally:
        for server in started:
            server.stop()


def person(email: str) -> None:
    user = factories.user(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)


def signed_in_browser(server: Server, email: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    with browser.open(server.base + "/accounts/login/", timeout=20) as page:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())
    assert token
    data = urllib.parse.urlencode({"login": email, "password": PASSWORD,
                                   "csrfmiddlewaretoken": token.group(1)}).encode()
    code, where = status_of(browser, server.base + "/accounts/login/", data)
    assert code == 302, where
    return browser


def status_of(browser: urllib.request.OpenerDirector, url: str,
              data: bytes | None = None) -> tuple[int, str]:
    try:
        with browser.open(url, data=data, timeout=20) as response:
            return response.status, response.read().decode()[:3000]
    except urllib.error.HTTPError as error:
        return error.code, str(error.headers.get("Location", ""))


def test_a_session_made_on_one_machine_is_signed_in_on_the_other(machines):
    one, other = machines
    person("teacher@school.example.org")
    browser = signed_in_browser(one, "teacher@school.example.org")
    mine = "/applications/"
    # Signed in on the other machine: their own applications page, not the way in.
    assert status_of(browser, one.base + mine)[0] == 200
    assert status_of(browser, other.base + mine)[0] == 200
    code, where = status_of(urllib.request.build_opener(NoRedirect()), other.base + mine)
    assert code == 302 and "/accounts/" in where  # no session: sent to sign in


def test_wrong_passwords_spread_over_both_machines_lock_the_account_on_both(machines):
    one, other = machines
    person("staff@hub.example.org")
    login = {"login": "staff@hub.example.org"}
    for attempt in range(PASSWORDS_PER_ACCOUNT.limit):
        server = machines[attempt % 2]
        status, page = server.sign_in("/accounts/login/", {**login, "password": "wrong"})
        assert status == 200 and "Too many attempts" not in page
    for server in (one, other):
        status, page = server.sign_in("/accounts/login/", {**login, "password": PASSWORD})
        assert status == 200 and "Too many attempts" in page
    assert one.pids_serving_posts() and other.pids_serving_posts()  # both took wrong passwords


def test_the_periodic_job_queued_from_both_machines_runs_once(settings, tmp_path):
    settings.TASKS = DATABASE_QUEUE
    env = production_env(tmp_path,
                         DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    for _machine in PORTS:  # each machine's `make worker` queues the job before its worker starts
        subprocess.run([sys.executable, "manage.py", "schedule_periodic_jobs", "--skip-checks"],
                       cwd=ROOT, env=env, check=True, capture_output=True, timeout=60)
    runs = DBTaskResult.objects.filter(task_path=run_periodic_jobs.module_path)
    assert runs.filter(status=TaskResultStatus.READY).count() == 1
    workers = [start_worker(env, batch=True, worker_id=f"machine-{port}") for port in PORTS]
    try:
        for process in workers:
            assert process.wait(timeout=60) == 0
    finally:
        for process in workers:
            stop(process)
    # Run once by one of the two workers; the run queued the next one, an interval later.
    done = runs.get(status=TaskResultStatus.SUCCESSFUL)
    assert len(done.worker_ids) == 1
    later = runs.get(status=TaskResultStatus.READY)
    assert later.run_after > done.finished_at
    assert runs.count() == 2
