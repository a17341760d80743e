"""Sessions for participants: calendar files and private feeds (parsed with icalendar), change
and cancellation emails, reminders exactly once, and what Work Group leads see."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.applications.services import application_offer, offer_accept
from workgroups.catalogue.models import OfferingStatus
from workgroups.core import clock
from workgroups.core.services import DomainError
from workgroups.delivery import links
from workgroups.delivery.models import CalendarFeed, SessionReminder
from workgroups.delivery.services import (
    calendar_feed_for,
    calendar_feed_revoke,
    session_cancel,
    session_delete,
    session_reminders_send,
    session_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled(pinned_clock):
    """A Work Group with two sessions and one accepted participant."""
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    offering = factories.offering(hub=hub)
    group = factories.work_group(offering, name="Chester")
    place = factories.venue(hub, name="Hub School", postcode="CH1 1AA")
    first = factories.session(group, day=date(2024, 10, 3), venue=place)
    second = factories.session(group, day=date(2024, 11, 14), online=True,
                               online_link="https://meet.example.org/abc")
    application = factories.ready_application(offering, school_urn=111111)
    application_offer(actor=None, application=application, work_group=group)
    offer_accept(applicant=application.applicant, application=application)
    mail.outbox.clear()
    return group, first, second, application


def parse(body):
    calendar = Calendar.from_ical(body)
    return calendar, list(calendar.walk("VEVENT"))


def test_a_session_file_is_valid_icalendar_in_london_time(client, enrolled):
    _, first, _, _ = enrolled
    response = client.get(f"/calendar/sessions/{first.pk}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar, [event] = parse(response.content)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert event.decoded("DTSTART") == datetime(2024, 10, 3, 9, 0, tzinfo=clock.LONDON)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert str(event["UID"]) == f"session-{first.pk}@127.0.0.1"
    assert event["SEQUENCE"] == 0 and str(event["STATUS"]) == "CONFIRMED"
    assert "Hub School" in str(event["LOCATION"])


def test_a_work_group_file_has_every_session_but_no_joining_link(client, enrolled,
                                                                django_assert_max_num_queries):
    group, _, _, _ = enrolled
    with django_assert_max_num_queries(3):
        response = client.get(f"/calendar/work-groups/{group.pk}.ics")
    _, events = parse(response.content)
    assert len(events) == 2
    assert b"meet.example.org" not in response.content


def test_a_draft_offering_s_sessions_are_not_published(client, enrolled):
    group, first, _, _ = enrolled
    group.offering.status = OfferingStatus.DRAFT
    group.offering.save()
    assert client.get(f"/calendar/sessions/{first.pk}.ics").status_code == 404
    assert client.get(f"/calendar/work-groups/{group.pk}.ics").status_code == 404


def test_a_changed_session_keeps_its_uid_bumps_sequence_and_emails_participants(
        client, enrolled, on_commit):
    _, first, _, application = enrolled
    uid = f"session-{first.pk}@127.0.0.1"
    new_start = datetime(2024, 10, 10, 13, 0, tzinfo=clock.LONDON)
    on_commit(session_update, actor=None, session=first, data={
        "starts_at": new_start, "ends_at": new_start + timedelta(hours=2)})
    [email] = mail.outbox
    assert email.to == [application.applicant.email]
    assert email.subject.startswith("Changed:") and "Thursday 10 October 2024, 13:00" in email.body
    _, [event] = parse(client.get(f"/calendar/sessions/{first.pk}.ics").content)
    assert str(event["UID"]) == uid and event["SEQUENCE"] == 1
    # A change nobody needs telling about (the equivalent days) neither emails nor bumps.
    mail.outbox.clear()
    on_commit(session_update, actor=None, session=first, data={"required": False})
    assert mail.outbox == []


def test_a_cancelled_session_stays_in_the_feed_as_cancelled(client, enrolled, on_commit):
    _, first, _, application = enrolled
    on_commit(session_cancel, actor=None, session=first, reason="Snow")
    [email] = mail.outbox
    assert email.subject.startswith("Cancelled:") and "Snow" in email.body
    feed = calendar_feed_for(email=application.applicant.email)
    response = client.get(f"/calendar/feed/{links.feed_token(feed.pk, feed.nonce)}.ics")
    _, events = parse(response.content)
    cancelled = next(e for e in events if str(e["UID"]) == f"session-{first.pk}@127.0.0.1")
    assert str(cancelled["STATUS"]) == "CANCELLED" and cancelled["SEQUENCE"] == 1
    with pytest.raises(DomainError):
        session_update(actor=None, session=first, data={"required": False})
    with pytest.raises(DomainError, match="cancel"):
        session_delete(actor=None, session=first)


def test_the_private_feed_has_joining_links_and_stops_when_revoked(client, enrolled):
    _, _, second, application = enrolled
    feed = calendar_feed_for(email=application.applicant.email)
    url = f"/calendar/feed/{links.feed_token(feed.pk, feed.nonce)}.ics"
    response = client.get(url)
    assert response.status_code == 200 and b"meet.example.org/abc" in response.content
    assert response["Cache-Control"] == "private, no-store"
    calendar_feed_revoke(actor=None, email=application.applicant.email)
    assert client.get(url).status_code == 404
    assert client.get("/calendar/feed/not-a-token.ics").status_code == 404
    fresh = CalendarFeed.objects.get()
    assert client.get(f"/calendar/feed/{links.feed_token(fresh.pk, fresh.nonce)}.ics"
                      ).status_code == 200


def test_the_participant_finds_and_renews_their_feed_on_their_calendar_page(client, enrolled):
    _, _, _, application = enrolled
    sign_in(client, application.applicant)
    # The feed's link is signed with the time: the page and the test sign in the same second.
    with time_machine.travel(datetime(2024, 10, 1, 10, 0, tzinfo=clock.LONDON), tick=False):
        page = client.get("/calendar/").text
        feed = CalendarFeed.objects.get()
        assert links.feed_token(feed.pk, feed.nonce) in page
    client.post("/calendar/")
    assert CalendarFeed.objects.get().nonce != feed.nonce
    assert client.get("/calendar/").status_code == 200
    client.logout()
    assert client.get("/calendar/").status_code == 302


def test_reminders_go_once_per_participant_per_session(enrolled, settings):
    _, first, second, application = enrolled
    settings.WORKGROUPS_PINNED_NOW = None
    out = StringIO()
    # 1 October: the session on 3 October is within two days' notice; 14 November is not.
    with time_machine.travel(datetime(2024, 10, 1, 10, 0, tzinfo=clock.LONDON), tick=False):
        call_command("send_session_reminders", stdout=out)
        call_command("send_session_reminders", stdout=out)
        assert session_reminders_send() == 0
    assert out.getvalue().splitlines() == ["1 session reminder sent.",
                                           "0 session reminders sent."]
    [email] = mail.outbox
    assert email.to == [application.applicant.email] and email.subject.startswith("Reminder:")
    assert SessionReminder.objects.get().session == first
    with time_machine.travel(datetime(2024, 11, 13, 10, 0, tzinfo=clock.LONDON), tick=False):
        assert session_reminders_send() == 1
        assert session_reminders_send() == 0
    assert "meet.example.org/abc" in mail.outbox[-1].body


def test_the_worker_s_periodic_job_runs_the_same_work(enrolled, settings):
    from workgroups.ops.tasks import run_periodic_jobs

    settings.WORKGROUPS_PINNED_NOW = None
    with time_machine.travel(datetime(2024, 10, 1, 10, 0, tzinfo=clock.LONDON), tick=False):
        result = run_periodic_jobs.enqueue(reschedule=False)
    assert {key: result.return_value[key] for key in ("offers_lapsed", "reminders_sent",
                                                      "work_groups_completed")} == {
        "offers_lapsed": 0, "reminders_sent": 1, "work_groups_completed": 0}
    assert SessionReminder.objects.count() == 1


def test_a_lead_sees_their_own_work_group_and_no_other(client, enrolled):
    group, _, _, application = enrolled
    hub = group.offering.hub
    lead = factories.member(hub, Role.WORK_GROUP_LEAD)
    other = factories.work_group(group.offering, name="Birkenhead")
    staff = factories.member(hub, Role.HUB_STAFF)
    sign_in(client, staff)
    response = client.post(f"/staff/hubs/cw/work-groups/{group.pk}/", {"email": lead.email})
    assert response.status_code == 302 and list(group.leads.all()) == [lead]
    refused = client.post(f"/staff/hubs/cw/work-groups/{group.pk}/",
                          {"email": "stranger@example.org"})
    assert refused.status_code == 422 and "role at your hub" in refused.text
    sign_in(client, lead)
    home = client.get("/lead/").text
    assert "Chester" in home and "Birkenhead" not in home
    page = client.get(f"/lead/work-groups/{group.pk}/").text
    assert application.applicant.email in page and "meet.example.org/abc" in page
    assert client.get(f"/lead/work-groups/{other.pk}/").status_code == 404
    sign_in(client, staff)
    client.post(f"/staff/hubs/cw/work-groups/{group.pk}/leads/{lead.pk}/remove/")
    sign_in(client, lead)
    assert client.get(f"/lead/work-groups/{group.pk}/").status_code == 404


def test_a_lead_who_leaves_the_hub_no_longer_sees_the_work_group(client, enrolled):
    group, _, _, _ = enrolled
    lead = factories.member(group.offering.hub, Role.WORK_GROUP_LEAD)
    group.leads.add(lead)
    sign_in(client, lead)
    assert client.get(f"/lead/work-groups/{group.pk}/").status_code == 200
    lead.memberships.all().delete()
    assert client.get(f"/lead/work-groups/{group.pk}/").status_code == 404
    assert "Chester" not in client.get("/lead/").text
