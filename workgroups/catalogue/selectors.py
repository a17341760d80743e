"""Reads for the catalogue. Public reads never show drafts; staff reads are scoped to the user.
Reads that show where and when offerings meet (Work Groups, sessions, venues) are in
``delivery.catalogue``, above both apps."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.models import User
from workgroups.accounts.permissions import hubs_where
from workgroups.catalogue.addresses import address_maker, offering_address_maker
from workgroups.catalogue.models import (
    PUBLIC_STATUSES,
    AcademicYear,
    Audience,
    Offering,
    OfferingQuestion,
    OfferingStatus,
    ProgressionRoute,
    effective_status,
    year_label,
)
from workgroups.core import clock
from workgroups.core.parse import parse_id
from workgroups.hubs.models import Hub, LocalAuthority

# The catalogue's status filter groups the lifecycle into what a teacher cares about.
STATUS_FILTERS: dict[str, tuple[str, frozenset[OfferingStatus]]] = {
    "recruiting": ("Now recruiting", frozenset({OfferingStatus.RECRUITING})),
    "expression_of_interest": (
        "Expression of interest", frozenset({OfferingStatus.EXPRESSION_OF_INTEREST})
    ),
    "closed": (
        "Closed",
        frozenset({OfferingStatus.FULL, OfferingStatus.CLOSED, OfferingStatus.RUNNING,
                   OfferingStatus.COMPLETED}),
    ),
}


CATALOGUE_STATUS_ORDER = [OfferingStatus.RECRUITING, OfferingStatus.EXPRESSION_OF_INTEREST,
                          OfferingStatus.FULL, OfferingStatus.RUNNING, OfferingStatus.CLOSED,
                          OfferingStatus.COMPLETED]


def hubs_public() -> QuerySet[Hub]:
    return Hub.objects.filter(is_national=False).prefetch_related("areas")


@dataclass(frozen=True, slots=True)
class HubShown:
    """A hub as the home page lists it."""

    name: str
    url: str
    area_names: list[str]


def hubs_shown() -> list[HubShown]:
    """The hubs (not the national record) by name, each with the names of the areas it serves,
    in two queries read as values."""
    hubs = list(Hub.objects.filter(is_national=False).values_list("pk", "slug", "name"))
    areas: dict[int, list[str]] = {pk: [] for pk, _, _ in hubs}
    # By name, the areas' own order (LocalAuthority.Meta), as hub.areas.all() lists them.
    for hub_id, name in (Hub.areas.through.objects.filter(hub_id__in=list(areas))
                         .order_by("localauthority__name", "localauthority_id")
                         .values_list("hub_id", "localauthority__name")):
        areas[hub_id].append(name)
    address = address_maker("catalogue:hub", varying="hub")
    return [HubShown(name=name, url=address(slug), area_names=areas[pk])
            for pk, slug, name in hubs]


def hub_get_public(*, slug: str) -> Hub:
    try:
        return Hub.objects.get(slug=slug)
    except Hub.DoesNotExist:
        raise Http404("No Maths Hub with that name.") from None


def academic_year_get(*, slug: str) -> AcademicYear:
    try:
        return AcademicYear.objects.get(slug=slug)
    except AcademicYear.DoesNotExist:
        raise Http404("No such academic year.") from None


def catalogue_years(*, hub: Hub) -> list[AcademicYear]:
    """The years in which ``hub`` has published anything, newest first."""
    # One join in one filter(): an offering of this hub that is published, in each year.
    return list(AcademicYear.objects.filter(
        offerings__hub=hub, offerings__status__in=sorted(PUBLIC_STATUSES)).distinct())


def current_catalogue_year(*, hub: Hub, years: Iterable[AcademicYear]) -> AcademicYear | None:
    """The academic year containing today if the hub has offerings in it, else the latest one."""
    years = list(years)
    today = clock.today()
    for year in years:
        if year.contains(today):
            return year
    past = [year for year in years if year.starts_on <= today]
    if past:
        return past[0]
    return years[-1] if years else None


@dataclass(frozen=True)
class CatalogueFilters:
    audiences: frozenset[str]
    statuses: frozenset[str]
    # Work Groups meeting in or near this local authority, and online ones (ADR 14).
    area: LocalAuthority | None = None

    @classmethod
    def from_query(cls, audiences: Iterable[str], statuses: Iterable[str]) -> CatalogueFilters:
        """Keep only values the catalogue knows; unknown ones are ignored, never an error."""
        return cls(
            audiences=frozenset(a for a in audiences if a in Audience.values),
            statuses=frozenset(s for s in statuses if s in STATUS_FILTERS),
        )

    @property
    def active(self) -> bool:
        return bool(self.audiences or self.statuses or self.area)


def area_from_query(value: str) -> LocalAuthority | None:
    """The local authority a catalogue is filtered to (``?area=<LA code>``); an unknown or
    malformed code is ignored, like any other unknown filter value."""
    code = parse_id(value)
    if code is None:
        return None
    return LocalAuthority.objects.filter(code=code).first()


@dataclass(frozen=True, slots=True)
class RelatedOffering:
    """An offering the offering page links to, as it shows it."""

    programme_id: int
    url: str
    title: str
    year_label: str
    effective_status: OfferingStatus


@dataclass(frozen=True, slots=True)
class RouteShown:
    """A programme's route to its next stage, as the offering page words it."""

    to_programme_id: int
    to_programme_title: str
    note: str


def offering_related(*, offering: Offering) -> dict[str, Any]:
    """What the offering page shows of the programme's neighbours, in three queries: the
    prerequisites' titles, the routes to its next stages, and the hub's offerings the page links
    to (this programme in later years, and the next stages)."""
    programme = offering.programme
    prerequisite_titles = list(programme.prerequisites.values_list("title", flat=True))
    # ProgressionRoute's own order; all from this programme, so without joining it again.
    routes = [RouteShown(to_programme_id=to_id, to_programme_title=title, note=note)
              for to_id, title, note in ProgressionRoute.objects
              .filter(from_programme_id=programme.pk)
              .order_by("after_years", "to_programme__title")
              .values_list("to_programme_id", "to_programme__title", "note")]
    next_ids = {route.to_programme_id for route in routes} - {programme.pk}
    addresses: dict[str, Callable[[str], str]] = {}  # one reverse() per year shown
    today = clock.today()
    year_start = offering.academic_year.starts_on
    later = []  # this programme and its next stages, in the hub's later years
    for (slug, programme_id, status, closes, title, programme_title, year_slug, starts_on,
         ends_on) in (Offering.objects.public()
                      .filter(hub=offering.hub, programme_id__in=next_ids | {programme.pk},
                              academic_year__starts_on__gt=year_start)
                      .order_by("academic_year__starts_on", "pk")
                      .values_list("slug", "programme_id", "status", "applications_close",
                                   "title", "programme__title", "academic_year__slug",
                                   "academic_year__starts_on", "academic_year__ends_on")):
        if year_slug not in addresses:
            addresses[year_slug] = offering_address_maker(hub=offering.hub.slug, year=year_slug)
        later.append(RelatedOffering(
            programme_id=programme_id, url=addresses[year_slug](slug),
            title=title or programme_title,  # as Offering.text: its own, else the programme's
            year_label=year_label(starts_on=starts_on, ends_on=ends_on),
            effective_status=effective_status(status=status, year_ends_on=ends_on,
                                              applications_close=closes, today=today)))
    return {
        "prerequisite_titles": prerequisite_titles,
        "later_years": [o for o in later if o.programme_id == programme.pk],
        # Each route with the hub's nearest offering of its next stage, if there is one.
        "routes": [(route, next((o for o in later if o.programme_id == route.to_programme_id),
                                None))
                   for route in routes],
    }


# --- Staff reads: always through the hubs the user may manage; anything else is a 404 ----------

def staff_hubs(*, user: User | AnonymousUser) -> QuerySet[Hub]:
    """The hubs whose staff area ``user`` may open (one hub's pages: ``accounts.gate``)."""
    return hubs_where(user, Capability.OFFERINGS_MANAGE).order_by("name")


def staff_offerings(*, hub: Hub) -> QuerySet[Offering]:
    return (Offering.objects.filter(hub=hub)
            .select_related("programme", "academic_year")
            .order_by("-academic_year__starts_on", "programme__title"))


def staff_offering_get(*, hub: Hub, pk: int) -> Offering:
    try:
        # Its Work Groups and their sessions by name of relation (each model's own ordering):
        # the catalogue does not import delivery, which sits above it (ADR 17).
        return (Offering.objects.filter(hub=hub)
                .select_related("programme", "academic_year", "hub")
                .prefetch_related("work_groups__sessions__venue").get(pk=pk))
    except Offering.DoesNotExist:
        raise Http404("No such offering in this hub.") from None


def staff_question_get(*, hub: Hub, pk: int) -> OfferingQuestion:
    """One of the hub's own application questions; another hub's is a 404."""
    try:
        return (OfferingQuestion.objects.select_related("offering__programme",
                                                        "offering__academic_year",
                                                        "offering__hub")
                .get(pk=pk, offering__hub=hub))
    except OfferingQuestion.DoesNotExist:
        raise Http404("No such question in this hub.") from None
