"""Participants: one person leaves a Work Group and their place is passed on."""

from __future__ import annotations

from django.db import transaction

from workgroups.accounts.models import User
from workgroups.applications.models import (
    PLACE_HOLDING_STATUSES,
    ApplicationStatus,
)
from workgroups.applications.services.allocation import _lock_for_allocation, _promote_from_waitlist
from workgroups.applications.services.transitions import (
    application_transition,
)
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.core.services import DomainError
from workgroups.delivery.models import Enrolment, EnrolmentOutcome, WorkGroup


def participant_withdraw(*, actor: User | None, enrolment_id: int, reason: str) -> Enrolment:
    """A participant leaves a Work Group at any time (staff record it, or the applicant does),
    with a reason. Their place frees and the waiting list moves: the whole place when they were
    the last of their application's participants (the application is then withdrawn), else one
    participant place."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Give the reason for the withdrawal.", field="reason")
    application_id = (Enrolment.objects.filter(pk=enrolment_id)
                      .values_list("application_id", flat=True).first())
    if application_id is None:
        raise DomainError("No such participant.", code="not_found")
    with transaction.atomic():
        offering, locked = _lock_for_allocation(application_id)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment_id)
        if enrolment.outcome == EnrolmentOutcome.WITHDRAWN:
            return enrolment  # already left
        if enrolment.outcome != EnrolmentOutcome.ENROLLED:
            raise DomainError("This participant’s Work Group has ended and their outcome is "
                              "recorded. Correct the register and record the outcomes again "
                              "instead.", code="invalid_transition")
        enrolment.outcome = EnrolmentOutcome.WITHDRAWN
        enrolment.save(update_fields=["outcome", "updated_at"])
        remaining = locked.enrolments.exclude(outcome=EnrolmentOutcome.WITHDRAWN).count()
        audit_record(actor=actor, action=AuditAction.ENROLMENT_WITHDRAWN, obj=enrolment,
                     hub=offering.hub, changes={"reason": reason, "remaining": remaining})
        if remaining == 0 and locked.status in PLACE_HOLDING_STATUSES:
            locked.withdrawn_reason = reason
            application_transition(application=locked, to=ApplicationStatus.WITHDRAWN,
                                   actor=actor, action=AuditAction.APPLICATION_WITHDRAWN,
                                   note=reason, update_fields=["withdrawn_reason"])
        elif remaining:
            locked.participants = remaining
            locked.save(update_fields=["participants", "updated_at"])
        if locked.work_group_id is not None:
            _promote_from_waitlist(offering=offering,
                                   work_group=WorkGroup.objects.get(pk=locked.work_group_id))
    return enrolment
