"""Signals accounts sends for apps that build on it (accounts imports none of them)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that removed someone's last role at a hub, with ``actor`` (a
# User or None), ``user`` and ``hub``. Receivers undo what that role let the person hold there
# (delivery: their Work Group leads), in the same transaction.
hub_member_left = Signal()

# Sent to ask what names ``user`` in the audit without their email address (the applicant's
# profile, made by applications when asked). A receiver returns a model instance or None;
# accounts falls back to the account itself. Sent inside the caller's transaction.
person_named = Signal()
