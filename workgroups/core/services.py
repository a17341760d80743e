"""Helpers every domain service uses to change a model and describe the change."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models


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
