"""Sign-in email, sent by the task worker like every other email."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task
def send_account_email(*, subject: str, body: str, html: str, to: list[str],
                       from_email: str) -> None:
    """An email allauth rendered during the request (a sign-in code, for instance).

    Unlike the application emails, this task carries the rendered message: a code lives only in
    the signed-in session that asked for it, so the worker could not rebuild it. The code expires
    within minutes, and a stale copy in the task table is useless (ADR 0009).
    """
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
