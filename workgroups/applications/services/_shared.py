"""Helpers the application services share: link nonces, the emails queued after commit."""

from __future__ import annotations

import secrets
from functools import partial

from django.db import transaction

from workgroups.applications.tasks import send_application_email, send_endorsement_email


def _nonce() -> str:
    return secrets.token_urlsafe(16)


def _send_application_email(application_id: int, kind: str) -> None:
    transaction.on_commit(partial(send_application_email.enqueue, application_id, kind))


def _send_endorsement_email(endorsement_id: int, kind: str) -> None:
    transaction.on_commit(partial(send_endorsement_email.enqueue, endorsement_id, kind))
