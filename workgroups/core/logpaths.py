"""Paths as written to access logs: without the secrets some of them carry.

Query strings are never logged (they can hold an address); but a few links carry their secret
in the path itself — a supporter's link, a team invitation, a calendar feed, an evaluation, an
invitation to the next stage, interest confirmations, allauth's password-reset and
email-confirmation keys. Whoever reads the logs must not be able to use them, so the part of
the path a URL pattern names ``token``, ``key`` or ``uidb36`` is replaced.
"""

from __future__ import annotations

import logging

from django.urls import Resolver404, resolve

SECRET_PARTS = frozenset({"token", "key", "uidb36"})
REDACTED = "[redacted]"


def redact_path(path: str) -> str:
    """``path`` with the secret parts its URL pattern names replaced; unchanged if none."""
    try:
        match = resolve(path)
    except (Resolver404, ValueError, UnicodeError):
        return path
    redacted = path
    for name, value in match.kwargs.items():
        if name in SECRET_PARTS and value:
            redacted = redacted.replace(str(value), REDACTED)
    return redacted


class RedactPathsFilter(logging.Filter):
    """On every log line: Django writes the request's path into its own lines ("Not Found: …",
    "Internal Server Error: …", "Forbidden (CSRF cookie not set.): …"), a token link's secret
    with it. Where a record carries its request, any argument that is that path (or the path
    with its query) is written redacted, and without the query."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if isinstance(path, str) and isinstance(record.args, tuple) and record.args:
            get_full_path = getattr(request, "get_full_path", None)
            full = get_full_path() if callable(get_full_path) else path
            safe = redact_path(path)
            record.args = tuple(safe if arg in (path, full) else arg for arg in record.args)
        return True
