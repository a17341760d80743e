from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from workgroups.catalogue.selectors import hubs_public


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"hubs": hubs_public()})


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")
