"""A hub's web address name taken by another person between the check and the insert is
refused on the slug field (never a server error, never a change to the other person's hub).
"Meanwhile" is simulated: the other hub is saved just after a check found none."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models

from tests import factories
from workgroups.audit.models import AuditEvent
from workgroups.core.services import DomainError, full_clean_or_refuse
from workgroups.hubs import services
from workgroups.hubs.models import Hub

pytestmark = pytest.mark.django_db


def test_a_slug_taken_meanwhile_is_refused_on_its_field(monkeypatch: pytest.MonkeyPatch) -> None:
    factories.local_authority(888, "Lancashire")
    validate = full_clean_or_refuse

    def then_someone_else_takes_it(instance: models.Model) -> None:
        validate(instance)
        factories.hub(slug="lancs", name="Theirs")

    monkeypatch.setattr(services, "full_clean_or_refuse", then_someone_else_takes_it)
    with pytest.raises(DomainError) as refused:
        services.hub_create(actor=None, slug="lancs", name="Ours", area_codes=[888])
    assert refused.value.field == "slug"
    assert refused.value.message == services.HUB_SLUG_TAKEN
    # (The other hub was saved in this same transaction here, so it is rolled back with it.)
    assert not AuditEvent.objects.exists()


def test_a_slug_taken_before_the_insert_does_not_update_that_hub(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """hub_create never falls through to updating a hub that appeared after its first check."""
    factories.local_authority(888, "Lancashire")
    real_exists = models.QuerySet.exists
    calls: list[Any] = []

    def first_check_sees_nothing(queryset: models.QuerySet[Any]) -> bool:
        if queryset.model is Hub and not calls:
            calls.append(queryset)
            factories.hub(slug="lancs", name="Theirs")
            return False
        return real_exists(queryset)

    monkeypatch.setattr(models.QuerySet, "exists", first_check_sees_nothing)
    with pytest.raises(DomainError) as refused:
        services.hub_create(actor=None, slug="lancs", name="Ours", area_codes=[888])
    assert refused.value.field == "slug"
    assert Hub.objects.get(slug="lancs").name == "Theirs"
