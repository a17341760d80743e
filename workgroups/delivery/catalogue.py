"""Public catalogue reads that show where and when offerings meet: an offering with its Work
Groups, sessions and venues, and a catalogue filtered to Work Groups meeting near an area. They
compose the catalogue with delivery and schools, so they live here, above all three (ADR 17)."""

from __future__ import annotations

from django.db.models import Case, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from workgroups.catalogue.models import AcademicYear, Offering
from workgroups.catalogue.selectors import (
    CATALOGUE_STATUS_ORDER,
    STATUS_FILTERS,
    CatalogueFilters,
    academic_year_get,
    hub_get_public,
)
from workgroups.core import clock
from workgroups.delivery.models import DeliveryMode, Session, Venue, WorkGroup
from workgroups.hubs.models import Hub, LocalAuthority
from workgroups.schools.facts import postcode_district
from workgroups.schools.selectors import la_postcode_districts


def with_delivery(queryset: QuerySet[Offering]) -> QuerySet[Offering]:
    """Everything a catalogue row or an offering page shows, in a fixed number of queries."""
    return queryset.select_related("programme", "academic_year", "hub").prefetch_related(
        Prefetch(
            "work_groups",
            queryset=WorkGroup.objects.order_by("name").prefetch_related(
                Prefetch(
                    "sessions",
                    queryset=Session.objects.select_related("venue").order_by("starts_at"),
                )
            ),
        )
    )


def work_groups_meeting_near(*, hub: Hub, area: LocalAuthority) -> QuerySet[WorkGroup]:
    """Work Groups of ``hub`` held online, or with a session (not cancelled) at a venue in a
    postcode district where ``area``'s schools are: in or near it (ADR 14)."""
    districts = la_postcode_districts(la_code=area.code)
    near_venues = [pk for pk, postcode in
                   Venue.objects.filter(hub=hub).values_list("pk", "postcode")
                   if postcode_district(postcode) in districts]
    return WorkGroup.objects.filter(
        Q(delivery_mode=DeliveryMode.ONLINE)
        | Q(sessions__venue_id__in=near_venues, sessions__cancelled_at__isnull=True))


def catalogue_offerings(
    *, hub: Hub, year: AcademicYear, filters: CatalogueFilters | None = None
) -> QuerySet[Offering]:
    # Filtered and sorted by the status people are shown today, not the stored one: a year
    # that is over, or a window that has closed, is not "Now recruiting".
    queryset = (Offering.objects.public().filter(hub=hub, academic_year=year)
                .with_status_now(today=clock.today()))
    if filters and filters.audiences:
        queryset = queryset.filter(programme__audience__in=filters.audiences)
    if filters and filters.statuses:
        wanted = set().union(*(STATUS_FILTERS[key][1] for key in filters.statuses))
        queryset = queryset.filter(Q(status_now__in=wanted))  # Q: an annotation mypy cannot see
    if filters and filters.area:
        queryset = queryset.filter(pk__in=work_groups_meeting_near(
            hub=hub, area=filters.area).values("offering_id"))
    # What a teacher can act on comes first: recruiting, then expressions of interest, then the
    # rest. The list shows programme facts only; Work Groups and sessions are on the offering page.
    return queryset.select_related("programme", "academic_year", "hub").annotate(
        status_rank=Case(*[When(status_now=status, then=Value(rank))
                           for rank, status in enumerate(CATALOGUE_STATUS_ORDER)],
                         default=Value(len(CATALOGUE_STATUS_ORDER)))
    ).order_by("status_rank", "programme__title", "slug")


def offering_get_public(*, hub: Hub, year: AcademicYear, slug: str) -> Offering:
    try:
        return with_delivery(Offering.objects.public()).get(
            hub=hub, academic_year=year, slug=slug
        )
    except Offering.DoesNotExist:
        raise Http404("No such Work Group in this hub's catalogue for that year.") from None


def offering_at(*, hub: str, year: str, offering: str) -> Offering:
    """The published offering at /hubs/<hub>/<year>/<offering>/; a 404 naming what is unknown."""
    return offering_get_public(hub=hub_get_public(slug=hub), year=academic_year_get(slug=year),
                               slug=offering)
