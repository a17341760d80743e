"""School search by an index rather than a scan of every name (issue 16, ADR 21).

SQLite: an FTS5 table of trigrams over ``search_name`` (external content: the school table holds
the text), kept in step by triggers; ``town`` and ``locality`` get case-insensitive indexes, as
the search compares them whole and without case. PostgreSQL: a pg_trgm GIN index that the
search's ``LIKE '%word%'`` can use, and indexes on ``UPPER(town)`` and ``UPPER(locality)``, the
expressions Django's ``iexact`` compares.

Written as SQL per database because neither index can be said in Django's schema language.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

# A phrase of trigrams finds a substring, so a query word finds the names containing it. (With
# detail=none, smaller and quicker to build, "mary" could only ask for "mar" and "ary" anywhere in
# the name: every "primary" school.)
SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE schools_school_search USING fts5(
        search_name, content='schools_school', content_rowid='urn',
        tokenize='trigram')""",
    """CREATE TRIGGER schools_school_search_insert AFTER INSERT ON schools_school BEGIN
        INSERT INTO schools_school_search (rowid, search_name)
        VALUES (new.urn, new.search_name);
    END""",
    """CREATE TRIGGER schools_school_search_delete AFTER DELETE ON schools_school BEGIN
        INSERT INTO schools_school_search (schools_school_search, rowid, search_name)
        VALUES ('delete', old.urn, old.search_name);
    END""",
    """CREATE TRIGGER schools_school_search_update AFTER UPDATE OF urn, search_name
    ON schools_school BEGIN
        INSERT INTO schools_school_search (schools_school_search, rowid, search_name)
        VALUES ('delete', old.urn, old.search_name);
        INSERT INTO schools_school_search (rowid, search_name)
        VALUES (new.urn, new.search_name);
    END""",
    "INSERT INTO schools_school_search (schools_school_search) VALUES ('rebuild')",
    "CREATE INDEX schools_school_town_nocase ON schools_school (town COLLATE NOCASE)",
    "CREATE INDEX schools_school_locality_nocase ON schools_school (locality COLLATE NOCASE)",
]
SQLITE_BACKWARD = [
    "DROP INDEX schools_school_locality_nocase",
    "DROP INDEX schools_school_town_nocase",
    "DROP TRIGGER schools_school_search_update",
    "DROP TRIGGER schools_school_search_delete",
    "DROP TRIGGER schools_school_search_insert",
    "DROP TABLE schools_school_search",
]
POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX schools_school_search_name_trgm ON schools_school "
    "USING gin (search_name gin_trgm_ops)",
    "CREATE INDEX schools_school_town_upper ON schools_school (UPPER(town::text))",
    "CREATE INDEX schools_school_locality_upper ON schools_school (UPPER(locality::text))",
]
# The extension stays: other databases' objects may use it, and it costs nothing idle.
POSTGRESQL_BACKWARD = [
    "DROP INDEX schools_school_locality_upper",
    "DROP INDEX schools_school_town_upper",
    "DROP INDEX schools_school_search_name_trgm",
]


def run(statements: dict[str, list[str]]) -> Any:
    def operation(apps: Any, schema_editor: Any) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):

    dependencies = [
        ("schools", "0002_school_locality"),
    ]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        ),
    ]
