"""A hub's team, managed by its hub lead: invitations by email, roles changed and removed, each
audited; removing someone takes away their access, API tokens and Work Group leads at once."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from tests import factories
from tests.factories import sign_in
from workgroups.accounts import services
from workgroups.accounts.models import ApiToken, HubMembership, Role, TeamInvitation
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.core import clock
from workgroups.core.services import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    lead = factories.member(hub, Role.HUB_LEAD, email="lead@example.org", first_name="Lee")
    staff = factories.member(hub, Role.HUB_STAFF, email="staff@example.org")
    return hub, lead, staff


def invite_link() -> str:
    found = re.search(r"https?://\S+/account/team-invitations/(\S+)/", str(mail.outbox[-1].body))
    assert found
    return f"/account/team-invitations/{found.group(1)}/"


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def test_a_hub_lead_invites_someone_who_accepts_signed_in_with_that_address(client, team,
                                                                           on_commit):
    hub, lead, _ = team
    sign_in(client, lead)
    page = client.get("/staff/hubs/cw/team/")
    assert page.status_code == 200 and "staff@example.org" in page.text
    response = on_commit(client.post, "/staff/hubs/cw/team/invite/",
                         {"email": "New.Lead@Example.org", "role": "work_group_lead"})
    assert response.status_code == 302 and response["Location"] == "/staff/hubs/cw/team/"
    invitation = TeamInvitation.objects.get()
    assert invitation.email == "new.lead@example.org" and invitation.role == "work_group_lead"
    assert invitation.expires_at - clock.now() > timedelta(days=13)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.lead@example.org"]
    link = invite_link()
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in invitation.digest  # only a hash is stored
    assert "new.lead@example.org" in client.get("/staff/hubs/cw/team/").text  # pending
    # Someone not signed in is sent to sign in, and back.
    client.logout()
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/code/?next=/account/team-invitations/")
    # Signed in as someone else, it says so and accepts nothing.
    sign_in(client, factories.user(email="other@example.org"))
    assert "sent to a different email address" in client.get(link).text
    assert client.post(link).status_code == 409
    assert not HubMembership.objects.filter(role=Role.WORK_GROUP_LEAD).exists()
    # The invited person: GET writes nothing; POST accepts once.
    invited = factories.user(email="new.lead@example.org")
    sign_in(client, invited)
    before = AuditEvent.objects.count()
    page = client.get(link)
    assert page.status_code == 200 and "work group lead" in page.text.lower()
    assert AuditEvent.objects.count() == before
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == "/lead/"
    assert HubMembership.objects.filter(user=invited, hub=hub,
                                        role=Role.WORK_GROUP_LEAD).exists()
    assert actions()[-3:] == [AuditAction.TEAM_INVITATION_SENT, AuditAction.MEMBERSHIP_GRANTED,
                              AuditAction.TEAM_INVITATION_ACCEPTED]
    assert "already been accepted" in client.get(link).text


def test_an_expired_or_cancelled_invitation_says_so(client, team, on_commit, settings):
    hub, lead, _ = team
    sign_in(client, lead)
    on_commit(client.post, "/staff/hubs/cw/team/invite/",
              {"email": "late@example.org", "role": "hub_staff"})
    link = invite_link()
    invitation = TeamInvitation.objects.get()
    invitee = factories.user(email="late@example.org")
    sign_in(client, invitee)
    settings.WORKGROUPS_PINNED_NOW = invitation.expires_at + timedelta(minutes=1)
    assert "has expired" in client.get(link).text
    assert client.post(link).status_code == 409
    settings.WORKGROUPS_PINNED_NOW = None
    sign_in(client, lead)
    response = client.post(f"/staff/hubs/cw/team/invitations/{invitation.pk}/cancel/")
    assert response.status_code == 302
    assert AuditAction.TEAM_INVITATION_CANCELLED in actions()
    sign_in(client, invitee)
    assert "was cancelled" in client.get(link).text
    assert client.post(link).status_code == 409
    assert client.get("/account/team-invitations/not-a-real-token/").status_code == 404
    assert not HubMembership.objects.filter(user__email="late@example.org").exists()


def test_a_new_invitation_to_the_same_address_replaces_the_open_one(team, on_commit):
    hub, lead, _ = team
    link = "https://example.org/x/{}".format
    first = on_commit(services.team_invitation_create, actor=lead, hub=hub,
                      email="a@example.org", role="hub_staff", link_for=link)
    second = on_commit(services.team_invitation_create, actor=lead, hub=hub,
                       email="A@example.org", role="hub_lead", link_for=link)
    first.refresh_from_db()
    assert first.cancelled_at is not None and second.cancelled_at is None
    with pytest.raises(DomainError, match="already hub staff"):
        services.team_invitation_create(actor=lead, hub=hub, email="staff@example.org",
                                        role="hub_staff", link_for=link)
    with pytest.raises(DomainError, match="national role"):
        services.team_invitation_create(actor=lead, hub=hub, email="n@example.org",
                                        role="national_staff", link_for=link)


def test_a_hub_lead_changes_a_role_and_the_change_is_audited(client, team):
    hub, lead, staff = team
    membership = HubMembership.objects.get(user=staff)
    sign_in(client, lead)
    assert client.get(f"/staff/hubs/cw/team/members/{membership.pk}/change/").status_code == 200
    response = client.post(f"/staff/hubs/cw/team/members/{membership.pk}/change/",
                           {"role": "hub_lead"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.HUB_LEAD
    event = AuditEvent.objects.get(action=AuditAction.MEMBERSHIP_CHANGED)
    assert event.changes["role"] == ["hub_staff", "hub_lead"]
    response = client.post(f"/staff/hubs/cw/team/members/{membership.pk}/change/",
                           {"role": "national_staff"})
    assert response.status_code == 422


def test_a_role_that_no_longer_allows_api_tokens_revokes_them(team):
    hub, lead, staff = team
    token, _raw = services.api_token_create(actor=staff, hub=hub, user=staff, name="Sheet")
    work_group = factories.work_group(factories.offering(hub=hub))
    work_group.leads.add(staff)
    services.hub_membership_change(actor=lead, membership=HubMembership.objects.get(user=staff),
                                   role="work_group_lead")
    token.refresh_from_db()
    assert token.revoked_at is not None
    # Still a member of the hub: they keep leading its Work Groups.
    assert list(work_group.leads.all()) == [staff]


def test_the_last_hub_lead_cannot_be_removed(client, team):
    hub, lead, _ = team
    own = HubMembership.objects.get(user=lead)
    sign_in(client, lead)
    response = client.post(f"/staff/hubs/cw/team/members/{own.pk}/remove/")
    assert response.status_code == 409 and "only hub lead" in response.text
    assert HubMembership.objects.filter(pk=own.pk).exists()


def test_removing_someone_takes_access_tokens_and_work_group_leads_at_once(client, team):
    hub, lead, staff = team
    work_group = factories.work_group(factories.offering(hub=hub))
    other_hub = factories.hub(slug="elsewhere")
    other_group = factories.work_group(factories.offering(hub=other_hub))
    HubMembership.objects.create(user=staff, hub=other_hub, role=Role.HUB_STAFF)
    work_group.leads.add(staff)
    other_group.leads.add(staff)
    token, raw = services.api_token_create(actor=staff, hub=hub, user=staff, name="Sheet")
    kept, kept_raw = services.api_token_create(actor=staff, hub=other_hub, user=staff,
                                               name="Other")
    membership = HubMembership.objects.get(user=staff, hub=hub)
    sign_in(client, staff)
    assert client.get("/staff/hubs/cw/").status_code == 200
    assert client.post("/api/v1/hubs/cw/people/journey", {"email": "x@example.org"},
                       content_type="application/json",
                       headers={"Authorization": f"Bearer {raw}"}).status_code == 200

    sign_in(client, lead)
    page = client.get(f"/staff/hubs/cw/team/members/{membership.pk}/remove/")
    assert page.status_code == 200 and "API tokens" in page.text
    assert HubMembership.objects.filter(pk=membership.pk).exists()  # GET removes nothing
    response = client.post(f"/staff/hubs/cw/team/members/{membership.pk}/remove/")
    assert response.status_code == 302

    token.refresh_from_db()
    kept.refresh_from_db()
    assert token.revoked_at is not None and kept.revoked_at is None
    assert list(work_group.leads.all()) == [] and list(other_group.leads.all()) == [staff]
    removed = [e for e in AuditEvent.objects.order_by("pk")
               if e.action in {AuditAction.MEMBERSHIP_REVOKED, AuditAction.API_TOKEN_REVOKED,
                               AuditAction.WORK_GROUP_LEAD_REMOVED}]
    assert [e.action for e in removed] == [AuditAction.MEMBERSHIP_REVOKED,
                                           AuditAction.API_TOKEN_REVOKED,
                                           AuditAction.WORK_GROUP_LEAD_REMOVED]
    assert all(e.actor_id == lead.pk for e in removed)
    sign_in(client, staff)
    assert client.get("/staff/hubs/cw/").status_code == 404
    assert client.get("/staff/hubs/elsewhere/").status_code == 200
    client.logout()
    assert client.post("/api/v1/hubs/cw/people/journey", {"email": "x@example.org"},
                       content_type="application/json",
                       headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 1


def test_hub_staff_cannot_manage_the_team_and_a_lead_cannot_reach_another_hub(client, team):
    hub, lead, staff = team
    other = factories.hub(slug="other")
    other_staff = factories.member(other, Role.HUB_STAFF)
    other_membership = HubMembership.objects.get(user=other_staff)
    sign_in(client, staff)
    for url in ["/staff/hubs/cw/team/", "/staff/hubs/cw/team/invite/"]:
        assert client.get(url).status_code == 404, url
    assert client.post("/staff/hubs/cw/team/invite/",
                       {"email": "x@example.org", "role": "hub_lead"}).status_code == 404
    sign_in(client, lead)
    assert client.get("/staff/hubs/other/team/").status_code == 404
    assert client.post("/staff/hubs/other/team/invite/",
                       {"email": "x@example.org", "role": "hub_staff"}).status_code == 404
    # Another hub's membership under your own hub's address is a 404 too.
    assert client.post(f"/staff/hubs/cw/team/members/{other_membership.pk}/remove/"
                       ).status_code == 404
    assert not TeamInvitation.objects.exists()
    assert HubMembership.objects.filter(pk=other_membership.pk).exists()


def test_national_staff_grant_national_roles_on_the_national_record(client, on_commit):
    national = factories.hub(slug="national", is_national=True)
    boss = factories.member(national, Role.NATIONAL_STAFF)
    sign_in(client, boss)
    page = client.get("/staff/hubs/national/team/invite/")
    assert page.status_code == 200
    assert "National viewer" in page.text and "Work Group lead" not in page.text
    response = on_commit(client.post, "/staff/hubs/national/team/invite/",
                         {"email": "viewer@example.org", "role": "national_viewer"})
    assert response.status_code == 302
    assert client.post("/staff/hubs/national/team/invite/",
                       {"email": "x@example.org", "role": "hub_staff"}).status_code == 422
    viewer = factories.user(email="viewer@example.org")
    sign_in(client, viewer)
    assert client.get("/national/").status_code == 404
    client.post(invite_link())
    assert client.get("/national/")["Location"].startswith("/account/second-factor/")
    sign_in(client, viewer)  # now with the second factor their new role needs
    assert client.get("/national/").status_code == 200
    # A hub's own team is not national staff's to manage.
    factories.hub(slug="cw")
    sign_in(client, boss)
    assert client.get("/staff/hubs/cw/team/").status_code == 404


def test_the_admin_shows_memberships_read_only(client, team):
    _, _, staff = team
    sign_in(client, factories.user(is_superuser=True, is_staff=True))
    page = client.get(f"/django-admin/accounts/user/{staff.pk}/change/")
    assert page.status_code == 200 and "Hub staff" in page.text
    assert 'name="memberships-0-role"' not in page.text
    assert "memberships-0-DELETE" not in page.text


def test_no_address_goes_into_the_audit_anywhere_on_the_team_journey(team, on_commit):
    hub, lead, staff = team
    link = "https://example.org/x/{}".format
    # Invite, re-invite (which cancels the first), cancel, accept.
    on_commit(services.team_invitation_create, actor=lead, hub=hub, email="new@example.org",
              role="hub_lead", link_for=link)
    invitation = on_commit(services.team_invitation_create, actor=lead, hub=hub,
                           email="new@example.org", role="hub_staff", link_for=link)
    other = on_commit(services.team_invitation_create, actor=lead, hub=hub,
                      email="other@example.org", role="hub_staff", link_for=link)
    services.team_invitation_cancel(actor=lead, invitation=other)
    newcomer = factories.user(email="new@example.org")  # no name: str() is the address
    joined = services.team_invitation_accept(user=newcomer, invitation=invitation)
    # Change a role, remove someone.
    services.hub_membership_change(actor=lead, membership=HubMembership.objects.get(user=staff),
                                   role="work_group_lead")
    services.hub_membership_revoke(actor=lead, membership=joined)
    # The bootstrap command makes an account and gives it a role.
    call_command("grant_role", "boot@example.org", "cw", "hub_staff", stdout=StringIO())

    events = list(AuditEvent.objects.order_by("pk"))
    assert {e.action for e in events} >= {
        AuditAction.TEAM_INVITATION_SENT, AuditAction.TEAM_INVITATION_CANCELLED,
        AuditAction.TEAM_INVITATION_ACCEPTED, AuditAction.MEMBERSHIP_GRANTED,
        AuditAction.MEMBERSHIP_CHANGED, AuditAction.MEMBERSHIP_REVOKED,
        AuditAction.ACCOUNT_CREATED}
    for event in events:
        assert "@" not in event.object_repr, (event.action, event.object_repr)
        assert "@" not in json.dumps(event.changes), (event.action, event.changes)
    sent = next(e for e in events if e.action == AuditAction.TEAM_INVITATION_SENT)
    assert sent.changes == {"role": "hub_lead"} and sent.object_id == str(
        TeamInvitation.objects.earliest("pk").pk)
    revoked = AuditEvent.objects.get(action=AuditAction.MEMBERSHIP_REVOKED)
    assert revoked.object_repr == f"Person #{newcomer.pk} — Hub staff at {hub.name}"


def test_losing_the_team_leaves_their_open_invitations_cancelled(team, on_commit):
    hub, lead, _ = team
    link = "https://example.org/x/{}".format
    second = factories.member(hub, Role.HUB_LEAD, email="second@example.org")
    third = factories.member(hub, Role.HUB_LEAD, email="third@example.org")
    mine = [on_commit(services.team_invitation_create, actor=user, hub=hub,
                      email=f"{n}@example.org", role="hub_staff", link_for=link)
            for n, user in (("a", second), ("b", third), ("c", lead))]
    used = on_commit(services.team_invitation_create, actor=second, hub=hub,
                     email="d@example.org", role="hub_staff", link_for=link)
    services.team_invitation_accept(user=factories.user(email="d@example.org"), invitation=used)
    elsewhere = factories.hub(slug="elsewhere")
    HubMembership.objects.create(user=second, hub=elsewhere, role=Role.HUB_LEAD)
    away = on_commit(services.team_invitation_create, actor=second, hub=elsewhere,
                     email="e@example.org", role="hub_staff", link_for=link)

    services.hub_membership_revoke(actor=lead, membership=HubMembership.objects.get(
        user=second, hub=hub))
    services.hub_membership_change(actor=lead, membership=HubMembership.objects.get(
        user=third, hub=hub), role="hub_staff")

    for invitation in [*mine, used, away]:
        invitation.refresh_from_db()
    assert mine[0].cancelled_at is not None and mine[1].cancelled_at is not None
    assert mine[2].cancelled_at is None  # the remover's own
    assert used.cancelled_at is None and away.cancelled_at is None  # accepted; another hub
    cancelled = AuditEvent.objects.filter(action=AuditAction.TEAM_INVITATION_CANCELLED)
    assert sorted(cancelled.values_list("object_id", "actor_id")) == sorted(
        [(str(mine[0].pk), lead.pk), (str(mine[1].pk), lead.pk)])


def test_a_deactivated_hub_lead_does_not_count_as_the_last_one(team):
    hub, lead, _ = team
    factories.member(hub, Role.HUB_LEAD, email="gone@example.org", is_active=False)
    with pytest.raises(DomainError, match="only hub lead"):
        services.hub_membership_revoke(actor=lead,
                                       membership=HubMembership.objects.get(user=lead))
    with pytest.raises(DomainError, match="only hub lead"):
        services.hub_membership_change(actor=lead,
                                       membership=HubMembership.objects.get(user=lead),
                                       role="hub_staff")
    assert HubMembership.objects.filter(user=lead, role=Role.HUB_LEAD).exists()
