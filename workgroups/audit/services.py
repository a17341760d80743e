"""Writing audit events. Call ``audit_record`` inside the transaction that makes the change."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone

from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent

if TYPE_CHECKING:  # audit sits just above core: every layer's services write audit events
    from workgroups.accounts.models import User
    from workgroups.hubs.models import Hub


# Sent for every audited write, inside its transaction (sender: the model class, obj: the
# object), so caches of what the write changes can be dropped (workgroups/catalogue/cache.py).
audited = Signal()


def audit_value(value: Any) -> Any:
    """A JSON-safe form of a field value for the audit trail."""
    if isinstance(value, models.Model):
        return {"id": value.pk, "repr": str(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [audit_value(item) for item in value]
    return value


def audit_record(
    *,
    actor: User | None,
    action: AuditAction,
    obj: models.Model,
    hub: Hub | None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event. Must run inside the transaction of the change it describes."""
    if not isinstance(action, AuditAction):
        raise TypeError("audit_record needs an AuditAction member, not a hand-built code.")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside the transaction of the change.")
    event = AuditEvent.objects.create(
        at=timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        hub=hub,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes={key: audit_value(value) for key, value in (changes or {}).items()},
    )
    audited.send(sender=type(obj), obj=obj)
    return event


def export_record(
    *,
    actor: User | None,
    hub: Hub | None,
    obj: models.Model,
    what: str,
    file_format: str,
    rows: int,
    filters: str = "",
) -> AuditEvent:
    """Audit one export: who downloaded which list (``what``, in words), of ``obj`` (the
    offering, Work Group or hub it belongs to), in which format, how many rows, and with which
    filters (in words). Opens its own transaction: an export changes nothing else."""
    with transaction.atomic():
        return audit_record(actor=actor, action=AuditAction.LIST_EXPORTED, obj=obj, hub=hub,
                            changes={"list_exported": what, "file_format": file_format.upper(),
                                     "rows_exported": rows,
                                     "filters_applied": filters or "None"})
