from __future__ import annotations

import pytest

from workgroups.audit.models import AuditEvent
from workgroups.core.services import DomainError
from workgroups.hubs.models import Hub, LocalAuthority, Region
from workgroups.hubs.services import hub_upsert, local_authorities_load

pytestmark = pytest.mark.django_db


def test_local_authorities_load_is_idempotent_and_keeps_the_latest_name():
    first = local_authorities_load()
    assert first.created == LocalAuthority.objects.count() > 150
    second = local_authorities_load()
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
    assert LocalAuthority.objects.get(code=895).name == "Cheshire East"
    assert LocalAuthority.objects.get(code=344).region.name == "North West"
    assert Region.objects.filter(code="E12000004", name="East Midlands").exists()


def test_local_authorities_load_repairs_a_changed_name():
    local_authorities_load()
    LocalAuthority.objects.filter(code=344).update(name="Wrong")
    summary = local_authorities_load()
    assert summary.updated == 1
    assert LocalAuthority.objects.get(code=344).name == "Wirral"


def test_hub_upsert_sets_areas_and_audits_only_changes():
    local_authorities_load()
    hub = hub_upsert(actor=None, slug="cheshire-and-wirral", name="Cheshire and Wirral Maths Hub",
                     area_codes=[895, 896, 876, 344])
    assert sorted(hub.areas.values_list("name", flat=True)) == [
        "Cheshire East", "Cheshire West and Chester", "Halton", "Wirral"]
    hub_upsert(actor=None, slug="cheshire-and-wirral", name="Cheshire and Wirral Maths Hub",
               area_codes=[895, 896, 876, 344])
    assert AuditEvent.objects.count() == 1
    hub_upsert(actor=None, slug="cheshire-and-wirral", name="Cheshire and Wirral Maths Hub",
               area_codes=[895, 896])
    latest = AuditEvent.objects.first()
    assert latest is not None and latest.changes == {"areas": [[344, 876, 895, 896], [895, 896]]}


def test_hub_upsert_refuses_unknown_areas():
    local_authorities_load()
    with pytest.raises(DomainError, match="999"):
        hub_upsert(actor=None, slug="x", name="X", area_codes=[344, 999])
    assert not Hub.objects.exists()
