"""Participants hear of a new session with its venue or joining link, and of a change with what
changed, old and new, in London time; each participant's email goes on its own."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail

from tests import factories
from workgroups.applications.services import application_offer, offer_accept
from workgroups.core import clock
from workgroups.delivery.models import SessionKind
from workgroups.delivery.services import session_create, session_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled(pinned_clock):
    """A Work Group with one session at a venue and two accepted participants."""
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    offering = factories.offering(hub=hub, programme=factories.programme(title="SKTM ECT"))
    group = factories.work_group(offering, name="Chester")
    place = factories.venue(hub, name="Hub School", address="1 Hoole Road", postcode="CH2 3NL")
    first = factories.session(group, day=date(2024, 10, 3), venue=place)
    for urn in (111111, 222222):
        application = factories.ready_application(offering, school_urn=urn)
        application_offer(actor=None, application=application, work_group=group)
        offer_accept(applicant=application.applicant, application=application)
    mail.outbox.clear()
    return group, first, place


def at(day: date, hh_mm: str) -> datetime:
    return factories.london(day, hh_mm)


def test_a_new_session_is_announced_to_each_participant_with_its_venue(enrolled, on_commit):
    group, _, place = enrolled
    on_commit(session_create, actor=None, work_group=group, kind=SessionKind.WORKSHOP,
              starts_at=at(date(2025, 1, 21), "13:30"), ends_at=at(date(2025, 1, 21), "16:00"),
              venue=place)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        group.enrolments.values_list("email", flat=True))
    email = mail.outbox[0]
    assert email.subject == "New session: SKTM ECT on 21 January 2025"
    assert "Tuesday 21 January 2025, 13:30 to 16:00" in email.body
    assert "Where: Hub School, 1 Hoole Road, CH2 3NL" in email.body
    assert "/calendar/sessions/" in email.body


def test_a_new_online_session_carries_its_joining_link(enrolled, on_commit):
    group, _, _ = enrolled
    on_commit(session_create, actor=None, work_group=group, kind=SessionKind.WEBINAR,
              starts_at=at(date(2025, 2, 4), "16:00"), ends_at=at(date(2025, 2, 4), "17:00"),
              online=True, online_link="https://meet.example.org/sktm-feb")
    email = mail.outbox[0]
    assert "Where: Online" in email.body
    assert "Join online: https://meet.example.org/sktm-feb" in email.body


def test_dates_to_confirm_and_in_school_visits_are_not_announced(enrolled, on_commit):
    group, _, _ = enrolled
    on_commit(session_create, actor=None, work_group=group, kind=SessionKind.WORKSHOP,
              starts_at=at(date(2025, 3, 4), "09:00"), ends_at=at(date(2025, 3, 4), "15:00"),
              to_confirm=True)
    on_commit(session_create, actor=None, work_group=group, kind=SessionKind.IN_SCHOOL_SUPPORT,
              starts_at=at(date(2025, 3, 5), "09:00"), ends_at=at(date(2025, 3, 5), "10:00"),
              equivalent_days=Decimal("0.5"), required=False)
    assert mail.outbox == []


def test_a_session_recorded_after_it_happened_is_not_announced(enrolled, on_commit):
    """The clock says 1 October 2024: a session added for September is history, not news."""
    group, _, place = enrolled
    on_commit(session_create, actor=None, work_group=group, kind=SessionKind.WORKSHOP,
              starts_at=at(date(2024, 9, 24), "13:30"), ends_at=at(date(2024, 9, 24), "16:00"),
              venue=place)
    assert mail.outbox == []


def test_a_changed_session_says_what_changed_old_and_new_in_london_time(enrolled, on_commit):
    group, first, place = enrolled
    other = factories.venue(group.offering.hub, name="Crewe Library", address="Prince Albert St",
                            postcode="CW1 2DH")
    # 3 October is British Summer Time; 7 November is not: the email shows London's clock.
    new_start = datetime(2024, 11, 7, 13, 0, tzinfo=clock.LONDON)
    on_commit(session_update, actor=None, session=first, data={
        "starts_at": new_start, "ends_at": new_start + timedelta(hours=2), "venue": other})
    assert len(mail.outbox) == 2
    body = mail.outbox[0].body
    assert ("Starts: Thursday 3 October 2024, 09:00 (London time) → "
            "Thursday 7 November 2024, 13:00 (London time)") in body
    assert ("Ends: Thursday 3 October 2024, 15:30 (London time) → "
            "Thursday 7 November 2024, 15:00 (London time)") in body
    assert ("Venue: Hub School, 1 Hoole Road, CH2 3NL → Crewe Library, Prince Albert St, "
            "CW1 2DH") in body
    assert "Kind of session" not in body  # only what changed is listed


def test_moving_a_session_online_gives_the_link(enrolled, on_commit):
    _, first, _ = enrolled
    on_commit(session_update, actor=None, session=first, data={
        "venue": None, "online": True, "online_link": "https://meet.example.org/moved"})
    body = mail.outbox[0].body
    assert "Where: In person → Online" in body
    assert "Joining link: None → https://meet.example.org/moved" in body
    assert "Join online: https://meet.example.org/moved" in body
