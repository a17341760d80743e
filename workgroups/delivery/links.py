"""Signed addresses for participants' private calendar feeds. A feed's URL names the feed and
its current nonce, signed with the secret key: the database alone does not give it away, and
revoking (a new nonce) stops every earlier URL."""

from __future__ import annotations

from django.core import signing

SALT = "workgroups.delivery.calendar-feed"


def feed_token(feed_id: int, nonce: str) -> str:
    return signing.dumps({"f": feed_id, "n": nonce}, salt=SALT, compress=True)


def feed_from_token(token: str) -> tuple[int, str] | None:
    """(feed id, nonce) from a URL, or None if it was tampered with."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if (not isinstance(payload, dict) or not isinstance(payload.get("f"), int)
            or not isinstance(payload.get("n"), str)):
        return None
    return payload["f"], payload["n"]
