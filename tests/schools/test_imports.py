from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests import factories
from workgroups.audit.models import AuditEvent
from workgroups.hubs.services import local_authorities_load
from workgroups.schools.models import ImportRun, ParticipationRecord, School, SchoolLink
from workgroups.schools.services import (
    BUNDLED_LINKS,
    BUNDLED_REGISTER,
    ImportRefused,
    participation_import,
    school_links_import,
    schools_import,
)

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "gias_statefunded_sample.csv"


@pytest.fixture
def las():
    local_authorities_load()


def bundled_slice(tmp_path: Path, n: int, extra: list[str] | None = None) -> Path:
    """The first ``n`` rows of the bundled register, plus any extra raw lines."""
    lines = gzip.decompress(BUNDLED_REGISTER.read_bytes()).decode().splitlines()
    path = tmp_path / "register.csv"
    path.write_text("\n".join(lines[: n + 1] + (extra or [])) + "\n", encoding="utf-8")
    return path


def test_gias_sample_imports_and_derives_facts(las):
    summary = schools_import(path=SAMPLE)
    assert (summary.created, summary.skipped) == (1482, 0)
    aldgate = School.objects.get(urn=100000)
    assert aldgate.name == "The Aldgate School"
    assert (aldgate.la_code, aldgate.region, aldgate.type_name) == (
        201, "London", "Voluntary aided school")
    assert (aldgate.statutory_low_age, aldgate.statutory_high_age) == (3, 11)
    assert aldgate.is_open and aldgate.state_funded and aldgate.in_england
    assert not aldgate.secondary
    assert School.objects.filter(secondary=True).count() >= 261
    assert School.objects.filter(special=True, secondary=True).exists()


def test_a_windows_1252_gias_file_with_crlf_reads_the_same(las, tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").replace("\n", "\r\n")
    text = text.replace("The Aldgate School", "The Aldgate Schööl – Café")
    cp1252 = tmp_path / "edubaseallstatefunded.csv"
    cp1252.write_bytes(text.encode("cp1252", errors="replace"))
    summary = schools_import(path=cp1252)
    assert summary.created == 1482
    assert School.objects.get(urn=100000).name == "The Aldgate Schööl – Café"


def test_reimporting_changes_nothing_and_each_run_is_audited(las):
    schools_import(path=SAMPLE)
    again = schools_import(path=SAMPLE)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1482)
    assert ImportRun.objects.count() == 2
    assert AuditEvent.objects.filter(action="schools.import.schools_gias").count() == 2


def test_broken_rows_are_reported_by_line_and_the_rest_imported(las, tmp_path):
    rows = list(csv.reader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))
    header, body = rows[0], rows[1:6]
    bad_urn = list(body[1])
    bad_urn[0] = "12AB"
    no_name = list(body[2])
    no_name[header.index("EstablishmentName")] = ""
    bad_age = list(body[3])
    bad_age[header.index("StatutoryHighAge")] = "eleven"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([header, body[0], bad_urn, no_name, bad_age, body[4], body[0]])
    path = tmp_path / "broken.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    summary = schools_import(path=path)
    assert summary.created == 2
    assert summary.errors == [
        (3, "URN “12AB” is not a whole number"),
        (4, "the school has no name"),
        (5, "StatutoryHighAge “eleven” is not a whole number"),
        (7, f"URN {body[0][0]} appears again (first on line 2)"),
    ]


def test_a_file_with_the_wrong_columns_is_refused_naming_what_is_missing(las, tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("URN,EstablishmentName\n100000,The Aldgate School\n")
    with pytest.raises(ImportRefused, match="'TypeOfEstablishment \\(name\\)'"):
        schools_import(path=path)
    other = tmp_path / "other.csv"
    other.write_text("id,title\n1,x\n")
    with pytest.raises(ImportRefused, match="no 'URN' column"):
        schools_import(path=other)
    assert not School.objects.exists()


def test_the_bundled_register_imports_with_its_flags(tmp_path):
    path = bundled_slice(tmp_path, 3000)
    summary = schools_import(path=path)
    assert summary.created == 3000 and summary.skipped == 0
    independent = School.objects.get(urn=100001)  # City of London School for Girls
    assert not independent.state_funded
    aldgate = School.objects.get(urn=100000)
    assert aldgate.state_funded and aldgate.pupil_premium_pct is not None
    assert School.objects.filter(is_open=False).exists()  # closed schools are kept


def test_import_command_prints_a_summary_and_bad_lines(tmp_path):
    path = bundled_slice(tmp_path, 5, extra=["notanumber,Broken school,201,City of London,"
                                             "London,Primary,Open,yes,,,,,,,"])
    out = io.StringIO()
    call_command("import_schools", str(path), stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert "line 7: URN “notanumber” is not a whole number" in text
    assert "5 created, 0 updated, 0 unchanged, 1 skipped." in text
    with pytest.raises(CommandError, match="No file"):
        call_command("import_schools", str(tmp_path / "missing.csv"))


def test_links_set_successors_and_are_idempotent(tmp_path):
    path = tmp_path / "links.csv"
    path.write_text(
        "urn,link_urn,link_name,link_type,link_established_date\n"
        "100000,200000,New Academy,Successor,01-09-2020\n"
        "100000,200001,Newer Academy,Successor,01-09-2022\n"
        "200001,100000,Old School,Predecessor,01-09-2022\n"
        "oops,1,x,Successor,01-01-2020\n"
        "100002,100003,x,Successor,not a date\n")
    schools_import(path=bundled_slice(tmp_path, 5))
    summary = school_links_import(path=path)
    assert (summary.created, summary.skipped) == (3, 2)
    assert [line for line, _ in summary.errors] == [5, 6]
    assert School.objects.get(urn=100000).successor_urn == 200001
    again = school_links_import(path=path)
    assert (again.created, again.unchanged) == (0, 3)


def test_the_bundled_links_file_is_readable():
    text = gzip.decompress(BUNDLED_LINKS.read_bytes()).decode()
    assert text.startswith("urn,link_urn,link_name,link_type,link_established_date")


def test_participation_import_reports_every_bad_row(tmp_path):
    schools_import(path=bundled_slice(tmp_path, 5))
    factories.hub(slug="cheshire-and-wirral")
    factories.programme(slug="sktm-ect-phase-1")
    path = tmp_path / "participation.csv"
    path.write_text(
        "academic_year,hub,programme,urn,email,name,outcome\n"
        "2023-24,cheshire-and-wirral,sktm-ect-phase-1,100000,Jo@Example.org,Jo,completed\n"
        "2023-24,cheshire-and-wirral,sktm-ect-phase-1,,sam@example.org,Sam,withdrawn\n"
        "2023/25,cheshire-and-wirral,sktm-ect-phase-1,100000,,,completed\n"
        "2023-24,nowhere,sktm-ect-phase-1,100000,,,completed\n"
        "2023-24,cheshire-and-wirral,no-such,100000,,,completed\n"
        "2023-24,cheshire-and-wirral,sktm-ect-phase-1,999999,,,completed\n"
        "2023-24,cheshire-and-wirral,sktm-ect-phase-1,,not-an-email,,completed\n"
        "2023-24,cheshire-and-wirral,sktm-ect-phase-1,,,,completed\n"
        "2023-24,cheshire-and-wirral,sktm-ect-phase-1,100000,,,finished\n")
    summary = participation_import(path=path)
    assert summary.created == 2
    assert [line for line, _ in summary.errors] == [4, 5, 6, 7, 8, 9, 10]
    assert "does not run into the next year" in summary.errors[0][1]
    assert "URN 999999 is not in the school register" in summary.errors[3][1]
    record = ParticipationRecord.objects.get(school_urn=100000)
    assert record.email == "jo@example.org" and record.academic_year.slug == "2023-24"
    again = participation_import(path=path)
    assert (again.created, again.unchanged) == (0, 2)
    path.write_text("academic_year,hub\n2023-24,x\n")
    with pytest.raises(ImportRefused, match="'programme', 'urn', 'email'"):
        participation_import(path=path)


def test_links_file_with_wrong_columns_is_refused(tmp_path):
    path = tmp_path / "links.csv"
    path.write_text("urn,other\n1,2\n")
    with pytest.raises(ImportRefused, match="'link_urn', 'link_type'"):
        school_links_import(path=path)
    assert not SchoolLink.objects.exists()


def test_bundled_rows_with_odd_cells_are_read_the_careful_way(tmp_path):
    """The fast reading of a bundled row falls back to the careful one: capitals are accepted,
    and a bad cell is reported by name — the first bad one in the row."""
    header = ("urn,name,la_code,la_name,region,phase,status,state_funded,funding_type_2021,"
              "secondary_pupils_2021,pupil_premium_pct_2021,high_pupil_premium_2024,sparse_2024,"
              "town,postcode")
    path = tmp_path / "register.csv"
    path.write_text("\n".join([
        header,
        "900001,Capital Letters School,201,City of London,London,Primary,Open,YES,,0,12.5,No,"
        "TRUE,London,EC1A 1AA",
        "900002,Bad Share School,201,City of London,London,Primary,Open,yes,,0,lots,no,no,,",
        "900003,Two Bad Cells,201,City of London,London,Primary,Open,maybe,,x,12,no,no,,",
        "900004,Bad LA,twelve,City of London,London,Primary,Open,no,,,,no,no,,",
    ]) + "\n", encoding="utf-8")
    summary = schools_import(path=path)
    assert summary.created == 1
    assert summary.errors == [
        (3, "pupil_premium_pct_2021 “lots” is not a number"),
        (4, "state_funded “maybe” is not yes or no"),
        (5, "la_code “twelve” is not a whole number"),
    ]
    school = School.objects.get(urn=900001)
    assert (school.state_funded, school.high_pupil_premium, school.sparse) == (True, False, True)
    assert school.pupil_premium_pct == Decimal("12.50")
    assert (school.search_name, school.search_postcode) == ("capital letters school", "EC1A1AA")


def test_a_reimport_writes_only_the_schools_that_changed(tmp_path):
    schools_import(path=bundled_slice(tmp_path, 50))
    lines = (tmp_path / "register.csv").read_text(encoding="utf-8").splitlines()
    cells = next(csv.reader([lines[7]]))
    cells[-2] = "Elsewhere"  # the town
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    lines[7] = out.getvalue()
    (tmp_path / "register.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with register_writes() as writes:
        again = schools_import(path=tmp_path / "register.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 1, 49)
    assert School.objects.get(urn=int(cells[0])).town == "Elsewhere"
    assert writes == [("UPDATE", 1)]  # one statement, one row
    with register_writes() as writes:
        unchanged = schools_import(path=tmp_path / "register.csv")
    assert (unchanged.created, unchanged.updated, unchanged.unchanged) == (0, 0, 50)
    assert writes == []


def test_new_and_changed_schools_are_written_together_and_a_blank_cell_clears(tmp_path):
    """A file with new schools and changed ones: both found by SQL, NULLs compared as values
    (a pupil premium share that goes from a number to blank is a change)."""
    lines = bundled_slice(tmp_path, 8).read_text(encoding="utf-8").splitlines()
    schools_import(path=bundled_slice(tmp_path, 5))
    cells = next(csv.reader([lines[1]]))
    stored = School.objects.get(urn=int(cells[0]))
    assert stored.pupil_premium_pct is not None
    header = lines[0].split(",")
    cells[header.index("pupil_premium_pct_2021")] = ""
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    lines[1] = out.getvalue()
    (tmp_path / "register.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with register_writes() as writes:
        summary = schools_import(path=tmp_path / "register.csv")
    assert (summary.created, summary.updated, summary.unchanged) == (3, 1, 4)
    assert sorted(writes) == [("INSERT", 3), ("UPDATE", 1)]
    stored.refresh_from_db()
    assert stored.pupil_premium_pct is None


@contextmanager
def register_writes() -> Iterator[list[tuple[str, int]]]:
    """(statement, rows written) for each statement that wrote to the register table, as the
    database counts the rows (a set-based statement counts every row it wrote)."""
    writes: list[tuple[str, int]] = []

    def count(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        verb = sql.lstrip()[:6].upper()
        if verb in {"INSERT", "UPDATE", "DELETE"} and '"schools_school"' in sql[:60]:
            writes.append((verb, context["cursor"].rowcount))
        return result

    with connection.execute_wrapper(count):
        yield writes
