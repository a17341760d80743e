"""When the database cannot be reached (PostgreSQL restarting, a failover, a SQLite file held by
another writer past the busy timeout), people are told to try again, not shown a server error.

A request that fails with ``OperationalError`` or ``InterfaceError`` is answered ``503`` with
``Retry-After``: a page for people, JSON in the API's error shape under ``/api/``. The failure
may come after a transaction committed (the session saved as the response leaves, an email task
queued on commit), so the page never claims that nothing was saved: it asks the person to look
before they do it again.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db.utils import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csp import get_nonce
from django.template.loader import render_to_string

from workgroups.core.context_processors import site
from workgroups.core.logpaths import redact_path

logger = logging.getLogger(__name__)

# PostgreSQL's codes for "not now" rather than "wrong": connection exceptions (class 08), the
# server shutting down or starting (57P01-57P03), too many connections, a lock or a
# serialisation that another transaction holds. Anything else (a missing column, a cancelled
# statement) is a fault to fix, answered 500 with its traceback.
_POSTGRESQL_NOT_NOW = ("08", "57P01", "57P02", "57P03", "53300", "55P03", "40001", "40P01")
# SQLite's: the file held by another writer, or not reachable.
_SQLITE_NOT_NOW = ("database is locked", "database table is locked", "database is busy",
                   "unable to open database", "disk i/o error")
# A restart or a failover takes seconds; a person reading the page waits about this long anyway.
RETRY_AFTER_SECONDS = 30
API_PREFIX = "/api/"
API_DETAIL = ("The service cannot reach its database at the moment. Try again shortly; "
              "if you were changing something, read it back first to see whether it was saved.")
# Set on a request whose database error was turned into a server error before it reached this
# middleware (raised in another middleware, or as the response was leaving).
_FAILED_ON_DATABASE = "_workgroups_failed_on_database"
# Methods that only read: a person who was only looking has nothing to check afterwards.
_READING = {"GET", "HEAD", "OPTIONS"}


def is_unavailable(error: BaseException | None) -> bool:
    """Whether ``error`` says the database cannot be reached now, so trying again later helps."""
    if isinstance(error, InterfaceError):
        return True  # the connection is closed or unusable
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if isinstance(sqlstate, str):
        return sqlstate.startswith(_POSTGRESQL_NOT_NOW)
    if cause is not None and type(cause).__module__.startswith("psycopg"):
        # psycopg raises these without a code only when no server answered: refused, reset,
        # closed mid-query.
        return True
    text = str(error).lower()
    return any(words in text for words in _SQLITE_NOT_NOW)


def _log(request: HttpRequest, error: BaseException) -> None:
    # The class and the first line of the driver's message ("database is locked", "terminating
    # connection due to administrator command"): enough to tell an outage from a bug, and never
    # the query's values. The path goes through the same redaction as the access log.
    message = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
    logger.warning("Database unavailable: %s %s answered 503 (%s: %s)", request.method,
                   redact_path(request.path), type(error).__name__, message, exc_info=error)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer, built without touching the database: the page is rendered without the
    request, so no context processor reads the session or the signed-in person."""
    response: HttpResponse
    if request.path.startswith(API_PREFIX):
        response = JsonResponse({"detail": API_DETAIL, "code": "database_unavailable"},
                                status=503)
    else:
        context: dict[str, Any] = {
            **site(request), "csp_nonce": get_nonce(request),
            "was_changing": request.method not in _READING,
            "retry_after_seconds": RETRY_AFTER_SECONDS,
        }
        response = HttpResponse(render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Never kept by a browser or a proxy: the next visit must ask the service again.
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Put in MIDDLEWARE after the CSP middleware (so the page gets its nonce and policy) and
    before the session middleware (so a failure loading or saving the session is caught too)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Django turns an exception raised inside another middleware into a 500 before it gets
        # here; the receiver below has marked the request when that exception was the database.
        if response.status_code == 500 and getattr(request, _FAILED_ON_DATABASE, False):
            return unavailable_response(request)
        return response

    def process_exception(self, request: HttpRequest,
                          exception: Exception) -> HttpResponse | None:
        if not is_unavailable(exception):
            return None  # any other error is a real server error, answered 500 as before
        _log(request, exception)
        return unavailable_response(request)


@receiver(got_request_exception)
def _note_database_failure(sender: object, request: HttpRequest | None = None,
                           **kwargs: Any) -> None:
    # Sent while Django handles the exception, so it is the one sys.exc_info() holds.
    error = sys.exc_info()[1]
    if request is not None and error is not None and is_unavailable(error):
        setattr(request, _FAILED_ON_DATABASE, True)
        _log(request, error)
