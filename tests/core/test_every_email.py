"""Every email the service sends, rendered from real objects: a one-line subject with no
applicant text, a plain body and its HTML copy, the hub's name, a link onwards, and nothing
unfinished (no template syntax, no "None", no internal codes)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from tests import factories
from workgroups.accounts.models import Role, TeamInvitation
from workgroups.accounts.tasks import send_team_invitation_email
from workgroups.applications.models import Endorsement
from workgroups.applications.services import application_offer, offer_accept
from workgroups.applications.tasks import (
    APPLICATION_EMAILS,
    ENDORSEMENT_EMAILS,
    send_application_email,
    send_endorsement_email,
)
from workgroups.catalogue.interest.tasks import INTEREST_EMAILS, send_interest_email
from workgroups.catalogue.models import InterestRegistration
from workgroups.core import clock
from workgroups.core.models import FailedEmail
from workgroups.delivery.tasks import SESSION_SUBJECTS, send_enrolment_email, send_session_email
from workgroups.progression.models import Invitation
from workgroups.progression.tasks import send_completion_email, send_invitation_email

pytestmark = pytest.mark.django_db

APPLICANT = "Zebedee Quill"
UNFINISHED = re.compile(r"\{\{|\{%|\bNone\b|_(?:for|by|from|to)_|classroom_teacher")


@pytest.fixture
def world(pinned_clock):
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub",
                        contact_email="hub@example.org")
    offering = factories.offering(hub=hub, programme=factories.programme(title="SKTM ECT"))
    group = factories.work_group(offering, name="Chester")
    session = factories.session(group, day=date(2024, 11, 5), venue=factories.venue(hub))
    applicant = factories.user(first_name="Zebedee", last_name="Quill")
    application = factories.ready_application(offering, applicant=applicant, school_urn=111111)
    application_offer(actor=None, application=application, work_group=group)
    offer_accept(applicant=applicant, application=application)
    enrolment = application.enrolments.get()
    endorsement = Endorsement.objects.create(
        application=application, kind="support", role="headteacher", name="Hattie Head",
        email="hattie@school.example.org", link_nonce="n" * 16, link_sent_at=clock.now())
    registration = InterestRegistration.objects.create(offering=offering, email="i@example.org",
                                                       name="Ida")
    invitation = Invitation.objects.create(
        offering=offering, completed_programme=offering.programme, email="inv@example.org",
        name="Ines", status="sent", sent_at=clock.now(), nonce="m" * 16)
    mail.outbox.clear()
    return {"application": application, "enrolment": enrolment, "session": session,
            "endorsement": endorsement, "registration": registration,
            "invitation": invitation}


def every_email(world):
    for kind in APPLICATION_EMAILS:
        yield f"application {kind}", send_application_email, (world["application"].pk, kind)
    for kind, which in ENDORSEMENT_EMAILS:
        yield f"endorsement {kind} {which}", send_endorsement_email, (world["endorsement"].pk,
                                                                     which)
    for kind in INTEREST_EMAILS:
        yield f"interest {kind}", send_interest_email, (world["registration"].pk, kind)
    yield "enrolment", send_enrolment_email, (world["enrolment"].pk,)
    for kind in SESSION_SUBJECTS:
        yield f"session {kind}", send_session_email, (
            world["session"].pk, kind, "Snow", world["enrolment"].pk,
            [["Starts", "Tuesday 5 November 2024, 09:00", "Tuesday 12 November 2024, 09:00"]])
    yield "invitation", send_invitation_email, (world["invitation"].pk,)
    yield "completion", send_completion_email, (world["enrolment"].pk,)


def test_every_email_is_finished_and_says_who_sent_it(world):
    for label, email_task, args in every_email(world):
        if label == "completion":
            world["enrolment"].outcome = "completed"
            world["enrolment"].save()
        if label.startswith("endorsement") and world["endorsement"].kind != label.split()[1]:
            Endorsement.objects.filter(pk=world["endorsement"].pk).update(
                kind=label.split()[1], role="Teacher")
        mail.outbox.clear()
        email_task.enqueue(*args)
        assert not FailedEmail.objects.exists(), label
        [message] = mail.outbox
        assert isinstance(message, EmailMultiAlternatives), label
        assert "\n" not in message.subject and APPLICANT not in message.subject, label
        html = str(message.alternatives[0][0])
        assert message.alternatives[0][1] == "text/html", label
        assert "Cheshire and Wirral Maths Hub" in message.body, label
        assert re.search(r"https?://\S+", str(message.body)) or "hub@example.org" in message.body, \
            label
        assert not UNFINISHED.search(str(message.body)), (label, message.body)
        assert not UNFINISHED.search(html), (label, html)


# --- Typed text cannot phish (issue 14) ----------------------------------------------------------

HOSTILE = "Click here https://evil.example/pay\nWIRE MONEY to 12345678"
HOSTILE_PARTS = ("Click here", "evil.example", "WIRE MONEY")
BLOCKQUOTE = re.compile(r"<blockquote\b[^>]*>.*?</blockquote>", re.DOTALL)


def _hostile_world(world):
    """Every name, reason and comment a person types, set to something a phisher would type."""
    application = world["application"]
    applicant = application.applicant
    applicant.first_name = applicant.last_name = HOSTILE
    applicant.save()
    application.decision_reason = HOSTILE
    application.save()
    Endorsement.objects.filter(pk=world["endorsement"].pk).update(name=HOSTILE)
    Endorsement.objects.create(
        application=application, kind="support", role="head_of_maths", name=HOSTILE,
        email="hom@school.example.org", link_nonce="d" * 16, link_sent_at=clock.now(),
        status="declined", comment=HOSTILE, responded_at=clock.now())
    for key in ("enrolment", "registration", "invitation"):
        world[key].name = HOSTILE
        world[key].save()


def _team_invitation(world):
    """A hub lead with a hostile name invites someone: the email names who sent it."""
    hub = world["application"].offering.hub
    lead = factories.member(hub, Role.HUB_LEAD, first_name=HOSTILE, last_name="Lead")
    invitation = TeamInvitation.objects.create(
        hub=hub, email="invited@example.org", role=Role.HUB_STAFF, digest="0" * 64,
        invited_by=lead, expires_at=clock.now() + timedelta(days=14))
    return ("team invitation", send_team_invitation_email,
            {"invitation_id": invitation.pk, "link": "https://ours.example/accept"})


def test_typed_text_is_never_in_a_subject_and_only_quoted_in_a_body(world, settings):
    _hostile_world(world)
    shown_quoted = set()
    for label, email_task, args in [*every_email(world), _team_invitation(world)]:
        if label.startswith("session"):
            args = (*args[:2], HOSTILE, *args[3:])
        if label == "completion":
            world["enrolment"].outcome = "completed"
            world["enrolment"].save()
        if label.startswith("endorsement") and world["endorsement"].kind != label.split()[1]:
            Endorsement.objects.filter(pk=world["endorsement"].pk).update(
                kind=label.split()[1], role="Teacher")
        mail.outbox.clear()
        if isinstance(args, dict):
            email_task.enqueue(**args)
        else:
            email_task.enqueue(*args)
        assert not FailedEmail.objects.exists(), label
        [message] = mail.outbox
        assert isinstance(message, EmailMultiAlternatives), label
        body, html = str(message.body), str(message.alternatives[0][0])
        assert not any(part in message.subject for part in HOSTILE_PARTS), label
        for line in body.splitlines():
            if any(part in line for part in HOSTILE_PARTS):
                assert line.lstrip().startswith(">"), (label, line)
                shown_quoted.add(label)
        outside = BLOCKQUOTE.sub("", html)
        assert not any(part in outside for part in HOSTILE_PARTS), (label, outside)
        assert "evil.example" not in "".join(re.findall(r'href="[^"]*"', html)), label
        # Where to check it: the service's own addresses, from settings.
        for text in (body, html):
            assert "Checking this email is from Maths Hub Work Groups" in text, label
            assert settings.WORKGROUPS_SITE_URL in text, label
            assert settings.DEFAULT_FROM_EMAIL in text, label
    # The words still reach the people who need them, as quotations.
    assert "team invitation" in shown_quoted
    assert {"endorsement support request", "endorsement agreement request",
            "application submitted", "application declined_by_supporter",
            "application declined", "session cancelled", "enrolment",
            "completion"} <= shown_quoted


def test_a_quotation_keeps_every_line_marked():
    from workgroups.core.templatetags.email_text import email_paragraphs, quoted, quoted_html

    assert quoted("Alex\nSmith") == "> Alex\n> Smith" and quoted("") == "> "
    assert quoted_html("<b>x</b>\nhttps://evil.example").count("<br>") == 1
    assert "href" not in quoted_html("https://evil.example")
    html = email_paragraphs("See https://ours.example\n&gt; https://evil.example")
    assert 'href="https://ours.example"' in html and "href=\"https://evil" not in html
    assert "<blockquote" in html
