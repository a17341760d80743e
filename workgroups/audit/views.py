from __future__ import annotations

from collections.abc import Callable

from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.gate import hub_gate
from workgroups.accounts.types import AuthedHttpRequest
from workgroups.audit.selectors import audit_history_for
from workgroups.catalogue.selectors import staff_offering_get
from workgroups.delivery import selectors as delivery_selectors
from workgroups.hubs.models import Hub

# Each kind of object whose history staff can read, fetched through its hub-scoped selector.
HISTORY_KINDS: dict[str, Callable[[Hub, int], models.Model]] = {
    "offering": lambda hub, pk: staff_offering_get(hub=hub, pk=pk),
    "work-group": lambda hub, pk: delivery_selectors.staff_work_group_get(hub=hub, pk=pk),
    "session": lambda hub, pk: delivery_selectors.staff_session_get(hub=hub, pk=pk),
    "venue": lambda hub, pk: delivery_selectors.staff_venue_get(hub=hub, pk=pk),
}


@require_safe
@hub_gate(Capability.AUDIT_VIEW)
def history(request: AuthedHttpRequest, hub: Hub, kind: str, pk: int) -> HttpResponse:
    getter = HISTORY_KINDS.get(kind)
    if getter is None:
        raise Http404("Unknown kind of object.")
    obj = getter(hub, pk)
    return render(request, "audit/history.html", {
        "staff_hub": hub, "object": obj, "entries": audit_history_for(obj=obj),
    })
