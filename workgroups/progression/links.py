"""Signed invitation links: they name the invitation and its nonce, never a person."""

from __future__ import annotations

from workgroups.core.links import sign_pair, unsign_pair

SALT = "workgroups.progression.invitation"


def invitation_token(invitation_id: int, nonce: str) -> str:
    return sign_pair(salt=SALT, key="i", number=invitation_id, nonce=nonce)


def invitation_from_token(token: str) -> tuple[int, str] | None:
    """(invitation id, nonce) from a link, or None if it was tampered with."""
    return unsign_pair(salt=SALT, key="i", token=token)
