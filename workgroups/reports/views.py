"""National pages: read-only, across every hub."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.gate import national_gate, staff_login_required
from workgroups.accounts.types import AuthedHttpRequest
from workgroups.reports import selectors


@staff_login_required
@require_safe
@national_gate(Capability.REPORTS_VIEW)
def national_overview(request: AuthedHttpRequest) -> HttpResponse:
    """For the national roles: national viewers, national staff (and superusers)."""
    return render(request, "reports/national.html",
                  {"years": selectors.national_overview()})
