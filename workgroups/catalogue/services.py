"""Writes for the catalogue. Each runs in a transaction and records an audit event."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction

from workgroups.accounts.models import User
from workgroups.applications.services import interest_notify_opening
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import (
    OFFERING_TRANSITIONS,
    AcademicYear,
    Offering,
    OfferingStatus,
    Programme,
)
from workgroups.core.services import DomainError, model_update
from workgroups.hubs.models import Hub

OFFERING_EDITABLE_FIELDS = frozenset({
    "slug", "code", "status", "applications_open", "applications_close", "how_to_apply",
    "year_notes", "contact_email",
})


def academic_year_ensure(*, start_year: int) -> AcademicYear:
    """Return the academic year starting 1 September ``start_year``, creating it if needed."""
    starts_on, ends_on = AcademicYear.bounds_for(start_year)
    year, _ = AcademicYear.objects.get_or_create(
        slug=AcademicYear.slug_for(start_year),
        defaults={"starts_on": starts_on, "ends_on": ends_on},
    )
    return year


def programme_upsert(
    *, actor: User | None, slug: str, data: Mapping[str, Any],
    prerequisites: list[Programme] | None = None,
) -> Programme:
    """Create or update the national definition of a programme, auditing what changed."""
    with transaction.atomic():
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            programme = Programme(slug=slug, **data)
            programme.full_clean()
            programme.save()
            audit_record(actor=actor, action="catalogue.programme.created", obj=programme,
                         hub=None, changes={"slug": slug, **data})
        else:
            programme, changes = model_update(instance=programme, data=data)
            if changes:
                audit_record(actor=actor, action="catalogue.programme.updated", obj=programme,
                             hub=None, changes=changes)
        if prerequisites is not None:
            before = set(programme.prerequisites.values_list("slug", flat=True))
            after = {p.slug for p in prerequisites}
            if before != after:
                programme.prerequisites.set(prerequisites)
                audit_record(actor=actor, action="catalogue.programme.updated", obj=programme,
                             hub=None, changes={"prerequisites": [sorted(before), sorted(after)]})
    return programme


def _check_window(opens: date | None, closes: date | None) -> None:
    if opens and closes and closes < opens:
        raise DomainError("The closing date must be on or after the opening date.",
                          field="applications_close")


def offering_create(
    *,
    actor: User | None,
    hub: Hub,
    academic_year: AcademicYear,
    programme: Programme,
    slug: str,
    status: OfferingStatus = OfferingStatus.DRAFT,
    code: str = "",
    applications_open: date | None = None,
    applications_close: date | None = None,
    how_to_apply: str = "",
    year_notes: str = "",
    contact_email: str = "",
) -> Offering:
    """Put a programme into a hub's catalogue for a year.

    Raises DomainError if the hub already has an offering with that slug in that year, or the
    application window closes before it opens.
    """
    _check_window(applications_open, applications_close)
    with transaction.atomic():
        if Offering.objects.filter(hub=hub, academic_year=academic_year, slug=slug).exists():
            raise DomainError(f"{hub.name} already has an offering called “{slug}” in "
                              f"{academic_year.label}.", field="slug")
        offering = Offering(
            hub=hub, academic_year=academic_year, programme=programme, slug=slug, status=status,
            code=code, applications_open=applications_open, applications_close=applications_close,
            how_to_apply=how_to_apply, year_notes=year_notes, contact_email=contact_email,
        )
        offering.full_clean()
        offering.save()
        if offering.status == OfferingStatus.RECRUITING:
            interest_notify_opening(offering=offering)
        audit_record(
            actor=actor, action="catalogue.offering.created", obj=offering, hub=hub,
            changes={"programme": programme, "academic_year": academic_year.slug, "slug": slug,
                     "status": status, "code": code, "applications_open": applications_open,
                     "applications_close": applications_close},
        )
    return offering


def offering_update(
    *, actor: User | None, offering: Offering, data: Mapping[str, Any]
) -> Offering:
    """Change an offering's editable fields; a status change must follow OFFERING_TRANSITIONS.

    Raises DomainError for an unknown field, a forbidden status change, a clashing slug or a
    window that closes before it opens. Nothing is saved when it raises.
    """
    unknown = set(data) - OFFERING_EDITABLE_FIELDS
    if unknown:
        raise DomainError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        locked = Offering.objects.select_for_update().get(pk=offering.pk)
        new_status = data.get("status", locked.status)
        if new_status != locked.status and new_status not in OFFERING_TRANSITIONS[
                OfferingStatus(locked.status)]:
            raise DomainError(
                f"An offering that is {OfferingStatus(locked.status).label.lower()} cannot "
                f"become {OfferingStatus(new_status).label.lower()}.", field="status")
        _check_window(data.get("applications_open", locked.applications_open),
                      data.get("applications_close", locked.applications_close))
        new_slug = data.get("slug", locked.slug)
        if new_slug != locked.slug and Offering.objects.filter(
                hub_id=locked.hub_id, academic_year_id=locked.academic_year_id,
                slug=new_slug).exists():
            raise DomainError("Another offering in this year already uses that web address.",
                              field="slug")
        locked, changes = model_update(instance=locked, data=data)
        if "status" in changes and locked.status == OfferingStatus.RECRUITING:
            interest_notify_opening(offering=locked)
        if changes:
            audit_record(actor=actor, action="catalogue.offering.updated", obj=locked,
                         hub=locked.hub, changes=changes)
    return locked
