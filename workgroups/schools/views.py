"""School search for people: a plain GET form, with results updated as you type when JS runs."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from workgroups.core.parse import parse_urn
from workgroups.schools.selectors import (
    SchoolSearchResults,
    hub_finding,
    school_get,
    school_search_results,
)

RESULTS_LIMIT = 20


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    results = (school_search_results(query=query, limit=RESULTS_LIMIT) if query
               else SchoolSearchResults(schools=[], total=0))
    template = "schools/search.html#results" if is_htmx(request) else "schools/search.html"
    return render(request, template, {"query": query, "schools": results.schools,
                                      "results": results})


@require_safe
def find_hub(request: HttpRequest) -> HttpResponse:
    """Find your Maths Hub from your school: search (``q``), then choose (``urn``). A school
    whose hub has Work Groups this year goes straight to that catalogue, filtered to its area."""
    query = request.GET.get("q", "").strip()[:100]
    chosen = request.GET.get("urn")
    finding = None
    error = ""
    if chosen is not None:
        urn = parse_urn(chosen)
        school = school_get(urn=urn) if urn is not None else None
        if school is None:
            error = "Choose your school from the list"
        else:
            finding = hub_finding(school=school)
            if finding.hub is not None and finding.year is not None:
                url = reverse("catalogue:hub-year", kwargs={"hub": finding.hub.slug,
                                                            "year": finding.year.slug})
                if school.la_code is not None:
                    url += "?" + urlencode({"area": school.la_code})
                return redirect(url)
    results = (school_search_results(query=query, limit=RESULTS_LIMIT) if query and not finding
               else SchoolSearchResults(schools=[], total=0))
    return render(request, "schools/find_hub.html", {
        "query": query, "schools": results.schools, "results": results, "finding": finding,
        "error": error})
