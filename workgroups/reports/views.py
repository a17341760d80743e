"""National pages: read-only, across every hub."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from workgroups.accounts.permissions import can_view_national_overview, staff_login_required
from workgroups.accounts.types import AuthedHttpRequest
from workgroups.reports import selectors


@staff_login_required
@require_safe
def national_overview(request: AuthedHttpRequest) -> HttpResponse:
    if not can_view_national_overview(request.user):
        raise Http404("The national overview is for the national roles.")
    return render(request, "reports/national.html",
                  {"years": selectors.national_overview()})
