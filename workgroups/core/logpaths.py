"""Paths as written to access logs: without the secrets some of them carry.

Query strings are never logged (they can hold an address); but a few links carry their secret
in the path itself — a supporter's link, a team invitation, a calendar feed, an evaluation, an
invitation to the next stage, interest confirmations, allauth's password-reset and
email-confirmation keys. Whoever reads the logs must not be able to use them, so the part of
the path a URL pattern names ``token``, ``key`` or ``uidb36`` is replaced.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

from django.urls import URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

SECRET_PARTS = frozenset({"token", "key", "uidb36"})
REDACTED = "[redacted]"


def redact_path(path: str) -> str:
    """``path`` with the secret parts its URL pattern names replaced; unchanged if none.

    A path that matches no pattern (a token link mangled by a mail client: a character added,
    a segment appended) still carries the secret: after a prefix that leads to a secret part,
    the next segment is replaced whole."""
    try:
        match = resolve(path)
    except (Resolver404, ValueError, UnicodeError):
        return _redact_after_secret_prefix(path)
    redacted = path
    for name, value in match.kwargs.items():
        if name in SECRET_PARTS and value:
            redacted = redacted.replace(str(value), REDACTED)
    return redacted


def _redact_after_secret_prefix(path: str) -> str:
    for prefix in secret_prefixes():
        if path.startswith(prefix) and len(path) > len(prefix):
            rest = path[len(prefix):]
            _segment, slash, after = rest.partition("/")
            return f"{prefix}{REDACTED}{slash}{after}"
    return path


@functools.cache
def secret_prefixes() -> tuple[str, ...]:
    """The literal start of every URL pattern with a secret part, up to that part (e.g.
    ``/support/``), longest first; worked out once from the URL patterns themselves."""
    found: set[str] = set()

    def walk(patterns: list[Any], prefix: str) -> None:
        for entry in patterns:
            text = str(entry.pattern).removeprefix("^")
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + _literal(text))
                continue
            names = set(getattr(entry.pattern, "converters", {})) | set(
                re.compile(entry.pattern.regex.pattern).groupindex)
            if names & SECRET_PARTS:
                found.add("/" + prefix + _literal(text))

    walk(get_resolver().url_patterns, "")
    return tuple(sorted(found, key=len, reverse=True))


def _literal(route: str) -> str:
    """A route's text up to its first parameter (``support/<str:token>/`` → ``support/``)."""
    cut = min((i for i in (route.find("<"), route.find("(")) if i >= 0), default=len(route))
    return route[:cut].replace("\\", "").removesuffix("$")


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
            # Django's own lines carry the path escaped (against log injection), so both forms.
            as_written = {path, full, _escaped(path), _escaped(full)}
            record.args = tuple(_escaped(safe) if arg in as_written else arg
                                for arg in record.args)
        return True


def _escaped(text: str) -> str:
    return text.encode("unicode_escape").decode("ascii")
