"""The one way an application's status changes: checked against APPLICATION_TRANSITIONS, saved,
told in the status history, and audited, all in the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from workgroups.accounts.models import User
from workgroups.applications.models import (
    APPLICATION_TRANSITIONS,
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
)
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.core import clock
from workgroups.core.services import DomainError


def application_transition_check(*, application: Application, to: ApplicationStatus) -> None:
    """Refuse (code invalid_transition) unless the application may become ``to`` now."""
    current = ApplicationStatus(application.status)
    if to not in APPLICATION_TRANSITIONS[current]:
        raise DomainError(f"An application that is {current.label.lower()} cannot become "
                          f"{to.label.lower()}.", code="invalid_transition")


def status_history_write(*, application: Application, from_status: str, to_status: str,
                         actor: User | None, note: str = "") -> ApplicationStatusChange:
    """One line of the application's story. Only application_transition and the two writes
    that are not transitions (a new draft; a move on the waiting list) call it."""
    return ApplicationStatusChange.objects.create(application=application,
                                                  from_status=from_status, to_status=to_status,
                                                  at=clock.now(), actor=actor, note=note)


def application_transition(*, application: Application, to: ApplicationStatus,
                           actor: User | None, action: AuditAction | None, note: str = "",
                           update_fields: Iterable[str] = (),
                           changes: dict[str, Any] | None = None) -> ApplicationStatus:
    """Move a locked application to ``to``, or refuse (code invalid_transition): save its status
    with ``update_fields`` (set them on the instance first), write the status history row and
    the audit event ``action`` (its changes are the status move plus ``changes``). ``action``
    is None only for the steps of a write that records one event for all of them (sending an
    application: sent, then waiting for answers). Call inside the write's transaction; returns
    the status it left."""
    application_transition_check(application=application, to=to)
    current = ApplicationStatus(application.status)
    application.status = to
    application.save(update_fields=["status", *update_fields, "updated_at"])
    status_history_write(application=application, from_status=current, to_status=to,
                         actor=actor, note=note)
    if action is not None:
        audit_record(actor=actor, action=action, obj=application, hub=application.offering.hub,
                     changes={"status": [current.value, to.value], **(changes or {})})
    return current
