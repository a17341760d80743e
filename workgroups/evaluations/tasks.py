"""Evaluation emails, sent by the task worker. Tasks carry the invitation's id, never an
address; the link is built here from the invitation's id and nonce."""

from __future__ import annotations

from django.urls import reverse

from workgroups.core.email import absolute, email_task, send_plain
from workgroups.delivery.models import EnrolmentOutcome
from workgroups.evaluations.links import LINK_DAYS, invitation_token
from workgroups.evaluations.models import EvaluationInvitation

SUBJECTS = {"invitation": "How was {programme}? Tell us in a few minutes",
            "reminder": "Reminder: how was {programme}?"}


@email_task()
def send_evaluation_email(invitation_id: int, kind: str) -> None:
    """The invitation to evaluate a Work Group, or its one reminder."""
    invitation = (EvaluationInvitation.objects
                  .select_related("enrolment", "work_group__offering__programme",
                                  "work_group__offering__hub")
                  .filter(pk=invitation_id).first())
    if (invitation is None or invitation.answered_on is not None
            or invitation.enrolment.outcome == EnrolmentOutcome.WITHDRAWN):
        return
    offering = invitation.work_group.offering
    link = absolute(reverse("evaluations:answer", kwargs={
        "token": invitation_token(invitation.pk, invitation.nonce)}))
    contact = offering.contact_email or offering.hub.contact_email
    send_plain(subject=SUBJECTS[kind].format(programme=offering.programme.title),
               template=f"evaluations/email/{kind}.txt",
               context={"programme": offering.programme, "work_group": invitation.work_group,
                        "hub": offering.hub, "link": link, "link_days": LINK_DAYS,
                        "contact_email": contact},
               to=invitation.enrolment.email, reply_to=contact, hub=offering.hub)
