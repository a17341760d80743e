from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from workgroups.core import clock


def site(request: HttpRequest) -> dict[str, Any]:
    """Values every page's layout needs: the demo clock banner and the service name."""
    return {
        "service_name": "Maths Hub Work Groups",
        "clock_is_pinned": clock.is_pinned(),
        "clock_now": clock.now(),
    }
