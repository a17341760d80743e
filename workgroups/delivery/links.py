"""Signed addresses for participants' private calendar feeds. A feed's URL names the feed and
its current nonce, signed with the secret key: the database alone does not give it away, and
revoking (a new nonce) stops every earlier URL."""

from __future__ import annotations

from workgroups.core.links import sign_pair, unsign_pair

SALT = "workgroups.delivery.calendar-feed"


def feed_token(feed_id: int, nonce: str) -> str:
    return sign_pair(salt=SALT, key="f", number=feed_id, nonce=nonce, compress=True)


def feed_from_token(token: str) -> tuple[int, str] | None:
    """(feed id, nonce) from a link, or None if it was tampered with."""
    return unsign_pair(salt=SALT, key="f", token=token)
