"""Staff pages for a hub's Work Groups, sessions and venues (scoped by hub membership)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from workgroups.catalogue.selectors import staff_hub_get, staff_offering_get
from workgroups.core import clock
from workgroups.core.forms import add_domain_error
from workgroups.core.services import DomainError
from workgroups.core.types import AuthedHttpRequest
from workgroups.delivery import selectors, services
from workgroups.delivery.forms import SessionForm, VenueForm, WorkGroupForm
from workgroups.delivery.models import DeliveryMode, SessionKind


@require_http_methods(["GET", "POST"])
def work_group_create(request: AuthedHttpRequest, hub: str, offering: int) -> HttpResponse:
    hub_obj = staff_hub_get(user=request.user, slug=hub)
    offering_obj = staff_offering_get(hub=hub_obj, pk=offering)
    form = WorkGroupForm(request.POST if request.method == "POST" else None,
                         initial={"delivery_mode": DeliveryMode.FACE_TO_FACE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.work_group_create(
                actor=request.user, offering=offering_obj, name=data["name"],
                delivery_mode=DeliveryMode(data["delivery_mode"]), area=data["area"],
                capacity_schools=data["capacity_schools"],
                capacity_participants=data["capacity_participants"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Work Group “{data['name']}” added.")
            return redirect("staff:offering", hub=hub_obj.slug, pk=offering_obj.pk)
    return render(request, "delivery/staff/work_group_form.html",
                  {"staff_hub": hub_obj, "offering": offering_obj, "form": form})


@require_http_methods(["GET", "POST"])
def work_group_edit(request: AuthedHttpRequest, hub: str, pk: int) -> HttpResponse:
    hub_obj = staff_hub_get(user=request.user, slug=hub)
    work_group = selectors.staff_work_group_get(hub=hub_obj, pk=pk)
    initial = {name: getattr(work_group, name) for name in services.WORK_GROUP_FIELDS}
    form = WorkGroupForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.work_group_update(actor=request.user, work_group=work_group,
                                       data=form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Work Group saved.")
            return redirect("staff:offering", hub=hub_obj.slug, pk=work_group.offering_id)
    return render(request, "delivery/staff/work_group_form.html",
                  {"staff_hub": hub_obj, "offering": work_group.offering, "form": form,
                   "work_group": work_group})


@require_http_methods(["GET", "POST"])
def session_create(request: AuthedHttpRequest, hub: str, work_group: int) -> HttpResponse:
    hub_obj = staff_hub_get(user=request.user, slug=hub)
    work_group_obj = selectors.staff_work_group_get(hub=hub_obj, pk=work_group)
    form = SessionForm(request.POST if request.method == "POST" else None, hub=hub_obj,
                       initial={"kind": SessionKind.WORKSHOP, "required": True})
    if request.method == "POST" and form.is_valid():
        try:
            services.session_create(actor=request.user, work_group=work_group_obj,
                                    **form.service_data())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Session added.")
            return redirect("staff:offering", hub=hub_obj.slug, pk=work_group_obj.offering_id)
    return render(request, "delivery/staff/session_form.html",
                  {"staff_hub": hub_obj, "work_group": work_group_obj, "form": form})


@require_http_methods(["GET", "POST"])
def session_edit(request: AuthedHttpRequest, hub: str, pk: int) -> HttpResponse:
    hub_obj = staff_hub_get(user=request.user, slug=hub)
    session = selectors.staff_session_get(hub=hub_obj, pk=pk)
    local_start = session.starts_at.astimezone(clock.LONDON)
    initial = {
        "kind": session.kind, "date": local_start.date(), "start_time": local_start.time(),
        "end_time": session.ends_at.astimezone(clock.LONDON).time(), "venue": session.venue,
        "online": session.online, "equivalent_days": session.equivalent_days,
        "required": session.required,
    }
    form = SessionForm(request.POST if request.method == "POST" else None, hub=hub_obj,
                       initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(actor=request.user, session=session,
                                    data=form.service_data())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Session saved.")
            return redirect("staff:offering", hub=hub_obj.slug,
                            pk=session.work_group.offering_id)
    return render(request, "delivery/staff/session_form.html",
                  {"staff_hub": hub_obj, "work_group": session.work_group, "form": form,
                   "session": session})


@require_http_methods(["GET", "POST"])
def session_delete(request: AuthedHttpRequest, hub: str, pk: int) -> HttpResponse:
    hub_obj = staff_hub_get(user=request.user, slug=hub)
    session = selectors.staff_session_get(hub=hub_obj, pk=pk)
    if request.method == "POST":
        offering_id = session.work_group.offering_id
        services.session_delete(actor=request.user, session=session)
        messages.success(request, "Session removed.")
        return redirect("staff:offering", hub=hub_obj.slug, pk=offering_id)
    return render(request, "delivery/staff/session_delete.html",
                  {"staff_hub": hub_obj, "session": session})


@require_safe
def venues(request: AuthedHttpRequest, hub: str) -> HttpResponse:
    hub_obj = staff_hub_get(user=request.user, slug=hub)
    return render(request, "delivery/staff/venues.html",
                  {"staff_hub": hub_obj, "venues": selectors.staff_venues(hub=hub_obj)})


@require_http_methods(["GET", "POST"])
def venue_create(request: AuthedHttpRequest, hub: str) -> HttpResponse:
    hub_obj = staff_hub_get(user=request.user, slug=hub)
    form = VenueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.venue_create(actor=request.user, hub=hub_obj, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Venue added.")
            return redirect("staff:venues", hub=hub_obj.slug)
    return render(request, "delivery/staff/venue_form.html", {"staff_hub": hub_obj, "form": form})


@require_http_methods(["GET", "POST"])
def venue_edit(request: AuthedHttpRequest, hub: str, pk: int) -> HttpResponse:
    hub_obj = staff_hub_get(user=request.user, slug=hub)
    venue = selectors.staff_venue_get(hub=hub_obj, pk=pk)
    initial = {name: getattr(venue, name) for name in services.VENUE_FIELDS}
    form = VenueForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.venue_update(actor=request.user, venue=venue, data=form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Venue saved.")
            return redirect("staff:venues", hub=hub_obj.slug)
    return render(request, "delivery/staff/venue_form.html",
                  {"staff_hub": hub_obj, "form": form, "venue": venue})
