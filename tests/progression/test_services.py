"""Registers, corrections and uploads; outcomes into the record; withdrawals; the rollover's
copies and shifted dates; invitations; certificates."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from pypdf import PdfReader

from tests import factories
from workgroups.applications.models import Application, ApplicationStatus
from workgroups.applications.services import (
    application_offer,
    offer_accept,
    participant_withdraw,
)
from workgroups.audit.models import AuditEvent
from workgroups.catalogue.models import AcademicYear, Offering, OfferingQuestion
from workgroups.core import clock
from workgroups.core.services import DomainError
from workgroups.delivery.models import Attendance, AttendanceChange, Enrolment, Session
from workgroups.delivery.services import (
    register_mark_all_present,
    register_save,
    register_upload,
)
from workgroups.progression.certificate import certificate_pdf
from workgroups.progression.models import Invitation
from workgroups.progression.services import (
    hub_rollover,
    invitation_accept,
    invitations_send,
    shift_a_year,
    work_group_record_outcomes,
)
from workgroups.schools.models import ParticipationRecord

pytestmark = pytest.mark.django_db

TEAM = [{"name": "Ada Byron", "email": "ada@school.example.org", "role": "Teacher"},
        {"name": "Blaise Pascal", "email": "blaise@school.example.org", "role": "Teacher"},
        {"name": "Cleo Byron", "email": "cleo@school.example.org", "role": "Teacher"}]


def london(year, month, day, hour, minute):
    return datetime(year, month, day, hour, minute, tzinfo=clock.LONDON)


@pytest.fixture
def group(settings):
    # The day after the last session: every register can be taken, and outcomes recorded.
    settings.WORKGROUPS_PINNED_NOW = london(2025, 1, 16, 9, 0)
    offering = factories.offering()
    group = factories.work_group(offering, capacity_schools=1, capacity_participants=3)
    for day in (date(2024, 11, 5), date(2024, 12, 5), date(2025, 1, 15)):
        factories.session(group, day=day)
    application = factories.ready_application(offering, school_urn=111422, team=TEAM)
    application_offer(actor=None, application=application, work_group=group)
    offer_accept(applicant=application.applicant, application=application)
    return group


def people(group):
    return {e.email.split("@")[0]: e for e in group.enrolments.all()}


# --- Registers -----------------------------------------------------------------------------------

def test_marks_and_corrections_keep_their_history(group):
    staff = factories.member(group.offering.hub)
    session = group.sessions.first()
    ada = people(group)["ada"]
    assert register_save(actor=staff, session=session, marks={ada.pk: "absent"}) == 1
    assert register_save(actor=staff, session=session, marks={ada.pk: "absent"}) == 0
    assert register_save(actor=staff, session=session, marks={ada.pk: "present"}) == 1
    assert Attendance.objects.get().status == "present"
    assert [(c.from_status, c.to_status, c.actor) for c in AttendanceChange.objects.all()] == [
        ("", "absent", staff), ("absent", "present", staff)]
    assert AuditEvent.objects.filter(action="delivery.register.marked").count() == 2


@pytest.mark.parametrize(("marks", "message"), [
    ({"ADA": "late"}, "present, absent or apologies"),
    ({999999: "present"}, "no place in the Work Group"),
])
def test_a_bad_mark_saves_nothing(group, marks, message):
    ada = people(group)["ada"]
    marks = {(ada.pk if k == "ADA" else k): v for k, v in marks.items()}
    with pytest.raises(DomainError, match=message):
        register_save(actor=None, session=group.sessions.first(),
                      marks={people(group)["blaise"].pk: "present", **marks})
    assert not Attendance.objects.exists()


def test_a_cancelled_session_has_no_register(group):
    session = group.sessions.first()
    Session.objects.filter(pk=session.pk).update(cancelled_at=clock.now())
    session.refresh_from_db()
    with pytest.raises(DomainError, match="cancelled"):
        register_save(actor=None, session=session, marks={people(group)["ada"].pk: "present"})


@pytest.mark.parametrize(("now", "refused"), [
    (london(2024, 10, 1, 9, 0), True),     # five weeks before
    (london(2024, 11, 5, 8, 59), True),    # a minute before it starts
    (london(2024, 11, 5, 9, 0), False),    # as it starts
    (london(2024, 11, 5, 23, 0), False),   # the same evening
])
def test_a_register_is_taken_only_once_its_session_has_started(group, settings, now, refused):
    session = group.sessions.order_by("starts_at").first()  # 5 November 2024, 09:00
    ada = people(group)["ada"]
    settings.WORKGROUPS_PINNED_NOW = now
    if not refused:
        assert register_save(actor=None, session=session, marks={ada.pk: "present"}) == 1
        return
    with pytest.raises(DomainError, match="not started yet.*09:00 on Tuesday 5 November"):
        register_save(actor=None, session=session, marks={ada.pk: "present"})
    with pytest.raises(DomainError, match="not started yet") as upload:
        register_upload(actor=None, session=session, text="email,status\nada@school."
                                                            "example.org,present\n")
    assert upload.value.field == "file"
    with pytest.raises(DomainError, match="not started yet"):
        register_mark_all_present(actor=None, session=session)
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(("outcome", "why"), [
    ("withdrawn", "Withdrawn: no longer taking part"),
    ("completed", "Outcome recorded \\(completed\\)"),
    ("incomplete", "Outcome recorded \\(did not complete\\)"),
])
def test_a_withdrawn_or_finished_participant_cannot_be_marked(group, outcome, why):
    who = people(group)
    Enrolment.objects.filter(pk=who["ada"].pk).update(outcome=outcome)
    session = group.sessions.first()
    with pytest.raises(DomainError, match=f"Ada Byron cannot be marked. {why}") as refusal:
        register_save(actor=None, session=session,
                      marks={who["ada"].pk: "present", who["blaise"].pk: "present"})
    assert refusal.value.code == "not_markable"
    assert not Attendance.objects.exists()  # Blaise's mark was not saved either
    result = register_upload(actor=None, session=session, text=(
        "email,status\nada@school.example.org,present\nblaise@school.example.org,present\n"))
    assert result.saved == 1 and len(result.errors) == 1
    assert result.errors[0][0] == 2 and "Ada Byron cannot be marked" in result.errors[0][1]


def test_mark_all_present_marks_everyone_still_unmarked_and_keeps_other_marks(group):
    staff = factories.member(group.offering.hub)
    who = people(group)
    session = group.sessions.first()
    Enrolment.objects.filter(pk=who["cleo"].pk).update(outcome="withdrawn")
    register_save(actor=staff, session=session, marks={who["blaise"].pk: "apologies"})
    assert register_mark_all_present(actor=staff, session=session) == 1
    marks = {a.enrolment.email.split("@")[0]: a.status
             for a in Attendance.objects.select_related("enrolment")}
    assert marks == {"ada": "present", "blaise": "apologies"}
    assert AuditEvent.objects.filter(action="delivery.register.marked").count() == 2
    assert register_mark_all_present(actor=staff, session=session) == 0


def test_an_uploaded_register_reports_each_row_it_cannot_use(group):
    session = group.sessions.first()
    text = ("Email,Name,Status\n"
            "ADA@school.example.org,,Present\n"
            ",Blaise Pascal,apologies\n"
            ",Nobody Here,present\n"
            "stranger@example.org,,present\n"
            ",Cleo Byron,late\n"
            "\n")
    result = register_upload(actor=None, session=session, text=text)
    assert result.saved == 2
    assert result.errors == [
        (4, "No participant has this name."),
        (5, "Nobody with this email address has a place in the Work Group."),
        (6, "“late” is not a mark: use present, absent or apologies.")]
    marks = {a.enrolment.email: a.status for a in Attendance.objects.select_related("enrolment")}
    assert marks == {"ada@school.example.org": "present", "blaise@school.example.org":
                     "apologies"}
    assert set(AttendanceChange.objects.values_list("source", flat=True)) == {"upload"}


def test_an_upload_without_the_columns_is_refused(group):
    with pytest.raises(DomainError, match="status"):
        register_upload(actor=None, session=group.sessions.first(), text="who,what\nx,y\n")


# --- Outcomes -------------------------------------------------------------------------------------

def test_outcomes_follow_the_registers_and_can_be_recorded_again(group, settings):
    settings.WORKGROUPS_PINNED_NOW = london(2025, 8, 1, 9, 0)  # the sessions have been held
    sessions = list(group.sessions.all())
    who = people(group)
    for session in sessions:
        register_save(actor=None, session=session, marks={
            who["ada"].pk: "present", who["blaise"].pk: "present", who["cleo"].pk: "absent"})
    counts = work_group_record_outcomes(actor=None, work_group=group)
    assert counts == {"completed": 2, "incomplete": 1, "withdrawn": 0}
    records = ParticipationRecord.objects.order_by("email")
    assert [(r.email, r.school_urn, r.outcome) for r in records] == [
        ("ada@school.example.org", 111422, "completed"),
        ("blaise@school.example.org", 111422, "completed"),
        ("cleo@school.example.org", 111422, "incomplete")]
    # Recorded outcomes are final: their marks cannot change, and recording again writes the
    # same records, never a second set.
    with pytest.raises(DomainError, match="Outcome recorded") as refusal:
        register_save(actor=None, session=sessions[0], marks={who["cleo"].pk: "present"})
    assert refusal.value.code == "not_markable"
    assert work_group_record_outcomes(actor=None, work_group=group) == counts
    assert ParticipationRecord.objects.count() == 3
    assert Enrolment.objects.get(pk=who["cleo"].pk).outcome == "incomplete"


# --- Withdrawal -----------------------------------------------------------------------------------

def test_a_team_member_leaves_then_the_last_one_and_the_place_moves(group, settings):
    offering = group.offering
    waiting = factories.ready_application(offering, school_urn=222222, status="waitlisted")
    who = people(group)
    with pytest.raises(DomainError, match="reason"):
        participant_withdraw(actor=None, enrolment_id=who["ada"].pk, reason=" ")
    participant_withdraw(actor=None, enrolment_id=who["ada"].pk, reason="Moved school")
    application = Application.objects.get(school_urn=111422)
    assert application.status == ApplicationStatus.ACCEPTED and application.participants == 2
    # The school place is still held, so the waiting school cannot come in yet.
    assert Application.objects.get(pk=waiting.pk).status == ApplicationStatus.WAITLISTED
    participant_withdraw(actor=None, enrolment_id=who["blaise"].pk, reason="Ill")
    participant_withdraw(actor=None, enrolment_id=who["cleo"].pk, reason="Left teaching")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert Application.objects.get(pk=waiting.pk).status == ApplicationStatus.OFFERED
    again = participant_withdraw(actor=None, enrolment_id=who["cleo"].pk, reason="Twice")
    assert again.outcome == "withdrawn"
    assert work_group_record_outcomes(actor=None, work_group=group)["withdrawn"] == 3


# --- Rollover -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("when", "expected"), [
    (london(2024, 11, 5, 9, 0), london(2025, 11, 4, 9, 0)),     # Tuesday of ISO week 45
    (london(2025, 3, 20, 13, 30), london(2026, 3, 19, 13, 30)),  # Thursday of week 12
    (london(2026, 1, 1, 9, 0), london(2027, 1, 7, 9, 0)),        # Thursday of week 1
    (london(2024, 9, 2, 9, 0), london(2025, 9, 1, 9, 0)),        # kept inside the year
    (london(2025, 8, 31, 9, 0), london(2026, 8, 30, 9, 0)),
])
def test_sessions_move_to_the_same_weekday_of_the_same_week(when, expected):
    start = when.year if when.month >= 9 else when.year - 1
    into = factories.academic_year(start + 1)
    moved = shift_a_year(when, into)
    assert moved == expected
    assert moved.weekday() == when.weekday() and into.contains(moved.date())


def test_the_rollover_copies_drafts_once_with_dates_to_confirm(group):
    offering = group.offering
    hub = offering.hub
    lead = factories.member(hub)
    group.leads.add(lead)
    OfferingQuestion.objects.create(offering=offering, kind="text", text="Why?", position=1)
    Session.objects.filter(pk=group.sessions.last().pk).update(cancelled_at=clock.now())
    result = hub_rollover(actor=None, hub=hub, from_year=offering.academic_year)
    assert (result.offerings, result.work_groups, result.sessions) == (1, 1, 2)
    copy = Offering.objects.get(academic_year__slug="2025-26")
    assert copy.status == "draft" and copy.programme == offering.programme
    assert [q.text for q in copy.questions.all()] == ["Why?"]
    new_group = copy.work_groups.get()
    assert list(new_group.leads.all()) == [lead]
    assert new_group.capacity_schools == group.capacity_schools
    assert [s.to_confirm for s in new_group.sessions.all()] == [True, True]
    again = hub_rollover(actor=None, hub=hub, from_year=offering.academic_year)
    assert (again.offerings, again.already_there) == (0, 1)
    assert Offering.objects.filter(academic_year__slug="2025-26").count() == 1
    assert AcademicYear.objects.filter(slug="2025-26").count() == 1


def test_an_invitation_is_for_its_own_address_and_must_be_sent(group, settings):
    invitation = Invitation.objects.create(
        offering=factories.offering(hub=group.offering.hub), email="ada@school.example.org",
        completed_programme=group.offering.programme, name="Ada Byron", nonce="n")
    ada = factories.user(email="ada@school.example.org")
    with pytest.raises(DomainError, match="not open"):
        invitation_accept(user=ada, invitation=invitation)
    invitations_send(actor=None, hub=group.offering.hub, invitations=[invitation])
    invitation.refresh_from_db()
    with pytest.raises(DomainError, match="different email"):
        invitation_accept(user=factories.user(), invitation=invitation)
    application = invitation_accept(user=ada, invitation=invitation)
    assert application.answers == {"first_name": "Ada", "last_name": "Byron"}
    assert invitations_send(actor=None, hub=group.offering.hub, invitations=[invitation]) == 0


# --- Certificates ---------------------------------------------------------------------------------

def test_the_certificate_names_the_person_the_programme_and_the_days(group):
    enrolment = people(group)["ada"]
    enrolment.name = "Ada Byron-Lovelace"
    pdf = certificate_pdf(enrolment=enrolment, days=Decimal(3),
                          school_name="Upton-by-Chester High School")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for expected in ["Certificate of participation", "Ada Byron-Lovelace",
                     group.offering.programme.title, "2024/25", group.name, "3"]:
        assert expected in text, expected


@pytest.mark.parametrize(("now", "completed", "refusal"), [
    # 1 October: nothing has happened yet (the demo's "Record outcomes" marked everyone
    # "did not complete" on this day).
    (london(2024, 10, 1, 9, 0), False, "last session has ended, at 15:30 on Wednesday 15 "
                                       "January 2025"),
    (london(2025, 1, 15, 15, 29), False, "last session has ended"),  # still under way
    (london(2025, 1, 15, 15, 30), False, None),  # the last session is over
    (london(2024, 12, 1, 9, 0), True, None),  # the offering is marked completed
    (london(2025, 9, 1, 9, 0), False, None),  # the academic year is over
])
def test_outcomes_wait_until_the_work_group_is_over(group, settings, now, completed, refusal):
    if completed:
        Offering.objects.filter(pk=group.offering_id).update(status="completed")
    settings.WORKGROUPS_PINNED_NOW = now
    if refusal is None:
        assert sum(work_group_record_outcomes(actor=None, work_group=group).values()) == 3
        return
    with pytest.raises(DomainError, match=refusal) as refused:
        work_group_record_outcomes(actor=None, work_group=group)
    assert refused.value.code == "not_ended"
    assert set(group.enrolments.values_list("outcome", flat=True)) == {"enrolled"}
    assert not ParticipationRecord.objects.exists()
    assert not AuditEvent.objects.filter(action="progression.work_group.outcomes_recorded")


def test_a_cancelled_last_session_does_not_hold_outcomes_back(group, settings):
    last = group.sessions.order_by("starts_at").last()
    Session.objects.filter(pk=last.pk).update(cancelled_at=clock.now())
    settings.WORKGROUPS_PINNED_NOW = london(2024, 12, 6, 9, 0)  # the day after the second
    assert work_group_record_outcomes(actor=None, work_group=group)["incomplete"] == 3


def test_an_in_school_visit_counts_only_for_the_school_visited(group, settings):
    from workgroups.catalogue.models import CompletionRule
    from workgroups.delivery.services import session_in_school_visit_add

    programme = group.offering.programme
    programme.completion_rule, programme.completion_threshold = CompletionRule.MIN_PERCENT, 100
    programme.save()
    who = people(group)
    for session in group.sessions.all():
        register_save(actor=None, session=session, marks={e.pk: "present" for e in who.values()})
    visit = session_in_school_visit_add(actor=None, work_group=group,
                                        starts_at=london(2025, 2, 3, 13, 0),
                                        ends_at=london(2025, 2, 3, 15, 0))
    settings.WORKGROUPS_PINNED_NOW = london(2025, 8, 1, 9, 0)
    register_save(actor=None, session=visit, marks={who["ada"].pk: "absent"})
    work_group_record_outcomes(actor=None, work_group=group)
    outcomes = {e.email.split("@")[0]: e.outcome for e in group.enrolments.all()}
    # Ada missed her own school's visit; the others were not visited, so it is not theirs.
    assert outcomes == {"ada": "incomplete", "blaise": "completed", "cleo": "completed"}


def test_ended_work_groups_get_their_outcomes_once_the_year_is_over(group, settings):
    from workgroups.progression.services import work_groups_complete_ended

    settings.WORKGROUPS_PINNED_NOW = london(2025, 3, 1, 9, 0)  # all sessions held, year on
    assert work_groups_complete_ended() == 0
    settings.WORKGROUPS_PINNED_NOW = london(2025, 9, 1, 9, 0)  # the academic year is over
    assert work_groups_complete_ended() == 1
    assert work_groups_complete_ended() == 0  # nobody is still taking part
    assert set(group.enrolments.values_list("outcome", flat=True)) == {"incomplete"}


def test_a_participant_with_an_outcome_cannot_be_withdrawn(group, settings):
    settings.WORKGROUPS_PINNED_NOW = london(2025, 8, 1, 9, 0)
    work_group_record_outcomes(actor=None, work_group=group)
    with pytest.raises(DomainError, match="outcome is recorded") as refusal:
        participant_withdraw(actor=None, enrolment_id=people(group)["ada"].pk, reason="Late")
    assert refusal.value.code == "invalid_transition"


def test_invitations_to_a_draft_offering_wait_until_it_is_published(group):
    draft = factories.offering(hub=group.offering.hub, status="draft")
    invitation = Invitation.objects.create(offering=draft, email="ada@school.example.org",
                                           completed_programme=group.offering.programme,
                                           nonce="n")
    assert invitations_send(actor=None, hub=draft.hub, invitations=[invitation]) == 0
    Offering.objects.filter(pk=draft.pk).update(status="recruiting")
    assert invitations_send(actor=None, hub=draft.hub, invitations=[invitation]) == 1
