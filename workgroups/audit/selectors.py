from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from workgroups.audit.actions import action_label
from workgroups.audit.models import AuditEvent


def audit_events_for(*, obj: models.Model) -> QuerySet[AuditEvent]:
    """The history of one object, newest first."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")


@dataclass(frozen=True)
class HistoryChange:
    """One changed field, in words: its label, and the value before (updates only) and after."""

    field: str
    before: str | None
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    who: str
    what: str
    changes: list[HistoryChange]


def _field_label(model: type[models.Model], name: str) -> str:
    try:
        label = str(getattr(model._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:
        label = name.replace("_", " ")
    return label[:1].upper() + label[1:]


def _value_in_words(model: type[models.Model], name: str, value: Any) -> str:
    """A stored value as a person reads it: a choice's label, a related object's name, a date
    in London time; never a code."""
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(_value_in_words(model, name, item) for item in value)
    if isinstance(value, dict):
        return str(value.get("repr", value.get("id", "")))
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    choices = dict(getattr(field, "flatchoices", None) or [])
    if value in choices:
        return str(choices[value])
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return date_format(timezone.localtime(moment) if timezone.is_aware(moment) else moment,
                           "j M Y, H:i")
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return date_format(date.fromisoformat(value), "j M Y")
        except ValueError:
            return value
    return str(value)


def audit_history_for(*, obj: models.Model) -> list[HistoryEntry]:
    """The history of one object in words, newest first: what happened (the action's label),
    who did it, and each field changed by its label with its values as labels."""
    return [audit_history_entry(event=event, model=type(obj))
            for event in audit_events_for(obj=obj)]


def audit_history_entry(*, event: AuditEvent, model: type[models.Model]) -> HistoryEntry:
    """One event of ``model``'s history in words (for a page that also reads the event itself:
    both from the one list of events, so an event written meanwhile cannot unpair them)."""
    is_update = event.action.endswith(".updated")
    changes = []
    for name, value in (event.changes or {}).items():
        if is_update and isinstance(value, list) and len(value) == 2:
            changes.append(HistoryChange(field=_field_label(model, name),
                                         before=_value_in_words(model, name, value[0]),
                                         after=_value_in_words(model, name, value[1])))
        else:
            changes.append(HistoryChange(field=_field_label(model, name), before=None,
                                         after=_value_in_words(model, name, value)))
    return HistoryEntry(
        at=event.at, who=(event.actor.get_full_name() or str(event.actor)) if event.actor
        else "The service", what=action_label(event.action), changes=changes)
