"""Writing to a Work Group's participants or an offering's applicants: the recipients are
worked out and kept when the message is sent, and each gets their own email task."""

from __future__ import annotations

import hashlib

from django.db import transaction

from workgroups.accounts.models import User
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import Offering
from workgroups.core import clock
from workgroups.core.email import email_once
from workgroups.core.queue import enqueue_with_change
from workgroups.core.services import DomainError
from workgroups.delivery.models import WorkGroup
from workgroups.hubs.models import Hub
from workgroups.messaging import selectors
from workgroups.messaging.models import Message, MessageRecipient
from workgroups.messaging.tasks import send_message_email

SUBJECT_MAX = 150
BODY_MAX = 5000
ALREADY_SENT = ("This message has already been sent: it is listed under Messages on the page "
                "you wrote it from.")
NOBODY = ("Nobody would receive this message: {who} is nobody at the moment. Nothing has been "
          "sent.")


def _check_text(subject: str, body: str) -> tuple[str, str]:
    subject, body = subject.strip(), body.strip()
    if not subject:
        raise DomainError("Enter a subject.", field="subject")
    if len(subject) > SUBJECT_MAX:
        raise DomainError(f"The subject must be {SUBJECT_MAX} characters or fewer.",
                          field="subject")
    if not body:
        raise DomainError("Enter the message.", field="body")
    if len(body) > BODY_MAX:
        raise DomainError(f"The message must be {BODY_MAX:,} characters or fewer.",
                          field="body")
    return subject, body


def message_fingerprint(*, work_group: WorkGroup | None, offering: Offering | None,
                        status: str | None, copy_supporters: bool, subject: str,
                        body: str) -> str:
    """A short digest of what a message says and to whom. The confirm page's ``once`` key
    ends with it, so a message changed after its preview draws a new key; and
    :func:`message_send` claims its key with it, so a different message is never refused as
    "already sent"."""
    target = (f"work-group:{work_group.pk}" if work_group is not None
              else f"offering:{offering.pk if offering is not None else ''}")
    parts = [target, status or "", "copy" if copy_supporters else "", subject.strip(),
             body.strip()]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def message_send(*, actor: User | None, hub: Hub, work_group: WorkGroup | None = None,
                 offering: Offering | None = None, status: str | None = None,
                 copy_supporters: bool = False, subject: str, body: str,
                 once: str = "") -> Message:
    """Send a message to ``work_group``'s participants, or to ``offering``'s applicants (with
    ``status``, or every open application). The recipients are worked out now, one per
    address, and kept; each is emailed by its own task once the transaction commits. Raises
    DomainError when the text is empty or too long, the status is not one a hub writes to, or
    nobody would receive it. ``once``: a key the confirm page drew, so sending the same page
    twice (a double click, a reload) sends one message; a second try is refused. The key is
    claimed with the message's fingerprint, so it refuses only the same message again."""
    if (work_group is None) == (offering is None):
        raise DomainError("Choose a Work Group or an offering to write to.")
    subject, body = _check_text(subject, body)
    if work_group is not None:
        status = None
        offering = work_group.offering
    elif status and status not in selectors.APPLICANT_STATUSES:
        raise DomainError("Choose who to write to.", field="status")
    assert offering is not None
    if offering.hub_id != hub.pk:
        raise DomainError("That is not one of your hub’s offerings.")
    who = selectors.audience_words(work_group=work_group, status=status,
                                   copy_supporters=copy_supporters)
    with transaction.atomic():
        if work_group is not None:
            people = selectors.recipients_of_work_group(work_group=work_group,
                                                        copy_supporters=copy_supporters)
        else:
            people = selectors.recipients_of_offering(offering=offering, status=status,
                                                      copy_supporters=copy_supporters)
        if not people:
            raise DomainError(NOBODY.format(who=who[:1].lower() + who[1:]))
        fingerprint = message_fingerprint(
            work_group=work_group, offering=offering, status=status,
            copy_supporters=copy_supporters, subject=subject, body=body)
        if once and not email_once(f"message:{hub.pk}:{once}:{fingerprint}"):
            raise DomainError(ALREADY_SENT, code="already_sent")
        message = Message.objects.create(
            hub=hub, offering=offering, work_group=work_group, application_status=status or "",
            copy_supporters=copy_supporters, subject=subject, body=body,
            author=actor if actor is not None and actor.is_authenticated else None,
            created_at=clock.now())
        recipients = MessageRecipient.objects.bulk_create(
            [MessageRecipient(message=message, name=person.name[:150], email=person.email,
                              role=person.role) for person in people])
        # Who, to whom and how many: never the addresses (they stay on the message's page).
        audit_record(actor=actor, action=AuditAction.MESSAGE_SENT, obj=message, hub=hub,
                     changes={"to": who, "offering": offering, "work_group": work_group,
                              "subject": subject, "recipients": len(recipients),
                              "by_kind": selectors.recipients_summary(people)})
        for recipient in recipients:
            enqueue_with_change(send_message_email, recipient.pk)
    return message
