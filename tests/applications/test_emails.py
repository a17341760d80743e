"""What the application emails tell people: supporters and team members see the Work Group's
dates, days out of school and place; subjects carry nothing an applicant typed; the offer
carries the Work Group's calendar; one interest confirmation a day per address and offering."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from icalendar import Calendar

from tests import factories
from workgroups.applications.models import Endorsement
from workgroups.applications.services import application_offer
from workgroups.applications.tasks import send_endorsement_email
from workgroups.catalogue.interest.services import interest_register
from workgroups.catalogue.models import OfferingStatus
from workgroups.core import clock
from workgroups.delivery.models import SessionKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering(pinned_clock):
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    offering = factories.offering(hub=hub, programme=factories.programme(title="TfM Development"))
    chester = factories.work_group(offering, name="Chester")
    place = factories.venue(hub, name="Hub School", address="1 Hoole Road", postcode="CH2 3NL")
    factories.session(chester, day=date(2024, 11, 5), venue=place)
    factories.session(chester, day=date(2025, 1, 14), venue=place,
                      equivalent_days=Decimal("0.5"))
    factories.session(chester, day=date(2025, 2, 4), online=True, kind=SessionKind.WEBINAR,
                      online_link="https://meet.example.org/secret")
    factories.session(chester, day=date(2025, 3, 4), kind=SessionKind.IN_SCHOOL_SUPPORT,
                      required=False)
    crewe = factories.work_group(offering, name="Crewe")
    factories.session(crewe, day=date(2024, 11, 12), venue=factories.venue(
        hub, name="Crewe Library", address="Prince Albert St", postcode="CW1 2DH"))
    return offering


def endorsement_for(application, kind="support", name="Hattie Head"):
    return Endorsement.objects.create(
        application=application, kind=kind, role="headteacher" if kind == "support" else "Teacher",
        name=name, email="hattie@school.example.org", link_nonce="n" * 16,
        link_sent_at=clock.now())


def test_a_supporter_sees_each_work_group_s_dates_days_out_of_school_and_place(offering):
    applicant = factories.user(first_name="Eve", last_name="Mallory")
    application = factories.ready_application(offering, applicant=applicant, school_urn=111111)
    send_endorsement_email.enqueue(endorsement_for(application).pk, "request")
    [email] = mail.outbox
    body = email.body
    assert "Chester\nDates: 4 meetings, 5 November 2024 to 4 March 2025" in body
    # A day at the venue and a half-day there; not the webinar, nor the in-school visit.
    assert "Days out of school: 1.5" in body
    assert "Where: Hub School, 1 Hoole Road, CH2 3NL; Online; In school" in body
    assert "Crewe\nDates: 1 meeting, 12 November 2024\nDays out of school: 1\n" in body
    assert "Where: Crewe Library, Prince Albert St, CW1 2DH" in body
    assert "meet.example.org/secret" not in body  # joining links go to participants only
    assert isinstance(email, EmailMultiAlternatives)
    html = email.alternatives[0][0]
    assert "Days out of school: 1.5" in str(html)
    # The applicant is named in the body, never in the subject.
    assert "Eve Mallory" in body
    assert email.subject == "Your support is asked for: TfM Development"


def test_a_team_member_of_an_allocated_application_sees_only_their_work_group(offering):
    application = factories.ready_application(offering, school_urn=111111)
    application_offer(actor=None, application=application,
                      work_group=offering.work_groups.get(name="Crewe"))
    mail.outbox.clear()
    send_endorsement_email.enqueue(endorsement_for(application, kind="agreement").pk, "reminder")
    [email] = mail.outbox
    assert "The Work Group:\n\nCrewe" in email.body and "Chester" not in email.body
    assert email.subject == "Reminder: you are named for TfM Development"


@pytest.mark.parametrize("name", ["Eve\r\nBcc: spy@example.org", "Eve\nMallory"])
def test_no_typed_name_reaches_a_subject(offering, name):
    first, _, last = name.partition("\n")
    applicant = factories.user(first_name=first, last_name=last)
    application = factories.ready_application(offering, applicant=applicant, school_urn=111111)
    for kind in ("support", "agreement"):
        for which in ("request", "reminder"):
            send_endorsement_email.enqueue(
                endorsement_for(application, kind=kind, name=name).pk, which)
            Endorsement.objects.filter(application=application).delete()
    assert len(mail.outbox) == 4
    for email in mail.outbox:
        assert "Eve" not in email.subject and "\n" not in email.subject
        assert email.to == ["hattie@school.example.org"]


def test_the_offer_carries_the_work_group_s_calendar(offering, on_commit):
    application = factories.ready_application(offering, school_urn=111111)
    chester = offering.work_groups.get(name="Chester")
    on_commit(application_offer, actor=None, application=application, work_group=chester)
    [email] = [m for m in mail.outbox if m.subject.startswith("You are offered a place")]
    [(filename, content, mimetype)] = email.attachments
    assert filename == f"work-group-{chester.pk}.ics" and mimetype == "text/calendar"
    calendar = Calendar.from_ical(content)
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    assert len(events) == 4
    assert events[0].decoded("DTSTART") == datetime(2024, 11, 5, 9, 0, tzinfo=clock.LONDON)
    assert "Hub School" in str(events[0]["LOCATION"])
    assert "meet.example.org/secret" not in str(content)
    assert f"work-group-{chester.pk}.ics" in email.body


@pytest.fixture
def closed(pinned_clock):
    hub = factories.hub(slug="cw")
    make = factories.offering
    return (make(hub=hub, status=OfferingStatus.EXPRESSION_OF_INTEREST,
                 academic_year=factories.academic_year(2025)),
            make(hub=hub, status=OfferingStatus.EXPRESSION_OF_INTEREST,
                 academic_year=factories.academic_year(2025)))


def test_one_interest_confirmation_per_address_and_offering_a_day(closed, settings, on_commit):
    first, second = closed
    for _ in range(5):
        on_commit(interest_register, offering=first, email="ada@school.example.org")
    on_commit(interest_register, offering=first, email="ADA@school.example.org ")
    assert len(mail.outbox) == 1
    # Another offering is another confirmation; so is another address.
    on_commit(interest_register, offering=second, email="ada@school.example.org")
    on_commit(interest_register, offering=first, email="bob@school.example.org")
    assert len(mail.outbox) == 3
    # The next London day, one more.
    settings.WORKGROUPS_PINNED_NOW = datetime(2024, 10, 2, 0, 5, tzinfo=clock.LONDON)
    on_commit(interest_register, offering=first, email="ada@school.example.org")
    on_commit(interest_register, offering=first, email="ada@school.example.org")
    assert len(mail.outbox) == 4
