from __future__ import annotations

import pytest

from tests import factories
from tests.factories import sign_in

pytestmark = pytest.mark.django_db

ADMIN_LISTS = ["hubs/region", "hubs/localauthority", "hubs/hub", "catalogue/academicyear",
               "catalogue/programme", "catalogue/offering", "delivery/venue",
               "delivery/workgroup", "delivery/session", "audit/auditevent",
               "applications/application", "accounts/user"]


@pytest.mark.parametrize("path", ADMIN_LISTS)
def test_superusers_can_look_at_every_list_in_admin(client, path):
    factories.session(factories.work_group(factories.offering()))
    sign_in(client, factories.user(is_superuser=True, is_staff=True))
    assert client.get(f"/django-admin/{path}/").status_code == 200


@pytest.mark.parametrize("path", [p for p in ADMIN_LISTS if p != "accounts/user"])
def test_domain_objects_cannot_be_added_in_admin(client, path):
    sign_in(client, factories.user(is_superuser=True, is_staff=True))
    assert client.get(f"/django-admin/{path}/add/").status_code == 403
