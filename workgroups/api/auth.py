"""How the API knows who is calling: a hub API token (Authorization: Bearer ...) or, for an
applicant's own data, their signed-in session."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from workgroups.accounts.models import ApiToken
from workgroups.accounts.selectors import api_token_authenticate


class HubToken(HttpBearer):
    """A live hub API token; ``request.auth`` is the ApiToken, ``request.user`` its person."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = api_token_authenticate(token)
        if found is not None:
            request.user = found.user
        return found
