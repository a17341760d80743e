"""The hub's decisions: offers within capacity, the waiting list and its automatic promotion,
declines, eligibility overrides, the applicant's answer to an offer, and bulk decisions."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import connection

from tests import factories
from workgroups.applications.models import Application, ApplicationStatus
from workgroups.applications.selectors import (
    places_taken_by_work_group,
    waitlist_position,
)
from workgroups.applications.services import (
    application_decline,
    application_eligibility_override,
    application_offer,
    application_waitlist,
    application_waitlist_move,
    application_withdraw,
    applications_decide_in_bulk,
    offer_accept,
    offer_decline,
)
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.core import clock
from workgroups.core.services import DomainError
from workgroups.delivery.models import Enrolment, EnrolmentOutcome

pytestmark = pytest.mark.django_db

S = ApplicationStatus
NOW = datetime(2024, 10, 1, 9, 0, tzinfo=clock.LONDON)


@pytest.fixture
def offering(pinned_clock):
    return factories.offering(contact_email="hub@example.org")


@pytest.fixture
def group(offering):
    return factories.work_group(offering, name="Chester", capacity_schools=2,
                                capacity_participants=4)


def ready(offering, n, **kwargs):
    return [factories.ready_application(offering, school_urn=100000 + i,
                                        submitted_at=NOW - timedelta(hours=n - i), **kwargs)
            for i in range(n)]


def staff(offering):
    return factories.member(offering.hub)


# --- Offers and capacity ----------------------------------------------------------------------

def test_an_offer_holds_a_place_for_seven_days_and_is_told(offering, group, on_commit):
    [application] = ready(offering, 1)
    actor = staff(offering)
    offered = on_commit(application_offer, actor=actor, application=application,
                        work_group=group)
    assert offered.status == S.OFFERED and offered.work_group == group
    assert offered.offer_expires_at == NOW + timedelta(days=7)
    assert places_taken_by_work_group(work_group_ids=[group.pk])[group.pk].schools == 1
    event = AuditEvent.objects.get(action="applications.application.offered")
    assert event.actor == actor and event.changes["status"] == ["ready_for_review", "offered"]
    [email] = mail.outbox
    assert email.to == [application.applicant.email]
    assert f"/applications/{application.pk}/offer/" in email.body


@pytest.mark.parametrize(("schools", "participants", "urns", "sizes", "expected"), [
    # capacity in schools, in participants; applicants' schools; their sizes; who gets a place
    (2, 10, [1, 2, 3], [1, 1, 1], [True, True, False]),       # the third school is refused
    (2, 10, [1, 1, 2], [1, 1, 1], [True, True, True]),        # same school counts once
    (5, 3, [1, 2, 3], [1, 1, 2], [True, True, False]),        # a team of 2 needs 2 places
    (5, 4, [1, 2, 3], [1, 1, 2], [True, True, True]),
    (1, 1, [None, None], [1, 1], [True, False]),              # no school: each is one
])
def test_capacity_in_schools_and_participants(offering, schools, participants, urns, sizes,
                                              expected):
    group = factories.work_group(offering, capacity_schools=schools,
                                 capacity_participants=participants)
    actor = staff(offering)
    outcomes = []
    for urn, size in zip(urns, sizes, strict=True):
        application = factories.ready_application(offering, school_urn=urn, participants=size)
        try:
            application_offer(actor=actor, application=application, work_group=group)
        except DomainError as refusal:
            assert refusal.code == "capacity_reached"
            assert Application.objects.get(pk=application.pk).status == S.READY_FOR_REVIEW
            outcomes.append(False)
        else:
            outcomes.append(True)
    assert outcomes == expected


def test_the_offering_s_own_capacity_spans_its_work_groups(offering):
    offering.capacity_schools = 1
    offering.save()
    first, second = (factories.work_group(offering) for _ in range(2))
    a, b = ready(offering, 2)
    application_offer(actor=None, application=a, work_group=first)
    with pytest.raises(DomainError, match="The offering is full") as refusal:
        application_offer(actor=None, application=b, work_group=second)
    assert refusal.value.code == "capacity_reached"


@pytest.mark.parametrize("status", ["draft", "awaiting_support", "declined", "accepted"])
def test_only_ready_or_waiting_applications_can_be_offered(offering, group, status):
    if status == "accepted":
        application = factories.ready_application(offering, school_urn=1)
        application_offer(actor=None, application=application, work_group=group)
        offer_accept(applicant=application.applicant, application=application)
    else:
        application = factories.ready_application(offering, school_urn=1, status=status)
    with pytest.raises(DomainError) as refusal:
        application_offer(actor=None, application=application, work_group=group)
    assert refusal.value.code == "invalid_transition"


def test_a_work_group_of_another_offering_is_refused(offering):
    [application] = ready(offering, 1)
    elsewhere = factories.work_group(factories.offering())
    with pytest.raises(DomainError, match="this offering"):
        application_offer(actor=None, application=application, work_group=elsewhere)


# --- Accepting, turning down, running out ------------------------------------------------------

def test_accepting_enrols_every_member_of_a_school_team(offering, group, on_commit):
    team = [{"name": "Ada Byron", "email": "Ada@school.example.org", "role": "Teacher"},
            {"name": "Blaise Pascal", "email": "blaise@school.example.org", "role": "Teacher"}]
    application = factories.ready_application(offering, school_urn=7, team=team)
    colleague = factories.user(email="blaise@school.example.org")
    application_offer(actor=None, application=application, work_group=group)
    mail.outbox.clear()
    accepted = on_commit(offer_accept, applicant=application.applicant,
                         application=application)
    assert accepted.status == S.ACCEPTED
    enrolments = list(Enrolment.objects.order_by("email"))
    assert [(e.email, e.school_urn, e.work_group_id) for e in enrolments] == [
        ("ada@school.example.org", 7, group.pk), ("blaise@school.example.org", 7, group.pk)]
    assert enrolments[1].user == colleague and enrolments[0].user is None
    # The applicant's confirmation, and each participant's place with their calendar feed.
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([application.applicant.email, "ada@school.example.org",
                                 "blaise@school.example.org"])
    assert all("/calendar/feed/" in m.body for m in mail.outbox
               if m.to[0] != application.applicant.email)
    again = offer_accept(applicant=application.applicant, application=application)
    assert again.status == S.ACCEPTED and Enrolment.objects.count() == 2


def test_each_enrolment_made_or_ended_is_audited(offering, group):
    team = [{"name": "Ada Byron", "email": "ada@school.example.org", "role": "Teacher"},
            {"name": "Blaise Pascal", "email": "blaise@school.example.org", "role": "Teacher"}]
    application = factories.ready_application(offering, school_urn=7, team=team)
    application_offer(actor=None, application=application, work_group=group)
    offer_accept(applicant=application.applicant, application=application)
    made = AuditEvent.objects.filter(action=AuditAction.ENROLMENT_CREATED)
    assert sorted(e.object_id for e in made) == sorted(
        str(pk) for pk in Enrolment.objects.values_list("pk", flat=True))
    assert all(e.actor == application.applicant and e.hub == offering.hub for e in made)
    application_withdraw(applicant=application.applicant, application=application,
                         reason="Moving school")
    ended = AuditEvent.objects.filter(action=AuditAction.ENROLMENT_WITHDRAWN)
    assert ended.count() == 2
    assert {e.changes["reason"] for e in ended} == {"Moving school"}


def test_only_the_applicant_accepts_and_not_after_the_offer_ran_out(offering, group, settings):
    [application] = ready(offering, 1)
    application_offer(actor=None, application=application, work_group=group)
    with pytest.raises(DomainError):
        offer_accept(applicant=factories.user(), application=application)
    settings.WORKGROUPS_PINNED_NOW = NOW + timedelta(days=7, minutes=1)
    with pytest.raises(DomainError, match="ran out") as refusal:
        offer_accept(applicant=application.applicant, application=application)
    assert refusal.value.code == "offer_expired"


# --- The waiting list ----------------------------------------------------------------------------

def test_the_waiting_list_is_first_come_first_served(offering, group, on_commit):
    late, early = (factories.ready_application(offering, school_urn=urn,
                                               submitted_at=NOW - timedelta(days=days))
                   for urn, days in ((1, 1), (2, 3)))
    for application in (late, early):
        on_commit(application_waitlist, actor=None, application=application)
    assert waitlist_position(application=Application.objects.get(pk=early.pk)) == 1
    assert waitlist_position(application=Application.objects.get(pk=late.pk)) == 2
    # Each was told its place when it joined: the early one went in ahead of the late one.
    assert ["number 1" in m.body for m in mail.outbox] == [True, True]


def test_withdrawing_an_offered_place_promotes_the_next_eligible_who_fits(offering, on_commit):
    group = factories.work_group(offering, capacity_schools=5, capacity_participants=2)
    holder = factories.ready_application(offering, school_urn=1, participants=2)
    application_offer(actor=None, application=holder, work_group=group)
    ineligible = factories.ready_application(offering, school_urn=2, outcome="not_eligible",
                                             status="waitlisted",
                                             submitted_at=NOW - timedelta(days=4))
    too_big = factories.ready_application(offering, school_urn=3, participants=3,
                                          status="waitlisted",
                                          submitted_at=NOW - timedelta(days=3))
    next_in_line = factories.ready_application(offering, school_urn=4, status="waitlisted",
                                               submitted_at=NOW - timedelta(days=2))
    after = factories.ready_application(offering, school_urn=5, status="waitlisted",
                                        submitted_at=NOW - timedelta(days=1))
    mail.outbox.clear()
    on_commit(application_withdraw, applicant=holder.applicant, application=holder,
              reason="Moved school")
    statuses = {a.pk: a.status for a in Application.objects.all()}
    assert statuses[holder.pk] == S.WITHDRAWN
    assert statuses[ineligible.pk] == S.WAITLISTED and statuses[too_big.pk] == S.WAITLISTED
    # Two participant places came free: both single applicants behind get them, in order.
    assert statuses[next_in_line.pk] == S.OFFERED and statuses[after.pk] == S.OFFERED
    subjects = [m.subject for m in mail.outbox]
    assert subjects.count("A place has come free for you: " + offering.programme.title) == 2


def test_withdrawing_an_accepted_place_ends_the_enrolments_and_moves_the_list(offering):
    group = factories.work_group(offering, capacity_schools=1, capacity_participants=1)
    holder, waiting = ready(offering, 2)
    application_offer(actor=None, application=holder, work_group=group)
    offer_accept(applicant=holder.applicant, application=holder)
    application_waitlist(actor=None, application=waiting)
    application_withdraw(applicant=holder.applicant, application=holder, reason="Ill")
    assert Enrolment.objects.get().outcome == EnrolmentOutcome.WITHDRAWN
    assert Application.objects.get(pk=waiting.pk).status == S.OFFERED


def test_turning_an_offer_down_passes_it_on(offering):
    group = factories.work_group(offering, capacity_schools=1, capacity_participants=1)
    holder, waiting = ready(offering, 2)
    application_offer(actor=None, application=holder, work_group=group)
    application_waitlist(actor=None, application=waiting)
    offer_decline(applicant=holder.applicant, application=holder, reason="Timetable clash")
    assert Application.objects.get(pk=holder.pk).status == S.OFFER_DECLINED
    promoted = Application.objects.get(pk=waiting.pk)
    assert promoted.status == S.OFFERED and promoted.work_group == group


def test_an_expired_offer_passes_on_once(offering, settings):
    group = factories.work_group(offering, capacity_schools=1, capacity_participants=1)
    holder, waiting = ready(offering, 2)
    application_offer(actor=None, application=holder, work_group=group)
    application_waitlist(actor=None, application=waiting)
    settings.WORKGROUPS_PINNED_NOW = None
    out = StringIO()
    with time_machine.travel(NOW + timedelta(days=6), tick=False):
        call_command("expire_offers", stdout=out)
    with time_machine.travel(NOW + timedelta(days=8), tick=False):
        call_command("expire_offers", stdout=out)
        call_command("expire_offers", stdout=out)
    assert out.getvalue().splitlines() == ["0 offers lapsed.", "1 offer lapsed.",
                                           "0 offers lapsed."]
    assert Application.objects.get(pk=holder.pk).status == S.LAPSED
    assert Application.objects.get(pk=waiting.pk).status == S.OFFERED
    assert AuditEvent.objects.filter(action="applications.application.offer_expired").count() == 1


def test_staff_reorder_the_waiting_list_only_with_a_reason_and_it_is_audited(offering):
    first, second, third = (factories.ready_application(
        offering, school_urn=i, status="waitlisted", submitted_at=NOW - timedelta(days=5 - i))
        for i in range(3))
    actor = staff(offering)
    with pytest.raises(DomainError, match="reason"):
        application_waitlist_move(actor=actor, application=third, position=1, reason=" ")
    application_waitlist_move(actor=actor, application=third, position=1,
                              reason="Their first application was lost in the post")
    order = [a.pk for a in Application.objects.filter(status="waitlisted")
             .order_by("waitlist_rank")]
    assert order == [third.pk, first.pk, second.pk]
    application_waitlist_move(actor=actor, application=third, position=2, reason="Correction")
    assert waitlist_position(application=Application.objects.get(pk=third.pk)) == 2
    events = AuditEvent.objects.filter(action="applications.application.waitlist_moved")
    assert [e.changes["position"] for e in events.order_by("pk")] == [[3, 1], [1, 2]]
    first_move = events.order_by("pk").first()
    assert first_move is not None
    assert first_move.changes["reason"] == "Their first application was lost in the post"
    with pytest.raises(DomainError, match="from 1 to 3"):
        application_waitlist_move(actor=actor, application=third, position=9, reason="x")


# --- Declines, overrides, bulk ----------------------------------------------------------------

def test_a_decline_needs_a_reason_that_the_applicant_is_told(offering, on_commit):
    [application] = ready(offering, 1)
    with pytest.raises(DomainError, match="reason"):
        application_decline(actor=None, application=application, reason="")
    on_commit(application_decline, actor=None, application=application,
              reason="Outside our area")
    assert Application.objects.get(pk=application.pk).status == S.DECLINED
    assert "Outside our area" in mail.outbox[-1].body


def test_an_override_keeps_the_original_verdict_and_the_reason(offering):
    application = factories.ready_application(offering, school_urn=1, outcome="not_eligible")
    actor = staff(offering)
    with pytest.raises(DomainError, match="reason"):
        application_eligibility_override(actor=actor, application=application,
                                         outcome="eligible", reason="")
    changed = application_eligibility_override(actor=actor, application=application,
                                               outcome="eligible",
                                               reason="Development done with another hub")
    assert changed.eligibility_outcome == "eligible"
    override = changed.eligibility_override
    assert override is not None and override["original"] == "not_eligible"
    assert override["reason"] == "Development done with another hub"
    event = AuditEvent.objects.get(action="applications.application.eligibility_overridden")
    assert event.changes["outcome"] == ["not_eligible", "eligible"]


def test_bulk_offers_fill_the_places_in_order_and_report_each_refusal(offering, group):
    applications = ready(offering, 4)
    result = applications_decide_in_bulk(actor=staff(offering), applications=applications,
                                         action="offer", work_group=group)
    assert [a.pk for a in result.done] == [a.pk for a in applications[:2]]
    assert [a.pk for a, _ in result.refused] == [a.pk for a in applications[2:]]
    assert all("full" in message for _, message in result.refused)
    result = applications_decide_in_bulk(actor=staff(offering), applications=applications[2:],
                                         action="waitlist")
    assert len(result.done) == 2 and not result.refused


# --- Concurrency -----------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_offers_and_accepts_place_exactly_fourteen_schools(pinned_clock):
    """60 applications from 60 schools; 50 threads offer (and then accept) at once against a
    Work Group with 14 school places. Exactly 14 hold places; every refusal is a capacity
    refusal; the rest end on the waiting list."""
    offering = factories.offering()
    group = factories.work_group(offering, capacity_schools=14, capacity_participants=100)
    applications = ready(offering, 60)
    barrier = threading.Barrier(50)
    refusals: list[str | None] = []
    errors: list[BaseException] = []

    def decide(application):
        try:
            barrier.wait()
            try:
                application_offer(actor=None, application=application, work_group=group)
            except DomainError as refusal:
                refusals.append(refusal.code)
                return
            if application.pk % 2:
                offer_accept(applicant=application.applicant, application=application)
        except BaseException as error:  # any other error fails the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(a,)) for a in applications[:50]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(refusals) == 36 and set(refusals) == {"capacity_reached"}
    for application in Application.objects.filter(status=S.READY_FOR_REVIEW):
        application_waitlist(actor=None, application=application)
    holding = Application.objects.filter(status__in=[S.OFFERED, S.ACCEPTED])
    assert holding.count() == 14
    assert places_taken_by_work_group(work_group_ids=[group.pk])[group.pk].schools == 14
    assert Application.objects.filter(status=S.WAITLISTED).count() == 46
    assert Enrolment.objects.count() == holding.filter(status=S.ACCEPTED).count()


def test_an_offer_runs_seven_days_in_london_time_across_the_clock_change(offering, group,
                                                                         settings):
    settings.WORKGROUPS_PINNED_NOW = datetime(2024, 10, 25, 10, 0, tzinfo=clock.LONDON)
    [application] = ready(offering, 1)
    offered = application_offer(actor=None, application=application, work_group=group)
    assert offered.offer_expires_at == datetime(2024, 11, 1, 10, 0, tzinfo=clock.LONDON)


def test_names_people_typed_reach_the_html_email_as_text(offering, group, on_commit):
    team = [{"name": "<b>Ada</b>", "email": "ada@school.example.org", "role": "Teacher"},
            {"name": "Blaise", "email": "blaise@school.example.org", "role": "Teacher"}]
    application = factories.ready_application(offering, school_urn=7, team=team)
    application_offer(actor=None, application=application, work_group=group)
    on_commit(offer_accept, applicant=application.applicant, application=application)
    [to_ada] = [m for m in mail.outbox if m.to == ["ada@school.example.org"]]
    assert isinstance(to_ada, EmailMultiAlternatives)
    html = str(to_ada.alternatives[0][0])
    assert "&lt;b&gt;Ada&lt;/b&gt;" in html and "<b>Ada</b>" not in html
    assert '<a href="http://127.0.0.1:8000/calendar/feed/' in html
