"""Helpers the application services share: link nonces, the emails the changes queue."""

from __future__ import annotations

import secrets

from workgroups.applications.tasks import send_application_email, send_endorsement_email
from workgroups.core.queue import enqueue_with_change


def _nonce() -> str:
    return secrets.token_urlsafe(16)


def _send_application_email(application_id: int, kind: str) -> None:
    enqueue_with_change(send_application_email, application_id, kind)


def _send_endorsement_email(endorsement_id: int, kind: str) -> None:
    enqueue_with_change(send_endorsement_email, endorsement_id, kind)
