"""The sign-in throttles hold across processes: gunicorn with 4 workers on a loopback port,
counting in the database cache (this test database, SQLite file or PostgreSQL) and in Redis.
After 5 wrong passwords, spread over the workers, the right one is refused too, for a superuser
on their way to the Django admin (which has no password form of its own) and for hub staff."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.db import connection

from tests import factories
from workgroups.accounts.signin import PASSWORDS_PER_ACCOUNT

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"
REDIS_URL = os.environ.get("WORKGROUPS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def redis_running() -> bool:
    parsed = urllib.parse.urlparse(REDIS_URL)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379),
                                      timeout=1):
            return True
    except OSError:
        return False


class Server:
    def __init__(self, tmp_path: Path, *, redis: bool) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.access_log = tmp_path / "access.log"
        database = connection.settings_dict
        # The throttles count in fixed windows of the product clock: pinned, a slow run on a
        # busy machine cannot straddle the edge of a window and start counting again.
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings",
               "DJANGO_SECURE_COOKIES": "0", "WORKGROUPS_CLOCK": "2025-01-15T10:02",
               "PYTHONPATH": str(ROOT)}
        env.pop("REDIS_URL", None)
        if redis:
            env["REDIS_URL"] = REDIS_URL
            env["WORKGROUPS_CACHE_PREFIX"] = f"throttle-test-{uuid.uuid4().hex}"
        if database["ENGINE"] == "django.db.backends.sqlite3":
            env.pop("DATABASE_URL", None)
            env["WORKGROUPS_SQLITE_PATH"] = str(database["NAME"])
        else:
            secret = urllib.parse.quote(str(database["PASSWORD"] or ""))
            login = database["USER"] + (f":{secret}" if secret else "")
            env["DATABASE_URL"] = (f"postgres://{login}@{database['HOST'] or '127.0.0.1'}:"
                                   f"{database['PORT'] or 5432}/{database['NAME']}")
        self.error_log = tmp_path / "error.log"
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--workers", "4",
             "--bind", f"127.0.0.1:{self.port}", "--access-logfile", str(self.access_log),
             "--access-logformat", '%(p)s %(s)s "%(r)s"', "--error-logfile",
             str(self.error_log)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(self.error_log.read_text()[-3000:])
            try:
                with urllib.request.urlopen(  # noqa: S310  (our own loopback server)
                        self.base + "/django-admin/login/", timeout=5):
                    return
            except OSError:  # not listening yet, or still starting its workers
                time.sleep(0.3)
        raise AssertionError("gunicorn did not answer")

    def stop(self) -> None:
        # By its PID: the gunicorn master stops its workers on SIGTERM.
        os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def where_sent(self, path: str) -> str:
        """Where a GET of ``path`` redirects to."""
        opener = urllib.request.build_opener(NoRedirect())
        try:
            with opener.open(self.base + path, timeout=20) as response:
                return str(response.headers.get("Location", ""))
        except urllib.error.HTTPError as error:
            return str(error.headers.get("Location", ""))

    def sign_in(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        """A new browser each time (fresh cookies, a new connection, so any worker)."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),
                                             NoRedirect())
        with opener.open(self.base + path, timeout=20) as page:
            html = page.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert token, html[:500]
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token.group(1)}).encode()
        try:
            with opener.open(self.base + path, data=data, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def pids_serving_posts(self) -> set[str]:
        lines = self.access_log.read_text().splitlines() if self.access_log.exists() else []
        return {line.split()[0] for line in lines if '"POST ' in line}


@pytest.fixture(params=["database", "redis"])
def server(request, tmp_path) -> Iterator[Server]:
    if request.param == "redis" and not redis_running():
        # .ci/run starts Redis; under CI a missing server is a failure, never a skip.
        if os.environ.get("CI"):
            pytest.fail("no Redis server at " + REDIS_URL)
        pytest.skip("no Redis server at " + REDIS_URL)
    cache.clear()
    running = Server(tmp_path, redis=request.param == "redis")
    try:
        running.wait_ready()
        yield running
    finally:
        running.stop()


def person(email: str, **kwargs: bool) -> None:
    user = factories.user(email=email, password=PASSWORD, **kwargs)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)


def test_wrong_passwords_across_four_workers_lock_the_admin_and_staff_sign_in(server):
    person("admin@example.org", is_staff=True, is_superuser=True)
    person("staff@hub.example.org")
    to_admin = "/accounts/login/?next=/django-admin/"
    # The admin's own login has no password form: it sends people to the one sign-in.
    assert server.where_sent("/django-admin/login/").startswith("/accounts/login/?next=")
    admin = {"login": "admin@example.org"}
    staff = {"login": "staff@hub.example.org"}
    status, _ = server.sign_in(to_admin, {**admin, "password": PASSWORD})
    assert status == 302  # the right password is taken while nothing has failed
    for _ in range(PASSWORDS_PER_ACCOUNT.limit):
        status, page = server.sign_in(to_admin, {**admin, "password": "wrong-1"})
        assert status == 200 and "Too many attempts" not in page
        status, page = server.sign_in("/accounts/login/", {**staff, "password": "wrong-2"})
        assert status == 200 and "Too many attempts" not in page
    status, page = server.sign_in(to_admin, {**admin, "password": PASSWORD})
    assert status == 200 and "Too many attempts" in page
    status, page = server.sign_in("/accounts/login/", {**staff, "password": PASSWORD})
    assert status == 200 and "Too many attempts" in page
    assert len(server.pids_serving_posts()) >= 2  # the count was shared, not per worker
