"""Invitation emails, sent by the task worker (ids in the queue, never addresses)."""

from __future__ import annotations

from django.tasks import task
from django.urls import reverse

from workgroups.core.email import absolute, send_plain
from workgroups.progression import links
from workgroups.progression.models import Invitation


@task
def send_invitation_email(invitation_id: int) -> None:
    invitation = (Invitation.objects.select_related(
        "offering__hub", "offering__programme", "offering__academic_year", "completed_programme")
        .filter(pk=invitation_id, status="sent").first())
    if invitation is None:
        return
    offering = invitation.offering
    contact = offering.contact_email or offering.hub.contact_email
    send_plain(
        subject=f"Your next step: {offering.programme.title} ({offering.academic_year.label})",
        template="progression/email/invitation.txt",
        context={"invitation": invitation, "offering": offering, "hub": offering.hub,
                 "programme": offering.programme, "contact_email": contact,
                 "link": absolute(reverse("progression:invitation", kwargs={
                     "token": links.invitation_token(invitation.pk, invitation.nonce)}))},
        to=invitation.email, reply_to=contact)
