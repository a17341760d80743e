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
from contextlib import contextmanager
from dataclasses import astuple, dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

from django.core.exceptions import ValidationError
from django.core.management.base import OutputWrapper
from django.core.validators import validate_email
from django.db import connection, transaction
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


def read_lists(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]], int]:
    """Like ``read_rows`` but each row a list of stripped cells in header order, padded with ""
    to one past the header (the cell an absent optional column reads): cheaper than dicts."""
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip() for name in next(reader, [])]
    total = max(text.count("\n") - 1, 0)
    width = len(header) + 1

    def rows() -> Iterator[tuple[int, list[str]]]:
        for row in reader:
            if not row:
                continue  # DictReader skips blank lines too
            cells = [cell.strip() for cell in row[:width - 1]]  # DictReader drops extras too
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            yield reader.line_num, cells

    return header, rows(), total


def require_columns(header: list[str], required: list[str], what: str) -> None:
    missing = [name for name in required if name not in header]
    if missing:
        raise ImportRefused(f"This is not a {what} file: it has no "
                            f"{', '.join(repr(m) for m in missing)} column"
                            f"{'s' if len(missing) > 1 else ''}.")


def progress[Row](rows: Iterator[tuple[int, Row]], total: int, label: str,
             stream: TextIO | OutputWrapper | None) -> Iterator[tuple[int, Row]]:
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


# A yes/no cell as written in lower case ("" is not known); the fast parser looks cells up here
# as they are, and _yes_no accepts any case.
_YES_NO: dict[str, bool | None] = {
    "": None, "yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}


def _yes_no(value: str, what: str) -> bool | None:
    try:
        return _YES_NO[value.lower()]
    except KeyError:
        raise RowError(f"{what} “{value}” is not yes or no") from None


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


def _bundled_parser(header: list[str]) -> Callable[[list[str]], tuple[Any, ...]]:
    """A row of the bundled register → its values in ``SCHOOL_FIELDS`` order after the name and
    search name. Rows are lists, columns found by position once: 48k rows go through this."""
    at = {name: index for index, name in enumerate(header)}
    width = len(header)
    la_code, la_name, region = at["la_code"], at["la_name"], at["region"]
    phase_at, status_at, funded_at = at["phase"], at["status"], at["state_funded"]
    empty = width  # rows are padded with one "" past the header, for absent optional columns
    funding_at, pupils_at, pct_at, high_pp_at, sparse_at, town_at, locality_at, postcode_at = (
        at.get(name, empty) for name in (
            "funding_type_2021", "secondary_pupils_2021", "pupil_premium_pct_2021",
            "high_pupil_premium_2024", "sparse_2024", "town", "locality", "postcode"))
    derived: dict[tuple[str, str, str, bool, bool], tuple[bool, ...]] = {}

    def values(row: list[str], state_funded: bool | None, secondary_pupils: int | None,
               pct: Decimal | None, la: int | None, high_pp: bool | None, sparse: bool | None,
               ) -> tuple[Any, ...]:
        status, phase, funding = row[status_at], row[phase_at], row[funding_at]
        # derive() reads the pupil count only as "some secondary-age pupils", so rows that agree
        # on these five share one answer.
        key = (status, phase, funding, bool(state_funded),
               bool(secondary_pupils and secondary_pupils > 0))
        facts_ = derived.get(key)
        if facts_ is None:
            facts_ = derived[key] = astuple(facts.derive(facts.RawSchool(
                status=status, phase=phase, funding_type=funding,
                state_funded_flag=bool(state_funded), secondary_pupils=secondary_pupils)))
        postcode = row[postcode_at]
        return (la, row[la_name], row[region], phase, funding, status, None, None, row[town_at],
                row[locality_at], postcode, facts.normalise_postcode(postcode),
                secondary_pupils, pct, high_pp, sparse, *facts_)

    def careful(row: list[str]) -> tuple[Any, ...]:
        """Each cell checked in turn, so a bad row is reported by its first bad cell."""
        state_funded = _yes_no(row[funded_at], "state_funded")
        secondary_pupils = _int(row[pupils_at], "secondary_pupils_2021")
        pct_text = row[pct_at]
        try:
            pct = Decimal(pct_text) if pct_text else None
        except InvalidOperation:
            raise RowError(f"pupil_premium_pct_2021 “{pct_text}” is not a number") from None
        return values(row, state_funded, secondary_pupils, pct, _int(row[la_code], "la_code"),
                      _yes_no(row[high_pp_at], "high_pupil_premium_2024"),
                      _yes_no(row[sparse_at], "sparse_2024"))

    def parse(row: list[str]) -> tuple[Any, ...]:
        # The same conversions without a function call per cell; anything unusual (a bad cell,
        # "Yes" in capitals) goes the careful way, which says what is wrong or accepts it.
        try:
            pupils, pct, la = row[pupils_at], row[pct_at], row[la_code]
            return values(row, _YES_NO[row[funded_at]], int(pupils) if pupils else None,
                          Decimal(pct) if pct else None, int(la) if la else None,
                          _YES_NO[row[high_pp_at]], _YES_NO[row[sparse_at]])
        except (KeyError, ValueError, InvalidOperation):
            return careful(row)

    return parse


def _gias_parser(header: list[str], la_regions: dict[int, str]
                 ) -> Callable[[list[str]], tuple[Any, ...]]:
    def parse(row: list[str]) -> tuple[Any, ...]:
        values = _school_from_gias(dict(zip(header, row, strict=False)), la_regions)
        values["search_postcode"] = facts.normalise_postcode(values["postcode"])
        return tuple(values[name] for name in SCHOOL_FIELDS[2:])

    return parse


def schools_import(*, path: Path, actor: User | None = None,
                   stream: TextIO | OutputWrapper | None = None) -> ImportSummary:
    """Upsert the register from a GIAS download or the bundled file, told apart by the header.

    The parsed rows go to a staging table in one batch (``COPY`` on PostgreSQL), and SQL
    compares them with the register: new schools are inserted and changed ones updated, each in
    one statement, and an unchanged file writes no school row (``_schools_upsert``)."""
    header, rows, total = read_lists(path)
    if "URN" in header:
        require_columns(header, GIAS_REQUIRED, "GIAS establishments")
        kind = ImportKind.SCHOOLS_GIAS
        la_regions = {la.code: la.region.name
                      for la in LocalAuthority.objects.select_related("region")}
        parse = _gias_parser(header, la_regions)
        urn_at, name_at = header.index("URN"), header.index("EstablishmentName")
    elif "urn" in header:
        require_columns(header, BUNDLED_REQUIRED, "school register")
        kind = ImportKind.SCHOOLS_BUNDLED
        parse = _bundled_parser(header)
        urn_at, name_at = header.index("urn"), header.index("name")
    else:
        raise ImportRefused("This is not a school register file: it has no 'URN' column "
                            "(GIAS download) or 'urn' column (bundled register).")
    status_at = SCHOOL_FIELDS.index("status") - 2
    summary = ImportSummary(kind=kind, source=path.name)
    # urn → (urn, name, search name, *the rest of SCHOOL_FIELDS), as the table's columns.
    wanted: dict[int, tuple[Any, ...]] = {}
    first_line: dict[int, int] = {}
    normalise_name = facts.normalise_name
    for line, row in progress(rows, total, "Reading schools", stream):
        try:
            urn_text = row[urn_at]
            # int() alone would take " 12", "+12" or "1_2"; the careful way says what is wrong.
            urn = int(urn_text) if urn_text.isdecimal() else _int(urn_text, "URN", required=True)
            assert urn is not None
            if urn in first_line:
                raise RowError(f"URN {urn} appears again (first on line {first_line[urn]})")
            name = row[name_at]
            if not name:
                raise RowError("the school has no name")
            rest = parse(row)
        except RowError as error:
            summary.skip(line, str(error))
            continue
        if not rest[status_at]:
            summary.skip(line, "the status is empty")
            continue
        first_line[urn] = line
        wanted[urn] = (urn, name, normalise_name(name), *rest)
    with transaction.atomic():
        summary.created, summary.updated = _schools_upsert(list(wanted.values()))
        summary.unchanged = len(wanted) - summary.created - summary.updated
        _record_run(summary, actor)
    return summary


def _school_columns() -> list[str]:
    columns = {field.name: str(field.column) for field in School._meta.concrete_fields}
    return [columns[name] for name in ("urn", *SCHOOL_FIELDS)]


STAGING_TABLE = "schools_school_staging"
# The SQLite school search index (migration 0003); its triggers' names start with it too.
SEARCH_INDEX = "schools_school_search"
# Above this many new or changed schools, an import sets the register's indexes aside and builds
# them once after writing (ADR 21). For the whole register on SQLite a search-index trigger per
# row costs about 0.9 s, the rebuild 0.2 s; on PostgreSQL keeping the trigram index in step row
# by row about 2.5 s, building it 0.3 s.
REBUILD_INDEXES_FROM = 5000


def _schools_upsert(values: list[tuple[Any, ...]]) -> tuple[int, int]:
    """Insert new schools and update changed ones; (created, updated).

    The values are what the columns hold (str, int, bool, Decimal, None), checked by the parsers
    above, so they skip Django's per-field conversion. Into an empty register they go straight
    in; otherwise to a temporary table shaped like the register's (``_load``); one query counts the
    new and the changed (a row is changed when any column IS DISTINCT FROM the stored one, NULLs
    compared as values), then one INSERT ... SELECT and one UPDATE ... FROM write them, each only
    when there is something to write."""
    quote = connection.ops.quote_name
    table, staging = quote(School._meta.db_table), quote(STAGING_TABLE)
    columns = [quote(column) for column in _school_columns()]
    listed = ", ".join(columns)
    staged = ", ".join(f"s.{column}" for column in columns)
    # SQLite spells IS DISTINCT FROM as IS NOT (it learnt the long form only in 3.39).
    distinct = "IS NOT" if connection.vendor == "sqlite" else "IS DISTINCT FROM"
    changed = (f"({', '.join(f't.{column}' for column in columns[1:])}) {distinct} "
               f"({', '.join(f's.{column}' for column in columns[1:])})")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")  # noqa: S608
        if not cursor.fetchone()[0]:
            # The first import: every school is new, so they go straight to the register.
            with _indexes_rebuilt_after(len(values), register_empty=True):
                _load(cursor, table, listed, values)
            return len(values), 0
        # An empty copy of the register's columns, with their types (and SQLite's affinities,
        # so a value is stored and compared as the register would store it).
        cursor.execute(f"CREATE TEMPORARY TABLE {staging} AS "  # noqa: S608
                       f"SELECT {listed} FROM {table} WHERE 1 = 0")
        _load(cursor, staging, listed, values)
        cursor.execute(
            f"SELECT COUNT(*) - COUNT(t.{columns[0]}), "  # noqa: S608
            f"COALESCE(SUM(CASE WHEN t.{columns[0]} IS NOT NULL AND {changed} THEN 1 END), 0) "
            f"FROM {staging} s LEFT JOIN {table} t ON t.{columns[0]} = s.{columns[0]}")
        created, updated = cursor.fetchone()
        with _indexes_rebuilt_after(created + updated, register_empty=False):
            if created:
                cursor.execute(
                    f"INSERT INTO {table} ({listed}) SELECT {staged} "  # noqa: S608
                    f"FROM {staging} s WHERE NOT EXISTS (SELECT 1 FROM {table} t "
                    f"WHERE t.{columns[0]} = s.{columns[0]})")
            if updated:
                assignments = ", ".join(f"{column} = s.{column}" for column in columns[1:])
                cursor.execute(
                    f"UPDATE {table} AS t SET {assignments} FROM {staging} s "  # noqa: S608
                    f"WHERE t.{columns[0]} = s.{columns[0]} AND {changed}")
        cursor.execute(f"DROP TABLE {staging}")
    return created, updated


def _load(cursor: Any, table: str, listed: str, values: list[tuple[Any, ...]]) -> None:
    """Rows into a table in one batch: ``COPY`` on PostgreSQL, one ``executemany`` elsewhere."""
    if connection.vendor == "postgresql":
        with cursor.copy(f"COPY {table} ({listed}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
    elif values:
        placeholders = ", ".join(["%s"] * (listed.count(",") + 1))
        cursor.executemany(f"INSERT INTO {table} ({listed}) "  # noqa: S608
                           f"VALUES ({placeholders})", values)


@contextmanager
def _indexes_rebuilt_after(rows: int, *, register_empty: bool) -> Iterator[None]:
    """For a write of many rows, the register's secondary indexes (the search index among them)
    are set aside and built once after it, inside the import's transaction, so no other
    connection sees them missing. Building an
    index sorts once; keeping it in step costs a tree (or trigram) update per row. SQLite: the
    FTS5 search table's triggers are dropped too, the table rebuilt, and everything created again
    from its own SQL. For a few rows, the indexes and triggers keep step row by row (ADR 21).

    PostgreSQL only when the register is empty (the first import): ``DROP INDEX`` locks the
    table against every reader until the commit, so on a register in use each page that reads
    a school would wait for the import. SQLite's readers (WAL) go on reading the last commit."""
    if (rows < REBUILD_INDEXES_FROM or connection.vendor not in ("sqlite", "postgresql")
            or (connection.vendor == "postgresql" and not register_empty)):
        yield
        return
    table = School._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Indexes SQLite made for a constraint have no SQL and stay.
            cursor.execute("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = %s "
                           "AND (type = 'index' AND sql IS NOT NULL "
                           "OR type = 'trigger' AND name LIKE %s)", [table, f"{SEARCH_INDEX}%"])
        else:
            # Unique indexes stay: they guard the data being written.
            cursor.execute("SELECT 'index', index.relname, pg_get_indexdef(index.oid) "
                           "FROM pg_index JOIN pg_class index ON index.oid = pg_index.indexrelid "
                           "WHERE pg_index.indrelid = %s::regclass AND NOT pg_index.indisunique",
                           [table])
        set_aside = cursor.fetchall()
        for kind, name, _definition in set_aside:
            cursor.execute(f"DROP {kind.upper()} {connection.ops.quote_name(name)}")
        yield
        if connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {SEARCH_INDEX} ({SEARCH_INDEX}) "  # noqa: S608
                           "VALUES ('rebuild')")
        for _kind, _name, definition in set_aside:
            cursor.execute(definition)


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
