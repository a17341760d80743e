"""Reads for the open data files: each hub's catalogue for a year and the national programme
list, as rows for a CSV file, and when each file last changed.

A hub's file lists the offerings its catalogue page lists, in the same order and with the same
status today (``delivery.catalogue.catalogue_rows``); these reads add the columns the page
leaves to the offering pages. Every read is a fixed number of queries, however many hubs,
offerings, Work Groups or sessions there are."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.http import Http404

from workgroups.catalogue.addresses import address_maker, offering_address_maker
from workgroups.catalogue.models import (
    PUBLIC_STATUSES,
    AcademicYear,
    Offering,
    OfferingStatus,
    Programme,
    unit_description,
    year_label,
)
from workgroups.core import clock
from workgroups.delivery.catalogue import AUDIENCE_LABELS, MODE_LABELS, catalogue_rows
from workgroups.delivery.models import DeliveryMode, WorkGroup
from workgroups.hubs.models import Hub

# Delivery is listed in the order the choices are declared, whichever Work Group comes first.
_MODE_ORDER = {mode: rank for rank, mode in enumerate(DeliveryMode.values)}


def _updated(today: date) -> dict[str, Any]:
    """Aggregates over offerings dating the last change to what a hub's file shows: the
    offerings, their programmes, hub, Work Groups and sessions. Max is unaffected by the joins
    to Work Groups and sessions multiplying the rows."""
    return {
        "offerings_updated": Max("updated_at"),
        "programmes_updated": Max("programme__updated_at"),
        "hub_updated": Max("hub__updated_at"),
        "groups_updated": Max("work_groups__updated_at"),
        "sessions_updated": Max("work_groups__sessions__updated_at"),
        # A status shown can change with no row changing: a recruiting offering shows "Closed"
        # from the day after its window closes (``effective_status``). The latest such day so
        # far dates that change; the year's end is the other (``_last_updated``).
        "window_closed_on": Max("applications_close", filter=Q(
            status=OfferingStatus.RECRUITING, applications_close__lt=today)),
    }


def _last_updated(values: Mapping[str, Any], *, year_ends_on: date, today: date) -> datetime:
    """When a hub's file for a year last changed, from ``_updated``'s aggregates."""
    moments = [values[name] for name in ("offerings_updated", "programmes_updated",
                                         "hub_updated", "groups_updated", "sessions_updated")
               if values[name] is not None]
    if values["window_closed_on"] is not None:
        moments.append(clock.london_midnight(values["window_closed_on"] + timedelta(days=1)))
    # Once the year is over every offering shows "Completed" or "Closed".
    if today > year_ends_on:
        moments.append(clock.london_midnight(year_ends_on + timedelta(days=1)))
    # Nothing published at all (a file that is a 404): dated by the year's start.
    year_starts_on = AcademicYear.bounds_for(clock.academic_year_start(year_ends_on))[0]
    return max(moments, default=clock.london_midnight(year_starts_on))


@dataclass(frozen=True, slots=True)
class CatalogueFile:
    """A hub's catalogue for one academic year as the open data page lists it."""

    hub_name: str
    year_label: str
    url: str
    last_updated: datetime


def catalogue_files() -> list[CatalogueFile]:
    """Each hub and each year it has published offerings in, by hub name (the national record
    last) and newest year first, each with when its file last changed: one query."""
    today = clock.today()
    grouped = (Offering.objects.public()
               .values("hub__slug", "hub__name", "hub__is_national", "academic_year__slug",
                       "academic_year__starts_on", "academic_year__ends_on")
               .annotate(**_updated(today))
               .order_by("hub__is_national", "hub__name", "hub__slug",
                         "-academic_year__starts_on"))
    addresses: dict[str, Callable[[str], str]] = {}  # one reverse() per hub listed
    files = []
    for values in grouped:
        hub_slug = values["hub__slug"]
        if hub_slug not in addresses:
            addresses[hub_slug] = address_maker("opendata:hub-year-csv", varying="year",
                                                hub=hub_slug)
        files.append(CatalogueFile(
            hub_name=values["hub__name"],
            year_label=year_label(starts_on=values["academic_year__starts_on"],
                                  ends_on=values["academic_year__ends_on"]),
            url=addresses[hub_slug](values["academic_year__slug"]),
            last_updated=_last_updated(values, year_ends_on=values["academic_year__ends_on"],
                                       today=today)))
    return files


def catalogue_file_updated(*, hub: Hub, year: AcademicYear) -> datetime:
    """When ``hub``'s file for ``year`` last changed (it has published offerings): one query."""
    values = (Offering.objects.public().filter(hub=hub, academic_year=year)
              .aggregate(**_updated(clock.today())))
    return _last_updated(values, year_ends_on=year.ends_on, today=clock.today())


@dataclass(frozen=True, slots=True)
class CatalogueFileRow:
    """One published offering as a hub's file lists it."""

    hub_name: str
    year_label: str
    programme_title: str
    title: str
    code: str
    status_label: str
    applications_open: date | None
    applications_close: date | None
    audience_label: str
    unit_description: str
    work_group_count: int
    delivery: str
    areas: str
    first_session: datetime | None
    web_page: str


def catalogue_file_rows(*, hub: Hub, year: AcademicYear) -> list[CatalogueFileRow]:
    """``hub``'s published offerings in ``year`` as its catalogue page lists them, each with
    what its offering page adds, in at most four queries; a 404 if it published none that year.

    The rows and their details are two reads, and an offering can be unpublished between them
    (a transaction would not stop that under READ COMMITTED): a row whose details are gone is
    left out, as the catalogue would leave it out a moment later."""
    rows = catalogue_rows(hub=hub, year=year)
    address = offering_address_maker(hub=hub.slug, year=year.slug)
    # The catalogue's rows carry their page's address, which is how these are matched to them.
    details = {address(values["slug"]): values for values in (
        Offering.objects.public().filter(hub=hub, academic_year=year)
        .values("pk", "slug", "code", "applications_open", "programme__title")
        .annotate(work_group_count=Count("work_groups", distinct=True),
                  # A cancelled session is not one the Work Group meets at.
                  first_session=Min("work_groups__sessions__starts_at", filter=Q(
                      work_groups__sessions__cancelled_at__isnull=True))))}
    modes: dict[int, set[str]] = {values["pk"]: set() for values in details.values()}
    areas: dict[int, set[str]] = {pk: set() for pk in modes}
    for offering_id, mode, area in (WorkGroup.objects.filter(offering_id__in=list(modes))
                                    .values_list("offering_id", "delivery_mode", "area")):
        modes[offering_id].add(mode)
        if area.strip():
            areas[offering_id].add(area.strip())
    site = settings.WORKGROUPS_SITE_URL
    label = year.label
    shown = []
    for row in rows:
        values = details.get(row.url)
        if values is None:
            continue
        pk = values["pk"]
        shown.append(CatalogueFileRow(
            hub_name=hub.name, year_label=label, programme_title=values["programme__title"],
            title=row.title, code=values["code"], status_label=row.effective_status.label,
            applications_open=values["applications_open"],
            applications_close=row.applications_close, audience_label=row.audience_label,
            unit_description=row.unit_description,
            work_group_count=values["work_group_count"],
            delivery="; ".join(MODE_LABELS.get(mode, mode) for mode in
                               sorted(modes[pk], key=lambda m: _MODE_ORDER.get(m, 99))),
            areas="; ".join(sorted(areas[pk], key=str.casefold)),
            first_session=values["first_session"], web_page=site + row.url))
    if not shown:
        raise Http404("This hub has no catalogue for that year.")
    return shown


def _this_year_start(today: date) -> date:
    return AcademicYear.bounds_for(clock.academic_year_start(today))[0]


@dataclass(frozen=True, slots=True)
class ProgrammeFileRow:
    """A national programme as the programme list file lists it."""

    title: str
    slug: str
    audience_label: str
    unit_description: str
    team_size: int
    summary: str
    time_commitment: str
    hubs_this_year: int


def programme_file_rows() -> list[ProgrammeFileRow]:
    """Every national programme by title, with the number of hubs (not the national record)
    that have published an offering of it in the academic year containing today: one query.
    Nothing on a programme hides it: the list is national reference data, published whole."""
    this_year = Q(offerings__academic_year__starts_on=_this_year_start(clock.today()),
                  offerings__status__in=sorted(PUBLIC_STATUSES),
                  offerings__hub__is_national=False)
    return [ProgrammeFileRow(
        title=title, slug=slug, audience_label=AUDIENCE_LABELS.get(audience, audience),
        unit_description=unit_description(unit=unit, team_size=team_size), team_size=team_size,
        summary=summary, time_commitment=time_commitment, hubs_this_year=hubs)
        for slug, title, audience, unit, team_size, summary, time_commitment, hubs in (
            Programme.objects.order_by("title", "slug")
            .annotate(hubs=Count("offerings__hub", distinct=True, filter=this_year))
            .values_list("slug", "title", "audience", "unit", "team_size", "summary",
                         "time_commitment", "hubs"))]


def programme_file_updated() -> datetime:
    """When the programme list file last changed: a programme, or an offering this year (the
    hubs' counts), or the start of this academic year (they count another year then). Two
    queries."""
    year_starts_on = _this_year_start(clock.today())
    moments = [clock.london_midnight(year_starts_on)]
    for newest in (
            Programme.objects.aggregate(newest=Max("updated_at"))["newest"],
            Offering.objects.public().filter(academic_year__starts_on=year_starts_on)
            .aggregate(newest=Max("updated_at"))["newest"]):
        if newest is not None:
            moments.append(newest)
    return max(moments)
