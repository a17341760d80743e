"""The open data page and its CSV files: public, read-only, and the same for everyone.

The files are open data about published Work Groups, not anyone's personal data, so unlike the
staff exports (``workgroups.core.exports``) they are plain GETs and are not audited. They are
written fresh on each download from the rows the catalogue pages show."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.http import require_safe

from workgroups.catalogue.selectors import academic_year_get, hub_get_public
from workgroups.core import clock
from workgroups.core.exports import Column, export_response
from workgroups.publishing.opendata import selectors
from workgroups.publishing.opendata.selectors import CatalogueFileRow, ProgrammeFileRow

CATALOGUE_COLUMNS: list[Column[CatalogueFileRow]] = [
    Column("Hub", lambda row: row.hub_name),
    Column("Academic year", lambda row: row.year_label),
    Column("Programme", lambda row: row.programme_title),
    Column("Work Group title", lambda row: row.title),
    Column("Code", lambda row: row.code),
    Column("Status", lambda row: row.status_label),
    Column("Applications open", lambda row: row.applications_open),
    Column("Applications close", lambda row: row.applications_close),
    Column("Audience", lambda row: row.audience_label),
    Column("Who takes part", lambda row: row.unit_description),
    Column("Number of Work Groups", lambda row: row.work_group_count),
    Column("Delivery", lambda row: row.delivery),
    Column("Areas", lambda row: row.areas),
    Column("First session", lambda row: row.first_session),
    Column("Web page", lambda row: row.web_page),
]

PROGRAMME_COLUMNS: list[Column[ProgrammeFileRow]] = [
    Column("Programme", lambda row: row.title),
    Column("Short name", lambda row: row.slug),
    Column("Audience", lambda row: row.audience_label),
    Column("Who takes part", lambda row: row.unit_description),
    Column("Team size", lambda row: row.team_size),
    Column("Summary", lambda row: row.summary),
    Column("Time commitment", lambda row: row.time_commitment),
    Column("Hubs offering it this academic year", lambda row: row.hubs_this_year),
]


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "opendata/index.html", {
        "files": selectors.catalogue_files(),
        "programmes_updated": selectors.programme_file_updated(),
        "licence_name": settings.WORKGROUPS_OPEN_DATA_LICENCE_NAME,
        "licence_url": settings.WORKGROUPS_OPEN_DATA_LICENCE_URL,
    })


@require_safe
def hub_year_csv(request: HttpRequest, hub: str, year: str) -> HttpResponseBase:
    hub_obj = hub_get_public(slug=hub)
    year_obj = academic_year_get(slug=year)
    rows = selectors.catalogue_file_rows(hub=hub_obj, year=year_obj)  # a 404 if none
    return _csv_file(CATALOGUE_COLUMNS, rows,
                     filename=f"{hub_obj.slug}-{year_obj.slug}-work-groups.csv",
                     last_modified=selectors.catalogue_file_updated(hub=hub_obj, year=year_obj))


@require_safe
def programmes_csv(request: HttpRequest) -> HttpResponseBase:
    return _csv_file(PROGRAMME_COLUMNS, selectors.programme_file_rows(),
                     filename="work-group-programmes.csv",
                     last_modified=selectors.programme_file_updated())


def _csv_file[Row](columns: Sequence[Column[Row]], rows: list[Row], *, filename: str,
                   last_modified: datetime) -> HttpResponseBase:
    """The rows as the project's CSV export writes them (cells safe from spreadsheet formulas),
    under a name that stays the same from one download to the next, dated by their last change.

    Not answered with 304 on ``If-Modified-Since``: a Work Group or session deleted leaves no
    row to date, so the date is what people are told, not a promise a cache could rely on."""
    response = export_response("csv", columns, rows, filename, now=clock.now())
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = "no-cache"
    return response
