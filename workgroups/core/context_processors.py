from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from workgroups.accounts.permissions import is_staff_member
from workgroups.core import clock


def site(request: HttpRequest) -> dict[str, Any]:
    """Values every page's layout needs: the demo clock banner and the service name."""
    return {
        "service_name": "Maths Hub Work Groups",
        "clock_is_pinned": clock.is_pinned(),
        "clock_now": clock.now(),
        # Called by the template only when someone is signed in: anonymous pages make no query.
        "is_staff_member": lambda: is_staff_member(request.user),
    }
