"""Reads for delivery objects, scoped to a hub the caller has already been allowed into."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from workgroups.delivery.models import Session, Venue, WorkGroup
from workgroups.hubs.models import Hub


def staff_work_group_get(*, hub: Hub, pk: int) -> WorkGroup:
    try:
        return WorkGroup.objects.select_related("offering__academic_year", "offering__programme",
                                                "offering__hub").get(offering__hub=hub, pk=pk)
    except WorkGroup.DoesNotExist:
        raise Http404("No such Work Group in this hub.") from None


def staff_session_get(*, hub: Hub, pk: int) -> Session:
    try:
        return Session.objects.select_related(
            "venue", "work_group__offering__academic_year", "work_group__offering__hub",
            "work_group__offering__programme",
        ).get(work_group__offering__hub=hub, pk=pk)
    except Session.DoesNotExist:
        raise Http404("No such session in this hub.") from None


def staff_venues(*, hub: Hub) -> QuerySet[Venue]:
    return Venue.objects.filter(hub=hub).order_by("name")


def staff_venue_get(*, hub: Hub, pk: int) -> Venue:
    try:
        return Venue.objects.select_related("hub").get(hub=hub, pk=pk)
    except Venue.DoesNotExist:
        raise Http404("No such venue in this hub.") from None
