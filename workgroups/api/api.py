"""The read API at /api/v1/. It uses the same selectors as the pages, so it shows what they show."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Query, Router
from ninja.errors import HttpError, ValidationError
from pydantic import TypeAdapter

from workgroups.api.allocation import Refused
from workgroups.api.allocation import router as allocation_router
from workgroups.api.applications import router as applications_router
from workgroups.api.boundary import field_errors, invalid_input_detail, refuse_nul
from workgroups.api.inputs import Slug, UrnParam, YearSlug
from workgroups.api.progression import router as progression_router
from workgroups.api.reports import router as reports_router
from workgroups.api.schemas import (
    EligibilityIn,
    EligibilityOut,
    HubOut,
    OfferingDetailOut,
    OfferingOut,
    SchoolDetailOut,
    SchoolOut,
    errors,
)
from workgroups.catalogue import selectors
from workgroups.catalogue.addresses import offering_address_maker
from workgroups.catalogue.cache import cached_json
from workgroups.catalogue.models import (
    Offering,
    OfferingStatus,
    accepts_applications,
    effective_status,
)
from workgroups.core import clock
from workgroups.delivery import catalogue as delivery_catalogue
from workgroups.eligibility.rules import verdict_as_dict
from workgroups.eligibility.selectors import eligibility_check
from workgroups.schools import selectors as school_selectors
from workgroups.schools.models import School

api = NinjaAPI(
    title="Maths Hub Work Groups",
    version="1",
    description="Maths Hubs' published catalogues of secondary Work Groups, eligibility checks, "
                "an applicant's own applications and, with a hub API token, a hub's.",
    docs_url=None,
    urls_namespace="api",
)
# Before authentication and parsing: PostgreSQL cannot hold or compare text with NUL in it.
api.add_decorator(refuse_nul, mode="view")


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Parameters or a body that do not fit: the same shape as every other error."""
    problems = field_errors(exc.errors)
    return api.create_response(request, {"detail": invalid_input_detail(problems),
                                         "code": "invalid", "errors": problems}, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Refused)
def refused(request: HttpRequest, exc: Refused) -> HttpResponse:
    """A service said no: 409 with its stable code (capacity_reached, invalid_transition,
    offer_expired); 422 for input it could not use; 404 for someone else's application."""
    problem = exc.problem
    if problem.code == "not_found":
        return api.create_response(request, {"detail": "Not found."}, status=404)
    if problem.code is None:
        return api.create_response(request, {"detail": problem.message}, status=422)
    return api.create_response(request, {"detail": problem.message, "code": problem.code},
                               status=409)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


@functools.cache
def _adapter(schema: Any) -> TypeAdapter[Any]:
    return TypeAdapter(schema)  # built once: building one takes longer than using it


def _public_json(request: HttpRequest, name: str, params: dict[str, Any], *, dated: bool,
                 schema: Any, build: Callable[[], Any]) -> HttpResponse:
    """A public read answer from the catalogue cache: validated against its schema and rendered
    as ninja would, once per catalogue version (workgroups/catalogue/cache.py). With no
    ``schema``, ``build`` gives the data in the schema's JSON form already (a test holds it to
    the schema's own dump), and it is rendered as it is."""
    def body() -> bytes:
        data = build()
        if schema is not None:
            adapter = _adapter(schema)
            data = adapter.dump_python(adapter.validate_python(data), mode="json")
        return str(api.renderer.render(request, data, response_status=200)).encode()
    return cached_json(request, name=name, params=params, dated=dated, body=body)


def offering_data(offering: Offering, *, detail: bool = False) -> dict[str, Any]:
    """Plain data for one offering from prefetched relations (no further queries in lists)."""
    programme = offering.programme
    programme_data: dict[str, Any] = {
        "slug": programme.slug, "title": programme.title, "audience": programme.audience,
        "unit": programme.unit, "team_size": programme.team_size,
    }
    if detail:
        routes = list(programme.routes_out.select_related("to_programme"))
        programme_data.update(
            summary=programme.summary, who_can_take_part=programme.who_can_take_part,
            what_is_involved=programme.what_is_involved,
            learning_outcomes=list(programme.learning_outcomes),
            time_commitment=programme.time_commitment,
            equivalent_days=float(programme.equivalent_days), cost=programme.cost,
            prerequisites=sorted(p.slug for p in programme.prerequisites.all()),
            next_stage=next((r.to_programme.slug for r in routes
                             if r.to_programme_id != programme.pk), None),
            next_stages=sorted({r.to_programme.slug for r in routes}),
        )
    text = offering.text
    data: dict[str, Any] = {
        "slug": offering.slug,
        "code": offering.code,
        "title": text.title,
        "programme": programme_data,
        "academic_year": offering.academic_year.slug,
        "status": offering.effective_status.value,
        "applications_open": offering.applications_open,
        "applications_close": offering.applications_close,
        "accepting_applications": offering.accepts_applications_on(clock.today()),
        "url": offering.get_absolute_url(),
        "work_groups": [
            {
                "name": wg.name, "delivery_mode": wg.delivery_mode, "area": wg.area,
                "capacity_schools": wg.capacity_schools,
                "capacity_participants": wg.capacity_participants,
                "sessions": [
                    {
                        "kind": s.kind,
                        "starts_at": s.starts_at.astimezone(clock.LONDON),
                        "ends_at": s.ends_at.astimezone(clock.LONDON),
                        "venue": {"name": s.venue.name, "address": s.venue.address,
                                  "postcode": s.venue.postcode} if s.venue else None,
                        "online": s.online,
                        "equivalent_days": float(s.equivalent_days),
                        "required": s.required,
                    }
                    for s in wg.sessions.all()
                ],
            }
            for wg in offering.work_groups.all()
        ],
    }
    if detail:
        data.update(how_to_apply=offering.how_to_apply, year_notes=offering.year_notes,
                    contact_email=offering.contact_email or offering.hub.contact_email,
                    text={"summary": text.summary, "who_can_take_part": text.who_can_take_part,
                          "what_is_involved": text.what_is_involved,
                          "learning_outcomes": text.learning_outcomes,
                          "time_commitment": text.time_commitment, "cost": text.cost},
                    demo_fields=sorted(offering.demo_fields or []))
    return data


@api.get("/hubs", response={200: list[HubOut], **errors()},
         summary="Maths Hubs and the areas they serve")
def list_hubs(request: HttpRequest) -> HttpResponse:
    return _public_json(request, "hubs", {}, dated=False, schema=list[HubOut], build=lambda: [
        {"slug": hub.slug, "name": hub.name,
         "areas": [{"code": la.code, "name": la.name} for la in hub.areas.all()]}
        for hub in selectors.hubs_public()
    ])


@api.get(
    "/hubs/{hub}/offerings",
    response={200: list[OfferingOut], **errors(404)},
    summary="A hub's published offerings, optionally for one year and status",
)
def list_offerings(
    request: HttpRequest,
    hub: Slug,
    year: YearSlug | None = None,
    status: OfferingStatus | None = None,
) -> HttpResponse:
    """``year`` is an academic year such as ``2024-25``; ``status`` an exact offering status."""
    return offerings_answer(request, hub=hub, year=year, status=status)


def offerings_answer(request: HttpRequest, *, hub: str, year: str | None,
                     status: OfferingStatus | None) -> HttpResponse:
    """The hub's published offerings as the API lists them, from the catalogue cache: also the
    hub's catalogue.json (workgroups/publishing/feeds), which shares this cache entry and so
    its ETag. Built in the JSON form of list[OfferingOut], not validated: see _offerings."""
    return _public_json(request, "offerings", {"hub": hub, "year": year, "status": status},
                        dated=True, schema=None, build=lambda: _offerings(hub, year, status))


def _offerings(hub: str, year: str | None, status: OfferingStatus | None) -> list[dict[str, Any]]:
    """The list as ``list[OfferingOut]`` dumps it in JSON mode, built from values: the schema's
    field order, its JSON forms (ISO dates, London datetimes with their offset, enum values).
    Pydantic validation of hundreds of sessions' model instances cost more than everything
    else in the answer; tests/api/test_offerings_list_values.py holds this to the schema's own
    dump of ``offering_data``."""
    # The hub and year by their slugs in the same query: looked up on their own only to tell
    # an empty list from an unknown hub or year (a 404 that says which).
    offerings = Offering.objects.public().filter(hub__slug=hub)
    if year is not None:
        offerings = offerings.filter(academic_year__slug=year)
    if status is not None:  # the status people are shown today, as on the pages
        offerings = offerings.with_status_now(today=clock.today()).filter(Q(status_now=status))
    rows = list(offerings.order_by("-academic_year__starts_on", "programme__title", "slug")
                .values_list(*_OFFERING_FIELDS))
    if not rows:
        selectors.hub_get_public(slug=hub)
        if year is not None:
            selectors.academic_year_get(slug=year)
    work_groups = delivery_catalogue.work_groups_shown(offering_ids=[row[0] for row in rows])
    today = clock.today()
    addresses: dict[str, Callable[[str], str]] = {}
    answer = []
    for (pk, slug, code, title, stored, opens, closes, year_slug, year_ends_on, programme_slug,
         programme_title, audience, unit, team_size) in rows:
        shown = effective_status(status=stored, year_ends_on=year_ends_on,
                                 applications_close=closes, today=today)
        if year_slug not in addresses:
            addresses[year_slug] = offering_address_maker(hub=hub, year=year_slug)
        answer.append({
            "slug": slug, "code": code,
            "title": title or programme_title,  # the offering's own, else the programme's
            "programme": {"slug": programme_slug, "title": programme_title,
                          "audience": audience, "unit": unit, "team_size": team_size},
            "academic_year": year_slug,
            "status": shown.value,
            "applications_open": None if opens is None else opens.isoformat(),
            "applications_close": None if closes is None else closes.isoformat(),
            "accepting_applications": accepts_applications(
                status_now=shown, applications_open=opens, applications_close=closes,
                day=today),
            "url": addresses[year_slug](slug),
            "work_groups": [_work_group_json(group) for group in work_groups.get(pk, [])],
        })
    return answer


_OFFERING_FIELDS = ("pk", "slug", "code", "title", "status", "applications_open",
                    "applications_close", "academic_year__slug", "academic_year__ends_on",
                    "programme__slug", "programme__title", "programme__audience",
                    "programme__unit", "programme__team_size")


def _work_group_json(group: delivery_catalogue.WorkGroupShown) -> dict[str, Any]:
    """A ``WorkGroupOut`` in JSON mode (datetimes as ``LondonDateTime`` writes them)."""
    return {
        "name": group.name, "delivery_mode": group.delivery_mode, "area": group.area,
        "capacity_schools": group.capacity_schools,
        "capacity_participants": group.capacity_participants,
        "sessions": [
            {"kind": session.kind,
             "starts_at": session.starts_at.astimezone(clock.LONDON).isoformat(),
             "ends_at": session.ends_at.astimezone(clock.LONDON).isoformat(),
             "venue": None if session.venue is None else {
                 "name": session.venue.name, "address": session.venue.address,
                 "postcode": session.venue.postcode},
             "online": session.online,
             "equivalent_days": float(session.equivalent_days),
             "required": session.required}
            for session in group.sessions
        ],
    }


@api.get(
    "/hubs/{hub}/offerings/{year}/{offering}",
    response={200: OfferingDetailOut, **errors(404)},
    summary="One published offering with its descriptive fields",
)
def get_offering(request: HttpRequest, hub: Slug, year: YearSlug,
                 offering: Slug) -> HttpResponse:
    return _public_json(
        request, "offering", {"hub": hub, "year": year, "offering": offering}, dated=True,
        schema=OfferingDetailOut, build=lambda: offering_data(
            delivery_catalogue.offering_at(hub=hub, year=year, offering=offering), detail=True))


def school_data(school: School, *, detail: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "urn": school.urn, "name": school.name, "town": school.town,
        "postcode": school.postcode, "la": school.la_name, "phase": school.phase,
        "status": school.status, "state_funded": school.state_funded,
    }
    if detail:
        hub = school_selectors.hub_for_la(la_code=school.la_code)
        successor = (school_selectors.school_get(urn=school.successor_urn)
                     if school.successor_urn else None)
        data.update(
            type=school.type_name, region=school.region, secondary=school.secondary,
            special=school.special, post16=school.post16, open=school.is_open,
            in_england=school.in_england,
            hub={"slug": hub.slug, "name": hub.name} if hub else None,
            successor=({"urn": school.successor_urn,
                        "name": successor.name if successor else ""}
                       if school.successor_urn else None))
    return data


@api.get("/schools", response={200: list[SchoolOut], **errors()},
         summary="Search the school register")
def search_schools(request: HttpRequest, q: str = "",
                   limit: Annotated[int, Query(ge=1, le=50)] = 10) -> list[dict[str, Any]]:
    """By name (case, punctuation and Saint/St tolerant), URN, postcode or town, in the order
    of the school search on the pages. Only the first 100 characters of ``q`` are used."""
    return [school_data(school) for school in
            school_selectors.school_search(query=q[:100], limit=limit)]


@api.get("/schools/{urn}", response={200: SchoolDetailOut, **errors(404)},
         summary="One school with its derived facts, hub and successor")
def get_school(request: HttpRequest, urn: UrnParam) -> dict[str, Any]:
    school = school_selectors.school_get(urn=urn)
    if school is None:
        raise Http404(f"No school with URN {urn} in the register.")
    return school_data(school, detail=True)


@api.post("/hubs/{hub}/offerings/{year}/{offering}/eligibility",
          response={200: EligibilityOut, **errors(404)},
          summary="Check whether these facts make someone eligible for an offering")
def check_eligibility(request: HttpRequest, hub: Slug, year: YearSlug, offering: Slug,
                      facts: EligibilityIn) -> dict[str, Any]:
    found = delivery_catalogue.offering_at(hub=hub, year=year, offering=offering)
    verdict, school = eligibility_check(offering=found,
                                        facts=facts.model_dump(exclude_none=True))
    return {**verdict_as_dict(verdict),
            "school": school_data(school, detail=True) if school else None}


# Any other address under /api/v1/ answers in JSON like the rest, not with the site's HTML page.
unknown_router = Router()


@unknown_router.api_operation(["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}",
                              include_in_schema=False)
def unknown_address(request: HttpRequest, rest: str) -> HttpResponse:
    raise Http404("There is nothing at this address in the API.")


api.add_router("", applications_router)
api.add_router("", allocation_router)
api.add_router("", progression_router)
api.add_router("", reports_router)
api.add_router("", unknown_router)  # last: it matches every address
