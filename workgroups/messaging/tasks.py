"""The email of a message to one recipient, sent by the task worker. The task carries the
recipient's id only; the row is locked while sending, so a task run twice sends once."""

from __future__ import annotations

from django.db import transaction

from workgroups.core import clock
from workgroups.core.email import EmailNotSent, email_task, send_plain
from workgroups.messaging.models import Message, MessageRecipient, MessageRecipientStatus


@email_task()
def send_message_email(recipient_id: int) -> None:
    """Send the message to one recipient, unless it has already gone. A failure is marked on
    the row and raised, so the email is tried again and, after the last try, listed among the
    hub's emails that could not be sent."""
    problem: EmailNotSent | None = None
    with transaction.atomic():
        recipient = (MessageRecipient.objects.select_for_update()
                     .filter(pk=recipient_id).first())
        if recipient is None or recipient.status == MessageRecipientStatus.SENT:
            return
        message = (Message.objects.select_related("hub", "offering__programme", "work_group")
                   .get(pk=recipient.message_id))
        hub = message.hub
        contact = hub.contact_email
        try:
            send_plain(subject=message.subject, template="messaging/email/message.txt",
                       context={"message": message, "recipient": recipient, "hub": hub,
                                "programme": message.offering.programme,
                                "work_group": message.work_group, "contact_email": contact},
                       to=recipient.email, reply_to=contact, hub=hub)
        except EmailNotSent as error:
            problem = error
            recipient.status = MessageRecipientStatus.FAILED
        else:
            recipient.status = MessageRecipientStatus.SENT
            recipient.sent_at = clock.now()
        recipient.save(update_fields=["status", "sent_at"])
    if problem is not None:
        raise problem
