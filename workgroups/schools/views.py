"""School search for people: a plain GET form, with results updated as you type when JS runs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from workgroups.schools.selectors import school_search

RESULTS_LIMIT = 20


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    schools = school_search(query=query, limit=RESULTS_LIMIT) if query else []
    template = "schools/search.html#results" if is_htmx(request) else "schools/search.html"
    return render(request, template, {"query": query, "schools": schools})
