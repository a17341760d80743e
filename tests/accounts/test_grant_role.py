"""manage.py grant_role bootstraps the first people of an installation: audited with no actor,
idempotent, and clear about bad input."""

from __future__ import annotations

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from tests import factories
from workgroups.accounts.models import HubMembership, Role, User
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.hubs.models import Hub

pytestmark = pytest.mark.django_db


def grant(*args: str) -> str:
    out = StringIO()
    call_command("grant_role", *args, stdout=out)
    return out.getvalue()


def test_it_makes_the_account_and_gives_the_role_once():
    factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    said = grant("Lead@Example.org", "cw", "hub_lead")
    assert "Made an account for lead@example.org" in said
    assert "is now hub lead at Cheshire and Wirral Maths Hub" in said
    user = User.objects.get(email="lead@example.org")
    assert not user.has_usable_password()
    # Its address is on record, unconfirmed until the emailed code confirms it.
    assert list(EmailAddress.objects.filter(user=user).values_list(
        "email", "primary", "verified")) == [("lead@example.org", True, False)]
    assert HubMembership.objects.filter(user=user, hub__slug="cw", role=Role.HUB_LEAD).exists()
    events = list(AuditEvent.objects.order_by("pk"))
    assert [e.action for e in events] == [AuditAction.ACCOUNT_CREATED,
                                          AuditAction.MEMBERSHIP_GRANTED]
    assert all(e.actor_id is None for e in events)
    again = grant("lead@example.org", "cw", "hub_lead")
    assert "was already hub lead" in again and "Made an account" not in again
    assert AuditEvent.objects.count() == 2


def test_national_roles_go_on_the_national_record_made_if_there_is_none():
    said = grant("boss@example.org", "national", "national_staff")
    national = Hub.objects.get(is_national=True)
    assert national.slug == "national" and "is now national staff" in said
    assert AuditEvent.objects.filter(action=AuditAction.HUB_CREATED).count() == 1
    grant("viewer@example.org", "national", "national_viewer")
    assert Hub.objects.filter(is_national=True).count() == 1


@pytest.mark.parametrize(("args", "message"), [
    (("a@example.org", "nowhere", "hub_staff"), "There is no hub “nowhere”"),
    (("a@example.org", "cw", "boss"), "There is no role “boss”"),
    (("a@example.org", "cw", "national_staff"), "is a national role"),
    (("a@example.org", "national", "hub_lead"), "is a hub's role"),
    (("not-an-address", "cw", "hub_staff"), "is not an email address"),
])
def test_bad_input_is_a_clear_error_and_changes_nothing(args, message):
    factories.hub(slug="cw")
    with pytest.raises(CommandError, match=message):
        grant(*args)
    assert not User.objects.exists() and not AuditEvent.objects.exists()
