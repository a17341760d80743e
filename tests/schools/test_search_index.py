"""School search by an index (ADR 21): the index is used, kept in step with every kind of write,
and finds exactly what reading every name finds."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories
from workgroups.schools import selectors, services
from workgroups.schools.facts import normalise_name
from workgroups.schools.models import School
from workgroups.schools.selectors import school_search, school_search_results
from workgroups.schools.services import BUNDLED_REGISTER, schools_import

pytestmark = pytest.mark.django_db

SQLITE = pytest.mark.skipif("connection.vendor != 'sqlite'")
POSTGRESQL = pytest.mark.skipif("connection.vendor != 'postgresql'")


def bundled_slice(tmp_path: Path, n: int) -> Path:
    lines = gzip.decompress(BUNDLED_REGISTER.read_bytes()).decode().splitlines()
    path = tmp_path / "register.csv"
    path.write_text("\n".join(lines[: n + 1]) + "\n", encoding="utf-8")
    return path


def search_plan(query: str) -> str:
    """The database's plan for the search's main query, as text."""
    with CaptureQueriesContext(connection) as captured:
        school_search(query=query)
    sql = captured.captured_queries[0]["sql"]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        # Few rows in a test: without this the planner rightly prefers reading them all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def some_schools():
    factories.school(111422, "Upton-by-Chester High School", town="Chester", postcode="CH2 1NN")
    factories.school(120001, "St Mary's Catholic High School", town="Nantwich",
                     postcode="CW5 5AA")
    factories.school(111413, "Coppenhall High School", town="Crewe", postcode="CW1 4EB",
                     locality="Coppenhall")


@SQLITE
@pytest.mark.parametrize("query", ["upton", "st marys catholic", "crewe", "coppenhall", "CW1",
                                   "CW1 4EB", "111422"])
def test_sqlite_finds_candidates_by_index_without_reading_every_school(some_schools, query):
    plan = search_plan(query)
    lines = plan.splitlines()
    # The FTS5 table, or the town, locality, postcode and URN indexes: never a scan of the
    # register itself ("SCAN schools_school" alone; the FTS5 table is read through its index).
    assert "SCAN schools_school_search VIRTUAL TABLE INDEX" in plan or "USING INDEX" in plan
    assert not [line for line in lines if line.strip() in {"SCAN schools_school",
                                                           "SCAN schools_school_search"}], plan
    assert any("schools_school_town_nocase" in line for line in lines), plan


@SQLITE
def test_sqlite_reads_every_name_only_for_words_shorter_than_a_trigram(some_schools):
    assert "SCAN schools_school" in search_plan("st")
    assert [s.urn for s in school_search(query="st")] == [120001, 111422]


@POSTGRESQL
@pytest.mark.parametrize(("query", "index"), [
    ("upton", "schools_school_search_name_trgm"),
    ("crewe", "schools_school_town_upper"),
    ("coppenhall", "schools_school_locality_upper"),
])
def test_postgresql_uses_the_trigram_and_town_indexes(some_schools, query, index):
    plan = search_plan(query)
    assert index in plan and "Seq Scan" not in plan, plan


def test_an_imported_school_is_found_at_once(tmp_path):
    summary = schools_import(path=bundled_slice(tmp_path, 20))
    school = School.objects.order_by("urn").first()
    assert summary.created == 20 and school is not None
    assert school.urn in [s.urn for s in school_search(query=school.name, limit=50)]


def test_an_edited_renamed_closed_or_deleted_school_is_found_as_it_is_now(some_schools):
    school = School.objects.get(urn=111422)
    school.name, school.search_name = "Blacon High School", normalise_name("Blacon High School")
    school.save()
    assert [s.urn for s in school_search(query="blacon")] == [111422]
    assert school_search(query="upton") == []
    School.objects.filter(urn=120001).update(is_open=False, status="Closed")
    assert [s.urn for s in school_search(query="high school")] == [111422, 111413, 120001]
    School.objects.filter(urn=111413).delete()
    assert school_search(query="coppenhall") == []
    assert [s.urn for s in school_search(query="high")] == [111422, 120001]


@contextmanager
def index_objects() -> Iterator[list[tuple[str, str]]]:
    """The register's indexes and triggers (name, definition), read after the block."""
    found: list[tuple[str, str]] = []
    yield found
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE tbl_name = "
                           "'schools_school' AND sql IS NOT NULL ORDER BY name")
        else:
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = "
                           "'schools_school' ORDER BY indexname")
        found.extend(cursor.fetchall())


@pytest.mark.parametrize("register", ["empty", "in use"])
def test_a_large_import_rebuilds_the_indexes_once_and_puts_them_back(tmp_path, monkeypatch,
                                                                     register):
    """Above REBUILD_INDEXES_FROM rows the import sets the indexes (and on SQLite the search
    table's triggers) aside and builds them after: all of them come back as they were, the
    imported schools are found, and later writes keep the index in step again. On PostgreSQL
    only into an empty register: DROP INDEX would lock readers of one in use out until the
    commit (tests/schools/test_import_readers.py)."""
    if register == "in use":
        factories.school(111422, "Upton-by-Chester High School", town="Chester")
    with index_objects() as before:
        pass
    monkeypatch.setattr(services, "REBUILD_INDEXES_FROM", 10)
    with CaptureQueriesContext(connection) as captured:
        summary = schools_import(path=bundled_slice(tmp_path, 30))
    assert summary.created == 30
    set_aside = any(query["sql"].startswith("DROP INDEX") for query in captured.captured_queries)
    assert set_aside is (connection.vendor == "sqlite" or register == "empty")
    with index_objects() as after:
        pass
    assert after == before and len(after) >= 5
    imported = School.objects.exclude(urn__in=[111422, 120001, 111413]).order_by("urn")[0]
    assert imported.urn in [s.urn for s in school_search(query=imported.name, limit=50)]
    factories.school(999001, "Zebra Crossing Academy")
    assert [s.urn for s in school_search(query="zebra")] == [999001]


@pytest.mark.parametrize("query", ['"', '""', "*", "mary*", "^mary", "NEAR(mary school)",
                                   "mary AND school", "mary OR", "-mary", "search_name:mary",
                                   "(mary", "mar\"y", "'", "%", "_", "\\", "st: mary's"])
def test_fts5_syntax_in_a_query_is_only_text(some_schools, query):
    results = school_search_results(query=query)
    assert results.total == len(results.schools)


# Words people could type, drawn from names like the register's: whole words, parts of words
# (the search matches inside words), and words shorter than a trigram.
NAMES = ["Upton-by-Chester High School", "St Mary's Catholic High School",
         "Saint Marys Church of England Primary", "Coppenhall High School",
         "Crewe Engineering and Design UTC", "Sir William Stanier Community School",
         "Rosemary Infant School", "Ab Kettleby School", "The Dingle Primary School",
         "Ysgol Gymraeg Aberystwyth", "École Française", "St. Bede's R.C. School"]


@pytest.fixture
def named_schools():
    for number, name in enumerate(NAMES):
        factories.school(130000 + number, name, town=name.split()[-1],
                         postcode=f"CW{number} {number}AA", is_open=number % 3 != 0)


def reference_search(query: str) -> list[int]:
    """The search as it was before the index: every name read (no candidate list)."""
    original = selectors.sqlite_candidates
    selectors.sqlite_candidates = lambda **_: None
    try:
        return [school.urn for school in school_search(query=query, limit=50)]
    finally:
        selectors.sqlite_candidates = original


words = st.sampled_from(sorted({word for name in NAMES for word in name.split()}))


@st.composite
def name_queries(draw: st.DrawFn) -> str:
    picked = draw(st.lists(words, min_size=1, max_size=3))
    cut = [draw(st.integers(0, max(len(word) - 1, 0))) for word in picked]
    return " ".join(word[start:] if draw(st.booleans()) else word
                    for word, start in zip(picked, cut, strict=True))


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.one_of(name_queries(), st.text(max_size=30)))
def test_the_index_finds_what_reading_every_name_finds(named_schools, query):
    assert [s.urn for s in school_search(query=query, limit=50)] == reference_search(query)
