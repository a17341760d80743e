"""Sending email: a plain-text template with the same words as simple HTML beside it, headers
that typed text cannot break, and email tasks that retry and then record what failed.

Every email task is declared with ``email_task``. When sending fails the task is queued again
later (``RETRY_DELAYS``: bounded, each wait longer than the last); after the last attempt the
failure is written to ``FailedEmail`` for the hub's staff, who can send it again from their
failed-messages page. Nothing is dropped silently. django.tasks and django-tasks-db have no
retries of their own (django-tasks-db issue 7: "semantics ... still not decided"), so the
retry is a new task with ``run_after``.
"""

from __future__ import annotations

import functools
import logging
import smtplib
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from typing import Any, cast

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.message import EmailAlternative
from django.db import IntegrityError, models, transaction
from django.tasks import Task, task
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from workgroups.core import clock

logger = logging.getLogger(__name__)

# Waits before the second, third and fourth attempts; after the fourth the email is recorded
# as failed. About 70 minutes in all: long enough for a mail server to come back.
RETRY_DELAYS: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10),
                                       timedelta(hours=1))
# A sign-in code lasts minutes, so its email is retried only while the code could still work.
SIGN_IN_RETRY_DELAYS: tuple[timedelta, ...] = (timedelta(seconds=20), timedelta(minutes=1))
ATTEMPT_ARGUMENT = "email_attempt"


def retry_span_words() -> str:
    """How long an email is retried for, in words (the failed-emails page says it)."""
    minutes = int(sum(RETRY_DELAYS, timedelta()).total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    parts = ([f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []) + (
        [f"{minutes} minute{'s' if minutes != 1 else ''}"] if minutes else [])
    return " ".join(parts) or "a moment"

# Every email task by its path: sending a failed email again may only queue one of these.
EMAIL_TASKS: dict[str, Task[..., None]] = {}


def absolute(path: str) -> str:
    """A link in an email: the address people reach the product at, then the path."""
    return settings.WORKGROUPS_SITE_URL + path


def header_text(text: str) -> str:
    """``text`` made safe for a header: line breaks and other control characters (which could
    start a new header, or make the mail library refuse the message) become spaces."""
    cleaned = "".join(" " if unicodedata.category(char).startswith("C") else char
                      for char in text)
    return " ".join(cleaned.split())


class EmailNotSent(Exception):
    """Sending failed; says which hub's message it was and to whom, for the failure record."""

    def __init__(self, *, hub_id: int | None, recipient: str, subject: str,
                 reason: str) -> None:
        super().__init__(reason)
        self.hub_id = hub_id
        self.recipient = recipient
        self.subject = subject
        self.reason = reason


def failure_reason(error: BaseException) -> str:
    """What went wrong, in words for hub staff (never the server's own text, which may quote
    addresses or message contents)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "The mail server refused the address."
    if isinstance(error, smtplib.SMTPSenderRefused):
        return "The mail server refused our sending address."
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return "The mail server did not accept our sign-in."
    if isinstance(error, smtplib.SMTPException | ConnectionError | TimeoutError | OSError):
        return "We could not reach the mail server."
    return "The message could not be put together or sent."


def check_it_footer(*, html: bool = False) -> str:
    """The line every service email ends with: where to check it, from the service's own
    settings (never from anything typed), and that quoted words are a person's, not ours."""
    quoted = ("shown as a quotation, with a bar down the side," if html
              else "after a \"> \" mark")
    return (f"Checking this email is from Maths Hub Work Groups: our emails come from "
            f"{settings.DEFAULT_FROM_EMAIL} and our links go to {settings.WORKGROUPS_SITE_URL} "
            f"only. If you are unsure, type {settings.WORKGROUPS_SITE_URL} into your browser "
            f"yourself rather than following a link. Words {quoted} were typed by a person, "
            f"not written by the service.")


def _with_footer(message: EmailMessage) -> None:
    footer = check_it_footer()
    message.body = f"{str(message.body).rstrip()}\n\n--\n{footer}\n"
    if isinstance(message, EmailMultiAlternatives):
        block = ('<hr><p style="font-size: 0.9em; color: #505a5f">'
                 f'{escape(check_it_footer(html=True))}</p>')
        for index, (content, mimetype) in enumerate(list(message.alternatives)):
            if mimetype == "text/html":
                text = str(content)
                at = text.rfind("</body>")
                message.alternatives[index] = EmailAlternative(
                    (text[:at] + block + "\n" + text[at:]) if at >= 0 else text + block,
                    mimetype)


def deliver(message: EmailMessage, *, hub: models.Model | None) -> None:
    """Send one message; a failure names the hub and recipient for the record.

    Headers carry no name anyone typed: recipients are bare addresses (validated when saved)
    and the subject, which names programmes and hubs, is made single-line here whatever the
    task built. People's names appear only in the body."""
    message.subject = header_text(str(message.subject))
    _with_footer(message)
    try:
        message.send()
    except Exception as error:
        raise EmailNotSent(hub_id=hub.pk if hub is not None else None,
                           recipient=", ".join(message.to), subject=str(message.subject),
                           reason=failure_reason(error)) from error


@contextmanager
def building_for(*, hub: models.Model | None, to: str, subject: str) -> Iterator[None]:
    """A message that cannot be built (a template or context error) fails like one that
    cannot be sent: retried, then listed for its hub's staff."""
    try:
        yield
    except EmailNotSent:
        raise
    except Exception as error:
        raise EmailNotSent(hub_id=hub.pk if hub is not None else None, recipient=to,
                           subject=header_text(subject), reason=failure_reason(error)) from error


def send_plain(*, subject: str, template: str, context: dict[str, object], to: str,
               reply_to: str = "", hub: models.Model | None = None,
               attachments: Sequence[tuple[str, bytes, str]] = ()) -> None:
    """Render ``template`` (plain text) and send it with an HTML copy of the same words. A
    message that cannot be rendered fails like one that cannot be sent: retried, then listed
    for the hub's staff."""
    try:
        body = render_to_string(template, context)
        message = EmailMultiAlternatives(subject=subject, body=body, to=[to],
                                         reply_to=[reply_to] if reply_to else None)
        # The text template renders with autoescape off, so escape it all here: names and
        # reasons people typed must reach the HTML part as text, never as markup.
        message.attach_alternative(
            render_to_string("email/plain_as_html.html", {"subject": subject,
                                                          "body": escape(body)}),
            "text/html")
        for filename, content, mimetype in attachments:
            message.attach(filename, content, mimetype)
    except Exception as error:
        raise EmailNotSent(hub_id=hub.pk if hub is not None else None, recipient=to,
                           subject=header_text(subject), reason=failure_reason(error)) from error
    deliver(message, hub=hub)


def email_once(key: str) -> bool:
    """Claim ``key``; True the first time only. Call it in the transaction that queues the
    email, so the claim commits (or rolls back) with the change that causes it."""
    from workgroups.core.models import EmailOnce

    try:
        with transaction.atomic():
            EmailOnce.objects.create(key=key[:200], claimed_at=clock.now())
    except IntegrityError:
        return False
    return True


def email_task[**P](*, retry_delays: tuple[timedelta, ...] = RETRY_DELAYS,
                    keep_arguments: bool = True
                    ) -> Callable[[Callable[P, None]], Task[P, None]]:
    """Declare an email task: run it, and if sending fails, try again after each of
    ``retry_delays``, then record the failure. ``keep_arguments=False`` for a task whose
    arguments hold the message itself (a sign-in code): its record keeps none of them."""

    def decorate(function: Callable[P, None]) -> Task[P, None]:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> None:
            attempt = int(kwargs.pop(ATTEMPT_ARGUMENT, 1))
            try:
                function(*args, **kwargs)
            except Exception as error:
                _after_failure(email=queued, args=list(args), kwargs=kwargs, attempt=attempt,
                               error=error, retry_delays=retry_delays,
                               keep_arguments=keep_arguments)

        queued = task(run)
        EMAIL_TASKS[queued.module_path] = queued
        return cast("Task[P, None]", queued)

    return decorate


def _after_failure(*, email: Task[..., None], args: list[Any], kwargs: dict[str, Any],
                   attempt: int, error: Exception, retry_delays: tuple[timedelta, ...],
                   keep_arguments: bool) -> None:
    cause = error.__cause__ if isinstance(error, EmailNotSent) and error.__cause__ else error
    # Logged by kind only: a mail server's message may quote the address.
    if attempt <= len(retry_delays):
        delay = retry_delays[attempt - 1]
        logger.warning("Email task %s failed on attempt %d (%s); trying again in %s",
                       email.module_path, attempt, type(cause).__name__, delay)
        again = (email.using(run_after=timezone.now() + delay)
                 if email.get_backend().supports_defer else email)
        again.enqueue(*args, **{**kwargs, ATTEMPT_ARGUMENT: attempt + 1})
        raise RuntimeError(f"Attempt {attempt} failed ({type(cause).__name__}); "
                           f"queued again") from None
    record = failed_email_record(email=email, args=args, kwargs=kwargs, attempts=attempt,
                                 error=error, keep_arguments=keep_arguments)
    logger.error("Email task %s failed %d times (%s); recorded as failed email %s",
                 email.module_path, attempt, type(cause).__name__, record.pk)
    raise RuntimeError(f"Gave up after {attempt} attempts ({type(cause).__name__}); "
                       f"recorded as failed email {record.pk}") from None


def failed_email_record(*, email: Task[..., None], args: list[Any], kwargs: dict[str, Any],
                        attempts: int, error: Exception, keep_arguments: bool) -> Any:
    """Write the failure for the hub's staff (or, with no hub, for the service's admins)."""
    from workgroups.core.models import FailedEmail

    known = error if isinstance(error, EmailNotSent) else None
    return FailedEmail.objects.create(
        hub_id=known.hub_id if known else None, task_path=email.module_path,
        arguments={"args": args, "kwargs": kwargs} if keep_arguments else {},
        can_send_again=keep_arguments,
        recipient=known.recipient if known else "",
        subject=(known.subject if known else "")[:300],
        reason=known.reason if known else failure_reason(error),
        attempts=attempts, failed_at=clock.now())
