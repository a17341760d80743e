"""National staff's pages for hubs: creating one, with an invitation to its hub lead."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.gate import national_gate
from workgroups.accounts.models import Role
from workgroups.accounts.services import team_invitation_create
from workgroups.accounts.types import AuthedHttpRequest
from workgroups.core.email import absolute
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
            # The hub and its lead's invitation together, or neither.
            with transaction.atomic():
                hub = services.hub_create(
                    actor=request.user, slug=data["slug"], name=data["name"],
                    area_codes=[int(code) for code in data["areas"]],
                    contact_email=data["contact_email"], website=data["website"])
                team_invitation_create(
                    actor=request.user, hub=hub, email=data["lead_email"], role=Role.HUB_LEAD,
                    link_for=lambda token: absolute(reverse("accounts:team-invitation",
                                                            kwargs={"token": token})))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{hub.name} is created, and its hub lead is invited "
                                      f"by email.")
            return redirect("staff:home")
    return render(request, "hubs/staff/hub_form.html", {"form": form},
                  status=422 if form.errors else 200)
