"""Reports: a hub's reach and the schools it has not reached, the hub's dashboard, and the
national pages (read-only, across every hub, aggregates only)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.gate import hub_gate, national_gate, staff_login_required
from workgroups.accounts.types import AuthedHttpRequest
from workgroups.applications import selectors as application_selectors
from workgroups.audit.exports import audited_export
from workgroups.catalogue import selectors as catalogue_selectors
from workgroups.catalogue.models import AcademicYear
from workgroups.core import clock
from workgroups.core.exports import Column
from workgroups.core.forms import add_domain_error
from workgroups.core.services import DomainError
from workgroups.hubs.models import Hub
from workgroups.reports import charts, reach, selectors, services
from workgroups.reports.forms import NotReachedFilterForm, SchoolNoteForm

NOT_REACHED_PAGE_SIZE = 25
FILTER_KEYS = ("la", "high_pupil_premium", "sparse", "never")


@staff_login_required
@require_safe
@national_gate(Capability.REPORTS_VIEW)
def national_overview(request: AuthedHttpRequest) -> HttpResponse:
    """For the national roles: national viewers, national staff (and superusers)."""
    return render(request, "reports/national.html",
                  {"years": selectors.national_overview()})


# --- Reach ---------------------------------------------------------------------------------------


def _charts(found: reach.Reach) -> dict[str, Any]:
    return {
        "la_chart": charts.reach_bars(
            chart_id="chart-la", title=f"Schools engaged by local authority, {found.year.label}",
            bars=[charts.Bar(row.name, row.engaged, row.in_area)
                  for row in found.by_local_authority]),
        "disadvantage_chart": charts.reach_bars(
            chart_id="chart-disadvantage",
            title=f"Disadvantaged and sparse schools engaged, {found.year.label}",
            bars=[charts.Bar("Every school", found.schools_engaged, found.schools_in_area),
                  charts.Bar("High pupil premium", found.high_pupil_premium.engaged,
                             found.high_pupil_premium.in_area),
                  charts.Bar("Sparse", found.sparse.engaged, found.sparse.in_area)]),
        "band_chart": charts.reach_bars(
            chart_id="chart-band", title=f"Schools engaged by pupil premium, {found.year.label}",
            bars=[charts.Bar(row.label, row.engaged, row.in_area) for row in found.by_band]),
    }


def _reach_context(request: AuthedHttpRequest, hub: Hub) -> dict[str, Any]:
    year = reach.year_for(request.GET.get("year") or None)
    years = reach.parse_years(request.GET.get("years"))
    found = reach.hub_reach(hub=hub, year=year, years=years)
    return {"reach": found, "year": year, "years": years,
            "year_choices": selectors.years_with_offerings(),
            "window_choices": range(1, reach.MAX_YEARS + 1),
            "la_rows": found.by_local_authority,
            "disadvantage_rows": [
                reach.BandRow("Every school", found.schools_in_area, found.schools_engaged),
                reach.BandRow("High pupil premium", found.high_pupil_premium.in_area,
                              found.high_pupil_premium.engaged),
                reach.BandRow("Sparse", found.sparse.in_area, found.sparse.engaged)],
            **_charts(found)}


@require_safe
@hub_gate(Capability.REPORTS_VIEW)
def hub_reach(request: AuthedHttpRequest, hub: Hub) -> HttpResponse:
    """The hub's reach into the secondary schools of its area in a year."""
    context = _reach_context(request, hub)
    return render(request, "reports/reach.html", {
        "staff_hub": hub, "national": False, "base_template": "staff/base.html",
        "export_query": urlencode({"year": context["year"].slug, "years": context["years"]}),
        **context})


def _percent(engaged: int, in_area: int) -> int | None:
    return reach.Counts(in_area, engaged).percent


REACH_COLUMNS: list[Column[tuple[str, str, int, int]]] = [
    Column("Figure", lambda row: row[0]),
    Column("Group", lambda row: row[1]),
    Column("Schools in the area", lambda row: row[2]),
    Column("Schools engaged", lambda row: row[3]),
    Column("Engaged (%)", lambda row: _percent(row[3], row[2])),
]


def _reach_rows(found: reach.Reach) -> list[tuple[str, str, int, int]]:
    rows = [("Every school", "", found.schools_in_area, found.schools_engaged),
            ("High pupil premium", "", *_pair(found.high_pupil_premium)),
            ("Sparse", "", *_pair(found.sparse)),
            (f"Engaged over {found.years} years", "", *_pair(found.over_years))]
    rows += [("Local authority", row.name, row.in_area, row.engaged)
             for row in found.by_local_authority]
    rows += [("Pupil premium", row.label, row.in_area, row.engaged) for row in found.by_band]
    return rows


def _pair(counts: reach.Counts) -> tuple[int, int]:
    return counts.in_area, counts.engaged


@require_POST  # audited: a download is a POST, and a GET writes nothing
@hub_gate(Capability.REPORTS_VIEW)
def hub_reach_export(request: AuthedHttpRequest, hub: Hub) -> HttpResponseBase:
    year = reach.year_for(request.GET.get("year") or None)
    found = reach.hub_reach(hub=hub, year=year, years=reach.parse_years(request.GET.get("years")))
    rows = _reach_rows(found)
    return audited_export(request, hub=hub, obj=hub, what=f"Reach in {year.label}",
                          columns=REACH_COLUMNS, rows=rows, count=lambda: len(rows),
                          filename_words=[hub.name, "reach", year.label])


def _not_reached_filters(request: AuthedHttpRequest, hub: Hub,
                         ) -> tuple[NotReachedFilterForm, reach.NotReachedFilters, list[str]]:
    authorities = list(hub.areas.order_by("name").values_list("code", "name"))
    filtering = any(key in request.GET for key in FILTER_KEYS)
    form = NotReachedFilterForm(request.GET if filtering else None,
                                local_authorities=authorities)
    filters = reach.NotReachedFilters()
    words: list[str] = []
    if form.is_valid():
        data = form.cleaned_data
        filters = reach.NotReachedFilters(la_code=data["la"],
                                          high_pupil_premium=data["high_pupil_premium"],
                                          sparse=data["sparse"], never=data["never"])
        if data["la"] is not None:
            words.append(dict(authorities).get(data["la"], ""))
        words += [label for flag, label in ((data["high_pupil_premium"], "high pupil premium"),
                                            (data["sparse"], "sparse"),
                                            (data["never"], "never engaged")) if flag]
    return form, filters, words


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.REPORTS_VIEW)
def not_reached(request: AuthedHttpRequest, hub: Hub) -> HttpResponse:
    """The schools in the hub's area it has not engaged in the year, filtered, with the hub's
    notes on contacting each and a form to add one."""
    year = reach.year_for(request.GET.get("year") or None)
    form, filters, words = _not_reached_filters(request, hub)
    schools = reach.not_reached(hub=hub, year=year, filters=filters)
    note_form = SchoolNoteForm(request.POST if request.method == "POST" else None)
    unsaved_note = ""
    if request.method == "POST" and note_form.is_valid():
        urn = note_form.cleaned_data["urn"]
        school = next((s for s in reach.not_reached(hub=hub, year=year) if s.urn == urn), None)
        if school is None:
            # Reached since the page was loaded (a school outside the area is not asked for):
            # say so, and give back the note typed, which has no box on the page any more.
            reached = reach.area_school_name(hub=hub, urn=urn)
            if reached is None:
                raise Http404("That school is not in the hub's area.")
            note_form.add_error(None, f"{reached} was reached in {year.label} after this page "
                                      "was opened, so it is no longer on this list. Your note "
                                      "was not saved: it is shown below to copy.")
            unsaved_note = note_form.cleaned_data["text"]
        else:
            try:
                services.school_note_add(actor=request.user, hub=hub, school_urn=urn,
                                         text=note_form.cleaned_data["text"])
            except DomainError as problem:
                add_domain_error(note_form, problem)
            else:
                messages.success(request, f"Note added on {school.name}.")
                return redirect(request.get_full_path() + f"#school-{urn}")
    page = Paginator(schools, NOT_REACHED_PAGE_SIZE).get_page(request.GET.get("page"))
    notes = selectors.school_notes(hub=hub, urns=[school.urn for school in page.object_list])
    query = {key: value for key, value in request.GET.items() if key != "page"}
    return render(request, "reports/not_reached.html", {
        "staff_hub": hub, "year": year, "form": form, "page": page, "notes": notes,
        "note_form": note_form, "note_urn": note_form.data.get("urn", ""),
        "unsaved_note": unsaved_note,
        "query": urlencode(query), "export_query": urlencode({**query, "year": year.slug}),
        "filter_words": words,
        "year_choices": selectors.years_with_offerings()})


NOT_REACHED_COLUMNS: list[Column[reach.NotReachedSchool]] = [
    Column("School", lambda s: s.name),
    Column("URN", lambda s: s.urn),
    Column("Local authority", lambda s: s.la_name),
    Column("Town", lambda s: s.town),
    Column("Postcode", lambda s: s.postcode),
    Column("Type", lambda s: s.type_name),
    Column("High pupil premium", lambda s: s.high_pupil_premium),
    Column("Sparse", lambda s: s.sparse),
    Column("Pupils eligible for pupil premium (%)", lambda s: s.pupil_premium_pct),
    Column("Last engaged", lambda s: s.last_engaged or "Never"),
]


@require_POST  # audited: a download is a POST, and a GET writes nothing
@hub_gate(Capability.REPORTS_VIEW)
def not_reached_export(request: AuthedHttpRequest, hub: Hub) -> HttpResponseBase:
    year = reach.year_for(request.GET.get("year") or None)
    _, filters, words = _not_reached_filters(request, hub)
    schools = reach.not_reached(hub=hub, year=year, filters=filters)
    return audited_export(request, hub=hub, obj=hub,
                          what=f"Schools not reached in {year.label}",
                          columns=NOT_REACHED_COLUMNS, rows=schools,
                          count=lambda: len(schools),
                          filename_words=[hub.name, "not reached", year.label, *words],
                          filters=", ".join(words))


# --- The hub's dashboard -------------------------------------------------------------------------


def _url_or_blank(name: str, **kwargs: Any) -> str:
    """A hub-wide export's address, or "" while that export does not exist."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


@require_safe
@hub_gate(Capability.REPORTS_VIEW)
def staff_year_dashboard(request: AuthedHttpRequest, hub: Hub, year: str) -> HttpResponse:
    """The hub's year: each offering's applications and places with totals, the reach headline,
    what needs attention, and the hub-wide exports."""
    year_obj = catalogue_selectors.academic_year_get(slug=year)
    rows = application_selectors.hub_year_dashboard(hub=hub, year=year_obj)
    totals = {status: sum(row.count(status) for row in rows)
              for status in application_selectors.DASHBOARD_STATUSES}
    found = reach.hub_reach(hub=hub, year=year_obj)
    return render(request, "reports/staff/dashboard.html", {
        "staff_hub": hub, "year": year_obj, "rows": rows, "totals": totals,
        "places_left": sum(row.places_left for row in rows),
        "capacity": sum(row.capacity_participants for row in rows),
        "school_places_left": sum(row.school_places_left for row in rows),
        "reach": found,
        "attention": selectors.hub_attention(hub=hub, year=year_obj, now=clock.now()),
        "enrolments_export": _url_or_blank("staff:enrolments-export", hub=hub.slug,
                                           year=year_obj.slug),
        "registers_export": _url_or_blank("staff:registers-export", hub=hub.slug,
                                          year=year_obj.slug)})


# --- National pages ------------------------------------------------------------------------------


def _national_year(request: AuthedHttpRequest) -> AcademicYear:
    return reach.year_for(request.GET.get("year") or None)


@staff_login_required
@require_safe
@national_gate(Capability.REPORTS_VIEW)
def national_hubs(request: AuthedHttpRequest) -> HttpResponse:
    """Every hub side by side for a year: activity, reach and disadvantaged reach."""
    year = _national_year(request)
    rows = selectors.national_year(year=year)
    return render(request, "reports/national_hubs.html", {
        "year": year, "rows": rows, "show_evaluations": any(row.evaluation for row in rows),
        "year_choices": selectors.years_with_offerings(),
        "programmes": selectors.programmes_in(year=year)})


@staff_login_required
@require_safe
@national_gate(Capability.REPORTS_VIEW)
def national_programme(request: AuthedHttpRequest, programme: str) -> HttpResponse:
    """One programme's national picture across hubs for a year."""
    year = _national_year(request)
    found = selectors.programme_get(slug=programme)
    return render(request, "reports/national_programme.html", {
        "year": year, "programme": found,
        "rows": selectors.national_programme(programme=found, year=year),
        "year_choices": selectors.years_with_offerings()})


@staff_login_required
@require_safe
@national_gate(Capability.REPORTS_VIEW)
def national_hub_reach(request: AuthedHttpRequest, hub: str) -> HttpResponse:
    """A hub's reach, read-only, for the national roles: the same page without notes and
    without the staff's links."""
    found = selectors.national_hub_get(slug=hub)
    return render(request, "reports/reach.html",
                  {"staff_hub": found, "national": True,
                   "base_template": "reports/national_base.html",
                   **_reach_context(request, found)})
