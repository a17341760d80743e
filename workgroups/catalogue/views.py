"""Public catalogue pages: a hub's programmes for a year, and one offering."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.gate import hub_gate, staff_login_required
from workgroups.accounts.permissions import can, can_nationally, can_read_programmes
from workgroups.accounts.types import AuthedHttpRequest
from workgroups.catalogue import selectors, services
from workgroups.catalogue.addresses import address_maker
from workgroups.catalogue.cache import cached_page
from workgroups.catalogue.forms import OfferingCreateForm, OfferingEditForm, QuestionForm
from workgroups.catalogue.models import Audience, OfferingQuestion, OfferingStatus
from workgroups.core import clock
from workgroups.core.forms import add_domain_error
from workgroups.core.services import DomainError
from workgroups.delivery import catalogue as delivery_catalogue
from workgroups.hubs.models import Hub
from workgroups.hubs.selectors import failed_emails_waiting_count, national_record


@require_safe
def hub(request: HttpRequest, hub: str) -> HttpResponse:
    """A hub's catalogue lives under a year; send people to the year that matters now."""
    hub_obj = selectors.hub_get_public(slug=hub)
    years = selectors.catalogue_years(hub=hub_obj)
    year = selectors.current_catalogue_year(hub=hub_obj, years=years)
    if year is None:
        return render(request, "catalogue/hub_empty.html", {"hub": hub_obj})
    return redirect("catalogue:hub-year", hub=hub_obj.slug, year=year.slug)


@require_safe
def hub_year(request: HttpRequest, hub: str, year: str) -> HttpResponse:
    params = hub_year_cache_params(request, hub, year)
    return cached_page(request, name="hub-year", params=params, template="catalogue/hub_year.html",
                       dated=True, context=lambda: hub_year_context(request, hub, year))


def hub_year_cache_params(request: HttpRequest, hub: str, year: str) -> dict[str, Any]:
    """What a hub-year catalogue's body depends on (the page's and the embed's): its cache key.
    The filters in a fixed order, so the same choice in another order is the same page."""
    return {"hub": hub, "year": year, "audience": sorted(request.GET.getlist("audience")),
            "status": sorted(request.GET.getlist("status")), "area": request.GET.get("area", "")}


def hub_year_context(request: HttpRequest, hub: str, year: str) -> dict[str, Any]:
    hub_obj = selectors.hub_get_public(slug=hub)
    years = selectors.catalogue_years(hub=hub_obj)
    year_obj = next((other for other in years if other.slug == year), None)
    if year_obj is None:
        selectors.academic_year_get(slug=year)  # a 404 that says which is unknown
        raise Http404("This hub has no catalogue for that year.")
    filters = replace(selectors.CatalogueFilters.from_query(
        request.GET.getlist("audience"), request.GET.getlist("status")
    ), area=selectors.area_from_query(request.GET.get("area", "")))
    # The hub's own areas to choose from, and the one a teacher arrived with if it is not.
    area_choices = list(hub_obj.areas.all())
    if filters.area is not None and filters.area not in area_choices:
        area_choices.append(filters.area)
    offerings = delivery_catalogue.catalogue_rows(hub=hub_obj, year=year_obj, filters=filters)
    current = selectors.current_catalogue_year(hub=hub_obj, years=years)
    year_address = address_maker("catalogue:hub-year", varying="year", hub=hub_obj.slug)
    return {
        "hub": hub_obj,
        "year": year_obj,
        # Each year with its catalogue's address, worked out once for the whole list.
        "years": [(other, year_address(other.slug)) for other in years],
        "current_year": current,
        "current_year_url": year_address(current.slug) if current else "",
        "offerings": offerings,
        "filters": filters,
        "audience_choices": Audience.choices,
        "area_choices": area_choices,
        "status_choices": [(key, label) for key, (label, _) in selectors.STATUS_FILTERS.items()],
        "today": clock.today(),
        "clear_filters_url": year_address(year_obj.slug),
    }


@require_safe
def offering(request: HttpRequest, hub: str, year: str, offering: str) -> HttpResponse:
    return cached_page(request, name="offering",
                       params={"hub": hub, "year": year, "offering": offering},
                       template="catalogue/offering.html", dated=True,
                       context=lambda: _offering_context(hub, year, offering))


def _offering_context(hub: str, year: str, offering: str) -> dict[str, Any]:
    offering_obj = delivery_catalogue.offering_shown(hub=hub, year=year, offering=offering)
    return {
        "hub": offering_obj.hub,
        "year": offering_obj.academic_year,
        "offering": offering_obj,
        "work_groups": delivery_catalogue.work_groups_shown(
            offering_ids=[offering_obj.pk])[offering_obj.pk],
        "programme": offering_obj.programme,
        "related": selectors.offering_related(offering=offering_obj),
        "accepting": offering_obj.accepts_applications_on(clock.today()),
        "takes_interest": offering_obj.accepts_interest_on(clock.today()),
        "today": clock.today(),
    }


# --- Staff area: a hub's own offerings. Every page goes through hub_gate, which answers
# 404 to anyone who does not manage that hub (signed in or not), so one hub's staff can neither
# see nor change another's, and a stranger cannot even learn which hubs have staff pages. ------

@staff_login_required
@require_safe
def staff_home(request: AuthedHttpRequest) -> HttpResponse:
    hubs = list(selectors.staff_hubs(user=request.user))
    manages_hubs = can_nationally(request.user, Capability.HUBS_MANAGE)
    return render(request, "catalogue/staff/home.html", {
        "hubs": hubs, "can_read_programmes": can_read_programmes(request.user),
        "manages_hubs": manages_hubs,
        "national_record": national_record() if manages_hubs else None})


@require_safe
@hub_gate(Capability.OFFERINGS_MANAGE)
def staff_hub(request: AuthedHttpRequest, hub: Hub) -> HttpResponse:
    return render(request, "catalogue/staff/hub.html", {
        "staff_hub": hub, "offerings": selectors.staff_offerings(hub=hub),
        "failed_emails_waiting": failed_emails_waiting_count(hub=hub),
        "can_manage_team": can(request.user, Capability.TEAM_MANAGE, hub),
    })


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OFFERINGS_MANAGE)
def staff_offering_create(request: AuthedHttpRequest, hub: Hub) -> HttpResponse:
    form = OfferingCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        year = data["academic_year"]
        try:
            if isinstance(year, int):  # this year or next, not yet on record
                year = services.academic_year_ensure(start_year=year)
            created = services.offering_create(
                actor=request.user, hub=hub, academic_year=year,
                programme=data["programme"], slug=data["slug"],
                status=OfferingStatus(data["status"]), code=data["code"],
                applications_open=data["applications_open"],
                applications_close=data["applications_close"],
                how_to_apply=data["how_to_apply"], year_notes=data["year_notes"],
                contact_email=data["contact_email"], decisions_by=data["decisions_by"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{created.programme.title} added to "
                                      f"{created.academic_year.label}.")
            return redirect("staff:offering", hub=hub.slug, pk=created.pk)
    return render(request, "catalogue/staff/offering_form.html",
                  {"staff_hub": hub, "form": form, "creating": True})


@require_safe
@hub_gate(Capability.OFFERINGS_MANAGE)
def staff_offering(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    offering_obj = selectors.staff_offering_get(hub=hub, pk=pk)
    return render(request, "catalogue/staff/offering.html",
                  {"staff_hub": hub, "offering": offering_obj, "today": clock.today()})


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OFFERINGS_MANAGE)
def staff_offering_edit(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    offering_obj = selectors.staff_offering_get(hub=hub, pk=pk)
    initial = {name: getattr(offering_obj, name) for name in services.OFFERING_EDITABLE_FIELDS}
    form = OfferingEditForm(request.POST if request.method == "POST" else None, initial=initial,
                            current_status=offering_obj.status)
    if request.method == "POST" and form.is_valid():
        try:
            services.offering_update(actor=request.user, offering=offering_obj,
                                     data=form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Offering saved.")
            return redirect("staff:offering", hub=hub.slug, pk=offering_obj.pk)
    return render(request, "catalogue/staff/offering_form.html",
                  {"staff_hub": hub, "form": form, "offering": offering_obj})


# --- An offering's own questions for applicants -------------------------------------------

def _question_data(question: OfferingQuestion) -> dict[str, Any]:
    return {"text": question.text, "hint": question.hint, "kind": question.kind,
            "choices": "\n".join(question.choices),
            "required": "yes" if question.required else "no"}


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OFFERINGS_MANAGE)
def staff_question_create(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    offering_obj = selectors.staff_offering_get(hub=hub, pk=pk)
    form = QuestionForm(request.POST if request.method == "POST" else None,
                        initial={"required": "yes"})
    if request.method == "POST" and form.is_valid():
        try:
            services.offering_question_create(actor=request.user, offering=offering_obj,
                                              data=form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Question added to the application form.")
            return redirect("staff:offering", hub=hub.slug, pk=offering_obj.pk)
    return render(request, "catalogue/staff/question_form.html",
                  {"staff_hub": hub, "offering": offering_obj, "form": form})


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OFFERINGS_MANAGE)
def staff_question_edit(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    question = selectors.staff_question_get(hub=hub, pk=pk)
    form = QuestionForm(request.POST if request.method == "POST" else None,
                        initial=_question_data(question))
    if request.method == "POST" and form.is_valid():
        try:
            services.offering_question_update(actor=request.user, question=question,
                                              data=form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Question saved.")
            return redirect("staff:offering", hub=hub.slug, pk=question.offering_id)
    return render(request, "catalogue/staff/question_form.html",
                  {"staff_hub": hub, "offering": question.offering, "form": form,
                   "question": question})


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OFFERINGS_MANAGE)
def staff_question_delete(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    question = selectors.staff_question_get(hub=hub, pk=pk)
    if request.method == "POST":
        services.offering_question_delete(actor=request.user, question=question)
        messages.success(request, "Question removed from the application form.")
        return redirect("staff:offering", hub=hub.slug, pk=question.offering_id)
    return render(request, "catalogue/staff/question_delete.html",
                  {"staff_hub": hub, "offering": question.offering, "question": question})
