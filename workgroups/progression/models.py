"""Invitations to a next stage, made by the rollover from the record of who completed what."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from workgroups.core.models import TimeStampedModel


class InvitationStatus(models.TextChoices):
    PROPOSED = "proposed", "To review"
    SENT = "sent", "Invited"
    DISMISSED = "dismissed", "Not invited"


class Invitation(TimeStampedModel):
    """Someone due the next stage: a school (its last contact) for a school-team programme, or a
    person. Staff review the list, then send: the email's link opens an application to
    ``offering`` with the facts we already hold filled in."""

    offering = models.ForeignKey("catalogue.Offering", on_delete=models.CASCADE,
                                 related_name="invitations")
    # Why they are due: what they completed, and where.
    completed_programme = models.ForeignKey("catalogue.Programme", on_delete=models.PROTECT,
                                            related_name="+")
    completed_enrolment = models.ForeignKey("delivery.Enrolment", on_delete=models.SET_NULL,
                                            null=True, blank=True, related_name="+")
    email = models.EmailField()
    name = models.CharField(max_length=150, blank=True)
    school_urn = models.PositiveIntegerField(null=True, blank=True)
    role = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=20, choices=InvitationStatus.choices,
                              default=InvitationStatus.PROPOSED)
    sent_at = models.DateTimeField(null=True, blank=True)
    nonce = models.CharField(max_length=32)

    class Meta:
        ordering = ["offering", "school_urn", "name"]
        constraints = [
            # One invitation per person and school per offering (a trust lead who applied for
            # three schools is invited for each): a rollover run twice adds none.
            models.UniqueConstraint(fields=["offering", "email", "school_urn"],
                                    name="invitation_once_per_person_school_offering"),
            models.CheckConstraint(condition=~Q(status="sent") | Q(sent_at__isnull=False),
                                   name="invitation_sent_has_a_time"),
        ]

    def __str__(self) -> str:
        return f"Invitation {self.pk} to offering {self.offering_id}"
