"""Signed invitation links: they name the invitation and its nonce, never a person."""

from __future__ import annotations

from django.core import signing

SALT = "workgroups.progression.invitation"


def invitation_token(invitation_id: int, nonce: str) -> str:
    return signing.dumps({"i": invitation_id, "n": nonce}, salt=SALT)


def invitation_from_token(token: str) -> tuple[int, str] | None:
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if (not isinstance(payload, dict) or not isinstance(payload.get("i"), int)
            or not isinstance(payload.get("n"), str)):
        return None
    return payload["i"], payload["n"]
