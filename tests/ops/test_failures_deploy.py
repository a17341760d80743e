"""A deploy under load drops no request: gunicorn with the production config and 2 workers serves
a public page to two clients sending 200 requests between them while the master is sent SIGHUP
(what `systemctl reload` and a deploy do: new workers start, the old ones finish what they hold
and go). Every response is 200, and requests were served by the old workers and the new."""

from __future__ import annotations

import os
import signal
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.core.test_throttle_gunicorn import free_port
from tests.ops.test_failures_worker import production_env
from tests.ops.test_two_servers import Gunicorn

pytestmark = pytest.mark.django_db(transaction=True)

PORT = free_port()  # each test process its own: the two suites run side by side in CI
REQUESTS = 200


def test_sighup_under_load_drops_no_request(tmp_path):
    server = Gunicorn(tmp_path, port=PORT, env=production_env(tmp_path), workers=2)
    statuses: list[int | str] = []
    lock = threading.Lock()

    def client(count: int) -> None:
        for _ in range(count):
            try:
                with urllib.request.urlopen(server.base + "/", timeout=30) as response:  # noqa: S310
                    response.read()
                    outcome: int | str = response.status
            except urllib.error.HTTPError as error:
                outcome = error.code
            except OSError as error:  # refused or reset: a dropped request
                outcome = type(error).__name__
            with lock:
                statuses.append(outcome)

    try:
        server.wait_ready()
        clients = [threading.Thread(target=client, args=(REQUESTS // 2,)) for _ in range(2)]
        for thread in clients:
            thread.start()
        while len(statuses) < REQUESTS // 3:
            time.sleep(0.01)
        os.kill(server.process.pid, signal.SIGHUP)  # by its PID: only the master we started
        for thread in clients:
            thread.join(timeout=120)
        assert len(statuses) == REQUESTS
        assert statuses == [200] * REQUESTS, [s for s in statuses if s != 200]
        # The two first workers and at least one started by the reload served them.
        assert len(server.pids_serving_gets()) >= 3, server.pids_serving_gets()
    finally:
        server.stop()
