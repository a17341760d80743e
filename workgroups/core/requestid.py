"""A request id on every log line: each request gets one (the proxy's ``X-Request-ID`` when it
sent a sensible one, else a new one), answers with it in ``X-Request-ID``, and every log record
written while it is handled carries it — in the web process, and in the worker when a task
enqueued by that request runs (workgroups.core.tasks_backend stores it with the task).

Logs are plain text by default; ``WORKGROUPS_LOG_FORMAT=json`` writes one JSON object a line."""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.core.signals import request_finished, request_started
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# An id from the proxy is kept only when it looks like one (nginx's $request_id is 32 hex
# digits): anything else (long, or with characters a log line should not hold) is replaced.
_ACCEPTABLE = re.compile(r"[A-Za-z0-9._-]{8,64}")

_request_id: ContextVar[str] = ContextVar("workgroups_request_id", default="")


def current_request_id() -> str:
    """The id of the request (or of the request that enqueued the task) being handled, or ""."""
    return _request_id.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def bind_request_id(value: str) -> object:
    """Make ``value`` the current id; returns a token for ``unbind_request_id``."""
    return _request_id.set(value)


def unbind_request_id(token: object) -> None:
    _request_id.reset(token)  # type: ignore[arg-type]


def _offered_or_new(offered: str) -> str:
    return offered if _ACCEPTABLE.fullmatch(offered) else new_request_id()


@receiver(request_started)
def _bind_on_request_started(sender: object, environ: dict[str, Any] | None = None,
                             **kwargs: Any) -> None:
    # Bound when the request starts and let go when its response is closed, not inside the
    # middleware: Django logs a 4xx or 5xx ("django.request") after the middleware has returned.
    _request_id.set(_offered_or_new(str((environ or {}).get("HTTP_X_REQUEST_ID", ""))))


@receiver(request_finished)
def _unbind_on_request_finished(sender: object, **kwargs: Any) -> None:
    _request_id.set("")


class RequestIdMiddleware:
    """First in MIDDLEWARE: answers with the request's id in ``X-Request-ID`` (redirects and
    refusals too). The id is bound when the request starts (above); a request that did not go
    through the handler's signals (a RequestFactory in a test) is given one here."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = _request_id.get()
        if not request_id:
            request_id = _offered_or_new(request.headers.get(HEADER, ""))
            _request_id.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Puts ``request_id`` on every record ("-" outside a request or task), for the formatters."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, request_id, and the
    traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": _request_id.get() or None,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)
