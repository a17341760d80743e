"""A call with an API token notes when the token was last used, at most once an hour: the one
write an API read makes, on purpose (ADR 18)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests import factories
from workgroups.accounts import services
from workgroups.accounts.models import Role

pytestmark = pytest.mark.django_db

URL = "/api/v1/hubs/cw/people/journey"


def look_up(client, bearer):
    """A read by POST: the address goes in the body, never the URL."""
    return client.post(URL, {"email": "x@example.org"}, content_type="application/json",
                       headers=bearer)


def test_a_token_is_noted_as_used_at_most_once_an_hour(client, settings, pinned_clock):
    hub = factories.hub(slug="cw")
    staff = factories.member(hub, Role.HUB_STAFF)
    token, raw = services.api_token_create(actor=staff, hub=hub, user=staff, name="Sheet")
    bearer = {"Authorization": f"Bearer {raw}"}

    assert look_up(client, bearer).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == pinned_clock

    settings.WORKGROUPS_PINNED_NOW = pinned_clock + timedelta(minutes=59)
    assert look_up(client, bearer).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == pinned_clock  # within the hour: nothing written

    settings.WORKGROUPS_PINNED_NOW = pinned_clock + timedelta(hours=1, minutes=1)
    assert look_up(client, bearer).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == pinned_clock + timedelta(hours=1, minutes=1)
