"""Reach in the API: a hub's (its staff's session or its API token, with the reports
capability) and every hub's (the national roles' session). Figures only, never people; the same
selectors as the pages, so the API shows what they show. Another hub's reach is a 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.models import ApiToken
from workgroups.accounts.permissions import can_nationally, hubs_where
from workgroups.api.auth import HubToken, signed_in
from workgroups.api.inputs import Slug, YearSlug
from workgroups.api.schemas import errors
from workgroups.hubs.models import Hub
from workgroups.reports import reach

router = Router(tags=["reports"])


class InAreaOut(Schema):
    in_area: int
    engaged: int


class LocalAuthorityReachOut(Schema):
    code: int
    name: str
    in_area: int
    engaged: int


class ProgrammeReachOut(Schema):
    programme: str
    schools: int
    participants: int
    completed: int


class HubReachOut(Schema):
    hub: str
    year: str
    schools_in_area: int
    schools_engaged: int
    high_pupil_premium: InAreaOut
    sparse: InAreaOut
    by_local_authority: list[LocalAuthorityReachOut]
    by_programme: list[ProgrammeReachOut]


class NationalHubReachOut(Schema):
    hub: str
    schools_in_area: int
    schools_engaged: int
    high_pupil_premium: InAreaOut


class NationalTotalOut(Schema):
    schools_in_area: int
    schools_engaged: int
    high_pupil_premium: InAreaOut


class NationalReachOut(Schema):
    year: str
    hubs: list[NationalHubReachOut]
    total: NationalTotalOut


def _pair(counts: reach.Counts) -> dict[str, int]:
    return {"in_area": counts.in_area, "engaged": counts.engaged}


def _reports_hub(request: HttpRequest, slug: str) -> Hub:
    """The hub ``slug`` when the caller holds the reports capability there (a hub token: only
    its own hub); otherwise 404, as for a hub that does not exist."""
    hubs = hubs_where(request.user, Capability.REPORTS_VIEW)
    token = getattr(request, "auth", None)
    if isinstance(token, ApiToken):
        hubs = hubs.filter(pk=token.hub_id)
    found = hubs.filter(slug=slug).first()
    if found is None:
        raise Http404("No such hub.")
    return found


@router.get("/hubs/{hub}/reports/reach", response={200: HubReachOut, **errors(401, 404)},
            auth=[HubToken(), signed_in],
            summary="A hub's reach into the secondary schools of its area in a year")
def hub_reach(request: HttpRequest, hub: Slug, year: YearSlug) -> dict[str, Any]:
    """``year`` is an academic year such as ``2024-25``. Schools in the area are the open,
    state-funded schools with secondary-age pupils in the hub's local authorities; engaged, at
    least one enrolment (not withdrawn) or participation record with the hub that year."""
    found_hub = _reports_hub(request, hub)
    found = reach.hub_reach(hub=found_hub, year=reach.year_for(year))
    return {
        "hub": found_hub.slug, "year": found.year.slug,
        "schools_in_area": found.schools_in_area, "schools_engaged": found.schools_engaged,
        "high_pupil_premium": _pair(found.high_pupil_premium), "sparse": _pair(found.sparse),
        "by_local_authority": [{"code": row.code, "name": row.name, "in_area": row.in_area,
                                "engaged": row.engaged} for row in found.by_local_authority],
        "by_programme": [{"programme": row.slug, "schools": row.schools,
                          "participants": row.participants, "completed": row.completed}
                         for row in found.by_programme],
    }


@router.get("/reports/reach", response={200: NationalReachOut, **errors(401, 404)},
            auth=signed_in, summary="Every hub's reach in a year (national roles)")
def national_reach(request: HttpRequest, year: YearSlug) -> dict[str, Any]:
    """For national viewers and national staff only (anyone else: 404)."""
    if not can_nationally(request.user, Capability.REPORTS_VIEW):
        raise Http404("Not found.")
    found_year = reach.year_for(year)
    rows, total = reach.national_reach(year=found_year)
    empty = {"in_area": 0, "engaged": 0}
    return {
        "year": found_year.slug,
        "hubs": [{"hub": row.hub.slug, "schools_in_area": row.total.in_area,
                  "schools_engaged": row.total.engaged,
                  "high_pupil_premium": _pair(row.high_pupil_premium)} for row in rows],
        "total": {"schools_in_area": total.total.in_area if total else 0,
                  "schools_engaged": total.total.engaged if total else 0,
                  "high_pupil_premium": _pair(total.high_pupil_premium) if total else empty},
    }
