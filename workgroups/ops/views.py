"""/healthz and /readyz for load balancers, monitors and the deploy smoke test: unauthenticated
JSON that says which checks pass and nothing more (workgroups.ops.health writes every word)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from workgroups.ops.health import readiness_report


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is alive and answering: touches neither the database nor the cache."""
    return JsonResponse({"status": "alive"})


@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when the service can do its work, else 503 naming the failing checks."""
    ready, body = readiness_report()
    return JsonResponse(body, status=200 if ready else 503)
