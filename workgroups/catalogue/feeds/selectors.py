"""Reads for the feeds: public rows only (never a draft offering or its sessions)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from workgroups.catalogue.models import PUBLIC_STATUSES, AcademicYear, Offering, Programme
from workgroups.delivery.models import Session
from workgroups.hubs.models import Hub


def hub_offerings(*, hub: Hub) -> QuerySet[Offering]:
    return Offering.objects.public().filter(hub=hub)


def programme_offerings(*, programme: Programme) -> QuerySet[Offering]:
    return Offering.objects.public().filter(programme=programme)


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
