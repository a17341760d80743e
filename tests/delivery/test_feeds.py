"""Calendar feeds are made when a person is enrolled (audited), never when a page is opened; the
calendar page of someone with none offers a button (a POST) that makes one."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps

from tests import factories
from tests.factories import sign_in
from workgroups.applications.services import application_offer, offer_accept
from workgroups.audit.models import AuditEvent
from workgroups.delivery.models import CalendarFeed, Enrolment

pytestmark = pytest.mark.django_db


def test_enrolling_makes_each_participant_s_feed(pinned_clock):
    hub = factories.hub(slug="cw")
    offering = factories.offering(hub=hub)
    group = factories.work_group(offering, name="Chester")
    factories.session(group, day=date(2024, 10, 3))
    application = factories.ready_application(offering, school_urn=111111)
    assert not CalendarFeed.objects.exists()
    application_offer(actor=None, application=application, work_group=group)
    offer_accept(applicant=application.applicant, application=application)
    emails = set(Enrolment.objects.values_list("email", flat=True))
    assert emails and set(CalendarFeed.objects.values_list("email", flat=True)) == emails
    assert AuditEvent.objects.filter(action="delivery.calendar_feed.created").count() == len(
        emails)


def test_the_calendar_page_reads_and_its_button_makes_a_feed(client):
    person = factories.user()
    sign_in(client, person)
    page = client.get("/calendar/")
    assert page.status_code == 200 and "Make my calendar address" in page.text
    assert not CalendarFeed.objects.exists()
    client.post("/calendar/")
    feed = CalendarFeed.objects.get()
    assert feed.email == person.email.lower()
    assert "Your private calendar address" in client.get("/calendar/").text


def test_the_migration_gives_feeds_to_people_enrolled_before(pinned_clock):
    hub = factories.hub(slug="cw")
    offering = factories.offering(hub=hub)
    group = factories.work_group(offering, name="Chester")
    application = factories.ready_application(offering, school_urn=111111)
    application_offer(actor=None, application=application, work_group=group)
    offer_accept(applicant=application.applicant, application=application)
    CalendarFeed.objects.all().delete()  # as it was before feeds were made at enrolment
    migration = importlib.import_module(
        "workgroups.delivery.migrations.0005_calendar_feeds_for_the_enrolled")
    migration.feeds_for_the_enrolled(apps, None)
    migration.feeds_for_the_enrolled(apps, None)  # a second run adds nothing
    assert set(CalendarFeed.objects.values_list("email", flat=True)) == set(
        Enrolment.objects.values_list("email", flat=True))
