from __future__ import annotations

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class FailedEmail(models.Model):
    """An email the worker gave up on after every retry, kept so the hub's staff see it and can
    send it again. It holds the email task's arguments (ids and kinds, never the message), so
    sending again rebuilds the message from what is current. A sign-in email is recorded with
    no arguments and cannot be sent again: its code has expired by then, and the code must never
    reach what staff can read."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, null=True, blank=True,
                            related_name="failed_emails")
    task_path = models.CharField(max_length=200)
    arguments = models.JSONField(default=dict, blank=True)
    can_send_again = models.BooleanField(default=True)
    recipient = models.CharField(max_length=320, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    reason = models.CharField(max_length=300)
    attempts = models.PositiveSmallIntegerField()
    failed_at = models.DateTimeField()
    sent_again_at = models.DateTimeField(null=True, blank=True)
    sent_again_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                      null=True, blank=True, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["hub", "-failed_at"], name="failed_email_hub_recent")]

    def __str__(self) -> str:
        return f"Failed email {self.pk}"


class EmailOnce(models.Model):
    """A claim that one email has been queued: the unique key makes a second claim fail, so an
    email that must go once (a completion, one interest confirmation a day) goes once however
    often the change that causes it is made or retried."""

    key = models.CharField(max_length=200, unique=True)
    claimed_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.key
