"""Sign-in email, sent by the task worker like every other email."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives

from workgroups.core.email import SIGN_IN_RETRY_DELAYS, deliver, email_task


# Retried only while a code could still work; a failure is recorded without these arguments
# (they hold the code), so staff never see a code and it can never be sent again stale.
@email_task(retry_delays=SIGN_IN_RETRY_DELAYS, keep_arguments=False)
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
    deliver(message, hub=None)
