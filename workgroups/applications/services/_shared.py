"""Helpers every application service uses: the status transition, the emails queued after commit."""

from __future__ import annotations

import secrets
from functools import partial

from django.db import transaction

from workgroups.accounts.models import User
from workgroups.applications.models import (
    APPLICATION_TRANSITIONS,
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
)
from workgroups.applications.tasks import (
    send_application_email,
    send_endorsement_email,
)
from workgroups.core import clock
from workgroups.core.services import DomainError


def _nonce() -> str:
    return secrets.token_urlsafe(16)


def _send_application_email(application_id: int, kind: str) -> None:
    transaction.on_commit(partial(send_application_email.enqueue, application_id, kind))


def _send_endorsement_email(endorsement_id: int, kind: str) -> None:
    transaction.on_commit(partial(send_endorsement_email.enqueue, endorsement_id, kind))


def _transition(*, application: Application, to: ApplicationStatus, actor: User | None,
                note: str = "") -> None:
    """Move a locked application to ``to``, or refuse. The caller saves any other fields."""
    current = ApplicationStatus(application.status)
    if to not in APPLICATION_TRANSITIONS[current]:
        raise DomainError(f"An application that is {current.label.lower()} cannot become "
                          f"{to.label.lower()}.", code="invalid_transition")
    application.status = to
    ApplicationStatusChange.objects.create(application=application, from_status=current,
                                           to_status=to, at=clock.now(), actor=actor, note=note)
