"""A hub's venues. Each write is audited in its own transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from workgroups.accounts.models import User
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.core.services import DomainError, full_clean_or_refuse, model_update
from workgroups.delivery.models import Venue
from workgroups.delivery.services._common import _only
from workgroups.hubs.models import Hub

VENUE_FIELDS = frozenset({"name", "address", "postcode"})


def venue_create(
    *, actor: User | None, hub: Hub, name: str, address: str, postcode: str
) -> Venue:
    with transaction.atomic():
        if Venue.objects.filter(hub=hub, name=name).exists():
            raise DomainError("Your hub already has a venue with that name.", field="name")
        venue = Venue(hub=hub, name=name, address=address, postcode=postcode.upper().strip())
        full_clean_or_refuse(venue)
        venue.save()
        audit_record(actor=actor, action=AuditAction.VENUE_CREATED, obj=venue, hub=hub,
                     changes={"name": name, "address": address, "postcode": venue.postcode})
    return venue


def venue_update(
    *, actor: User | None, venue: Venue, data: Mapping[str, Any]
) -> Venue:
    _only(data, VENUE_FIELDS)
    with transaction.atomic():
        locked = (Venue.objects.select_for_update(of=("self",)).select_related("hub")
                  .get(pk=venue.pk))
        new_name = data.get("name", locked.name)
        if new_name != locked.name and Venue.objects.filter(hub_id=locked.hub_id,
                                                            name=new_name).exists():
            raise DomainError("Your hub already has a venue with that name.", field="name")
        cleaned = dict(data)
        if "postcode" in cleaned:
            cleaned["postcode"] = str(cleaned["postcode"]).upper().strip()
        locked, changes = model_update(instance=locked, data=cleaned)
        if changes:
            audit_record(actor=actor, action=AuditAction.VENUE_UPDATED, obj=locked,
                         hub=locked.hub, changes=changes)
    return locked
