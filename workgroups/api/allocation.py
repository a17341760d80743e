"""The hub's decisions in the API (hub API token): offer, waitlist, decline; the applicant's
acceptance (their session or token); an offering's Work Groups with their places. The same
services as the pages: a refusal for capacity or for the status is a 409 with a stable code;
another hub's object is a 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.models import User
from workgroups.api.auth import HubToken, signed_in, token_hub
from workgroups.api.inputs import IdField, IdParam, Slug, Text, YearSlug
from workgroups.api.schemas import DecisionOut, WorkGroupPlacesOut, errors
from workgroups.applications import selectors, services
from workgroups.applications.models import Application
from workgroups.catalogue.models import Offering
from workgroups.core.services import DomainError
from workgroups.delivery.models import WorkGroup

router = Router(tags=["decisions"])

ERRORS: dict[int, Any] = errors(401, 404, 409)


class OfferIn(Schema):
    work_group: IdField


class DeclineIn(Schema):
    reason: Text


class Refused(Exception):
    """A service refused: the API answers 409 (or 422 for bad input) with its code."""

    def __init__(self, problem: DomainError) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _token_hub_application(request: HttpRequest, pk: int) -> Application:
    hub = token_hub(request, Capability.APPLICATIONS_DECIDE)
    application = (selectors.hub_applications(hub=hub).select_related("work_group")
                   .filter(pk=pk).first())
    if application is None:
        raise Http404("No such application.")
    return application


def _decision(application: Application) -> dict[str, Any]:
    fresh = Application.objects.select_related("work_group").get(pk=application.pk)
    return {"id": fresh.pk, "status": fresh.status,
            "work_group": fresh.work_group_id, "offer_expires_at": fresh.offer_expires_at,
            "waitlist_position": selectors.waitlist_position(application=fresh)}


def _run(action: Any) -> None:
    try:
        action()
    except DomainError as problem:
        raise Refused(problem) from None


@router.post("/applications/{pk}/offer", response={200: DecisionOut, **ERRORS},
             auth=HubToken(), summary="Offer a place in one of the offering's Work Groups")
def offer(request: HttpRequest, pk: IdParam, body: OfferIn) -> dict[str, Any]:
    application = _token_hub_application(request, pk)
    group = WorkGroup.objects.filter(pk=body.work_group,
                                     offering_id=application.offering_id).first()
    if group is None:
        raise Http404("No such Work Group in this offering.")
    assert isinstance(request.user, User)
    _run(lambda: services.application_offer(actor=request.user, application=application,
                                            work_group=group))
    return _decision(application)


@router.post("/applications/{pk}/waitlist", response={200: DecisionOut, **ERRORS},
             auth=HubToken(), summary="Put an application on the waiting list")
def waitlist(request: HttpRequest, pk: IdParam) -> dict[str, Any]:
    application = _token_hub_application(request, pk)
    assert isinstance(request.user, User)
    _run(lambda: services.application_waitlist(actor=request.user, application=application))
    return _decision(application)


@router.post("/applications/{pk}/decline", response={200: DecisionOut, **ERRORS},
             auth=HubToken(), summary="Decline an application, with the reason")
def decline(request: HttpRequest, pk: IdParam, body: DeclineIn) -> dict[str, Any]:
    application = _token_hub_application(request, pk)
    assert isinstance(request.user, User)
    _run(lambda: services.application_decline(actor=request.user, application=application,
                                              reason=body.reason))
    return _decision(application)


# 403: a signed-in session's POST without Django's CSRF token.
@router.post("/applications/{pk}/accept", response={200: DecisionOut, **errors(401, 403, 404, 409)},
             auth=[HubToken(), signed_in],
             summary="The applicant accepts the place offered (their session or token)")
def accept(request: HttpRequest, pk: IdParam) -> dict[str, Any]:
    application = selectors.applicant_applications(user=request.user).filter(pk=pk).first()
    if application is None:
        raise Http404("No such application.")
    assert isinstance(request.user, User)
    _run(lambda: services.offer_accept(applicant=request.user, application=application))
    return _decision(application)


@router.get("/hubs/{hub}/offerings/{year}/{offering}/work-groups",
            response={200: list[WorkGroupPlacesOut], **errors(401, 404)},
            auth=HubToken(), summary="An offering's Work Groups with places taken and waiting")
def work_groups(request: HttpRequest, hub: Slug, year: YearSlug,
                offering: Slug) -> list[dict[str, Any]]:
    found = (Offering.objects.filter(hub=token_hub(request, Capability.APPLICATIONS_DECIDE,
                                                   slug=hub),
                                     academic_year__slug=year, slug=offering).first())
    if found is None:
        raise Http404("No such offering.")
    groups = list(found.work_groups.all())
    taken = selectors.places_taken_by_work_group(work_group_ids=[g.pk for g in groups])
    waiting = selectors.waitlist(offering=found).count()
    return [{"id": g.pk, "name": g.name, "capacity_schools": g.capacity_schools,
             "capacity_participants": g.capacity_participants,
             "places_taken_schools": taken.get(g.pk, selectors.Places()).schools,
             "places_taken_participants": taken.get(g.pk, selectors.Places()).participants,
             # The waiting list is the offering's: a place in any of its Work Groups goes
             # to the first in line who fits.
             "waitlist_length": waiting} for g in groups]
