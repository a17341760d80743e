"""Migration 0003 gives the national record's hub staff and hub leads the national staff role,
which can do more than they could: each grant is audited (no actor, no address), and going back
removes the role, which did not exist before."""

from __future__ import annotations

import pytest

BEFORE = [("accounts", "0002_profile_and_api_token")]
AFTER = [("accounts", "0003_national_staff_role")]


@pytest.mark.django_db(transaction=True)
def test_national_staff_is_granted_audited_and_taken_back_on_reverse(migrate_to):
    old = migrate_to(BEFORE)
    User = old.get_model("accounts", "User")
    Hub = old.get_model("hubs", "Hub")
    Membership = old.get_model("accounts", "HubMembership")
    national = Hub.objects.create(slug="national", name="National programmes", is_national=True)
    hub = Hub.objects.create(slug="cw", name="Cheshire and Wirral Maths Hub")
    named = User.objects.create(email="named@example.org", first_name="Nia", last_name="Jones",
                                password="!")
    unnamed = User.objects.create(email="unnamed@example.org", password="!")
    local = User.objects.create(email="local@example.org", password="!")
    Membership.objects.create(user=named, hub=national, role="hub_lead")
    Membership.objects.create(user=unnamed, hub=national, role="hub_staff")
    Membership.objects.create(user=unnamed, hub=national, role="hub_lead")  # one grant only
    Membership.objects.create(user=local, hub=hub, role="hub_lead")  # not the national record

    new = migrate_to(AFTER)
    granted = new.get_model("accounts", "HubMembership").objects.filter(role="national_staff")
    assert sorted(granted.values_list("user_id", "hub_id")) == sorted(
        [(named.pk, national.pk), (unnamed.pk, national.pk)])
    events = list(new.get_model("audit", "AuditEvent").objects.order_by("pk"))
    assert len(events) == 2
    for event in events:
        assert event.action == "accounts.membership.granted"
        assert event.actor_id is None and event.hub_id == national.pk
        assert event.changes == {"role": "national_staff", "by": "migration 0003"}
        assert (event.content_type.app_label, event.content_type.model) == (
            "accounts", "hubmembership")
        assert event.object_id in {str(pk) for pk in granted.values_list("pk", flat=True)}
        assert "@" not in event.object_repr
    assert sorted(e.object_repr for e in events) == [
        "Nia Jones — National staff at National programmes",
        f"Person #{unnamed.pk} — National staff at National programmes"]

    back = migrate_to(BEFORE)
    kept = back.get_model("accounts", "HubMembership").objects
    assert not kept.filter(role="national_staff").exists()
    assert kept.count() == 4  # the hub roles they came from stay
    revoked = back.get_model("audit", "AuditEvent").objects.filter(
        action="accounts.membership.revoked")
    assert revoked.count() == 2 and all("@" not in e.object_repr for e in revoked)
