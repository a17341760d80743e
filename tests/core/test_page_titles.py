"""Page titles name the page and the hub it belongs to ("Venues – Cheshire and Wirral Maths
Hub"), so a tab or a screen reader's first words say where you are."""

from __future__ import annotations

import re

import pytest

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import Role

pytestmark = pytest.mark.django_db


def _title(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    assert found
    return " ".join(found.group(1).split())


@pytest.mark.parametrize(("path", "title"), [
    ("/staff/hubs/cw/", "Staff area – Cheshire and Wirral Maths Hub"),
    ("/staff/hubs/cw/venues/", "Venues – Cheshire and Wirral Maths Hub"),
    ("/staff/hubs/cw/years/2024-25/",
     "Applications and places, 2024/25 – Cheshire and Wirral Maths Hub"),
    ("/staff/hubs/cw/api-tokens/", "API tokens – Cheshire and Wirral Maths Hub"),
])
def test_staff_pages_are_titled_with_the_page_and_the_hub(client, path, title):
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    factories.offering(hub=hub)
    sign_in(client, factories.member(hub, Role.HUB_STAFF))
    assert _title(client.get(path).text) == title
