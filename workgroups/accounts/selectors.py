"""Reads for accounts: hub API tokens, and who a bearer token speaks for."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.http import Http404

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.models import ApiToken
from workgroups.accounts.permissions import can
from workgroups.accounts.tokens import TOKEN_PREFIX, token_digest
from workgroups.core import clock
from workgroups.hubs.models import Hub

# Recording every use would write on every API call; a minute's precision is enough to see
# whether a token is still in use.
LAST_USED_PRECISION = timedelta(minutes=1)


def api_tokens_for_hub(*, hub: Hub) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(hub=hub).select_related("user").order_by("-created_at")


def api_token_for_hub_get(*, hub: Hub, pk: int) -> ApiToken:
    try:
        return api_tokens_for_hub(hub=hub).get(pk=pk)
    except ApiToken.DoesNotExist:
        raise Http404("No such token in this hub.") from None


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The live token ``raw`` is, if its person still manages its hub; else None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (ApiToken.objects.select_related("user", "hub")
             .filter(digest=token_digest(raw), revoked_at__isnull=True).first())
    if token is None or not token.user.is_active:
        return None
    if not can(token.user, Capability.CATALOGUE_MANAGE, token.hub):
        return None
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
