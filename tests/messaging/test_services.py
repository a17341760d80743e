"""Who a message goes to (worked out when it is sent, one per address), that each recipient
is emailed exactly once, and what the audit trail keeps."""

from __future__ import annotations

import json

import pytest
from django.core import mail

from tests.core.test_email import refusing  # noqa: F401 (a fixture)
from tests.messaging.world import build
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.core.models import FailedEmail
from workgroups.core.services import DomainError
from workgroups.messaging.models import Message, MessageRecipient, MessageRecipientStatus
from workgroups.messaging.selectors import (
    recipients_of_offering,
    recipients_of_work_group,
    recipients_summary,
)
from workgroups.messaging.services import message_send
from workgroups.messaging.tasks import send_message_email

pytestmark = pytest.mark.django_db

HEAD = ("head@oak.example.org", "Headteacher or a senior leader at Oak Academy")
TESS = ("tess@trust.example.org", "Trust maths lead at Oak Academy")
ANN = ("ann@oak.example.org", "Participant")
BOB = ("bob@oak.example.org", "Participant")


@pytest.fixture
def world(pinned_clock):
    return build()


@pytest.mark.parametrize(("copy_supporters", "expected"), [
    # Cat withdrew: not written to.
    (False, [ANN, BOB]),
    # The headteacher backs both (one address in capitals): once. Meg declined: not copied.
    # Bob named Ann as his trust lead: she is written to once, as a participant. Tess is named
    # in Ann's answers with no endorsement yet: copied.
    (True, [ANN, BOB, HEAD, TESS]),
])
def test_a_work_group_s_recipients(world, copy_supporters, expected):
    people = recipients_of_work_group(work_group=world["group"],
                                      copy_supporters=copy_supporters)
    assert [(p.email.lower(), p.role) for p in people] == expected


@pytest.mark.parametrize(("status", "copy_supporters", "expected"), [
    ("waitlisted", False, ["wes@example.org", "wyn@example.org"]),
    ("offered", False, ["otto@example.org"]),
    ("accepted", False, ["ann@oak.example.org", "bob@oak.example.org"]),
    ("accepted", True, ["ann@oak.example.org", "bob@oak.example.org", HEAD[0], TESS[0]]),
    # Every open application: not the draft, not the withdrawn.
    (None, False, ["wes@example.org", "wyn@example.org", "otto@example.org",
                   "ann@oak.example.org", "bob@oak.example.org"]),
    ("declined", False, []),
])
def test_an_offering_s_applicants_by_status(world, status, copy_supporters, expected):
    people = recipients_of_offering(offering=world["offering"], status=status,
                                    copy_supporters=copy_supporters)
    assert sorted(p.email.lower() for p in people) == sorted(expected)


def test_the_preview_counts_by_kind(world):
    people = recipients_of_work_group(work_group=world["group"], copy_supporters=True)
    assert recipients_summary(people) == ["2 participants", "2 supporters copied in"]
    waiting = recipients_of_offering(offering=world["offering"], status="offered",
                                     copy_supporters=False)
    assert recipients_summary(waiting) == ["1 applicant"]
    assert waiting[0].role == "Applicant: offered a place"


def send(world, **kwargs):
    defaults = {"actor": None, "hub": world["hub"], "subject": "Bring a calculator",
                "body": "Dear all,\n<b>Bring</b> a calculator on Tuesday."}
    return message_send(**{**defaults, **kwargs})


def test_sending_keeps_the_recipients_and_emails_each_once(world, on_commit):
    message = on_commit(send, world, work_group=world["group"], copy_supporters=True)
    recipients = list(message.recipients.order_by("pk"))
    assert [(r.email.lower(), r.role) for r in recipients] == [ANN, BOB, HEAD, TESS]
    assert {r.status for r in recipients} == {MessageRecipientStatus.SENT}
    assert all(r.sent_at is not None for r in recipients)
    assert sorted(m.to[0].lower() for m in mail.outbox) == sorted(
        r.email.lower() for r in recipients)
    email = next(m for m in mail.outbox if m.to == ["ann@oak.example.org"])
    assert email.subject == "Bring a calculator"
    assert email.reply_to == ["hello@cwmathshub.example.org"]
    assert "> <b>Bring</b> a calculator on Tuesday." in email.body  # quoted, as typed
    html = email.alternatives[0][0]  # type: ignore[attr-defined]
    assert "<b>Bring</b>" not in html and "&lt;b&gt;Bring&lt;/b&gt;" in html
    assert "You received it as: Participant." in email.body


def test_a_task_run_again_does_not_send_again(world, on_commit):
    message = on_commit(send, world, work_group=world["group"])
    assert len(mail.outbox) == 2
    for recipient in message.recipients.all():
        send_message_email.call(recipient.pk)
        send_message_email.enqueue(recipient.pk)
    assert len(mail.outbox) == 2
    send_message_email.call(999999)  # a recipient that is no more: nothing, no error
    assert len(mail.outbox) == 2


def test_a_failure_is_marked_retried_then_listed_and_sent_again_once(world, on_commit,
                                                                     refusing):  # noqa: F811
    refusing.refusals = 99
    message = on_commit(send, world, work_group=world["group"])
    assert set(message.recipients.values_list("status", flat=True)) == {
        MessageRecipientStatus.FAILED}
    assert FailedEmail.objects.filter(hub=world["hub"]).count() == 2
    refusing.refusals = 0
    first = message.recipients.order_by("pk").first()
    send_message_email.call(first.pk)  # staff send it again from the failed emails page
    send_message_email.call(first.pk)
    first.refresh_from_db()
    assert first.status == MessageRecipientStatus.SENT
    assert len(mail.outbox) == 1


def test_the_audit_says_who_to_whom_and_how_many_but_no_address(world, on_commit):
    message = on_commit(send, world, work_group=world["group"], copy_supporters=True)
    event = AuditEvent.objects.get(action=AuditAction.MESSAGE_SENT)
    assert event.hub == world["hub"] and event.object_id == str(message.pk)
    assert event.changes["recipients"] == 4
    assert event.changes["to"] == "The participants of Chester, copying their supporters"
    recorded = json.dumps(event.changes) + event.object_repr
    assert "@" not in recorded
    assert "Ann" not in recorded and "Hal" not in recorded


@pytest.mark.parametrize(("kwargs", "problem"), [
    ({"subject": "  "}, "Enter a subject."),
    ({"subject": "x" * 151}, "The subject must be 150 characters or fewer."),
    ({"body": ""}, "Enter the message."),
    ({"body": "x" * 5001}, "The message must be 5,000 characters or fewer."),
    ({"status": "draft"}, "Choose who to write to."),
    ({"status": "declined"}, "Choose who to write to."),
])
def test_bad_input_is_refused_and_nothing_is_sent(world, on_commit, kwargs, problem):
    with pytest.raises(DomainError, match=problem):
        on_commit(send, world, **{"offering": world["offering"], **kwargs})
    assert not Message.objects.exists() and not mail.outbox


def test_nobody_to_write_to_is_refused(world, on_commit):
    from tests import factories

    empty = factories.work_group(world["offering"], name="Empty")
    with pytest.raises(DomainError, match="Nobody would receive this message"):
        on_commit(send, world, work_group=empty)
    assert not MessageRecipient.objects.exists() and not mail.outbox
    assert not AuditEvent.objects.filter(action=AuditAction.MESSAGE_SENT).exists()


def test_another_hub_s_offering_is_refused(world, on_commit):
    from tests import factories

    with pytest.raises(DomainError):
        on_commit(send, world, hub=factories.hub(slug="elsewhere"),
                  offering=world["offering"])
    assert not Message.objects.exists()
