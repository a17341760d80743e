"""Public pages for expressions of interest: register, confirm, unsubscribe. No account needed;
confirmation and unsubscribing take a button press, so a mail scanner that follows links
changes nothing."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from workgroups.applications import interest, selectors, services
from workgroups.applications.forms import InterestForm
from workgroups.applications.models import InterestRegistration
from workgroups.catalogue import selectors as catalogue_selectors
from workgroups.core.forms import add_domain_error
from workgroups.core.services import DomainError
from workgroups.core.types import AuthedHttpRequest
from workgroups.eligibility.forms import QUESTIONS, SCHOOL_QUESTION, display_answer


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, hub: str, year: str, offering: str) -> HttpResponse:
    offering_obj = catalogue_selectors.offering_at(hub=hub, year=year, offering=offering)
    context = {"offering": offering_obj, "hub": offering_obj.hub,
               "open": offering_obj.status not in services.INTEREST_STATUSES}
    form = InterestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not context["open"] and form.is_valid():
        try:
            services.interest_register(offering=offering_obj, email=form.cleaned_data["email"],
                                       name=form.cleaned_data["name"],
                                       school_urn=form.cleaned_data["school_urn"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return render(request, "applications/interest_sent.html", context)
    return render(request, "applications/interest_form.html", {
        **context, "form": form, "school_search_url": reverse("schools:search")})


def _registration_link(request: HttpRequest, registration_id: int | None,
                       act: Callable[..., InterestRegistration | None],
                       template: str) -> HttpResponse:
    """A page behind a signed link: GET shows what the button will do, POST does it."""
    registration = (selectors.interest_registration_get(pk=registration_id)
                    if registration_id is not None else None)
    if registration is None:
        return render(request, "applications/interest_link_invalid.html", status=404)
    if request.method == "POST":
        registration = act(registration_id=registration.pk) or registration
    return render(request, template,
                  {"registration": registration, "offering": registration.offering})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    return _registration_link(request, interest.registration_id_from_confirm(token),
                              services.interest_confirm, "applications/interest_confirm.html")


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    return _registration_link(request, interest.registration_id_from_unsubscribe(token),
                              services.interest_unsubscribe,
                              "applications/interest_unsubscribe.html")


# --- Staff: a hub's applications, read-only -------------------------------------------------

@require_safe
def staff_offering_applications(request: AuthedHttpRequest, hub: str, pk: int) -> HttpResponse:
    hub_obj = catalogue_selectors.staff_hub_get(user=request.user, slug=hub)
    offering = catalogue_selectors.staff_offering_get(hub=hub_obj, pk=pk)
    return render(request, "applications/staff/offering_applications.html", {
        "staff_hub": hub_obj, "offering": offering,
        "applications": selectors.staff_offering_applications(offering=offering)})


@require_safe
def staff_application(request: AuthedHttpRequest, hub: str, pk: int) -> HttpResponse:
    hub_obj = catalogue_selectors.staff_hub_get(user=request.user, slug=hub)
    application = selectors.staff_application_get(hub=hub_obj, pk=pk)
    answers = [(QUESTIONS.get(key, {}).get("label", SCHOOL_QUESTION if key == "urn" else key),
                display_answer(key, value) if key in QUESTIONS else str(value))
               for key, value in application.answers.items()]
    return render(request, "applications/staff/application.html", {
        "staff_hub": hub_obj, "application": application, "offering": application.offering,
        "answers": answers})
