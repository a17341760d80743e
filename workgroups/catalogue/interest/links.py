"""Signed links for expressions of interest. A link carries only the registration's id, signed
and (for confirmation) dated — never the email address."""

from __future__ import annotations

from django.core import signing

CONFIRM_SALT = "workgroups.interest.confirm"
UNSUBSCRIBE_SALT = "workgroups.interest.unsubscribe"
CONFIRM_MAX_AGE = 14 * 24 * 3600


def confirm_token(registration_id: int) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(registration_id))


def unsubscribe_token(registration_id: int) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(registration_id))


def registration_id_from_confirm(token: str) -> int | None:
    """The id a confirmation link names, or None if it is tampered with or too old."""
    try:
        return int(signing.TimestampSigner(salt=CONFIRM_SALT).unsign(
            token, max_age=CONFIRM_MAX_AGE))
    except (signing.BadSignature, ValueError):
        return None


def registration_id_from_unsubscribe(token: str) -> int | None:
    try:
        return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
