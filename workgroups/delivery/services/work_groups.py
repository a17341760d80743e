"""Work Groups: create, change, their leads, and confirming rolled-over dates.
Each write is audited in its own transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from workgroups.accounts.models import User
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import Offering
from workgroups.core import clock
from workgroups.core.services import DomainError, full_clean_or_refuse, model_update
from workgroups.delivery.models import (
    DeliveryMode,
    Session,
    WorkGroup,
)
from workgroups.delivery.services._common import _only

WORK_GROUP_FIELDS = frozenset(
    {"name", "delivery_mode", "area", "capacity_schools", "capacity_participants"}
)


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
        full_clean_or_refuse(work_group)
        work_group.save()
        audit_record(actor=actor, action=AuditAction.WORK_GROUP_CREATED, obj=work_group,
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
        locked = (WorkGroup.objects.select_for_update(of=("self",))
                  .select_related("offering__hub").get(pk=work_group.pk))
        new_name = data.get("name", locked.name)
        if new_name != locked.name and WorkGroup.objects.filter(
                offering_id=locked.offering_id, name=new_name).exists():
            raise DomainError("This offering already has a Work Group with that name.",
                              field="name")
        locked, changes = model_update(instance=locked, data=data)
        if changes:
            audit_record(actor=actor, action=AuditAction.WORK_GROUP_UPDATED, obj=locked,
                         hub=locked.offering.hub, changes=changes)
    return locked


def work_group_lead_add(*, actor: User | None, work_group: WorkGroup, email: str) -> User:
    """Make a member of the hub a lead of this Work Group: they then see its participants,
    schools and sessions, and nothing else."""
    address = email.strip().lower()
    hub = work_group.offering.hub
    person = User.objects.filter(email=address, memberships__hub=hub).distinct().first()
    if person is None:
        raise DomainError("Give the email address of someone with a role at your hub. Your "
                          "hub lead can invite them from the hub's Team page first.", field="email")
    with transaction.atomic():
        if work_group.leads.filter(pk=person.pk).exists():
            raise DomainError("They already lead this Work Group.", field="email")
        work_group.leads.add(person)
        audit_record(actor=actor, action=AuditAction.WORK_GROUP_LEAD_ADDED, obj=work_group,
                     hub=hub, changes={"lead": person})
    return person


def work_group_lead_remove(*, actor: User | None, work_group: WorkGroup, lead: User) -> None:
    with transaction.atomic():
        work_group.leads.remove(lead)
        audit_record(actor=actor, action=AuditAction.WORK_GROUP_LEAD_REMOVED, obj=work_group,
                     hub=work_group.offering.hub, changes={"lead": lead})


def work_group_dates_confirm(*, actor: User | None, work_group: WorkGroup) -> int:
    """Staff confirm, in one go, the dates a rollover gave the Work Group's sessions."""
    with transaction.atomic():
        confirmed = Session.objects.filter(work_group=work_group, to_confirm=True).update(
            to_confirm=False, updated_at=clock.now())
        if confirmed:
            audit_record(actor=actor, action=AuditAction.WORK_GROUP_DATES_CONFIRMED,
                         obj=work_group, hub=work_group.offering.hub,
                         changes={"sessions": confirmed})
    return confirmed
