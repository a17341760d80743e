"""Refuse input no page can store, before any view sees it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from workgroups.core.parse import has_nul

# The API answers in JSON and documents its own errors (workgroups/api), so it is left to them.
NOT_CHECKED = ("/api/",)


def _holds_nul(request: HttpRequest) -> bool:
    if has_nul(request.path):
        return True
    for data in (request.GET, request.POST if request.method == "POST" else None):
        if data is None:
            continue
        for key, values in data.lists():
            if has_nul(key) or any(has_nul(value) for value in values):
                return True
    return False


class RefuseNulMiddleware:
    """Answer 400 with a page saying what to change when the address, the query string or a
    form holds a NUL character. PostgreSQL cannot store NUL in text, so without this a search
    or a form with one pasted in fails as a server error (and nobody types NUL on purpose)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(NOT_CHECKED) and _holds_nul(request):
            return render(request, "core/refused_input.html", status=400)
        return self.get_response(request)
