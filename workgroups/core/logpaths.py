"""Paths as written to access logs: without the secrets some of them carry.

Query strings are never logged (they can hold an address); but a few links carry their secret
in the path itself — a supporter's link, a team invitation, a calendar feed, an evaluation, an
invitation to the next stage, interest confirmations, allauth's password-reset and
email-confirmation keys. Whoever reads the logs must not be able to use them, so the part of
the path a URL pattern names ``token``, ``key`` or ``uidb36`` is replaced.
"""

from __future__ import annotations

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
