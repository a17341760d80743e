"""Invitation and completion emails, sent by the task worker (ids in the queue, never
addresses)."""

from __future__ import annotations

from django.urls import reverse

from workgroups.core.email import absolute, email_task, send_plain
from workgroups.delivery.models import Enrolment, EnrolmentOutcome
from workgroups.progression import links
from workgroups.progression.models import Invitation


@email_task()
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
        to=invitation.email, reply_to=contact, hub=offering.hub)


@email_task()
def send_completion_email(enrolment_id: int) -> None:
    """Tell a participant they completed the Work Group, with their certificate's link. Sent
    only while the outcome is still "completed" (a corrected register may have changed it)."""
    enrolment = (Enrolment.objects.select_related(
        "work_group__offering__hub", "work_group__offering__programme",
        "work_group__offering__academic_year")
        .filter(pk=enrolment_id, outcome=EnrolmentOutcome.COMPLETED).first())
    if enrolment is None:
        return
    offering = enrolment.work_group.offering
    contact = offering.contact_email or offering.hub.contact_email
    send_plain(
        subject=f"You completed {offering.programme.title}: your certificate",
        template="progression/email/completed.txt",
        context={"enrolment": enrolment, "work_group": enrolment.work_group,
                 "offering": offering, "hub": offering.hub, "programme": offering.programme,
                 "contact_email": contact,
                 "certificate_url": absolute(reverse("progression:certificate",
                                                     kwargs={"pk": enrolment.pk}))},
        to=enrolment.email, reply_to=contact, hub=offering.hub)
