"""Email that fails is retried with growing waits, then recorded for the hub's staff, who send it
again from their failed-emails page (audited); a sign-in code never reaches that record; typed
text never reaches a header."""

from __future__ import annotations

import smtplib
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.template import TemplateSyntaxError

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.accounts.tasks import send_account_email
from workgroups.applications.services import application_offer, offer_accept
from workgroups.applications.tasks import send_application_email
from workgroups.audit.models import AuditEvent
from workgroups.core import email as core_email
from workgroups.core.models import FailedEmail
from workgroups.core.services import DomainError
from workgroups.delivery.tasks import send_session_email
from workgroups.hubs.services import failed_email_send_again

pytestmark = pytest.mark.django_db


class RefusingBackend(EmailBackend):
    """The locmem backend, but the mail server refuses the first ``refusals`` messages."""

    refusals = 0

    def send_messages(self, messages: Any) -> int:
        if RefusingBackend.refusals > 0:
            RefusingBackend.refusals -= 1
            raise smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"no such user")})
        return super().send_messages(messages)


@pytest.fixture
def refusing(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.core.test_email.RefusingBackend"}}
    RefusingBackend.refusals = 0
    return RefusingBackend


@pytest.fixture
def offered(pinned_clock):
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    offering = factories.offering(hub=hub, programme=factories.programme(title="SKTM ECT"))
    group = factories.work_group(offering, name="Chester")
    factories.session(group, day=date(2024, 11, 5), venue=factories.venue(hub))
    application = factories.ready_application(offering, school_urn=111111)
    return hub, application, group


def test_a_refused_email_is_retried_with_growing_waits_and_then_recorded(
        offered, refusing, on_commit, caplog):
    hub, application, group = offered
    refusing.refusals = 99
    on_commit(application_offer, actor=None, application=application, work_group=group)
    assert mail.outbox == []
    [failed] = FailedEmail.objects.all()
    assert failed.hub == hub and failed.recipient == application.applicant.email
    assert failed.subject == "You are offered a place: SKTM ECT"
    assert failed.reason == "The mail server refused the address."
    assert failed.attempts == len(core_email.RETRY_DELAYS) + 1 and failed.can_send_again
    assert failed.arguments == {"args": [application.pk, "offered"], "kwargs": {}}
    waits = list(core_email.RETRY_DELAYS)
    assert waits == sorted(waits) and len(set(waits)) == len(waits)  # each wait longer
    # Logged by kind, never with the address the server quoted.
    assert "SMTPRecipientsRefused" in caplog.text and "@" not in caplog.text


def test_a_retry_that_succeeds_records_nothing(offered, refusing, on_commit):
    _, application, group = offered
    refusing.refusals = 2
    on_commit(application_offer, actor=None, application=application, work_group=group)
    assert [m.subject for m in mail.outbox] == ["You are offered a place: SKTM ECT"]
    assert not FailedEmail.objects.exists()


def test_a_retry_waits_in_the_database_queue(offered, refusing, settings, on_commit):
    """With the real queue, the second attempt is a new task that waits RETRY_DELAYS[0]."""
    from django_tasks_db.models import DBTaskResult

    _, application, group = offered
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    refusing.refusals = 1
    on_commit(application_offer, actor=None, application=application, work_group=group)
    first = DBTaskResult.objects.get()
    # Run it as the worker would: the attempt fails (so the worker marks it failed) and a new
    # task waits for the second attempt.
    with pytest.raises(RuntimeError, match="queued again"):
        send_application_email.func(*first.args_kwargs["args"], **first.args_kwargs["kwargs"])
    retry = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert retry.args_kwargs["kwargs"] == {core_email.ATTEMPT_ARGUMENT: 2}
    wait = retry.run_after - first.enqueued_at
    assert core_email.RETRY_DELAYS[0] - timedelta(seconds=5) < wait \
        < core_email.RETRY_DELAYS[0] + timedelta(seconds=30)
    assert not FailedEmail.objects.exists()


def test_staff_see_their_hub_s_failed_emails_and_send_one_again(client, offered, refusing,
                                                                 on_commit):
    hub, application, group = offered
    refusing.refusals = 99
    on_commit(application_offer, actor=None, application=application, work_group=group)
    failed = FailedEmail.objects.get()
    other = factories.hub(slug="other")
    FailedEmail.objects.create(hub=other, task_path=failed.task_path, arguments={},
                               recipient="someone@elsewhere.example.org", subject="Theirs",
                               reason="x", attempts=4, failed_at=failed.failed_at)
    staff = factories.member(hub, Role.HUB_STAFF)
    sign_in(client, staff)
    page = client.get("/staff/hubs/cw/failed-emails/")
    assert page.status_code == 200
    assert "You are offered a place: SKTM ECT" in page.text
    assert application.applicant.email in page.text and "refused the address" in page.text
    assert "we try it 4 times over 1 hour 11 minutes" in page.text
    assert "someone@elsewhere" not in page.text  # another hub's failures stay theirs
    hub_page = client.get("/staff/hubs/cw/").text
    assert "Emails that could not be sent" in hub_page
    assert "1 email could not be sent" in hub_page

    refusing.refusals = 0
    response = on_commit(client.post, f"/staff/hubs/cw/failed-emails/{failed.pk}/send-again/")
    assert response.status_code == 302
    [sent] = mail.outbox
    assert sent.to == [application.applicant.email] and "offers you a place" in sent.body
    failed.refresh_from_db()
    assert failed.sent_again_at is not None and failed.sent_again_by == staff
    event = AuditEvent.objects.get(action="core.failed_email.sent_again")
    assert event.hub == hub and event.actor == staff
    assert "@" not in str(event.changes)  # no address in the audit log
    page = client.get("/staff/hubs/cw/failed-emails/").text
    assert "Sent again" in page and "queued to send again" in page
    assert "could not be sent. " not in client.get("/staff/hubs/cw/").text
    # Twice is refused with a message, not sent twice.
    on_commit(client.post, f"/staff/hubs/cw/failed-emails/{failed.pk}/send-again/")
    assert len(mail.outbox) == 1
    assert "already been sent again" in client.get("/staff/hubs/cw/failed-emails/").text
    # Another hub's record is a 404 here.
    theirs = FailedEmail.objects.get(hub=other)
    assert client.post(f"/staff/hubs/cw/failed-emails/{theirs.pk}/send-again/").status_code \
        == 404


def test_a_resend_that_fails_again_is_listed_again(offered, refusing, on_commit):
    _, application, group = offered
    refusing.refusals = 99
    on_commit(application_offer, actor=None, application=application, work_group=group)
    failed = FailedEmail.objects.get()
    on_commit(failed_email_send_again, actor=None, failed_email=failed)
    assert FailedEmail.objects.count() == 2
    assert FailedEmail.objects.filter(sent_again_at__isnull=True).count() == 1


def test_a_sign_in_email_that_fails_is_recorded_without_its_code(refusing):
    refusing.refusals = 99
    send_account_email.enqueue(subject="Your sign-in code for Maths Hub Work Groups",
                               body="Your code is QX7-K2M", html="<p>QX7-K2M</p>",
                               to=["ada@school.example.org"], from_email="wg@example.org")
    [failed] = FailedEmail.objects.all()
    assert failed.hub is None and not failed.can_send_again and failed.arguments == {}
    assert "QX7" not in str(failed.__dict__)
    assert failed.attempts == len(core_email.SIGN_IN_RETRY_DELAYS) + 1
    with pytest.raises(DomainError, match="sign-in code"):
        failed_email_send_again(actor=None, failed_email=failed)


def test_a_name_with_line_breaks_never_reaches_a_header(pinned_clock, on_commit):
    hub = factories.hub(slug="cw", name="Cheshire\r\nBcc: all@example.org")
    offering = factories.offering(hub=hub, programme=factories.programme(
        title="Mastery\nBcc: spy@example.org"))
    group = factories.work_group(offering, name="Chester")
    sneaky = factories.user(first_name="Eve\r\nBcc: spy@example.org", last_name="X\n")
    application = factories.ready_application(offering, applicant=sneaky)
    on_commit(application_offer, actor=None, application=application, work_group=group)
    [sent] = mail.outbox
    assert sent.to == [sneaky.email] and sent.bcc == []
    headers = sent.message().as_string().split("\n\n", 1)[0]
    assert sent.subject == "You are offered a place: Mastery Bcc: spy@example.org"
    assert "\n" not in sent.subject and "\r" not in sent.subject
    for line in headers.splitlines():
        assert not line.lower().startswith("bcc"), line
    assert not FailedEmail.objects.exists()


def test_header_text_strips_every_control_character():
    assert core_email.header_text("Ada\r\nBcc: x\u2028y\x00z\t") == "Ada Bcc: x y z"


def test_an_email_task_for_a_vanished_session_sends_nothing_and_records_nothing(refusing):
    refusing.refusals = 99
    send_session_email.enqueue(987654, "changed")
    assert mail.outbox == [] and not FailedEmail.objects.exists()


def test_an_email_that_cannot_be_written_is_listed_for_its_hub(pinned_clock, on_commit,
                                                               monkeypatch):
    def broken(*args: Any, **kwargs: Any) -> str:
        raise TemplateSyntaxError("bad")

    hub = factories.hub(slug="cw")
    group = factories.work_group(factories.offering(hub=hub), name="Chester")
    session = factories.session(group)
    application = factories.ready_application(group.offering, school_urn=111111)
    on_commit(application_offer, actor=None, application=application, work_group=group)
    on_commit(offer_accept, applicant=application.applicant, application=application)
    monkeypatch.setattr(core_email, "render_to_string", broken)
    send_session_email.enqueue(session.pk, "reminder", "", application.enrolments.get().pk)
    [failed] = FailedEmail.objects.all()
    assert failed.hub == hub and failed.recipient == application.applicant.email
    assert failed.subject.startswith("Reminder:")
    assert failed.reason == "The message could not be put together or sent."


def test_an_application_email_that_cannot_be_written_is_listed_for_its_hub(offered,
                                                                           monkeypatch):
    """Application, support and interest emails are built in applications.tasks, not by
    send_plain: a failure there is still its hub's to see (found in review)."""
    from workgroups.applications import tasks as application_tasks

    def broken(*args: Any, **kwargs: Any) -> str:
        raise TemplateSyntaxError("bad")

    hub, application, _ = offered
    monkeypatch.setattr(application_tasks, "render_to_string", broken)
    send_application_email.enqueue(application.pk, "submitted")
    failed = FailedEmail.objects.filter(subject__startswith="Your application for")
    assert [f.hub for f in failed] == [hub]
