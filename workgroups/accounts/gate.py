"""The one gate in front of staff pages.

``@hub_gate(Capability.X)`` on a view whose URL has a ``hub`` slug: a person who is not signed in
is sent to the staff sign-in; one who must have a second factor and has not used it in this
session is sent to set it up or use it (``second_factor.py``); otherwise the view receives the
:class:`Hub` itself as ``hub`` when the person holds the capability there (a superuser holds
every capability), and anyone else gets a 404, so other hubs stay invisible.
``@national_gate(Capability.X)`` does the same for national pages, which take no hub.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.middleware import staff_session_confirm
from workgroups.accounts.permissions import can_nationally, hubs_where
from workgroups.accounts.second_factor import passed_second_factor, second_factor_response
from workgroups.hubs.models import Hub

# HttpResponseBase: a view may answer with a streamed response (an export).
View = Callable[..., HttpResponseBase]

STAFF_LOGIN_URL = "account_login"


def hub_for(request: HttpRequest, capability: Capability, slug: str, *,
            national: Capability | None = None) -> Hub:
    """The hub ``slug`` if the signed-in person holds ``capability`` there (or, for the
    national record, holds ``national`` nationally); otherwise 404."""
    hubs = hubs_where(request.user, capability)
    if national is not None and can_nationally(request.user, national):
        hubs = Hub.objects.filter(Q(pk__in=hubs.values("pk")) | Q(is_national=True))
    found = hubs.filter(slug=slug).first()
    if found is None:
        raise Http404("No such hub in your staff area.")
    return found


def not_yet_in(request: HttpRequest) -> HttpResponse | None:
    """Where someone must go before any staff page: signing in (with a password), or their
    second factor; None when they may go on to the capability check."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), STAFF_LOGIN_URL)
    if (first := second_factor_response(request)) is not None:
        return first
    if passed_second_factor(request):
        staff_session_confirm(request)
    return None


def hub_gate(capability: Capability, *,
             national: Capability | None = None) -> Callable[[View], View]:
    """``national``: a national capability that also opens the national record's page (its
    team page is where national staff grant national roles)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def gated(request: HttpRequest, *args: Any, hub: str, **kwargs: Any) -> HttpResponseBase:
            if (first := not_yet_in(request)) is not None:
                return first
            found = hub_for(request, capability, hub, national=national)
            return view(request, *args, hub=found, **kwargs)

        gated.capability = capability  # type: ignore[attr-defined]
        return gated

    return decorator


def national_gate(capability: Capability) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def gated(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if (first := not_yet_in(request)) is not None:
                return first
            if not can_nationally(request.user, capability):
                raise Http404("No such page.")
            return view(request, *args, **kwargs)

        gated.capability = capability  # type: ignore[attr-defined]
        return gated

    return decorator


def staff_login_required(view: View) -> View:
    """For staff pages that find their own rows (a Work Group lead's pages, the staff home): the
    person must be signed in (by password, else sent to the staff sign-in) and, if they hold a
    role, have used their second factor in this session."""

    @wraps(view)
    def gated(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if (first := not_yet_in(request)) is not None:
            return first
        return view(request, *args, **kwargs)

    return gated
