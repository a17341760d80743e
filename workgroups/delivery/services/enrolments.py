"""Enrolments: made when an offer is accepted, ended when the place is let go.
Each write is audited in its own transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from workgroups.accounts.models import User
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.core import clock
from workgroups.core.queue import enqueue_with_change
from workgroups.core.services import DomainError
from workgroups.delivery.feeds import calendar_feed_for
from workgroups.delivery.models import (
    Enrolment,
    EnrolmentOutcome,
)
from workgroups.delivery.tasks import send_enrolment_email

if TYPE_CHECKING:
    from workgroups.applications.models import Application
    from workgroups.hubs.models import Hub


@dataclass(frozen=True)
class Participant:
    """Someone to enrol, as plain data: the caller (applications) says who takes part, so
    delivery never reads an application's answers."""

    name: str
    email: str
    role: str


def enrolments_create_for(*, application: Application, participants: Sequence[Participant],
                          actor: User | None, hub: Hub) -> list[Enrolment]:
    """Enrol ``participants`` of an accepted application in its Work Group, each audited.
    Call inside the transaction that accepts the offer."""
    if application.work_group_id is None:
        raise DomainError("This application has no Work Group to join.")
    accounts = {u.email.lower(): u for u in User.objects.filter(
        email__in=[p.email.lower() for p in participants])}
    enrolments = [Enrolment(work_group_id=application.work_group_id, application=application,
                            user=accounts.get(p.email.lower()), name=p.name,
                            email=p.email.lower(), role=p.role,
                            school_urn=application.school_urn)
                  for p in participants]
    try:
        with transaction.atomic():
            created = Enrolment.objects.bulk_create(enrolments)
    except IntegrityError:
        raise DomainError("Someone in this team already has a place in this Work Group.") \
            from None
    # Each participant's private calendar feed is made now, when they are enrolled (the
    # calendar page only reads it).
    for address in sorted({e.email for e in created if e.email}):
        calendar_feed_for(email=address)
    for enrolment in created:
        audit_record(actor=actor, action=AuditAction.ENROLMENT_CREATED, obj=enrolment, hub=hub,
                     changes={"application": application, "role": enrolment.role})
    for enrolment in created:
        _notify_enrolment(enrolment.pk)
    return created


def enrolments_withdraw_for(*, application: Application, actor: User | None, hub: Hub,
                            reason: str = "") -> int:
    """End the places an application held (its participants are no longer expected), each
    audited. Call inside the transaction that lets the place go."""
    # Only those still taking part: a recorded outcome (completed, incomplete) stays as it is.
    ending = list(Enrolment.objects.select_for_update()
                  .filter(application=application, outcome=EnrolmentOutcome.ENROLLED))
    Enrolment.objects.filter(pk__in=[e.pk for e in ending]).update(
        outcome=EnrolmentOutcome.WITHDRAWN, updated_at=clock.now())
    for enrolment in ending:
        audit_record(actor=actor, action=AuditAction.ENROLMENT_WITHDRAWN, obj=enrolment, hub=hub,
                     changes={"reason": reason})
    return len(ending)


def _notify_enrolment(enrolment_id: int) -> None:
    enqueue_with_change(send_enrolment_email, enrolment_id)
