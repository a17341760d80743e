"""The “Which school?” question page, shared by every journey that asks it: search the register
(as you type with htmx, or with the Search button without JavaScript), then choose."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from workgroups.schools.models import School
from workgroups.schools.selectors import school_get, school_search

TEMPLATE = "schools/school_question.html"


def school_question(request: HttpRequest, *, context: dict[str, Any], current_urn: Any,
                    on_chosen: Callable[[School], HttpResponse]) -> HttpResponse:
    """Show the search and choices; when a school is chosen, return ``on_chosen(school)``."""
    error = ""
    query = request.GET.get("q", "").strip()[:100]
    if request.method == "POST":
        chosen = request.POST.get("urn", "")
        query = request.POST.get("q", query)[:100]
        school = school_get(urn=int(chosen)) if chosen.isdigit() else None
        if school is not None:
            return on_chosen(school)
        error = "Select your school from the list" if query else "Search for your school"
    schools = school_search(query=query, limit=10) if query else []
    current = school_get(urn=current_urn) if isinstance(current_urn, int) else None
    template = f"{TEMPLATE}#choices" if request.headers.get("HX-Request") == "true" else TEMPLATE
    return render(request, template, {**context, "query": query, "schools": schools,
                                      "error": error, "current": current})
