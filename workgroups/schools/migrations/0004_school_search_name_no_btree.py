"""``search_name`` loses its B-tree index (issue 16, ADR 21): search looks inside names (LIKE
'%word%'), which a B-tree cannot serve; the trigram index of 0003 does. One index less to
keep in step on every import.

Said to the database as SQL: on SQLite, Django would remake the whole table to drop an index,
and the remade table would lose the search index's triggers.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

# The names Django gave the indexes for db_index=True (0001_initial).
INDEX = "schools_school_search_name_cbbf90be"
FORWARD = {
    "sqlite": [f"DROP INDEX IF EXISTS {INDEX}"],
    "postgresql": [f"DROP INDEX IF EXISTS {INDEX}", f"DROP INDEX IF EXISTS {INDEX}_like"],
}
BACKWARD = {
    "sqlite": [f'CREATE INDEX {INDEX} ON schools_school ("search_name")'],
    "postgresql": [
        f'CREATE INDEX {INDEX} ON schools_school ("search_name")',
        f'CREATE INDEX {INDEX}_like ON schools_school ("search_name" varchar_pattern_ops)',
    ],
}


def run(statements: dict[str, list[str]]) -> Any:
    def operation(apps: Any, schema_editor: Any) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):

    dependencies = [
        ("schools", "0003_school_search_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="school",
                    name="search_name",
                    field=models.CharField(max_length=250),
                ),
            ],
            database_operations=[migrations.RunPython(run(FORWARD), run(BACKWARD))],
        ),
    ]
