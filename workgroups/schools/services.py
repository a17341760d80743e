"""Importers for the school register, its links and participation history.

Every importer is an upsert: running it twice changes nothing; rows that vanish from a file are
kept (a closed school is still history). A bad row is reported with its line number and reason and
skipped; the rest is imported. A file without the needed columns is refused before anything is
written. Each run is one transaction, recorded as an ImportRun with one audit event.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from django.core.exceptions import ValidationError
from django.core.management.base import OutputWrapper
from django.core.validators import validate_email
from django.db import transaction
from tqdm import tqdm

from workgroups.accounts.models import User
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import AcademicYear, Programme
from workgroups.catalogue.services import academic_year_ensure
from workgroups.hubs.models import Hub, LocalAuthority
from workgroups.schools import facts
from workgroups.schools.models import (
    ImportKind,
    ImportRun,
    Outcome,
    ParticipationRecord,
    School,
    SchoolLink,
)

BUNDLED_REGISTER = Path(__file__).parent / "data" / "england_schools_2024.csv.gz"
BUNDLED_LINKS = Path(__file__).parent / "data" / "gias_links_2025-07-27.csv.gz"


class ImportRefused(Exception):
    """The file cannot be imported at all (wrong columns, unreadable)."""


class RowError(Exception):
    """One row is bad; the message says why."""


@dataclass
class ImportSummary:
    kind: str
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    def skip(self, line: int, reason: str) -> None:
        self.skipped += 1
        self.errors.append((line, reason))

    def line(self) -> str:
        return (f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.skipped} skipped")


# --- Reading ---------------------------------------------------------------------------------

def read_text(path: Path) -> str:
    """The file's text: UTF-8 (with or without BOM) if it decodes, else Windows-1252 (GIAS)."""
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]], int]:
    """Header, rows numbered by their line in the file (header is line 1), and the row count."""
    text = read_text(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    total = max(text.count("\n") - 1, 0)

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for row in reader:
            # line_num counts physical lines, so quoted newlines keep numbers true to the file.
            yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}

    return header, rows(), total


def require_columns(header: list[str], required: list[str], what: str) -> None:
    missing = [name for name in required if name not in header]
    if missing:
        raise ImportRefused(f"This is not a {what} file: it has no "
                            f"{', '.join(repr(m) for m in missing)} column"
                            f"{'s' if len(missing) > 1 else ''}.")


def progress(rows: Iterator[tuple[int, dict[str, str]]], total: int, label: str,
             stream: TextIO | OutputWrapper | None) -> Iterator[tuple[int, dict[str, str]]]:
    """A progress bar, shown only when the output is a terminal."""
    out = stream or sys.stderr
    return iter(tqdm(rows, total=total, desc=label, unit=" rows", file=out,
                     disable=not out.isatty(), leave=False))


def _int(value: str, what: str, *, required: bool = False) -> int | None:
    if value == "":
        if required:
            raise RowError(f"{what} is empty")
        return None
    try:
        return int(value)
    except ValueError:
        raise RowError(f"{what} “{value}” is not a whole number") from None


IMPORT_ACTIONS = {
    ImportKind.SCHOOLS_GIAS: AuditAction.IMPORT_SCHOOLS_GIAS,
    ImportKind.SCHOOLS_BUNDLED: AuditAction.IMPORT_SCHOOLS_BUNDLED,
    ImportKind.SCHOOL_LINKS: AuditAction.IMPORT_SCHOOL_LINKS,
    ImportKind.PARTICIPATION: AuditAction.IMPORT_PARTICIPATION,
}


def _record_run(summary: ImportSummary, actor: User | None) -> ImportRun:
    run = ImportRun.objects.create(
        kind=summary.kind, source=summary.source[:300], created=summary.created,
        updated=summary.updated, unchanged=summary.unchanged, skipped=summary.skipped,
        errors=[[line, reason] for line, reason in summary.errors[:1000]])
    audit_record(actor=actor, action=IMPORT_ACTIONS[ImportKind(summary.kind)], obj=run, hub=None,
                 changes={"created": summary.created, "updated": summary.updated,
                          "unchanged": summary.unchanged, "skipped": summary.skipped})
    return run


# --- The school register -----------------------------------------------------------------------

GIAS_REQUIRED = ["URN", "EstablishmentName", "TypeOfEstablishment (name)",
                 "EstablishmentStatus (name)", "PhaseOfEducation (name)", "LA (code)"]
BUNDLED_REQUIRED = ["urn", "name", "la_code", "la_name", "region", "phase", "status",
                    "state_funded"]
SCHOOL_FIELDS = [
    "name", "search_name", "la_code", "la_name", "region", "phase", "type_name", "status",
    "statutory_low_age", "statutory_high_age", "town", "locality", "postcode", "search_postcode",
    "secondary_pupils", "pupil_premium_pct", "high_pupil_premium", "sparse", "is_open",
    "in_england", "state_funded", "secondary", "special", "post16", "alternative_provision",
]


def _yes_no(value: str, what: str) -> bool | None:
    if value == "":
        return None
    if value.lower() in {"yes", "true", "1"}:
        return True
    if value.lower() in {"no", "false", "0"}:
        return False
    raise RowError(f"{what} “{value}” is not yes or no")


def _school_from_gias(row: dict[str, str], la_regions: dict[int, str]) -> dict[str, Any]:
    la_code = _int(row["LA (code)"], "LA (code)")
    high_age = _int(row.get("StatutoryHighAge", ""), "StatutoryHighAge")
    raw = facts.RawSchool(
        status=row["EstablishmentStatus (name)"], phase=row["PhaseOfEducation (name)"],
        type_name=row["TypeOfEstablishment (name)"], statutory_high_age=high_age,
        la_in_england=la_code in la_regions)
    return {
        "la_code": la_code, "la_name": row.get("LA (name)", ""),
        "region": row.get("GOR (name)", "") or la_regions.get(la_code or -1, ""),
        "phase": row["PhaseOfEducation (name)"], "type_name": row["TypeOfEstablishment (name)"],
        "status": row["EstablishmentStatus (name)"],
        "statutory_low_age": _int(row.get("StatutoryLowAge", ""), "StatutoryLowAge"),
        "statutory_high_age": high_age, "town": row.get("Town", ""),
        "locality": row.get("Locality", ""),
        "postcode": row.get("Postcode", ""), "secondary_pupils": None,
        "pupil_premium_pct": None, "high_pupil_premium": None, "sparse": None,
        **vars(facts.derive(raw)),
    }


def _school_from_bundled(row: dict[str, str]) -> dict[str, Any]:
    state_funded = _yes_no(row["state_funded"], "state_funded")
    secondary_pupils = _int(row.get("secondary_pupils_2021", ""), "secondary_pupils_2021")
    raw = facts.RawSchool(
        status=row["status"], phase=row["phase"], funding_type=row.get("funding_type_2021", ""),
        state_funded_flag=bool(state_funded), secondary_pupils=secondary_pupils)
    pct_text = row.get("pupil_premium_pct_2021", "")
    try:
        pct = Decimal(pct_text) if pct_text else None
    except InvalidOperation:
        raise RowError(f"pupil_premium_pct_2021 “{pct_text}” is not a number") from None
    return {
        "la_code": _int(row["la_code"], "la_code"), "la_name": row["la_name"],
        "region": row["region"], "phase": row["phase"],
        "type_name": row.get("funding_type_2021", ""), "status": row["status"],
        "statutory_low_age": None, "statutory_high_age": None, "town": row.get("town", ""),
        "locality": row.get("locality", ""),
        "postcode": row.get("postcode", ""), "secondary_pupils": secondary_pupils,
        "pupil_premium_pct": pct,
        "high_pupil_premium": _yes_no(row.get("high_pupil_premium_2024", ""),
                                      "high_pupil_premium_2024"),
        "sparse": _yes_no(row.get("sparse_2024", ""), "sparse_2024"),
        **vars(facts.derive(raw)),
    }


def schools_import(*, path: Path, actor: User | None = None,
                   stream: TextIO | OutputWrapper | None = None) -> ImportSummary:
    """Upsert the register from a GIAS download or the bundled file, told apart by the header."""
    header, rows, total = read_rows(path)
    if "URN" in header:
        require_columns(header, GIAS_REQUIRED, "GIAS establishments")
        kind = ImportKind.SCHOOLS_GIAS
        la_regions = {la.code: la.region.name
                      for la in LocalAuthority.objects.select_related("region")}
        parse: Callable[[dict[str, str]], dict[str, Any]] = partial(
            _school_from_gias, la_regions=la_regions)
        urn_key, name_key = "URN", "EstablishmentName"
    elif "urn" in header:
        require_columns(header, BUNDLED_REQUIRED, "school register")
        kind = ImportKind.SCHOOLS_BUNDLED
        parse, urn_key, name_key = _school_from_bundled, "urn", "name"
    else:
        raise ImportRefused("This is not a school register file: it has no 'URN' column "
                            "(GIAS download) or 'urn' column (bundled register).")
    summary = ImportSummary(kind=kind, source=path.name)
    wanted: dict[int, dict[str, Any]] = {}
    first_line: dict[int, int] = {}
    for line, row in progress(rows, total, "Reading schools", stream):
        try:
            urn = _int(row.get(urn_key, ""), "URN", required=True)
            assert urn is not None
            if urn in first_line:
                raise RowError(f"URN {urn} appears again (first on line {first_line[urn]})")
            name = row.get(name_key, "")
            if not name:
                raise RowError("the school has no name")
            values = parse(row)
        except RowError as error:
            summary.skip(line, str(error))
            continue
        if not values["status"]:
            summary.skip(line, "the status is empty")
            continue
        first_line[urn] = line
        values.update(name=name, search_name=facts.normalise_name(name),
                      search_postcode=facts.normalise_postcode(values["postcode"]))
        wanted[urn] = values
    with transaction.atomic():
        existing = {urn: dict(zip(SCHOOL_FIELDS, rest, strict=True)) for urn, *rest in
                    School.objects.values_list("urn", *SCHOOL_FIELDS).iterator(chunk_size=5000)}
        to_create, to_update = [], []
        for urn, values in wanted.items():
            current = existing.get(urn)
            if current is None:
                to_create.append(School(urn=urn, **values))
            elif any(current[name] != values[name] for name in SCHOOL_FIELDS):
                to_update.append(School(urn=urn, **values))
            else:
                summary.unchanged += 1
        School.objects.bulk_create(to_create, batch_size=2000)
        School.objects.bulk_update(to_update, SCHOOL_FIELDS, batch_size=1000)
        summary.created, summary.updated = len(to_create), len(to_update)
        _record_run(summary, actor)
    return summary


# --- Links -----------------------------------------------------------------------------------

def _link_date(text: str) -> date | None:
    for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a plain date
        except ValueError:
            continue
    if text:
        raise RowError(f"the date “{text}” is not a day-month-year date")
    return None


def school_links_import(*, path: Path, actor: User | None = None,
                        stream: TextIO | OutputWrapper | None = None) -> ImportSummary:
    """Upsert GIAS predecessor/successor links and set each school's successor from them."""
    header, rows, total = read_rows(path)
    names = (("urn", "link_urn", "link_type", "link_established_date") if "urn" in header
             else ("URN", "LinkURN", "LinkType", "LinkEstablishedDate"))
    require_columns(header, list(names[:3]), "GIAS links")
    summary = ImportSummary(kind=ImportKind.SCHOOL_LINKS, source=path.name)
    wanted: dict[tuple[int, int, str], date | None] = {}
    for line, row in progress(rows, total, "Reading links", stream):
        try:
            urn = _int(row[names[0]], names[0], required=True)
            link_urn = _int(row[names[1]], names[1], required=True)
            link_type = row[names[2]]
            if not link_type:
                raise RowError("the link type is empty")
            established = _link_date(row.get(names[3], ""))
        except RowError as error:
            summary.skip(line, str(error))
            continue
        assert urn is not None and link_urn is not None
        wanted[(urn, link_urn, link_type[:60])] = established
    with transaction.atomic():
        existing = {(link.urn, link.link_urn, link.link_type): link
                    for link in SchoolLink.objects.all().iterator(chunk_size=5000)}
        to_create, to_update = [], []
        for key, established in wanted.items():
            link = existing.get(key)
            if link is None:
                to_create.append(SchoolLink(urn=key[0], link_urn=key[1], link_type=key[2],
                                            established_on=established))
            elif link.established_on != established:
                link.established_on = established
                to_update.append(link)
            else:
                summary.unchanged += 1
        SchoolLink.objects.bulk_create(to_create, batch_size=5000)
        SchoolLink.objects.bulk_update(to_update, ["established_on"], batch_size=2000)
        summary.created, summary.updated = len(to_create), len(to_update)
        _set_successors()
        _record_run(summary, actor)
    return summary


def _set_successors() -> None:
    """Each school's successor is its most recently established successor link."""
    latest: dict[int, tuple[date, int]] = {}
    for urn, link_urn, established in SchoolLink.objects.filter(
            link_type__startswith="Successor").values_list("urn", "link_urn", "established_on"):
        key = (established or date.min, link_urn)
        if urn not in latest or key > latest[urn]:
            latest[urn] = key
    current = dict(School.objects.filter(successor_urn__isnull=False)
                   .values_list("urn", "successor_urn"))
    changed = []
    for urn in School.objects.filter(urn__in=set(latest) | set(current)).values_list(
            "urn", flat=True):
        successor = latest[urn][1] if urn in latest else None
        if current.get(urn) != successor:
            changed.append(School(urn=urn, successor_urn=successor))
    School.objects.bulk_update(changed, ["successor_urn"], batch_size=2000)


# --- Participation history ---------------------------------------------------------------------

PARTICIPATION_COLUMNS = ["academic_year", "hub", "programme", "urn", "email", "name", "outcome"]


def _year_start(text: str) -> int:
    parts = text.replace("/", "-").split("-")
    if len(parts) != 2 or not (parts[0].isdigit() and parts[1].isdigit()) or len(parts[0]) != 4:
        raise RowError(f"academic year “{text}” is not like 2023-24")
    start = int(parts[0])
    if parts[1] != str(start + 1)[-len(parts[1]):] or len(parts[1]) not in (2, 4):
        raise RowError(f"academic year “{text}” does not run into the next year")
    return start


def participation_import(*, path: Path, actor: User | None = None,
                         stream: TextIO | OutputWrapper | None = None) -> ImportSummary:
    """Upsert participation records from a hub's spreadsheet (CSV)."""
    header, rows, total = read_rows(path)
    require_columns(header, PARTICIPATION_COLUMNS, "participation history")
    summary = ImportSummary(kind=ImportKind.PARTICIPATION, source=path.name)
    hubs = {hub.slug: hub for hub in Hub.objects.all()}
    programmes = {programme.slug: programme for programme in Programme.objects.all()}
    years: dict[int, AcademicYear] = {}
    with transaction.atomic():
        known_urns = set(School.objects.values_list("urn", flat=True))
        for line, row in progress(rows, total, "Reading participation", stream):
            try:
                start = _year_start(row["academic_year"])
                hub = hubs.get(row["hub"])
                if hub is None:
                    raise RowError(f"no hub “{row['hub']}”")
                programme = programmes.get(row["programme"])
                if programme is None:
                    raise RowError(f"no programme “{row['programme']}”")
                urn = _int(row["urn"], "urn")
                if urn is not None and urn not in known_urns:
                    raise RowError(f"URN {urn} is not in the school register")
                email = row["email"].lower()
                if email:
                    try:
                        validate_email(email)
                    except ValidationError:
                        raise RowError(f"“{row['email']}” is not an email address") from None
                if urn is None and not email:
                    raise RowError("give a URN, an email address or both")
                if row["outcome"] not in Outcome.values:
                    raise RowError(f"outcome “{row['outcome']}” is not one of "
                                   f"{', '.join(Outcome.values)}")
            except RowError as error:
                summary.skip(line, str(error))
                continue
            if start not in years:
                years[start] = academic_year_ensure(start_year=start)
            record, created = ParticipationRecord.objects.get_or_create(
                academic_year=years[start], hub=hub, programme=programme, school_urn=urn,
                email=email, defaults={"name": row["name"], "outcome": row["outcome"]})
            if created:
                summary.created += 1
            elif (record.name, record.outcome) != (row["name"], row["outcome"]):
                record.name, record.outcome = row["name"], row["outcome"]
                record.save(update_fields=["name", "outcome", "updated_at"])
                summary.updated += 1
            else:
                summary.unchanged += 1
        _record_run(summary, actor)
    return summary
