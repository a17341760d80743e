"""Refuse, in the database, a session that falls outside its offering's academic year.

A check constraint cannot look at another table, so each engine gets a trigger. Times are stored
in UTC while the year's bounds are London dates. PostgreSQL converts exactly. SQLite has no time
zone data, but both bounds (1 September and 31 August) always fall in British Summer Time, so
shifting by one hour is exact at the only moments these comparisons can flip.
"""

from django.db import migrations

SQLITE_CONDITION = """
NOT EXISTS (
  SELECT 1 FROM delivery_workgroup wg
  JOIN catalogue_offering o ON o.id = wg.offering_id
  JOIN catalogue_academicyear y ON y.id = o.academic_year_id
  WHERE wg.id = NEW.work_group_id
    AND date(NEW.starts_at, '+1 hour') >= y.starts_on
    AND date(NEW.ends_at, '+1 hour') <= y.ends_on
)
"""

SQLITE_FORWARD = [
    f"""CREATE TRIGGER delivery_session_in_year_insert BEFORE INSERT ON delivery_session
    FOR EACH ROW WHEN {SQLITE_CONDITION}
    BEGIN SELECT RAISE(ABORT, 'session must fall inside its academic year'); END;""",
    f"""CREATE TRIGGER delivery_session_in_year_update
    BEFORE UPDATE OF starts_at, ends_at, work_group_id ON delivery_session
    FOR EACH ROW WHEN {SQLITE_CONDITION}
    BEGIN SELECT RAISE(ABORT, 'session must fall inside its academic year'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS delivery_session_in_year_insert;",
    "DROP TRIGGER IF EXISTS delivery_session_in_year_update;",
]

POSTGRES_FORWARD = [
    """CREATE FUNCTION delivery_session_in_year() RETURNS trigger AS $$
    BEGIN
      IF NOT EXISTS (
        SELECT 1 FROM delivery_workgroup wg
        JOIN catalogue_offering o ON o.id = wg.offering_id
        JOIN catalogue_academicyear y ON y.id = o.academic_year_id
        WHERE wg.id = NEW.work_group_id
          AND (NEW.starts_at AT TIME ZONE 'Europe/London')::date >= y.starts_on
          AND (NEW.ends_at AT TIME ZONE 'Europe/London')::date <= y.ends_on
      ) THEN
        RAISE EXCEPTION 'session must fall inside its academic year'
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER delivery_session_in_year
    BEFORE INSERT OR UPDATE OF starts_at, ends_at, work_group_id ON delivery_session
    FOR EACH ROW EXECUTE FUNCTION delivery_session_in_year();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS delivery_session_in_year ON delivery_session;",
    "DROP FUNCTION IF EXISTS delivery_session_in_year();",
]


def run(statements_by_vendor):  # type: ignore[no-untyped-def]
    def apply(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0001_initial"),
        ("catalogue", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]
