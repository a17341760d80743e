"""Load the national programmes from the reference data file (``manage.py load_programmes``).

Idempotent and in one transaction: an entry the database already matches is left alone; a new
one is created; a changed one is updated — unless national staff have edited that programme
since it was last loaded (its values no longer match the digest the load stored), when the
entry is reported and the staff's work kept, unless the caller asks to overwrite. A programme
with no digest was never loaded from the file (it was there before the file was): when it
matches its entry the digest is recorded; when it differs it is reported as such and kept,
unless the caller asks to overwrite. A file with any problem is refused whole, each problem
named with its entry, with nothing written (checked inside the load's transaction).
Every write is audited with no actor (the reference data, not a person).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import CompletionRule, Programme, ProgressionRoute, SupportRole
from workgroups.catalogue.reference import (
    ENTRY_KEYS,
    TEXT_FIELDS,
    canonical,
    decimal_text,
    digest,
    programme_entry,
)
from workgroups.eligibility.rules import programme_slugs_in, validate_config

Status = Literal["created", "updated", "unchanged", "kept", "never_loaded"]
STATUS_WORDS: dict[Status, str] = {
    "created": "created", "updated": "updated", "unchanged": "unchanged",
    "kept": "edited by national staff since it was last loaded: not overwritten",
    "never_loaded": "not loaded from the file before; differs — kept, use --overwrite",
}


class ReferenceDataInvalid(Exception):
    """The file has problems; nothing was loaded."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class EntryResult:
    slug: str
    title: str
    status: Status
    differences: tuple[str, ...] = ()   # kept or never loaded: where the file differs


@dataclass
class LoadReport:
    version: int
    results: list[EntryResult] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for result in self.results if result.status == status)


# --- Checking the file ---------------------------------------------------------------------------

def _entry_name(index: int, entry: Any) -> str:
    slug = entry.get("slug") if isinstance(entry, dict) else None
    return f"Programme {index} ({slug})" if isinstance(slug, str) and slug else \
        f"Programme {index}"


def _model_problems(entry: dict[str, Any]) -> list[str]:
    """What the Programme model itself refuses in the entry's fields."""
    completion = entry.get("completion") or {}
    try:
        threshold = decimal_text(completion.get("threshold"))
        instance = Programme(
            slug=entry["slug"], **{name: entry.get(name) for name in TEXT_FIELDS},
            equivalent_days=Decimal(str(entry.get("equivalent_days"))),
            required_supports=entry.get("required_supports") or [],
            eligibility_rules=entry.get("eligibility_rules") or [],
            completion_rule=completion.get("rule", CompletionRule.ALL_REQUIRED),
            completion_threshold=Decimal(threshold) if threshold is not None else None)
    except (ArithmeticError, TypeError, ValueError):
        return ["“equivalent_days” and the completion threshold must be numbers."]
    try:
        instance.full_clean(exclude={"slug"}, validate_unique=False)
    except ValidationError as error:
        return [f"“{name}”: {' '.join(messages)}"
                for name, messages in error.message_dict.items()]
    return []


def _routes_problems(routes: Any, known: set[str]) -> list[str]:
    if not isinstance(routes, list):
        return ["“routes” must be a list."]
    problems: list[str] = []
    seen: set[tuple[Any, Any]] = set()
    for number, route in enumerate(routes, start=1):
        if not isinstance(route, dict) or set(route) - {"to", "after_years", "note"}:
            problems.append(f"route {number} must have only “to”, “after_years” and “note”.")
            continue
        after = route.get("after_years", 1)
        if route.get("to") not in known:
            problems.append(f"route {number} leads to “{route.get('to')}”, which is not a "
                            "programme.")
        if not isinstance(after, int) or isinstance(after, bool) or not 1 <= after <= 10:
            problems.append(f"route {number}: “after_years” must be a whole number from 1 "
                            "to 10.")
        note = route.get("note", "")
        if not isinstance(note, str) or len(note) > 200:
            problems.append(f"route {number}: “note” must be text of at most 200 characters.")
        if (route.get("to"), after) in seen:
            problems.append(f"route {number} repeats an earlier route.")
        seen.add((route.get("to"), after))
    return problems


def _entry_problems(entry: dict[str, Any], known: set[str]) -> list[str]:
    problems: list[str] = []
    missing = sorted({"slug", "title", "audience", "summary", "who_can_take_part",
                      "what_is_involved", "time_commitment", "equivalent_days", "cost"}
                     - set(entry))
    if missing:
        problems.append(f"it lacks {', '.join(missing)}.")
    unknown = sorted(set(entry) - ENTRY_KEYS)
    if unknown:
        problems.append(f"it has keys no programme takes: {', '.join(unknown)}.")
    if missing:
        return problems
    prerequisites = entry.get("prerequisites", [])
    if not isinstance(prerequisites, list) or not all(
            isinstance(slug, str) and slug in known and slug != entry["slug"]
            for slug in prerequisites):
        problems.append("“prerequisites” must list other programmes by slug.")
    supports = entry.get("required_supports", [])
    if (not isinstance(supports, list) or len(set(map(str, supports))) != len(supports)
            or not set(supports) <= set(SupportRole.values)):
        problems.append(f"“required_supports” must list each of at most once: "
                        f"{', '.join(SupportRole.values)}.")
    rules = entry.get("eligibility_rules", [])
    rule_problems = validate_config(rules)
    problems.extend(f"eligibility rules: {problem}" for problem in rule_problems)
    if not rule_problems:
        problems.extend(f"eligibility rules refer to “{slug}”, which is not a programme."
                        for slug in sorted(programme_slugs_in(rules) - known))
    completion = entry.get("completion", {"rule": CompletionRule.ALL_REQUIRED})
    if not isinstance(completion, dict) or set(completion) - {"rule", "threshold"} \
            or completion.get("rule") not in CompletionRule.values:
        problems.append(f"“completion” must be {{\"rule\": one of "
                        f"{', '.join(CompletionRule.values)}, \"threshold\": a number}}.")
    problems.extend(_routes_problems(entry.get("routes", []), known))
    if not problems:
        problems.extend(_model_problems(entry))
    return problems


def document_problems(document: dict[str, Any]) -> list[str]:
    """Every problem with a reference data document, each naming its entry (empty when fine)."""
    version = document.get("version")
    entries = document.get("programmes")
    problems = []
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append("The file must give its “version”, a whole number from 1.")
    if not isinstance(entries, list) or not entries:
        return [*problems, "The file must list its “programmes”."]
    slugs = [entry.get("slug") if isinstance(entry, dict) else None for entry in entries]
    known = {slug for slug in slugs if isinstance(slug, str)} | set(
        Programme.objects.values_list("slug", flat=True))
    for index, entry in enumerate(entries, start=1):
        name = _entry_name(index, entry)
        if not isinstance(entry, dict):
            problems.append(f"{name}: it must be an object.")
            continue
        slug = entry.get("slug")
        if not isinstance(slug, str) or not slug or slugify(slug) != slug or len(slug) > 80:
            problems.append(f"{name}: “slug” must be lower-case letters, digits and hyphens.")
            continue
        if slugs.count(slug) > 1:
            problems.append(f"{name}: another entry has the same slug.")
        problems.extend(f"{name}: {problem}" for problem in _entry_problems(entry, known))
    return problems


# --- Loading -----------------------------------------------------------------------------------

def _differences(current: dict[str, Any], wanted: dict[str, Any]) -> tuple[str, ...]:
    return tuple(name for name in wanted if current.get(name) != wanted.get(name))


def _write(programme: Programme, wanted: dict[str, Any]) -> None:
    """Give ``programme`` the entry's own fields (prerequisites and routes come after every
    programme exists)."""
    for name in TEXT_FIELDS:
        setattr(programme, name, wanted[name])
    programme.equivalent_days = Decimal(wanted["equivalent_days"])
    programme.required_supports = wanted["required_supports"]
    programme.eligibility_rules = wanted["eligibility_rules"]
    programme.completion_rule = wanted["completion"]["rule"]
    threshold = wanted["completion"]["threshold"]
    programme.completion_threshold = Decimal(threshold) if threshold is not None else None
    programme.save()


def _link(programme: Programme, wanted: dict[str, Any], by_slug: dict[str, Programme]) -> None:
    programme.prerequisites.set([by_slug[slug] for slug in wanted["prerequisites"]])
    keep = set()
    for route in wanted["routes"]:
        found, _ = ProgressionRoute.objects.update_or_create(
            from_programme=programme, to_programme=by_slug[route["to"]],
            after_years=route["after_years"], defaults={"note": route["note"]})
        keep.add(found.pk)
    programme.routes_out.exclude(pk__in=keep).delete()


def programmes_load(*, document: dict[str, Any], overwrite: bool = False) -> LoadReport:
    """Load a reference data document. Raises ReferenceDataInvalid (nothing written) when the
    file has problems. The file is checked in the load's transaction, against the programmes
    as they are under its locks."""
    with transaction.atomic():
        existing = {p.slug: p for p in Programme.objects.select_for_update()}
        problems = document_problems(document)
        if problems:
            raise ReferenceDataInvalid(problems)
        report = LoadReport(version=document["version"])
        wanted_by_slug = {entry["slug"]: canonical(entry) for entry in document["programmes"]}
        to_link: list[tuple[Programme, dict[str, Any], Status, dict[str, Any] | None]] = []
        for slug, wanted in wanted_by_slug.items():
            programme = existing.get(slug)
            if programme is None:
                programme = Programme(slug=slug)
                _write(programme, wanted)
                existing[slug] = programme
                to_link.append((programme, wanted, "created", None))
                continue
            current = programme_entry(programme)
            if current == wanted:
                report.results.append(EntryResult(slug, programme.title, "unchanged"))
                if programme.reference_digest != digest(wanted):
                    Programme.objects.filter(pk=programme.pk).update(
                        reference_digest=digest(wanted))
                continue
            if not programme.reference_digest and not overwrite:
                report.results.append(EntryResult(slug, programme.title, "never_loaded",
                                                  _differences(current, wanted)))
                continue
            if programme.reference_digest != digest(current) and not overwrite:
                report.results.append(EntryResult(slug, programme.title, "kept",
                                                  _differences(current, wanted)))
                continue
            _write(programme, wanted)
            to_link.append((programme, wanted, "updated", current))
        for programme, wanted, status, before in to_link:
            _link(programme, wanted, existing)
            after = programme_entry(programme)
            Programme.objects.filter(pk=programme.pk).update(reference_digest=digest(after))
            if status == "created":
                audit_record(actor=None, action=AuditAction.PROGRAMME_CREATED, obj=programme,
                             hub=None, changes={"reference_data_version": report.version,
                                                **after})
            else:
                assert before is not None
                audit_record(actor=None, action=AuditAction.PROGRAMME_UPDATED, obj=programme,
                             hub=None, changes={
                                 "reference_data_version": report.version,
                                 **{name: [before[name], after[name]]
                                    for name in _differences(before, after)}})
            report.results.append(EntryResult(programme.slug, programme.title, status))
    order = list(wanted_by_slug)
    report.results.sort(key=lambda result: order.index(result.slug))
    return report
