"""The browser tests' demo put back from memory (tests/demo_snapshot.py) is the demo itself."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.conftest import DEMO_NOW
from tests.demo_snapshot import capture, restore
from workgroups.audit.models import AuditEvent
from workgroups.demo.loader import demo_load

# Times Django stamps on save, and content type ids (compared by name below: they change when
# the database is emptied, and the other tests empty it many times before this one runs).
NOT_COMPARED = {"created_at", "updated_at", "content_type_id"}


def _contents(snapshot_models):
    """Every row of the tables the demo filled, without the times Django stamps on save, and
    with content types by name (their ids change when the database is emptied)."""
    contents = {}
    for model in snapshot_models:
        columns = [field.attname for field in model._meta.concrete_fields
                   if field.attname not in NOT_COMPARED]
        contents[model._meta.label] = list(model._base_manager.values(*columns).order_by("pk"))
    contents["audit types"] = sorted(AuditEvent.objects.values_list(
        "pk", "content_type__app_label", "content_type__model"))
    return contents


@pytest.mark.django_db(transaction=True)
def test_the_demo_put_back_from_memory_is_the_demo_loaded_by_its_services():
    with override_settings(WORKGROUPS_PINNED_NOW=DEMO_NOW, DEMO=True):
        snapshot = capture(demo_load)
        models = [model for model, _ in snapshot.rows]
        loaded = _contents(models)
        assert len(models) > 20 and loaded["audit types"], "the demo filled its tables"
        # What a transactional test does after each test: empty every table, then make the
        # content types and permissions again (under new ids).
        call_command("flush", interactive=False, verbosity=0)
        restore(snapshot)
        assert _contents(models) == loaded
        # New rows get new ids after the ones put back.
        event = AuditEvent.objects.order_by("pk").last()
        assert event is not None
        demo_load()  # idempotent: finds the demo there and changes at most what moved
        assert AuditEvent.objects.filter(pk__gte=event.pk).exists()
