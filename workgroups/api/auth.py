"""How the API knows who is calling: a hub API token (Authorization: Bearer ...) or, for an
applicant's own data, their signed-in session."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja.security import HttpBearer, SessionAuth

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.models import ApiToken
from workgroups.accounts.permissions import hubs_where
from workgroups.accounts.second_factor import second_factor_response
from workgroups.accounts.selectors import api_token_authenticate
from workgroups.accounts.services import api_token_used
from workgroups.hubs.models import Hub


class HubToken(HttpBearer):
    """A live hub API token; ``request.auth`` is the ApiToken, ``request.user`` its person.
    Notes when the token was last used at most once an hour (``api_token_used``): the one
    write an API read makes, on purpose (ADR 18)."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = api_token_authenticate(token)
        if found is not None:
            api_token_used(token=found)
            request.user = found.user
        return found


def token_hub(request: HttpRequest, capability: Capability, *, slug: str | None = None) -> Hub:
    """The calling token's hub when its person holds ``capability`` there (and, given ``slug``,
    it is that hub); otherwise 404. The API's scoped lookup, like ``hub_gate`` for pages."""
    token = getattr(request, "auth", None)
    assert isinstance(token, ApiToken)
    hubs = hubs_where(token.user, capability).filter(pk=token.hub_id)
    if slug is not None:
        hubs = hubs.filter(slug=slug)
    found = hubs.first()
    if found is None:
        raise Http404("No such hub.")
    return found


class SignedIn(SessionAuth):
    """The signed-in session, as Ninja's ``django_auth``, but for someone with a role only once
    they have used their second factor in this session: the same rule as the staff pages."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or second_factor_response(request) is not None:
            return None
        return user


signed_in = SignedIn()
