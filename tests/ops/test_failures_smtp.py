"""SMTP refusing connections, then coming back: the task worker (db_worker with the production
settings' SMTP backend) fails to reach the mail server, queues the email again after each of the
growing waits (workgroups/core/email.py RETRY_DELAYS), and sends it, once, when the server
answers. The mail server is a local stand-in speaking just enough SMTP; "refusing" is nothing
listening on its port. Time passing is the test moving the queued retry's run_after to now."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.core.test_throttle_gunicorn import free_port
from tests.ops.test_failures_worker import production_env, queued_message_emails, start_worker
from workgroups.core.email import RETRY_DELAYS
from workgroups.core.models import FailedEmail
from workgroups.messaging.models import MessageRecipient, MessageRecipientStatus

pytestmark = pytest.mark.django_db(transaction=True)

SMTP_PORT = free_port()  # each test process its own: the two suites run side by side in CI


class FakeSMTP(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes]] = []
        super().__init__(("127.0.0.1", SMTP_PORT), SMTPConversation)


class SMTPConversation(socketserver.StreamRequestHandler):
    server: FakeSMTP

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        recipients: list[str] = []
        self.reply("220 fake.example.org ESMTP")
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 fake.example.org")
            elif command.startswith("RCPT TO:"):
                recipients.append(line.decode().strip()[8:].strip("<> "))
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                body = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    body += chunk
                self.server.received.append((recipients, body))
                recipients = []
                self.reply("250 OK queued")
            elif command == "QUIT":
                self.reply("221 Bye")
                return
            else:  # MAIL FROM, RSET, NOOP
                self.reply("250 OK")


@pytest.fixture
def mail_server() -> Iterator[FakeSMTP]:
    server = FakeSMTP.__new__(FakeSMTP)  # made, not yet listening: connections are refused
    yield server
    if getattr(server, "socket", None) is not None:
        server.shutdown()
        server.server_close()


def listen(server: FakeSMTP) -> None:
    FakeSMTP.__init__(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()


def run_worker_once(env: dict[str, str]) -> None:
    worker = start_worker(env, batch=True, worker_id="worker")
    try:
        assert worker.wait(timeout=60) == 0, worker.stderr.read() if worker.stderr else ""
    finally:
        if worker.stderr is not None:
            worker.stderr.close()


def the_retry() -> DBTaskResult[Any, Any]:
    return DBTaskResult.objects.get(status=TaskResultStatus.READY)


def test_an_email_is_retried_with_back_off_while_smtp_refuses_and_sent_when_it_returns(
        settings, tmp_path: Path, mail_server: FakeSMTP) -> None:
    [address] = queued_message_emails(settings, 1)
    env = production_env(tmp_path,
                         DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                         DJANGO_EMAIL_HOST="127.0.0.1", DJANGO_EMAIL_PORT=str(SMTP_PORT))
    waits = []
    for _refused in RETRY_DELAYS[:2]:  # the mail server is down for the first two attempts
        run_worker_once(env)
        retry = the_retry()
        waits.append(retry.run_after - retry.enqueued_at)
        assert MessageRecipient.objects.get().status == MessageRecipientStatus.FAILED
        # That much later: the retry is due.
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    for wait, delay in zip(waits, RETRY_DELAYS, strict=False):
        assert abs(wait - delay) < timedelta(seconds=30)  # 1 minute, then 10: growing
    assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count() == 2
    assert mail_server.__dict__.get("received") is None  # nothing reached any server yet

    listen(mail_server)  # the mail server is back
    run_worker_once(env)

    assert [recipients for recipients, _body in mail_server.received] == [[address]]
    assert b"The second session is now in the library." in mail_server.received[0][1]
    assert MessageRecipient.objects.get().status == MessageRecipientStatus.SENT
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    assert not FailedEmail.objects.exists()  # recovered before the last attempt: no failure kept
