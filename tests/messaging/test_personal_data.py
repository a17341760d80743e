"""A person's messages from hubs are in their data, and erasing them (or an address without
an account) keeps the hub's record of whom it wrote to without their name or address."""

from __future__ import annotations

import pytest

from tests import factories
from tests.messaging.world import build
from workgroups.accounts.models import Role, User
from workgroups.messaging.models import MessageRecipient
from workgroups.messaging.services import message_send
from workgroups.personaldata.erasure import address_erase, person_erase
from workgroups.personaldata.export import person_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(pinned_clock, on_commit):
    world = build()
    on_commit(message_send, actor=None, hub=world["hub"], work_group=world["group"],
              copy_supporters=True, subject="Bring a calculator", body="On Tuesday.")
    return world


def test_the_export_lists_the_messages_a_person_received(sent):
    ann = User.objects.get(email="ann@oak.example.org")
    [received] = person_data(ann)["messages_received"]
    assert received["subject"] == "Bring a calculator"
    assert received["hub"] == "Cheshire and Wirral Maths Hub"
    assert received["as"] == "Participant" and received["status"] == "Sent"
    assert received["to"] == "ann@oak.example.org"


def test_erasing_a_person_keeps_the_row_without_them(sent):
    ann = User.objects.get(email="ann@oak.example.org")
    report = person_erase(person=ann, actor=None, reason="Deleted their account")
    assert report.messages_received == 1
    row = MessageRecipient.objects.get(role="Participant", email__endswith="@erased.invalid")
    assert row.name == "" and row.status == "sent"
    assert MessageRecipient.objects.count() == 4  # the hub still counts whom it wrote to
    assert not MessageRecipient.objects.filter(email__iexact="ann@oak.example.org").exists()


def test_erasing_a_supporter_s_address_keeps_the_row_without_them(sent):
    lead = factories.member(sent["hub"], Role.HUB_LEAD)
    report = address_erase(email="head@oak.example.org", actor=lead, hub=sent["hub"],
                           reason="Asked by email")
    assert report.messages_received == 1
    assert not MessageRecipient.objects.filter(name="Hal Head").exists()
    assert not MessageRecipient.objects.filter(email__iexact="head@oak.example.org").exists()
