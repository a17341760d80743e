"""Shared checks for the delivery services."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workgroups.core.services import DomainError


def _only(data: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise DomainError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
