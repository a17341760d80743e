"""The “Which school?” question page, shared by every journey that asks it: search the register
(as you type with htmx, or with the Search button without JavaScript), then choose."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from workgroups.core.parse import parse_urn
from workgroups.schools.models import School
from workgroups.schools.selectors import SchoolSearchResults, school_get, school_search_results

TEMPLATE = "schools/school_question.html"
CHOICES_LIMIT = 10


def school_question(request: HttpRequest, *, context: dict[str, Any], current_urn: Any,
                    on_chosen: Callable[[School], HttpResponse],
                    secondary_first: bool = True) -> HttpResponse:
    """Show the search and choices; when a school is chosen, return ``on_chosen(school)``.

    Open secondary schools are listed first unless ``secondary_first`` is off (a programme
    open to primary teachers too)."""
    error = ""
    query = request.GET.get("q", "").strip()[:100]
    if request.method == "POST":
        chosen = request.POST.get("urn", "")
        query = request.POST.get("q", query)[:100]
        urn = parse_urn(chosen)
        school = school_get(urn=urn) if urn is not None else None
        if school is not None:
            return on_chosen(school)
        error = "Select your school from the list" if query else "Search for your school"
    results = (school_search_results(query=query, limit=CHOICES_LIMIT,
                                     secondary_first=secondary_first)
               if query else SchoolSearchResults(schools=[], total=0))
    # A URN saved in a draft or a profile may predate the bounded parser: check it again.
    saved_urn = parse_urn(current_urn)
    current = school_get(urn=saved_urn) if saved_urn is not None else None
    template = f"{TEMPLATE}#choices" if request.headers.get("HX-Request") == "true" else TEMPLATE
    return render(request, template, {**context, "query": query, "schools": results.schools,
                                      "results": results, "error": error,
                                      "current": current})
