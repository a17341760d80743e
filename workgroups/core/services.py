"""Helpers every domain service uses to change a model and describe the change."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

if TYPE_CHECKING:
    from workgroups.accounts.models import User
    from workgroups.core.models import FailedEmail


class DomainError(Exception):
    """A rule of the domain refused the change; the message is written for the person acting."""

    def __init__(self, message: str, *, field: str | None = None,
                 code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        # A stable name for machines (the API's "code"): e.g. capacity_reached.
        self.code = code
        # Every problem by field, when model validation found several (full_clean_or_refuse).
        self.errors: dict[str | None, list[str]] = {field: [message]}


def full_clean_or_refuse(instance: models.Model) -> None:
    """Validate a model before saving it; a problem becomes a DomainError, which every view
    shows on its form, instead of a ValidationError escaping as a server error."""
    try:
        instance.full_clean()
    except ValidationError as error:
        by_field: dict[str | None, list[str]] = {}
        for name, messages in (error.message_dict if hasattr(error, "error_dict")
                               else {NON_FIELD_ERRORS: error.messages}).items():
            by_field.setdefault(None if name == NON_FIELD_ERRORS else name, []).extend(messages)
        first_field, first_messages = next(iter(by_field.items()))
        refusal = DomainError(" ".join(first_messages), field=first_field, code="invalid")
        refusal.errors = by_field
        raise refusal from None


def model_update[M: models.Model](
    *, instance: M, data: Mapping[str, Any]
) -> tuple[M, dict[str, list[Any]]]:
    """Assign the fields in ``data`` that differ, validate, and save only those fields.

    Returns the instance and ``{field: [before, after]}`` for the fields that changed, so the
    caller can audit exactly what moved. Nothing is written when nothing changed.
    """
    changes: dict[str, list[Any]] = {}
    for field, value in data.items():
        before = getattr(instance, field)
        if before != value:
            changes[field] = [before, value]
            setattr(instance, field, value)
    if changes:
        full_clean_or_refuse(instance)
        update_fields = []
        for name in changes:
            model_field = instance._meta.get_field(name)
            assert isinstance(model_field, models.Field)
            update_fields.append(model_field.attname)
        if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
            update_fields.append("updated_at")
        instance.save(update_fields=update_fields)
    return instance, changes


def failed_email_send_again(*, actor: User | None, failed_email: FailedEmail) -> FailedEmail:
    """Queue a failed email once more, rebuilt from its task's ids (so it says what is true
    now), and mark the record sent again. Audited. Raises DomainError if it cannot go again."""
    # Imported here: audit and the email tasks import this module's DomainError.
    import contextlib

    from django.db import transaction
    from django.utils.module_loading import import_string

    from workgroups.audit.actions import AuditAction
    from workgroups.audit.services import audit_record
    from workgroups.core import clock
    from workgroups.core.email import EMAIL_TASKS
    from workgroups.core.models import FailedEmail

    with transaction.atomic():
        locked = FailedEmail.objects.select_for_update(of=("self",)).select_related("hub").get(
            pk=failed_email.pk)
        if not locked.can_send_again:
            raise DomainError("This email cannot be sent again: it held a sign-in code, which "
                              "has expired. The person can ask for a new code.")
        if locked.sent_again_at is not None:
            raise DomainError("This email has already been sent again.")
        with contextlib.suppress(ImportError):
            import_string(locked.task_path)  # registers the task if not yet imported
        email = EMAIL_TASKS.get(locked.task_path)
        if email is None:
            raise DomainError("This kind of email is no longer sent, so it cannot go again.")
        locked.sent_again_at = clock.now()
        locked.sent_again_by = actor if actor is not None and actor.is_authenticated else None
        locked.save(update_fields=["sent_again_at", "sent_again_by"])
        audit_record(actor=actor, action=AuditAction.FAILED_EMAIL_SENT_AGAIN, obj=locked,
                     # The subject says which email; the address stays out of the audit log.
                     hub=locked.hub, changes={"subject": locked.subject})
        args = list(locked.arguments.get("args", []))
        kwargs = dict(locked.arguments.get("kwargs", {}))
        transaction.on_commit(lambda: email.enqueue(*args, **kwargs))
    return locked
