"""Applications in the API: an applicant's own (session or their token), and a hub's (its API
token only). Reads go through the same scoped selectors as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from workgroups.accounts.models import ApiToken
from workgroups.api.auth import HubToken, signed_in
from workgroups.api.inputs import Slug, YearSlug
from workgroups.api.schemas import HubApplicationOut, MyApplicationOut, errors
from workgroups.applications import selectors
from workgroups.applications.models import Application, ApplicationStatus
from workgroups.schools.selectors import schools_by_urn

router = Router(tags=["applications"])


def _supports(application: Application) -> list[dict[str, str]]:
    return [{"kind": e.kind, "role": e.role, "status": e.status}
            for e in application.endorsements.all()]


@router.get("/me/applications", response={200: list[MyApplicationOut], **errors(401)},
            auth=[HubToken(), signed_in],
            summary="The signed-in applicant's own applications")
def my_applications(request: HttpRequest) -> list[dict[str, Any]]:
    applications = (selectors.applicant_applications(user=request.user)
                    .prefetch_related("endorsements"))
    return [{
        "id": a.pk,
        "offering": {"hub": a.offering.hub.slug, "year": a.offering.academic_year.slug,
                     "slug": a.offering.slug, "title": a.offering.programme.title},
        "status": a.status, "status_label": a.get_status_display(),
        "submitted_at": a.submitted_at, "supports": _supports(a),
    } for a in applications]


@router.get("/hubs/{hub}/applications",
            response={200: list[HubApplicationOut], **errors(401, 404)},
            auth=HubToken(),
            summary="A hub's sent applications (hub API token)")
def hub_applications(request: HttpRequest, hub: Slug, offering: Slug | None = None,
                     year: YearSlug | None = None,
                     status: ApplicationStatus | None = None) -> list[dict[str, Any]]:
    token = getattr(request, "auth", None)  # set by HubToken
    assert isinstance(token, ApiToken)
    if token.hub.slug != hub:
        # The same answer as for a hub that does not exist: a token cannot probe other hubs.
        raise Http404("No such hub.")
    applications = selectors.hub_applications(hub=token.hub).prefetch_related("endorsements")
    if offering:
        applications = applications.filter(offering__slug=offering)
    if year:
        applications = applications.filter(offering__academic_year__slug=year)
    if status:
        applications = applications.filter(status=status)
    rows = list(applications)
    schools = schools_by_urn({a.school_urn for a in rows if a.school_urn})
    result = []
    for a in rows:
        school = schools.get(a.school_urn or 0)
        team = a.parsed_answers.team or ()
        result.append({
            "id": a.pk, "offering": a.offering.slug, "year": a.offering.academic_year.slug,
            "status": a.status, "submitted_at": a.submitted_at,
            "school": {"urn": school.urn, "name": school.name} if school else None,
            "applicant": {"name": a.applicant.get_full_name(), "email": a.applicant.email},
            "participants": [{"name": m.name, "email": m.email, "role": m.role}
                             for m in team],
            "eligibility": {"outcome": a.eligibility.get("outcome"),
                            "reasons": list(a.eligibility.get("reasons", []))},
            "supports": _supports(a),
        })
    return result
