"""Signed links for supporters and team members. A link names the endorsement and its current
nonce, signed; it carries no email address. Expiry is counted from when the link was sent (kept
in the database, on the product's clock), so reminders repeat the same link without extending
it, and a new link (new nonce) makes every earlier one useless."""

from __future__ import annotations

from django.core import signing

SALT = "workgroups.applications.endorsement"


def endorsement_token(endorsement_id: int, nonce: str) -> str:
    return signing.dumps({"e": endorsement_id, "n": nonce}, salt=SALT)


def endorsement_from_token(token: str) -> tuple[int, str] | None:
    """(endorsement id, nonce) from a link, or None if it was tampered with."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if (not isinstance(payload, dict) or not isinstance(payload.get("e"), int)
            or not isinstance(payload.get("n"), str)):
        return None
    return payload["e"], payload["n"]
