"""Template helpers for the personal-data pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template
from django.utils.dateformat import format as date_format

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.permissions import can
from workgroups.hubs.models import Hub

register = template.Library()


@register.filter
def when(value: Any) -> str:
    """An ISO 8601 date or time from the export, as people write it ("5 November 2024",
    "5 November 2024 at 9:00am"); anything else as it is."""
    if not isinstance(value, str) or not value:
        return "" if value is None else str(value)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if len(value) == 10:
        return date_format(date.fromisoformat(value), "j F Y")
    return date_format(moment, "j F Y \\a\\t g:iA").replace("AM", "am").replace("PM", "pm")


@register.simple_tag(takes_context=True)
def handles_personal_data_requests(context: Any, hub: Hub) -> bool:
    """Whether the signed-in person answers subject access and erasure requests at ``hub``."""
    request = context.get("request")
    return bool(request is not None and can(request.user, Capability.PERSONAL_DATA_REQUESTS,
                                            hub))
