"""Sign-in and team invitation emails, sent by the task worker like every other email."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives

from workgroups.core.email import SIGN_IN_RETRY_DELAYS, deliver, email_task, send_plain


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


# The link holds the invitation's token, which is stored nowhere else: a failure is recorded
# without the arguments, and the hub lead sends a new invitation instead.
@email_task(keep_arguments=False)
def send_team_invitation_email(*, invitation_id: int, link: str) -> None:
    """Tell someone they are invited to a hub's team, with the link to accept (sent only while
    the invitation is still open)."""
    from workgroups.accounts.models import TeamInvitation

    invitation = (TeamInvitation.objects.select_related("hub", "invited_by")
                  .filter(pk=invitation_id, accepted_at__isnull=True, cancelled_at__isnull=True)
                  .first())
    if invitation is None:
        return
    hub = invitation.hub
    send_plain(
        subject=f"You are invited to join {hub.name} as {invitation.get_role_display().lower()}",
        template="accounts/email/team_invitation.txt",
        context={"invitation": invitation, "hub": hub, "link": link,
                 "role": invitation.get_role_display(),
                 "invited_by": invitation.invited_by.get_full_name()
                 if invitation.invited_by else "",
                 "expires": invitation.expires_at},
        to=invitation.email, reply_to=hub.contact_email, hub=hub)


@email_task()
def send_new_browser_email(*, user_id: int, description: str, at: str) -> None:
    """Tell someone their account was signed in to from a browser it had not been used in."""
    from datetime import datetime

    from django.urls import reverse

    from workgroups.accounts.models import User
    from workgroups.core.email import absolute

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    send_plain(subject="New sign-in to your Maths Hub Work Groups account",
               template="accounts/email/new_browser.txt",
               context={"description": description, "at": datetime.fromisoformat(at),
                        "security_url": absolute(reverse("mfa_index")),
                        "password_url": absolute(reverse("account_reset_password"))},
               to=user.email, hub=None)
