"""Pseudonymising what is kept: the placeholders erased values become, and the scrubbing of
audit events (their ``object_repr`` and the personal values inside ``changes``).

Shared by erasure (one person, on request) and retention (records whose period has ended), so
both leave the same shapes behind: an email address becomes ``erased-…@erased.invalid`` (the
reserved ``.invalid`` domain can never receive mail), a personal value in the audit trail
becomes ``[erased]``, and counted facts (statuses, dates, schools, outcomes) stay as they were.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Q, QuerySet

from workgroups.audit.models import AuditEvent

ERASED = "[erased]"
ERASED_DOMAIN = "erased.invalid"

# Keys of an audit event's ``changes`` whose values are a person's own words or details.
PERSONAL_KEYS = frozenset({
    "email", "name", "first_name", "last_name", "full_name", "answers", "facts", "team",
    "supporters", "comment", "note", "reason", "withdrawn_reason", "decision_reason",
    "recipient", "to", "claimed_participation", "message", "body",
})

# Anything shaped like an email address, wherever it sits in a stored value.
EMAIL_PATTERN = re.compile(r"[^\s@\"'<>,;:()\[\]]+@[^\s@\"'<>,;:()\[\]]+\.[A-Za-z]{2,}")


def erased_email(label: str) -> str:
    """A placeholder address that is unique per ``label`` and can never receive mail."""
    return f"erased-{label}@{ERASED_DOMAIN}"


def is_erased_email(value: str) -> bool:
    return value.lower().endswith("@" + ERASED_DOMAIN)


def person_label(pk: object) -> str:
    """How the audit trail names an erased person: never their name or address."""
    return f"Person #{pk} (erased)"


def _contains(text: str, needles: Iterable[str]) -> bool:
    lowered = text.lower()
    return any(needle in lowered for needle in needles)


def scrub_value(value: Any, *, needles: frozenset[str], personal: bool = False,
                emails: bool = False) -> Any:
    """``value`` with personal strings replaced by ``[erased]``, keeping its shape (lists stay
    lists, an ``{id, repr}`` reference keeps its id). ``personal``: every string and number in
    it is personal (it sat under a personal key); ``needles``: lower-cased strings (an address,
    a name) whose presence makes a string personal; ``emails``: any email address is."""
    if isinstance(value, dict):
        return {key: (item if key == "id" else
                      scrub_value(item, needles=needles,
                                  personal=personal or key in PERSONAL_KEYS, emails=emails))
                for key, item in value.items()}
    if isinstance(value, list):
        return [scrub_value(item, needles=needles, personal=personal, emails=emails)
                for item in value]
    if isinstance(value, str):
        if value in ("", ERASED):
            return value
        if personal or _contains(value, needles) or (emails and EMAIL_PATTERN.search(value)):
            return ERASED
        return value
    if personal and isinstance(value, int | float) and not isinstance(value, bool):
        return ERASED
    return value


def needles_for(*texts: str) -> frozenset[str]:
    """The lower-cased search strings for a person: their address and names (empty and very
    short strings are left out, so "Al" does not scrub every "Algebra")."""
    return frozenset(text.strip().lower() for text in texts if len(text.strip()) >= 3)


# Models whose label (``str``) names a person: an event about one is relabelled whenever it
# is pseudonymised.
PERSON_LABELLED = frozenset({"accounts.user", "accounts.hubmembership"})


def _neutral_repr(event: AuditEvent) -> str:
    model = event.content_type.model_class()
    if model is not None and model._meta.label_lower == "accounts.user":
        return person_label(event.object_id)
    noun = str(model._meta.verbose_name) if model is not None else "Record"
    return f"{noun[:1].upper()}{noun[1:]} #{event.object_id} (erased)"[:300]


def event_scrubbed(event: AuditEvent, *, needles: frozenset[str], about_person: bool,
                   emails: bool = False) -> bool:
    """Pseudonymise one event in memory; True when anything changed (then save it).
    ``about_person``: the event is about something of the person's, so its personal keys go
    whatever they hold, and a user object's label always becomes the neutral one."""
    changed = False
    model = event.content_type.model_class()
    labels_person = model is not None and model._meta.label_lower in PERSON_LABELLED
    if ((about_person and labels_person) or _contains(event.object_repr, needles)
            or (emails and EMAIL_PATTERN.search(event.object_repr))):
        label = _neutral_repr(event)
        if label != event.object_repr:
            event.object_repr = label
            changed = True
    changes = event.changes if isinstance(event.changes, dict) else {}
    scrubbed = {key: (item if key == "id" else
                      scrub_value(item, needles=needles,
                                  personal=about_person and key in PERSONAL_KEYS,
                                  emails=emails))
                for key, item in changes.items()}
    if scrubbed != changes:
        event.changes = scrubbed
        changed = True
    return changed


def events_mentioning(needles: Iterable[str]) -> QuerySet[AuditEvent]:
    """Audit events whose label or changes hold any of ``needles`` (as stored: JSON text may
    escape non-ASCII letters, so both forms are searched)."""
    query = Q()
    for needle in needles:
        escaped = json.dumps(needle)[1:-1]
        query |= Q(object_repr__icontains=needle) | Q(changes__icontains=needle)
        if escaped != needle:
            query |= Q(changes__icontains=escaped)
    if not query:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(query)


def save_scrubbed(events: Iterator[AuditEvent], *, needles: frozenset[str], about_person: bool,
                  emails: bool = False, apply: bool = True) -> set[int]:
    """Scrub each event, saving those that changed (unless ``apply`` is False); the changed
    events' ids."""
    done: set[int] = set()
    for event in events:
        if event_scrubbed(event, needles=needles, about_person=about_person, emails=emails):
            done.add(event.pk)
            if apply:
                AuditEvent.objects.filter(pk=event.pk).update(
                    object_repr=event.object_repr, changes=event.changes)
    return done
