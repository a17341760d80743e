"""Signed links that name a row and its current nonce, never a person. A new nonce on the row
makes every earlier link useless; the signature (the secret key) means the database alone
cannot make one. Each kind of link has its own salt and its own payload key."""

from __future__ import annotations

from django.core import signing


def sign_pair(*, salt: str, key: str, number: int, nonce: str, compress: bool = False) -> str:
    return signing.dumps({key: number, "n": nonce}, salt=salt, compress=compress)


def unsign_pair(*, salt: str, key: str, token: str) -> tuple[int, str] | None:
    """(id, nonce) from a link, or None if it was tampered with."""
    try:
        payload = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    if (not isinstance(payload, dict) or not isinstance(payload.get(key), int)
            or not isinstance(payload.get("n"), str)):
        return None
    return payload[key], payload["n"]
