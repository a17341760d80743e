"""Hub API tokens: random, recognisable by their prefix, and stored only as a SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "wgh_"  # noqa: S105 (a marker, not a secret)
SHOWN_CHARACTERS = 10  # how much of a token the staff page shows, to tell tokens apart


def token_new() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_shown(raw: str) -> str:
    return raw[:SHOWN_CHARACTERS]
