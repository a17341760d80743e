"""Writes in the reports app: a hub's notes on the schools it is reaching out to."""

from __future__ import annotations

from django.db import transaction

from workgroups.accounts.models import User
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.core import clock
from workgroups.core.services import DomainError
from workgroups.hubs.models import Hub
from workgroups.reports.models import NOTE_MAX, SchoolContactNote


def school_note_add(*, actor: User, hub: Hub, school_urn: int, text: str) -> SchoolContactNote:
    """Add the hub's note on a school. The caller has checked the school is in the hub's area."""
    text = text.strip()
    if not text:
        raise DomainError("Enter a note.", field="text", code="invalid")
    if len(text) > NOTE_MAX:
        raise DomainError(f"A note must be {NOTE_MAX} characters or fewer.", field="text",
                          code="invalid")
    with transaction.atomic():
        note = SchoolContactNote.objects.create(hub=hub, school_urn=school_urn, text=text,
                                                author=actor, created_at=clock.now())
        audit_record(actor=actor, action=AuditAction.SCHOOL_NOTE_ADDED, obj=note, hub=hub,
                     changes={"school_urn": school_urn})
    return note
