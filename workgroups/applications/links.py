"""Signed links for supporters and team members. A link names the endorsement and its current
nonce, signed; it carries no email address. Expiry is counted from when the link was sent (kept
in the database, on the product's clock), so reminders repeat the same link without extending
it, and a new link (new nonce) makes every earlier one useless."""

from __future__ import annotations

from workgroups.core.links import sign_pair, unsign_pair

SALT = "workgroups.applications.endorsement"


def endorsement_token(endorsement_id: int, nonce: str) -> str:
    return sign_pair(salt=SALT, key="e", number=endorsement_id, nonce=nonce)


def endorsement_from_token(token: str) -> tuple[int, str] | None:
    """(endorsement id, nonce) from a link, or None if it was tampered with."""
    return unsign_pair(salt=SALT, key="e", token=token)
