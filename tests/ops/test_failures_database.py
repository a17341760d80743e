"""The database goes away under load and comes back: nobody is shown a server error or a dropped
connection, nothing is half-written, and no submission that was acknowledged is lost.

gunicorn with the production settings and 2 workers; 20 applicants send their applications (the
POST the "Send application" button makes, with the CSRF token from the page) while 2 hub staff
offer places (more applications than places). Meanwhile the database goes away:

- PostgreSQL: a throwaway cluster of its own (initdb into a temporary directory, its own port),
  restarted with ``pg_ctl restart -m fast`` once the first answer is back. Never the shared
  server: the other suite runs beside this one in CI.
- SQLite: the file held by another writer (BEGIN EXCLUSIVE, as a backup restore or a long
  migration would) for longer than the busy timeout.

Every answer is the normal one or the 503 "try again" page (workgroups/core/dbunavailable.py).
Each person whose answer was 503 tries again once the database is back, and is told it was sent
(or offered), or finds it had been. Afterwards the database holds every acknowledged submission
as sent, each with one audit event and its two status changes, and every offer with its audit
event, within the Work Group's places.
"""

from __future__ import annotations

import glob
import http.client
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.core.test_throttle_gunicorn import free_port
from tests.ops import outage_world
from tests.ops.test_failures_worker import ROOT, production_env
from tests.ops.test_two_servers import Gunicorn
from workgroups.core import clock

ON_POSTGRESQL = connection.vendor == "postgresql"
TRY_AGAIN = "Sorry, the service is not available at the moment"
# Long enough for a request queued behind the busy timeout on both workers.
HTTP_TIMEOUT = 60
# The whole run under load, outage included, finishes within this (the test, under 90 s).
RUN_SECONDS = 60


@dataclass
class Answer:
    status: int
    location: str = ""
    body: str = ""
    retry_after: str = ""

    @property
    def is_try_again(self) -> bool:
        return self.status == 503 and bool(self.retry_after) and TRY_AGAIN in self.body


class Browser:
    """One person's browser: their cookies, each request on a new connection (so any worker
    takes it), redirects not followed. A refused, reset or timed-out connection raises."""

    def __init__(self, port: int, cookies: dict[str, str]) -> None:
        self.port = port
        self.cookies = dict(cookies)

    def send(self, method: str, path: str, form: dict[str, str] | None = None) -> Answer:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=HTTP_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            for line in response.msg.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(line).items():
                    self.cookies[name] = morsel.value
            return Answer(response.status, response.getheader("Location", ""), text,
                          response.getheader("Retry-After", ""))
        finally:
            connection.close()


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


@dataclass
class Run:
    """What everyone saw. ``go`` lets the sending start (every form already loaded); ``back``
    says the database is reachable again, when those told to try again do."""

    go: threading.Event = field(default_factory=threading.Event)
    back: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    answers: list[tuple[str, int]] = field(default_factory=list)  # (what, status) of each
    unexpected: list[str] = field(default_factory=list)  # a 500, a dropped connection...
    acknowledged: set[int] = field(default_factory=set)  # told "sent"
    found_sent: set[int] = field(default_factory=set)  # on retry: it had been sent after all
    told_try_again: set[int] = field(default_factory=set)
    offered: set[int] = field(default_factory=set)  # told "place offered"
    refused_offers: set[int] = field(default_factory=set)  # told why not (full, or decided)

    def note(self, what: str, answer: Answer | None, error: BaseException | None = None) -> None:
        with self.lock:
            if answer is None:
                self.unexpected.append(f"{what}: {type(error).__name__}: {error}")
                return
            self.answers.append((what, answer.status))
            if answer.status >= 500 and not answer.is_try_again:
                self.unexpected.append(f"{what}: {answer.status} {answer.body[:300]}")

    def attempt(self, what: str, send: Callable[[], Answer]) -> Answer | None:
        try:
            answer = send()
        except OSError as error:  # refused, reset, timed out: a dropped request
            self.note(what, None, error)
            return None
        self.note(what, answer)
        return answer


def load_form(run: Run, browser: Browser, what: str, path: str) -> str | None:
    """GET the page with the form (again once the database is back, if it was away)."""
    for _ in range(2):
        answer = run.attempt(what, lambda: browser.send("GET", path))
        if answer is None:
            return None
        if answer.status == 200:
            return csrf_token(answer.body)
        if not answer.is_try_again:
            run.note(what, Answer(599, body=f"expected the form, got {answer.status} "
                                            f"{answer.location}"))
            return None
        run.back.wait(RUN_SECONDS)
    return None


def applicant(run: Run, port: int, cookie_name: str, entry: dict[str, Any]) -> None:
    pk = entry["application"]
    browser = Browser(port, {cookie_name: entry["cookie"]})
    check = f"/applications/{pk}/check/"
    token = load_form(run, browser, f"check page {pk}", check)
    if token is None:
        return
    run.go.wait(RUN_SECONDS)
    for attempt in ("send", "send again"):
        answer = run.attempt(f"{attempt} {pk}",
                             lambda: browser.send("POST", check, {"csrfmiddlewaretoken": token}))
        if answer is None:
            return
        if answer.status == 302 and answer.location.endswith(f"/applications/{pk}/sent/"):
            with run.lock:
                run.acknowledged.add(pk)
            return
        if attempt == "send again" and answer.status == 302 and answer.location.endswith(
                f"/applications/{pk}/"):
            with run.lock:  # the first try was committed, then its answer was lost
                run.found_sent.add(pk)
            return
        if not answer.is_try_again or attempt == "send again":
            run.note(f"{attempt} {pk}", Answer(599, body=f"{answer.status} {answer.location}"))
            return
        with run.lock:
            run.told_try_again.add(pk)
        run.back.wait(RUN_SECONDS)


def staff_member(run: Run, port: int, cookie_name: str, cookie: str, hub: str,
                 work_group: int, applications: list[int]) -> None:
    browser = Browser(port, {cookie_name: cookie})
    page = f"/staff/hubs/{hub}/applications/{applications[0]}/"
    token = load_form(run, browser, f"staff page {applications[0]}", page)
    if token is None:
        return
    run.go.wait(RUN_SECONDS)
    form = {"csrfmiddlewaretoken": token, "work_group": str(work_group)}
    again: list[int] = []
    for pass_name, pending in (("offer", applications), ("offer again", again)):
        if pass_name == "offer again":
            run.back.wait(RUN_SECONDS)
        for pk in list(pending):
            path = f"/staff/hubs/{hub}/applications/{pk}/offer/"
            answer = run.attempt(f"{pass_name} {pk}", partial(browser.send, "POST", path, form))
            if answer is None:
                continue
            if answer.status == 302 and answer.location == f"/staff/hubs/{hub}/applications/{pk}/":
                with run.lock:
                    run.offered.add(pk)
            elif answer.status == 422:  # the page again, saying why not: full, or decided
                with run.lock:
                    run.refused_offers.add(pk)
            elif answer.is_try_again and pass_name == "offer":
                again.append(pk)
            else:
                run.note(f"{pass_name} {pk}", Answer(599, body=f"{answer.status}"))


def run_under_load(port: int, world: dict[str, Any], outage: Callable[[Run], None]) -> Run:
    """Everyone loads their form, then sends at once; ``outage`` takes the database away and
    brings it back (setting ``run.back``) while they do."""
    run = Run()
    name = world["session_cookie_name"]
    half = len(world["waiting"]) // 2
    threads = [threading.Thread(target=applicant, args=(run, port, name, entry))
               for entry in world["applicants"]]
    threads += [threading.Thread(target=staff_member, args=(
        run, port, name, cookie, world["hub"], world["work_group"],
        world["waiting"][index * half:(index + 1) * half]))
        for index, cookie in enumerate(world["staff"])]
    for thread in threads:
        thread.start()
    try:
        # Every form loaded (each thread has one GET before it waits for ``go``).
        deadline = time.monotonic() + RUN_SECONDS
        while len(run.answers) + len(run.unexpected) < len(threads):
            assert time.monotonic() < deadline, "the forms did not load"
            time.sleep(0.05)
        outage(run)
    finally:
        run.go.set()
        run.back.set()
        for thread in threads:
            thread.join(timeout=RUN_SECONDS)
    assert not any(thread.is_alive() for thread in threads), "someone is still waiting"
    return run


def check_outcome(run: Run, world: dict[str, Any], facts: dict[str, Any]) -> None:
    assert run.unexpected == []
    assert run.told_try_again, "no submission met the outage: the test proved nothing"
    applications = facts["applications"]
    sent = {entry["application"] for entry in world["applicants"]}
    # Everyone was told it was sent: at once, on retry, or by finding it sent on retry.
    assert run.acknowledged | run.found_sent == sent
    assert run.found_sent <= run.told_try_again
    for pk in sent:  # each sent exactly once, whole: status, time, audit event, history
        held = applications[str(pk)]
        assert held["status"] == "ready_for_review" and held["submitted"], (pk, held)
        assert held["submitted_events"] == 1, (pk, held)
        assert held["emails"].count("submitted") == 1, (pk, held)  # queued with the change
        assert held["changes"] == [["", "draft"], ["draft", "submitted"],
                                   ["submitted", "ready_for_review"]], (pk, held)
    # Offers: each told "offered" holds its place with one audit event; the rest hold none;
    # the places taken are those offers, never more than the Work Group has.
    waiting = set(world["waiting"])
    assert run.offered | run.refused_offers == waiting
    for pk in waiting:
        held = applications[str(pk)]
        given = [["submitted", "ready_for_review"], ["ready_for_review", "offered"]]
        if held["status"] == "offered":
            assert held["offered_events"] == 1 and held["offered_at"], (pk, held)
            assert held["work_group"] == world["work_group"], (pk, held)
            assert held["changes"] == given, (pk, held)
            assert held["emails"].count("offered") == 1, (pk, held)
        else:
            assert held["status"] == "ready_for_review", (pk, held)
            assert held["offered_events"] == 0 and held["work_group"] is None, (pk, held)
            assert held["changes"] == given[:1], (pk, held)
            assert "offered" not in held["emails"], (pk, held)
    offered = {pk for pk in waiting if applications[str(pk)]["status"] == "offered"}
    assert run.offered <= offered
    assert len(offered) == world["places"]  # every place given, none twice
    assert facts["places"] == {str(world["work_group"]): world["places"]}


# --- PostgreSQL: a throwaway cluster, restarted ---------------------------------------------------

def postgresql_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


class Cluster:
    """A PostgreSQL cluster of the test's own in a temporary directory, on a loopback port of
    its own, its socket in that directory. As root (CI) its programs run as ``postgres``:
    PostgreSQL refuses to run as root."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="workgroups-outage-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.root, user="postgres")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/workgroups"

    def _run(self, program: str, *arguments: str, timeout: int = 60) -> None:
        command = [str(self.bin_dir / program), *arguments]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        # Into a file, not a pipe: the server pg_ctl starts would hold a pipe open, and waiting
        # for its end would wait for the server to stop.
        output = self.root / f"{program}.out"
        with output.open("w") as sink:
            done = subprocess.run(command, stdout=sink, stderr=subprocess.STDOUT,
                                  timeout=timeout, check=False)
        assert done.returncode == 0, f"{program} failed: {output.read_text()[-2000:]}"

    def create(self) -> None:
        # No fsync: the cluster is thrown away, and a restart still loses no committed row.
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--no-sync")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                  "workgroups")

    def _options(self) -> str:
        return (f"-p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off "
                f"-c unix_socket_directories={self.root}")

    def start(self) -> None:
        self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w",
                  "-o", self._options())

    def restart(self) -> None:
        # Fast: open connections are cut mid-transaction, as a restart by an operator does.
        self._run("pg_ctl", "restart", "-D", str(self.data), "-l", str(self.log), "-m", "fast",
                  "-w", "-o", self._options())

    def destroy(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def world_process(env: dict[str, str], command: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "tests.ops.outage_world", command], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    bin_dir = postgresql_bin()
    if bin_dir is None:
        # .ci/run installs PostgreSQL: there a missing cluster program is a failure.
        if os.environ.get("CI"):
            pytest.fail("no PostgreSQL programs (initdb, pg_ctl) under /usr/lib/postgresql")
        pytest.skip("no PostgreSQL programs (initdb, pg_ctl) to make a throwaway cluster")
    made = Cluster(bin_dir)
    try:
        made.create()
        yield made
    finally:
        made.destroy()


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the PostgreSQL outage runs in the PostgreSQL "
                                              "suite; the SQLite one has its own below")
def test_a_postgresql_restart_under_load_loses_nothing_acknowledged(cluster, tmp_path):
    env = production_env(tmp_path, DATABASE_URL=cluster.url,
                         WORKGROUPS_CLOCK=outage_world.CLOCK)
    migrate = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); "
         "from django.core.management import call_command; "
         "call_command('migrate', verbosity=0); call_command('createcachetable')"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    world = world_process(env, "seed")
    server = Gunicorn(tmp_path / "web", port=free_port(), env=env, workers=2)
    try:
        server.wait_ready()

        def restart_once_answers_come_back(run: Run) -> None:
            run.go.set()
            deadline = time.monotonic() + RUN_SECONDS
            # As soon as the first answer is back: the rest are in flight or queued.
            while not run.acknowledged and not run.offered:
                assert time.monotonic() < deadline, "nothing was sent"
                time.sleep(0.005)
            cluster.restart()
            run.back.set()

        run = run_under_load(server.port, world, restart_once_answers_come_back)
    finally:
        server.stop()
    check_outcome(run, world, world_process(env, "facts"))


# --- SQLite: the file held by another writer past the busy timeout --------------------------------

@pytest.mark.skipif(ON_POSTGRESQL, reason="the SQLite outage runs in the SQLite suite")
@pytest.mark.django_db(transaction=True)
def test_a_sqlite_file_held_past_the_busy_timeout_loses_nothing_acknowledged(settings,
                                                                           tmp_path):
    # The world is made in this process, on the suite's database (nobody types a password, so
    # the suite's fast hasher does not matter).
    settings.WORKGROUPS_PINNED_NOW = datetime.fromisoformat(outage_world.CLOCK).replace(
        tzinfo=clock.LONDON)
    # The sessions made here are signed with this process's key: the service must share it.
    env = production_env(tmp_path, WORKGROUPS_CLOCK=outage_world.CLOCK,
                         DJANGO_SECRET_KEY=settings.SECRET_KEY)
    world = outage_world.seed()
    busy_seconds = float(connection.settings_dict["OPTIONS"]["timeout"])
    server = Gunicorn(tmp_path / "web", port=free_port(), env=env, workers=2)
    try:
        server.wait_ready()

        def hold_the_file(run: Run) -> None:
            holder = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
            try:
                holder.execute("BEGIN EXCLUSIVE")
                run.go.set()
                time.sleep(busy_seconds + 3)  # every sender waiting now gives up first
                holder.execute("ROLLBACK")
            finally:
                holder.close()
            run.back.set()

        run = run_under_load(server.port, world, hold_the_file)
    finally:
        server.stop()
    check_outcome(run, world, outage_world.facts())
