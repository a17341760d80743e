"""The pages of an expression of interest: register, confirm, unsubscribe (no account, and a
button press, so a mail scanner that follows links changes nothing). Views are the interface
ring (ADR 17): they hand the form the school register's check, which sits above catalogue."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from workgroups.catalogue.interest import links, selectors, services
from workgroups.catalogue.interest.forms import InterestForm
from workgroups.catalogue.models import InterestRegistration
from workgroups.core import clock
from workgroups.core.forms import add_domain_error
from workgroups.core.services import DomainError
from workgroups.core.throttle import TOO_MANY_REQUESTS, requester_allowed
from workgroups.delivery import catalogue as delivery_catalogue
from workgroups.schools.selectors import school_get


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, hub: str, year: str, offering: str) -> HttpResponse:
    offering_obj = delivery_catalogue.offering_at(hub=hub, year=year, offering=offering)
    today = clock.today()
    context = {"offering": offering_obj, "hub": offering_obj.hub,
               "takes_interest": offering_obj.accepts_interest_on(today),
               "accepting": offering_obj.accepts_applications_on(today),
               "year_over": today > offering_obj.academic_year.ends_on}
    form = InterestForm(request.POST if request.method == "POST" else None,
                        school_known=lambda urn: school_get(urn=urn) is not None)
    if request.method == "POST" and context["takes_interest"] and form.is_valid():
        if not requester_allowed(request):
            form.add_error(None, TOO_MANY_REQUESTS)
            return render(request, "catalogue/interest/form.html", {
                **context, "form": form, "school_search_url": reverse("schools:search")},
                status=429)
        try:
            services.interest_register(offering=offering_obj, email=form.cleaned_data["email"],
                                       name=form.cleaned_data["name"],
                                       school_urn=form.cleaned_data["school_urn"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return render(request, "catalogue/interest/sent.html", context)
    return render(request, "catalogue/interest/form.html", {
        **context, "form": form, "school_search_url": reverse("schools:search")})


def _registration_link(request: HttpRequest, registration_id: int | None,
                       act: Callable[..., InterestRegistration | None],
                       template: str) -> HttpResponse:
    """A page behind a signed link: GET shows what the button will do, POST does it."""
    registration = (selectors.interest_registration_get(pk=registration_id)
                    if registration_id is not None else None)
    if registration is None:
        return render(request, "catalogue/interest/link_invalid.html", status=404)
    if request.method == "POST":
        registration = act(registration_id=registration.pk) or registration
    return render(request, template,
                  {"registration": registration, "offering": registration.offering})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    return _registration_link(request, links.registration_id_from_confirm(token),
                              services.interest_confirm, "catalogue/interest/confirm.html")


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    return _registration_link(request, links.registration_id_from_unsubscribe(token),
                              services.interest_unsubscribe,
                              "catalogue/interest/unsubscribe.html")
