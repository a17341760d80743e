"""Writes for Work Groups, their sessions and venues. Each is audited in its own transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from workgroups.accounts.models import User
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import Offering
from workgroups.core import clock
from workgroups.core.services import DomainError, model_update
from workgroups.delivery.models import DeliveryMode, Session, SessionKind, Venue, WorkGroup
from workgroups.hubs.models import Hub

WORK_GROUP_FIELDS = frozenset(
    {"name", "delivery_mode", "area", "capacity_schools", "capacity_participants"}
)
SESSION_FIELDS = frozenset(
    {"kind", "starts_at", "ends_at", "venue", "online", "equivalent_days", "required", "is_demo"}
)
VENUE_FIELDS = frozenset({"name", "address", "postcode"})


def _only(data: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise DomainError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")


def _check_capacities(schools: int, participants: int) -> None:
    if schools < 1:
        raise DomainError("A Work Group needs room for at least one school.",
                          field="capacity_schools")
    if participants < 1:
        raise DomainError("A Work Group needs room for at least one participant.",
                          field="capacity_participants")


def work_group_create(
    *,
    actor: User | None,
    offering: Offering,
    name: str,
    capacity_schools: int,
    capacity_participants: int,
    delivery_mode: DeliveryMode = DeliveryMode.FACE_TO_FACE,
    area: str = "",
) -> WorkGroup:
    """Add a cohort to an offering. Raises DomainError for a clashing name or a capacity below 1."""
    _check_capacities(capacity_schools, capacity_participants)
    with transaction.atomic():
        if WorkGroup.objects.filter(offering=offering, name=name).exists():
            raise DomainError("This offering already has a Work Group with that name.",
                              field="name")
        work_group = WorkGroup(
            offering=offering, name=name, delivery_mode=delivery_mode, area=area,
            capacity_schools=capacity_schools, capacity_participants=capacity_participants,
        )
        work_group.full_clean()
        work_group.save()
        audit_record(actor=actor, action="delivery.work_group.created", obj=work_group,
                     hub=offering.hub,
                     changes={"offering": offering, "name": name, "delivery_mode": delivery_mode,
                              "area": area, "capacity_schools": capacity_schools,
                              "capacity_participants": capacity_participants})
    return work_group


def work_group_update(
    *, actor: User | None, work_group: WorkGroup, data: Mapping[str, Any]
) -> WorkGroup:
    _only(data, WORK_GROUP_FIELDS)
    _check_capacities(data.get("capacity_schools", work_group.capacity_schools),
                      data.get("capacity_participants", work_group.capacity_participants))
    with transaction.atomic():
        locked = WorkGroup.objects.select_for_update().select_related("offering__hub").get(
            pk=work_group.pk)
        new_name = data.get("name", locked.name)
        if new_name != locked.name and WorkGroup.objects.filter(
                offering_id=locked.offering_id, name=new_name).exists():
            raise DomainError("This offering already has a Work Group with that name.",
                              field="name")
        locked, changes = model_update(instance=locked, data=data)
        if changes:
            audit_record(actor=actor, action="delivery.work_group.updated", obj=locked,
                         hub=locked.offering.hub, changes=changes)
    return locked


def _check_session(work_group: WorkGroup, starts_at: datetime, ends_at: datetime,
                   venue: Venue | None) -> None:
    if ends_at <= starts_at:
        raise DomainError("The session must end after it starts.", field="ends_at")
    year = work_group.offering.academic_year
    for moment in (starts_at, ends_at):
        if not year.contains(moment.astimezone(clock.LONDON).date()):
            raise DomainError(f"The session must fall within {year.label} "
                              f"(1 September to 31 August).", field="starts_at")
    if venue is not None and venue.hub_id != work_group.offering.hub_id:
        raise DomainError("Choose one of this hub's venues.", field="venue")


def session_create(
    *,
    actor: User | None,
    work_group: WorkGroup,
    kind: SessionKind,
    starts_at: datetime,
    ends_at: datetime,
    venue: Venue | None = None,
    online: bool = False,
    equivalent_days: Decimal = Decimal("1"),
    required: bool = True,
    is_demo: bool = False,
) -> Session:
    """Add a dated meeting to a Work Group.

    Raises DomainError if it ends before it starts, falls outside the offering's academic year,
    or uses another hub's venue.
    """
    _check_session(work_group, starts_at, ends_at, venue)
    with transaction.atomic():
        session = Session(
            work_group=work_group, kind=kind, starts_at=starts_at, ends_at=ends_at, venue=venue,
            online=online, equivalent_days=equivalent_days, required=required, is_demo=is_demo,
        )
        session.full_clean()
        session.save()
        audit_record(actor=actor, action="delivery.session.created", obj=session,
                     hub=work_group.offering.hub,
                     changes={"work_group": work_group, "kind": kind, "starts_at": starts_at,
                              "ends_at": ends_at, "venue": venue, "online": online,
                              "equivalent_days": equivalent_days, "required": required})
    return session


def session_update(
    *, actor: User | None, session: Session, data: Mapping[str, Any]
) -> Session:
    _only(data, SESSION_FIELDS)
    with transaction.atomic():
        locked = Session.objects.select_for_update().select_related(
            "work_group__offering__academic_year", "work_group__offering__hub").get(pk=session.pk)
        _check_session(locked.work_group, data.get("starts_at", locked.starts_at),
                       data.get("ends_at", locked.ends_at), data.get("venue", locked.venue))
        locked, changes = model_update(instance=locked, data=data)
        if changes:
            audit_record(actor=actor, action="delivery.session.updated", obj=locked,
                         hub=locked.work_group.offering.hub, changes=changes)
    return locked


def session_delete(*, actor: User | None, session: Session) -> None:
    with transaction.atomic():
        hub = session.work_group.offering.hub
        audit_record(actor=actor, action="delivery.session.deleted", obj=session, hub=hub,
                     changes={"work_group": session.work_group, "starts_at": session.starts_at})
        session.delete()


def venue_create(
    *, actor: User | None, hub: Hub, name: str, address: str, postcode: str
) -> Venue:
    with transaction.atomic():
        if Venue.objects.filter(hub=hub, name=name).exists():
            raise DomainError("Your hub already has a venue with that name.", field="name")
        venue = Venue(hub=hub, name=name, address=address, postcode=postcode.upper().strip())
        venue.full_clean()
        venue.save()
        audit_record(actor=actor, action="delivery.venue.created", obj=venue, hub=hub,
                     changes={"name": name, "address": address, "postcode": venue.postcode})
    return venue


def venue_update(
    *, actor: User | None, venue: Venue, data: Mapping[str, Any]
) -> Venue:
    _only(data, VENUE_FIELDS)
    with transaction.atomic():
        locked = Venue.objects.select_for_update().select_related("hub").get(pk=venue.pk)
        new_name = data.get("name", locked.name)
        if new_name != locked.name and Venue.objects.filter(hub_id=locked.hub_id,
                                                            name=new_name).exists():
            raise DomainError("Your hub already has a venue with that name.", field="name")
        cleaned = dict(data)
        if "postcode" in cleaned:
            cleaned["postcode"] = str(cleaned["postcode"]).upper().strip()
        locked, changes = model_update(instance=locked, data=cleaned)
        if changes:
            audit_record(actor=actor, action="delivery.venue.updated", obj=locked,
                         hub=locked.hub, changes=changes)
    return locked
