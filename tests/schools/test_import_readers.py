"""A big import into a register in use leaves readers reading: on PostgreSQL the register's
indexes are set aside only for the first import (DROP INDEX locks the table against readers
until the commit)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from workgroups.schools.models import School
from workgroups.schools.services import REBUILD_INDEXES_FROM, SCHOOL_FIELDS, _schools_upsert

pytestmark = pytest.mark.django_db(transaction=True)


def rows_like(school: School, count: int, first_urn: int) -> list[tuple[object, ...]]:
    columns = ["urn", *SCHOOL_FIELDS]
    base = [getattr(school, name) for name in columns]
    return [(first_urn + n, f"Zebra Academy {n}", f"zebra academy {n}", *base[3:])
            for n in range(count)]


def test_a_big_import_into_a_register_in_use_does_not_block_readers():
    school = School.objects.create(urn=100001, name="Alpha School", search_name="alpha school",
                                   town="Crewe", postcode="CW1 4EB", search_postcode="CW14EB")
    outcome: dict[str, object] = {}
    importing = threading.Event()

    def reader() -> None:
        importing.wait(timeout=30)
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("SET LOCAL lock_timeout = '1s'")
                outcome["read"] = School.objects.filter(urn=school.urn).values_list(
                    "name", flat=True).first()
        except Exception as error:  # noqa: BLE001 - what the reader met is the finding
            outcome["error"] = f"{type(error).__name__}: {error}"
        finally:
            connections.close_all()

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        with transaction.atomic():
            created, updated = _schools_upsert(rows_like(school, REBUILD_INDEXES_FROM + 100,
                                                         200000))
            importing.set()
            time.sleep(1.5)  # the import's transaction still open while the reader reads
    finally:
        importing.set()
        thread.join(timeout=30)
    assert (created, updated) == (REBUILD_INDEXES_FROM + 100, 0)
    assert outcome == {"read": "Alpha School"}
    assert School.objects.filter(search_name__contains="zebra academy 42").exists()
