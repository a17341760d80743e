"""work_groups_where: the one answer to "who may take this register" (staff pages, lead pages
and the API)."""

from __future__ import annotations

import pytest

from tests import factories
from workgroups.accounts.capabilities import Capability
from workgroups.accounts.models import HubMembership, Role
from workgroups.delivery.selectors import work_groups_where

pytestmark = pytest.mark.django_db


def test_hub_roles_reach_their_hub_s_work_groups_and_leads_only_their_own():
    hub, other = factories.hub(slug="cw"), factories.hub(slug="other")
    mine = factories.work_group(factories.offering(hub=hub))
    also_here = factories.work_group(factories.offering(hub=hub))
    elsewhere = factories.work_group(factories.offering(hub=other))
    staff = factories.member(hub, Role.HUB_STAFF)
    lead = factories.member(hub, Role.WORK_GROUP_LEAD)
    mine.leads.add(lead)
    national = factories.member(factories.hub(slug="national", is_national=True),
                                Role.NATIONAL_STAFF)
    superuser = factories.user(is_superuser=True)
    take = Capability.REGISTERS_TAKE

    assert set(work_groups_where(staff, take)) == {mine, also_here}
    assert set(work_groups_where(lead, take)) == {mine}
    assert set(work_groups_where(lead, Capability.OFFERINGS_MANAGE)) == set()
    assert set(work_groups_where(national, take)) == set()
    assert set(work_groups_where(superuser, take)) == {mine, also_here, elsewhere}
    # A lead who has left the hub leads nothing there, even before the lead is removed.
    HubMembership.objects.filter(user=lead).delete()
    assert set(work_groups_where(lead, take)) == set()
