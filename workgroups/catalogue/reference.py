"""The national programmes as reference data: reading the versioned file and comparing entries.

``data/programmes.json`` holds every national programme — its text, eligibility rules,
completion rule, progression routes and required supports — with a top-level ``version``.
``manage.py load_programmes`` loads it (``workgroups.progression.reference``); this module only
reads the file and puts an entry, or a programme as the database holds it, into one canonical
shape, so that "is this programme still what the file last loaded?" is a comparison of digests.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from workgroups.catalogue.models import Programme

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "programmes.json"

# The programme's own fields an entry gives, as the model names them.
TEXT_FIELDS = ("title", "audience", "phase", "summary", "who_can_take_part", "what_is_involved",
               "learning_outcomes", "time_commitment", "cost", "unit", "team_size")
ENTRY_KEYS = frozenset({"slug", *TEXT_FIELDS, "equivalent_days", "prerequisites",
                        "required_supports", "eligibility_rules", "completion", "routes"})


class ReferenceFileError(Exception):
    """The file cannot be read as a reference data document at all."""


def read_document(path: Path | str | None = None) -> dict[str, Any]:
    """The parsed file (the bundled one by default). Only its JSON is checked here."""
    source = Path(path) if path is not None else REFERENCE_FILE
    try:
        document = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReferenceFileError(f"There is no file at {source}.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ReferenceFileError(f"{source} cannot be read: {error}.") from None
    except json.JSONDecodeError as error:
        raise ReferenceFileError(f"{source} is not valid JSON: {error.msg} on line "
                                 f"{error.lineno}.") from None
    if not isinstance(document, dict):
        raise ReferenceFileError(f"{source} must hold one object with a version and a list "
                                 "of programmes.")
    return document


def bundled_entries() -> list[dict[str, Any]]:
    """The entries of the bundled file, for code that needs one programme's rules or routes."""
    entries = read_document().get("programmes", [])
    return [entry for entry in entries if isinstance(entry, dict)]


def decimal_text(value: Any) -> str | None:
    """A number as canonical text ("4", "0.5", "75"), or None for no number. Anything that is
    not a number is returned as it is, so a comparison with it fails rather than raising."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    return format(number.normalize(), "f")


def canonical(entry: Mapping[str, Any]) -> dict[str, Any]:
    """An entry in the one shape both the file and the database are compared in: numbers as
    text, prerequisites and routes sorted, completion with its threshold only where it has
    one. Keys the entry lacks are given their defaults."""
    completion = entry.get("completion") if isinstance(entry.get("completion"), Mapping) else {}
    assert isinstance(completion, Mapping)
    routes = entry.get("routes") if isinstance(entry.get("routes"), list) else []
    assert isinstance(routes, list)
    rule = completion.get("rule", "all_required")
    return {
        "slug": entry.get("slug"),
        **{name: entry.get(name) for name in TEXT_FIELDS},
        "equivalent_days": decimal_text(entry.get("equivalent_days")),
        "prerequisites": sorted(str(slug) for slug in entry.get("prerequisites") or []),
        "required_supports": list(entry.get("required_supports") or []),
        "eligibility_rules": list(entry.get("eligibility_rules") or []),
        "completion": {"rule": rule, "threshold": (
            None if rule == "all_required" else decimal_text(completion.get("threshold")))},
        "routes": sorted(
            ({"to": route.get("to"), "after_years": route.get("after_years"),
              "note": route.get("note", "")} for route in routes if isinstance(route, Mapping)),
            key=lambda route: (str(route["to"]), str(route["after_years"]))),
    }


def digest(entry: Mapping[str, Any]) -> str:
    """A fingerprint of an entry's canonical shape."""
    text = json.dumps(canonical(entry), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def programme_entry(programme: Programme) -> dict[str, Any]:
    """A programme as the database holds it now, in the shape of a file entry."""
    return canonical({
        "slug": programme.slug,
        **{name: getattr(programme, name) for name in TEXT_FIELDS},
        "equivalent_days": programme.equivalent_days,
        "prerequisites": list(programme.prerequisites.values_list("slug", flat=True)),
        "required_supports": programme.required_supports,
        "eligibility_rules": programme.eligibility_rules,
        "completion": {"rule": programme.completion_rule,
                       "threshold": programme.completion_threshold},
        "routes": [{"to": route.to_programme.slug, "after_years": route.after_years,
                    "note": route.note}
                   for route in programme.routes_out.select_related("to_programme")],
    })
