"""Signals accounts sends for apps that build on it (accounts imports none of them)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that removed someone's last role at a hub, with ``actor`` (a
# User or None), ``user`` and ``hub``. Receivers undo what that role let the person hold there
# (delivery: their Work Group leads), in the same transaction.
hub_member_left = Signal()
