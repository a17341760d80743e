"""Messages a hub's staff, or a Work Group's lead, write to a Work Group's participants or to an
offering's applicants, and who each one went to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class MessageRecipientStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENT = "sent", "Sent"
    # The last attempt failed: the email is tried again, then listed among the hub's emails
    # that could not be sent, from where staff can send it again.
    FAILED = "failed", "Not sent yet: sending failed"


class Message(models.Model):
    """One message as written, to either a Work Group's participants (``work_group`` set) or
    an offering's applicants (``work_group`` empty, optionally only those in
    ``application_status``). Its recipients were worked out when it was sent and are kept."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="messages")
    offering = models.ForeignKey("catalogue.Offering", on_delete=models.PROTECT,
                                 related_name="messages")
    work_group = models.ForeignKey("delivery.WorkGroup", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="messages")
    # For applicants: the status they were chosen by ("" for every live application).
    application_status = models.CharField(max_length=20, blank=True)
    copy_supporters = models.BooleanField(default=False)
    subject = models.CharField(max_length=150)
    body = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="messages_written")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["work_group", "-created_at"], name="message_work_group_recent"),
            models.Index(fields=["offering", "-created_at"], name="message_offering_recent"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(work_group__isnull=True)
                                   | Q(application_status=""),
                                   name="message_status_only_for_applicants"),
        ]

    def __str__(self) -> str:
        return f"Message {self.pk}"

    @property
    def is_to_applicants(self) -> bool:
        return self.work_group_id is None


class MessageRecipient(models.Model):
    """One person a message went to, as they were when it was sent: their name, address and
    why they received it ("Participant", "Head of maths at Oakwood Academy"). The email task
    carries only this row's id."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="recipients")
    name = models.CharField(max_length=150, blank=True)
    email = models.EmailField()
    role = models.CharField(max_length=300)
    status = models.CharField(max_length=20, choices=MessageRecipientStatus.choices,
                              default=MessageRecipientStatus.QUEUED)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="sent") | Q(sent_at__isnull=False),
                                   name="message_recipient_sent_has_a_time"),
        ]

    def __str__(self) -> str:
        return f"Recipient {self.pk} of message {self.message_id}"
