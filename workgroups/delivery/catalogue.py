"""Public catalogue reads that show where and when offerings meet: an offering with its Work
Groups, sessions and venues, and a catalogue filtered to Work Groups meeting near an area. They
compose the catalogue with delivery and schools, so they live here, above all three (ADR 17)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from workgroups.catalogue.addresses import offering_address_maker
from workgroups.catalogue.models import (
    AcademicYear,
    Audience,
    Offering,
    OfferingStatus,
    effective_status,
    unit_description,
)
from workgroups.catalogue.selectors import (
    CATALOGUE_STATUS_ORDER,
    STATUS_FILTERS,
    CatalogueFilters,
    academic_year_get,
    hub_get_public,
)
from workgroups.core import clock
from workgroups.delivery.models import DeliveryMode, Session, SessionKind, Venue, WorkGroup
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


@dataclass(frozen=True, slots=True)
class VenueShown:
    name: str
    address: str
    postcode: str

    @property
    def one_line(self) -> str:
        """As ``Venue.one_line`` words it (tests/catalogue/test_public_rows.py)."""
        return ", ".join(part for part in [self.name, self.address, self.postcode] if part)


@dataclass(frozen=True, slots=True)
class SessionShown:
    kind: str
    kind_label: str
    starts_at: datetime
    ends_at: datetime
    venue: VenueShown | None
    online: bool
    equivalent_days: Decimal
    required: bool
    is_demo: bool


@dataclass(frozen=True, slots=True)
class WorkGroupShown:
    name: str
    delivery_mode: str
    delivery_mode_label: str
    area: str
    capacity_schools: int
    capacity_participants: int
    sessions: list[SessionShown]


# As get_FOO_display words them: the value itself if it is not a choice.
_KIND_LABELS = dict(SessionKind.choices)
MODE_LABELS = dict(DeliveryMode.choices)


def work_groups_shown(*, offering_ids: list[int]) -> dict[int, list[WorkGroupShown]]:
    """The Work Groups of these offerings by offering, each with its sessions, as the public
    pages and answers show them: read as values (a list of 25 offerings has some 300 sessions,
    and model instances of them cost more than the rest of the answer), in two queries that
    each go by an index. One query joining Work Groups to their sessions would save one, but
    PostgreSQL may then read every session (it did on tables not yet analysed)."""
    by_offering: dict[int, list[WorkGroupShown]] = {pk: [] for pk in offering_ids}
    if not offering_ids:
        return by_offering
    groups = list(WorkGroup.objects.filter(offering_id__in=offering_ids).order_by("name")
                  .values_list("pk", "offering_id", "name", "delivery_mode", "area",
                               "capacity_schools", "capacity_participants"))
    sessions: dict[int, list[SessionShown]] = {pk: [] for pk, *_ in groups}
    if sessions:
        for (group_id, kind, starts_at, ends_at, venue_id, venue_name, venue_address,
             venue_postcode, online, days, required, is_demo) in (
                Session.objects.filter(work_group_id__in=list(sessions)).order_by("starts_at")
                .values_list("work_group_id", "kind", "starts_at", "ends_at", "venue_id",
                             "venue__name", "venue__address", "venue__postcode", "online",
                             "equivalent_days", "required", "is_demo")):
            sessions[group_id].append(SessionShown(
                kind=kind, kind_label=_KIND_LABELS.get(kind, kind), starts_at=starts_at,
                ends_at=ends_at, online=online, equivalent_days=days, required=required,
                is_demo=is_demo,
                venue=None if venue_id is None else VenueShown(
                    name=venue_name, address=venue_address, postcode=venue_postcode)))
    for pk, offering_id, name, mode, area, capacity_schools, capacity_participants in groups:
        by_offering[offering_id].append(WorkGroupShown(
            name=name, delivery_mode=mode, delivery_mode_label=MODE_LABELS.get(mode, mode),
            area=area, capacity_schools=capacity_schools,
            capacity_participants=capacity_participants, sessions=sessions[pk]))
    return by_offering


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


@dataclass(frozen=True, slots=True)
class CatalogueRow:
    """One offering as a catalogue list shows it, read as values, not as model instances."""

    url: str
    title: str
    summary: str
    time_commitment: str
    effective_status: OfferingStatus
    applications_close: date | None
    window_is_demo: bool
    audience_label: str
    unit_description: str


_ROW_FIELDS = ("slug", "status", "applications_close", "demo_fields", "title", "summary",
               "time_commitment", "programme__title", "programme__summary",
               "programme__time_commitment", "programme__audience", "programme__unit",
               "programme__team_size")
# As get_audience_display words it: the value itself if it is not a choice.
AUDIENCE_LABELS = dict(Audience.choices)
_STATUS_RANK = {status: rank for rank, status in enumerate(CATALOGUE_STATUS_ORDER)}


def catalogue_rows(*, hub: Hub, year: AcademicYear,
                   filters: CatalogueFilters | None = None) -> list[CatalogueRow]:
    """``hub``'s published offerings in ``year`` as its catalogue lists them, filtered."""
    queryset = Offering.objects.public().filter(hub=hub, academic_year=year)
    if filters and filters.audiences:
        queryset = queryset.filter(programme__audience__in=filters.audiences)
    if filters and filters.area:
        queryset = queryset.filter(pk__in=work_groups_meeting_near(
            hub=hub, area=filters.area).values("offering_id"))
    wanted = (set().union(*(STATUS_FILTERS[key][1] for key in filters.statuses))
              if filters and filters.statuses else None)
    today = clock.today()
    address = offering_address_maker(hub=hub.slug, year=year.slug)
    rows = []
    # Read in title order; the status shown today, which the filter and the order go by, is
    # worked out here (one rule, ``effective_status``): the year is the same for every row.
    for values in queryset.order_by("programme__title", "slug").values(*_ROW_FIELDS):
        status = effective_status(status=values["status"], year_ends_on=year.ends_on,
                                  applications_close=values["applications_close"], today=today)
        if wanted is not None and status not in wanted:
            continue
        # The offering's own words for its year, else the programme's (as Offering.text).
        rows.append(CatalogueRow(
            url=address(values["slug"]),
            title=values["title"] or values["programme__title"],
            summary=values["summary"] or values["programme__summary"],
            time_commitment=values["time_commitment"] or values["programme__time_commitment"],
            effective_status=status,
            applications_close=values["applications_close"],
            window_is_demo="window" in (values["demo_fields"] or []),
            audience_label=AUDIENCE_LABELS.get(values["programme__audience"],
                                               values["programme__audience"]),
            unit_description=unit_description(unit=values["programme__unit"],
                                              team_size=values["programme__team_size"]),
        ))
    # What a teacher can act on comes first: recruiting, then expressions of interest, then the
    # rest; a stable sort keeps the title order within each status. The list shows programme
    # facts only; Work Groups and sessions are on the offering page.
    rows.sort(key=lambda row: _STATUS_RANK.get(row.effective_status, len(_STATUS_RANK)))
    return rows


def offering_get_public(*, hub: Hub, year: AcademicYear, slug: str) -> Offering:
    try:
        return with_delivery(Offering.objects.public()).get(
            hub=hub, academic_year=year, slug=slug
        )
    except Offering.DoesNotExist:
        raise Http404("No such Work Group in this hub's catalogue for that year.") from None


def offering_shown(*, hub: str, year: str, offering: str) -> Offering:
    """The published offering at /hubs/<hub>/<year>/<offering>/ with its programme, year and
    hub, in one query (its Work Groups: ``work_groups_shown``); a 404 naming what is unknown."""
    try:
        return (Offering.objects.public().select_related("programme", "academic_year", "hub")
                .get(hub__slug=hub, academic_year__slug=year, slug=offering))
    except Offering.DoesNotExist:
        return offering_at(hub=hub, year=year, offering=offering)  # raises the 404 that says


def offering_at(*, hub: str, year: str, offering: str) -> Offering:
    """The published offering at /hubs/<hub>/<year>/<offering>/; a 404 naming what is unknown."""
    return offering_get_public(hub=hub_get_public(slug=hub), year=academic_year_get(slug=year),
                               slug=offering)
