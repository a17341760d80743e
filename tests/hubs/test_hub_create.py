"""National staff create a hub on a form (audited); nobody else can."""

from __future__ import annotations

import pytest
from django.core import mail

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import Role, TeamInvitation
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.hubs.models import Hub

pytestmark = pytest.mark.django_db

FORM = {"name": "Lancashire and West Yorkshire Maths Hub", "slug": "lancs-west-yorks",
        "areas": ["888", "380"], "contact_email": "hello@example.org",
        "website": "https://lwy.example.org", "lead_email": "kim@example.org"}


@pytest.fixture
def national_staff():
    factories.local_authority(888, "Lancashire")
    factories.local_authority(380, "Bradford")
    return factories.member(factories.hub(slug="national", is_national=True),
                            Role.NATIONAL_STAFF)


def test_national_staff_create_a_hub_and_invite_its_lead(client, national_staff, on_commit):
    sign_in(client, national_staff)
    home = client.get("/staff/").text
    assert 'href="/staff/national/hubs/new/"' in home
    assert 'href="/staff/hubs/national/team/"' in home
    page = client.get("/staff/national/hubs/new/")
    assert page.status_code == 200 and "Lancashire" in page.text
    response = on_commit(client.post, "/staff/national/hubs/new/", FORM)
    assert response.status_code == 302 and response["Location"] == "/staff/"
    hub = Hub.objects.get(slug="lancs-west-yorks")
    assert hub.name == FORM["name"] and hub.contact_email == "hello@example.org"
    assert sorted(hub.areas.values_list("code", flat=True)) == [380, 888]
    event = AuditEvent.objects.get(action=AuditAction.HUB_CREATED)
    assert event.actor_id == national_staff.pk and event.hub_id == hub.pk
    # Its lead is invited; the hub's team is theirs to manage, not national staff's.
    invitation = TeamInvitation.objects.get(hub=hub)
    assert (invitation.email, invitation.role) == ("kim@example.org", Role.HUB_LEAD)
    assert [m.to for m in mail.outbox] == [["kim@example.org"]]
    assert client.get("/staff/hubs/lancs-west-yorks/team/").status_code == 404


def test_the_form_says_what_is_wrong(client, national_staff):
    factories.hub(slug="taken")
    sign_in(client, national_staff)
    response = client.post("/staff/national/hubs/new/", {**FORM, "slug": "taken", "areas": []})
    assert response.status_code == 422
    assert "A hub already has this web address name" in response.text
    assert "Select the local authorities the hub serves" in response.text
    response = client.post("/staff/national/hubs/new/", {**FORM, "slug": "Not a slug!"})
    assert "Use only lower-case letters, numbers and hyphens" in response.text
    response = client.post("/staff/national/hubs/new/", {**FORM, "lead_email": ""})
    assert "Enter the hub lead’s email address" in response.text
    assert not AuditEvent.objects.filter(action=AuditAction.HUB_CREATED).exists()


@pytest.mark.parametrize("role", [Role.HUB_LEAD, Role.HUB_STAFF, Role.NATIONAL_VIEWER])
def test_nobody_else_can_create_a_hub(client, national_staff, role):
    sign_in(client, factories.member(factories.hub(), role))
    assert client.get("/staff/national/hubs/new/").status_code == 404
    assert client.post("/staff/national/hubs/new/", FORM).status_code == 404
    assert not Hub.objects.filter(slug="lancs-west-yorks").exists()
