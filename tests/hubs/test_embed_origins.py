"""A hub's allowed websites: adding and removing one is audited, and the list is the hub's own."""

from __future__ import annotations

import pytest

from tests import factories
from workgroups.accounts.models import Role
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.core.services import DomainError
from workgroups.hubs.models import EmbedOrigin
from workgroups.hubs.selectors import embed_origins, embed_origins_for_hub
from workgroups.hubs.services import MAX_EMBED_ORIGINS, embed_origin_add, embed_origin_remove

pytestmark = pytest.mark.django_db


def test_adding_a_website_stores_its_origin_and_audits_who_added_it():
    hub = factories.hub(slug="cw")
    person = factories.member(hub, Role.HUB_STAFF)
    added = embed_origin_add(actor=person, hub=hub, address="WWW.Example.org/")
    assert added.origin == "https://www.example.org"
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.hub) == (AuditAction.EMBED_ORIGIN_ADDED, person, hub)
    assert event.changes == {"origin": "https://www.example.org"}
    assert embed_origins(hub_slug="cw") == ["https://www.example.org"]


def test_an_address_that_is_not_a_website_is_refused_on_the_field_and_nothing_is_saved():
    hub = factories.hub()
    with pytest.raises(DomainError) as refused:
        embed_origin_add(actor=None, hub=hub, address="https://www.example.org/our-hub/")
    assert refused.value.field == "origin" and "without a page" in refused.value.message
    assert not EmbedOrigin.objects.exists() and not AuditEvent.objects.exists()


def test_the_same_website_twice_is_refused_however_it_is_typed():
    hub = factories.hub()
    embed_origin_add(actor=None, hub=hub, address="https://www.example.org")
    with pytest.raises(DomainError, match="can already show your catalogue") as refused:
        embed_origin_add(actor=None, hub=hub, address="www.EXAMPLE.org:443")
    assert refused.value.field == "origin"
    assert EmbedOrigin.objects.count() == AuditEvent.objects.count() == 1


def test_another_hub_may_list_the_same_website():
    one, other = factories.hub(), factories.hub()
    embed_origin_add(actor=None, hub=one, address="https://www.example.org")
    embed_origin_add(actor=None, hub=other, address="https://www.example.org")
    assert EmbedOrigin.objects.count() == 2


def test_a_hub_lists_up_to_twenty_websites():
    hub = factories.hub()
    for n in range(MAX_EMBED_ORIGINS):
        embed_origin_add(actor=None, hub=hub, address=f"https://site{n}.example.org")
    assert MAX_EMBED_ORIGINS == 20
    with pytest.raises(DomainError, match="up to 20 websites") as refused:
        embed_origin_add(actor=None, hub=hub, address="https://one-more.example.org")
    assert refused.value.field == "origin"
    assert EmbedOrigin.objects.count() == AuditEvent.objects.count() == 20
    # Another hub's list is its own.
    embed_origin_add(actor=None, hub=factories.hub(), address="https://one-more.example.org")


def test_removing_a_website_audits_it_and_the_list_changes_at_once():
    hub = factories.hub(slug="cw")
    person = factories.member(hub, Role.HUB_LEAD)
    kept = embed_origin_add(actor=None, hub=hub, address="https://kept.example.org")
    gone = embed_origin_add(actor=None, hub=hub, address="https://gone.example.org")
    embed_origin_remove(actor=person, hub=hub, pk=gone.pk)
    assert list(embed_origins_for_hub(hub=hub)) == [kept]
    assert embed_origins(hub_slug="cw") == ["https://kept.example.org"]
    event = AuditEvent.objects.get(action=AuditAction.EMBED_ORIGIN_REMOVED)
    assert (event.actor, event.hub, event.changes) == (person, hub,
                                                       {"origin": "https://gone.example.org"})


def test_another_hub_s_website_cannot_be_removed_and_a_removed_one_not_twice():
    hub, other = factories.hub(), factories.hub()
    theirs = embed_origin_add(actor=None, hub=other, address="https://theirs.example.org")
    with pytest.raises(DomainError, match="no longer on your list"):
        embed_origin_remove(actor=None, hub=hub, pk=theirs.pk)
    assert EmbedOrigin.objects.filter(pk=theirs.pk).exists()
    embed_origin_remove(actor=None, hub=other, pk=theirs.pk)
    with pytest.raises(DomainError, match="no longer on your list"):
        embed_origin_remove(actor=None, hub=other, pk=theirs.pk)
    assert AuditEvent.objects.filter(action=AuditAction.EMBED_ORIGIN_REMOVED).count() == 1


def test_an_unknown_hub_has_no_websites():
    assert embed_origins(hub_slug="no-such-hub") == []
