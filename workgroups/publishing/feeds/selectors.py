"""Reads for the feeds: public rows only (never a draft offering or its sessions)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from django.db.models import Q
from django.http import Http404

from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.catalogue.models import (
    PUBLIC_STATUSES,
    AcademicYear,
    Offering,
    OfferingQuerySet,
    OfferingStatus,
    Programme,
)
from workgroups.delivery.models import Session
from workgroups.hubs.models import Hub


def hub_offerings(*, hub: Hub) -> OfferingQuerySet:
    return Offering.objects.public().filter(hub=hub)


def programme_offerings(*, programme: Programme) -> OfferingQuerySet:
    return Offering.objects.public().filter(programme=programme)


def offerings_latest_events(offerings: OfferingQuerySet, *, today: date,
                            limit: int) -> OfferingQuerySet:
    """The ``offerings`` that can be among the ``limit`` with the latest events (feeds.entries:
    a change, a window opening, a window closing), so a feed never reads a programme's every
    offering in every hub and year: the ``limit`` latest of each kind of event, at most three
    times ``limit`` rows. Any other offering has ``limit`` others whose same kind of event,
    and so whose latest event, is at least as late."""
    # Through Q: the type checker knows the model's fields, not the annotation.
    windows = offerings.with_status_now(today=today).exclude(
        Q(status_now=OfferingStatus.EXPRESSION_OF_INTEREST))  # not opened, whatever its dates
    changed = offerings.order_by("-updated_at", "-pk").values("pk")[:limit]
    opened = (windows.filter(applications_open__lte=today)
              .order_by("-applications_open", "-pk").values("pk")[:limit])
    closed = (windows.filter(applications_close__lt=today)
              .order_by("-applications_close", "-pk").values("pk")[:limit])
    return offerings.filter(Q(pk__in=changed) | Q(pk__in=opened) | Q(pk__in=closed))


def offerings_published_at(*, offering_ids: Collection[int]) -> dict[int, datetime]:
    """When each offering was last published, from its audit trail in one query: created with
    a public status, or changed from a draft to one. Offerings start as drafts (rollover
    copies too), so their creation says nothing about when followers first saw them. An
    offering with no such event (made outside the services) is missing from the answer."""
    events = (AuditEvent.objects
              .filter(content_type__app_label="catalogue", content_type__model="offering",
                      object_id__in=[str(pk) for pk in offering_ids],
                      action__in=[AuditAction.OFFERING_CREATED, AuditAction.OFFERING_UPDATED],
                      changes__has_key="status")
              .order_by("at", "pk")
              .values_list("object_id", "action", "changes__status", "at"))
    published: dict[int, datetime] = {}
    for object_id, action, status, at in events:
        if action == AuditAction.OFFERING_CREATED:
            publishes = status != OfferingStatus.DRAFT
        else:  # an update's [before, after]
            publishes = (isinstance(status, list) and len(status) == 2
                         and status[0] == OfferingStatus.DRAFT
                         and status[1] != OfferingStatus.DRAFT)
        if publishes:
            published[int(object_id)] = at  # the latest wins: events come oldest first
    return published


def programme_get_published(*, slug: str) -> Programme:
    """A programme some hub has published an offering of; any other is not found."""
    programme = (Programme.objects
                 .filter(slug=slug, offerings__status__in=sorted(PUBLIC_STATUSES))
                 .distinct().first())
    if programme is None:
        raise Http404("No published programme with that name.")
    return programme


def hub_year_published(*, hub: Hub, year: AcademicYear) -> bool:
    """Whether the hub has published a catalogue for the year (an offering that is public)."""
    return Offering.objects.public().filter(hub=hub, academic_year=year).exists()


def hub_year_public_sessions(*, hub: Hub, year: AcademicYear) -> list[Session]:
    """Every session of the hub's published offerings in the year, cancelled ones included (a
    subscribed calendar learns of the cancellation), with what the calendar file shows of
    each in the same query."""
    return list(Session.objects.filter(work_group__offering__hub=hub,
                                       work_group__offering__academic_year=year,
                                       work_group__offering__status__in=sorted(PUBLIC_STATUSES))
                .select_related("venue", "work_group__offering__programme",
                                "work_group__offering__hub")
                .order_by("starts_at", "pk"))
