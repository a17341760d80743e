"""What every API request passes before any view runs, and the one shape of every 4xx answer.

A NUL character cannot be stored or even compared in PostgreSQL text, so a request with one
anywhere (path, query string, JSON body) is refused here with a 422, whatever the operation.
Input that does not fit an operation's parameters is a 422 too, in the same shape as every other
error: ``{"detail": "...", "code": "...", "errors": [{"loc": [...], "message": "..."}]}``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponseBase, JsonResponse

from workgroups.core.parse import has_nul

NUL_REFUSED = "Text must not contain a NUL character (\\u0000)."
UNREADABLE = "The request cannot be read: it is too large or has too many parameters."


def _holds_nul(value: object) -> bool:
    """Whether any string in decoded JSON holds a NUL; a loop, not recursion, however deep."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if has_nul(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _nul_locations(request: HttpRequest) -> list[list[str | int]]:
    """Where the request carries a NUL: its path, a query parameter, its JSON body."""
    found: list[list[str | int]] = []
    if has_nul(request.path):
        found.append(["path"])
    for key, values in request.GET.lists():
        if has_nul(key) or any(has_nul(value) for value in values):
            found.append(["query", key.replace("\x00", "")])
    if request.body:
        if b"\x00" in request.body:
            found.append(["body"])
        else:
            try:
                body = json.loads(request.body)
            except (ValueError, RecursionError):
                body = None  # not JSON, or nested too deep: the operation answers 400
            if _holds_nul(body):
                found.append(["body"])
    return found


def refuse_nul(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A view decorator (ninja's "view" mode: before authentication and parsing)."""

    @functools.wraps(run)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            locations = _nul_locations(request)
        except SuspiciousOperation:  # Django's limits on body size and number of fields
            return JsonResponse({"detail": UNREADABLE, "code": "unreadable"}, status=400)
        if locations:
            return JsonResponse({
                "detail": NUL_REFUSED, "code": "nul_character",
                "errors": [{"loc": loc, "message": "must not contain a NUL character"}
                           for loc in locations]}, status=422)
        return run(request, *args, **kwargs)

    return guarded


def field_errors(errors: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pydantic's errors as ``{"loc", "message"}``, never echoing what was sent."""
    return [{"loc": [part if isinstance(part, int) else str(part)
                     for part in error.get("loc", ())],
             "message": str(error.get("msg", "is not valid"))}
            for error in errors]


def invalid_input_detail(errors: list[dict[str, Any]]) -> str:
    """One sentence naming the first few fields that cannot be used and why."""
    parts = [f"{' '.join(str(part) for part in error['loc'])}: {error['message']}"
             for error in errors[:3]]
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    return "Some of what was sent cannot be used. " + "; ".join(parts) + more + "."
