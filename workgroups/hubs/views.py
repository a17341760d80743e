"""National staff's pages for hubs: creating one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.gate import national_gate
from workgroups.accounts.types import AuthedHttpRequest
from workgroups.core.forms import add_domain_error
from workgroups.core.services import DomainError
from workgroups.hubs import services
from workgroups.hubs.forms import HubCreateForm


@require_http_methods(["GET", "POST"])
@national_gate(Capability.HUBS_MANAGE)
def hub_create(request: AuthedHttpRequest) -> HttpResponse:
    form = HubCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            hub = services.hub_create(
                actor=request.user, slug=data["slug"], name=data["name"],
                area_codes=[int(code) for code in data["areas"]],
                contact_email=data["contact_email"], website=data["website"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{hub.name} is created. Invite its hub lead from its "
                                      f"team page.")
            return redirect("staff:team", hub=hub.slug)
    return render(request, "hubs/staff/hub_form.html", {"form": form},
                  status=422 if form.errors else 200)
