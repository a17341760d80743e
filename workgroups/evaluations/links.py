"""The signed link in an evaluation email: the invitation's id and its nonce, never a person or
an address (ADR 0010's pattern). How long it works is counted in the database from when the
invitation was sent, so the reminder repeats the same link without extending it."""

from __future__ import annotations

from datetime import timedelta

from workgroups.core.links import sign_pair, unsign_pair

SALT = "workgroups.evaluations.invitation"
# A participant may answer for this long after the invitation was sent.
LINK_DAYS = 28
# The one reminder goes this long after the invitation, if it is still unanswered.
REMINDER_AFTER = timedelta(days=7)


def invitation_token(invitation_id: int, nonce: str) -> str:
    return sign_pair(salt=SALT, key="i", number=invitation_id, nonce=nonce)


def invitation_from_token(token: str) -> tuple[int, str] | None:
    """(invitation id, nonce) from a link, or None if it was tampered with."""
    return unsign_pair(salt=SALT, key="i", token=token)
