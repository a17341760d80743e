"""Applications: the transitions table, the database's one-live-application rules, and the
services that start, save, submit, withdraw and lapse them."""

from __future__ import annotations

import threading
from datetime import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from tests import factories
from tests.applications.helpers import ECT, TEAM, started
from workgroups.applications.models import (
    APPLICATION_TRANSITIONS,
    FINAL_STATUSES,
    Application,
    ApplicationStatus,
    Endorsement,
)
from workgroups.applications.services import (
    application_answers_save,
    application_lapse,
    application_start,
    application_submit,
    application_withdraw,
    applications_lapse_stale_drafts,
    endorsement_respond,
)
from workgroups.audit.models import AuditEvent
from workgroups.catalogue.models import Offering
from workgroups.core import clock
from workgroups.core.services import DomainError

pytestmark = pytest.mark.django_db

S = ApplicationStatus
# --- The transitions table -------------------------------------------------------------------

def test_every_status_has_a_row_and_final_statuses_go_nowhere():
    assert set(APPLICATION_TRANSITIONS) == set(ApplicationStatus)
    assert {S.DECLINED, S.OFFER_DECLINED, S.WITHDRAWN, S.LAPSED} == FINAL_STATUSES
    for status, moves in APPLICATION_TRANSITIONS.items():
        assert status not in moves


@pytest.mark.parametrize(("start", "to", "allowed"), [
    (S.DRAFT, S.SUBMITTED, True),
    (S.DRAFT, S.READY_FOR_REVIEW, False),   # support and review cannot be skipped to
    (S.SUBMITTED, S.AWAITING_SUPPORT, True),
    (S.AWAITING_SUPPORT, S.READY_FOR_REVIEW, True),
    (S.AWAITING_SUPPORT, S.DECLINED, True),   # a supporter declined
    (S.READY_FOR_REVIEW, S.OFFERED, True),
    (S.WITHDRAWN, S.DRAFT, False),
    (S.LAPSED, S.SUBMITTED, False),
    (S.ACCEPTED, S.WITHDRAWN, True),
])
def test_transitions(start, to, allowed):
    assert (to in APPLICATION_TRANSITIONS[start]) is allowed


# --- Starting and saving ----------------------------------------------------------------------

def test_starting_twice_resumes_the_same_draft(ect_offering):
    applicant, first = started(ect_offering)
    again = application_start(applicant=applicant, offering=ect_offering)
    assert again.pk == first.pk
    assert first.status_changes.get().to_status == S.DRAFT


def test_answers_are_merged_and_the_audit_names_questions_not_answers(ect_offering):
    applicant, application = started(ect_offering, {"role": "classroom_teacher"})
    application = application_answers_save(applicant=applicant, application=application,
                                           answers={"urn": 111422, "why": "To grow"})
    assert application.answers == {"role": "classroom_teacher", "urn": 111422, "why": "To grow"}
    assert application.school_urn == 111422
    saved = AuditEvent.objects.filter(action="applications.application.answers_saved")
    assert [event.changes for event in saved.order_by("pk")] == [
        {"answered": ["role"]}, {"answered": ["urn", "why"]}]


def test_nobody_else_can_save_or_send_someone_s_application(ect_offering):
    _, application = started(ect_offering, ECT)
    stranger = factories.user()
    with pytest.raises(Application.DoesNotExist):
        application_answers_save(applicant=stranger, application=application, answers={"a": 1})
    with pytest.raises(Application.DoesNotExist):
        application_submit(applicant=stranger, application=application)


def test_an_offering_that_is_not_open_cannot_be_started(ect_offering, settings):
    settings.WORKGROUPS_PINNED_NOW = None
    with time_machine.travel("2024-10-19 09:00 +01:00", tick=False), pytest.raises(
            DomainError, match="closed on 18 October 2024"):
        application_start(applicant=factories.user(), offering=ect_offering)


# --- Submitting -------------------------------------------------------------------------------

def test_submitting_records_the_verdict_the_time_and_the_history(ect_offering):
    applicant, application = started(ect_offering, ECT)
    sent = application_submit(applicant=applicant, application=application)
    # Nobody to ask for support (the programme needs none), so it goes to the hub at once.
    assert sent.status == S.READY_FOR_REVIEW
    assert sent.submitted_at is not None
    assert sent.eligibility["outcome"] in {"eligible", "eligible_with_notes"}
    assert [c.to_status for c in sent.status_changes.all()] == [S.DRAFT, S.SUBMITTED,
                                                                S.READY_FOR_REVIEW]
    assert AuditEvent.objects.filter(action="applications.application.submitted").count() == 1


def test_a_double_clicked_submit_sends_one_application(ect_offering):
    applicant, application = started(ect_offering, ECT)
    application_submit(applicant=applicant, application=application)
    application_submit(applicant=applicant, application=application)
    assert Application.objects.count() == 1
    assert AuditEvent.objects.filter(action="applications.application.submitted").count() == 1


def test_the_window_closing_mid_journey_stops_the_submission(ect_offering, settings):
    applicant, application = started(ect_offering, ECT)
    settings.WORKGROUPS_PINNED_NOW = None
    with time_machine.travel("2024-10-19 00:00:01 +01:00", tick=False), pytest.raises(
            DomainError, match="closed on 18 October 2024"):
        application_submit(applicant=applicant, application=application)
    assert Application.objects.get().status == S.DRAFT


def test_the_last_minute_of_the_closing_day_still_counts(ect_offering, settings):
    applicant, application = started(ect_offering, ECT)
    settings.WORKGROUPS_PINNED_NOW = None
    # 23:59 in London on 18 October is 22:59 UTC: the window is London's, not UTC's.
    with time_machine.travel("2024-10-18 22:59:00 +00:00", tick=False):
        assert application_submit(applicant=applicant,
                                  application=application).submitted_at is not None


def test_an_ineligible_application_cannot_be_sent(ect_offering):
    applicant, application = started(ect_offering, {**ECT, "years_teaching": 3})
    with pytest.raises(DomainError, match="years 1 to 2"):
        application_submit(applicant=applicant, application=application)
    assert Application.objects.get().status == S.DRAFT


def test_a_sent_application_cannot_change(ect_offering):
    applicant, application = started(ect_offering, ECT)
    application_submit(applicant=applicant, application=application)
    with pytest.raises(DomainError, match="cannot change"):
        application_answers_save(applicant=applicant, application=application,
                                 answers={"role": "headteacher"})


def test_a_school_team_needs_a_school(team_offering):
    applicant, application = started(team_offering, {"role": "head_of_department"})
    with pytest.raises(DomainError, match="Choose your school"):
        application_submit(applicant=applicant, application=application)


def test_a_school_sends_one_team_application(team_offering):
    first_applicant, first = started(team_offering, TEAM)
    second_applicant, second = started(team_offering, TEAM)  # drafts may coexist
    application_submit(applicant=first_applicant, application=first)
    with pytest.raises(DomainError, match="already has an application"):
        application_submit(applicant=second_applicant, application=second)
    assert Application.objects.get(pk=second.pk).status == S.DRAFT


# --- Withdrawing and lapsing ------------------------------------------------------------------

def test_withdrawing_needs_a_reason_and_frees_the_place_for_a_new_application(ect_offering):
    applicant, application = started(ect_offering, ECT)
    application_submit(applicant=applicant, application=application)
    with pytest.raises(DomainError, match="why"):
        application_withdraw(applicant=applicant, application=application, reason="  ")
    withdrawn = application_withdraw(applicant=applicant, application=application,
                                     reason="My timetable changed")
    assert withdrawn.status == S.WITHDRAWN
    assert withdrawn.status_changes.latest("pk").note == "My timetable changed"
    again = application_start(applicant=applicant, offering=ect_offering)
    assert again.pk != application.pk and again.status == S.DRAFT
    with pytest.raises(DomainError, match="withdrawn cannot become withdrawn"):
        application_withdraw(applicant=applicant, application=withdrawn, reason="Again")


def test_a_lapsed_draft_is_final(ect_offering):
    _, application = started(ect_offering, ECT)
    lapsed = application_lapse(application=application, note="The window closed")
    assert lapsed.status == S.LAPSED
    assert AuditEvent.objects.get(action="applications.application.lapsed").actor is None


# --- The database holds the rules even if a service forgot them --------------------------------

def test_the_database_refuses_a_second_live_application_by_one_person(ect_offering):
    applicant, application = started(ect_offering)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(offering=ect_offering, applicant=applicant)


def test_the_database_refuses_a_second_sent_team_application_for_a_school(team_offering):
    _, application = started(team_offering, TEAM)
    Application.objects.filter(pk=application.pk).update(status=S.SUBMITTED,
                                                         submitted_at="2024-10-01T09:00Z")
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(offering=team_offering, applicant=factories.user(),
                                   is_school_team=True, school_urn=111422, status=S.SUBMITTED,
                                   submitted_at="2024-10-01T09:00Z")


def test_the_database_refuses_a_sent_application_without_a_time(ect_offering):
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(offering=ect_offering, applicant=factories.user(),
                                   status=S.SUBMITTED)


# --- Concurrency (PostgreSQL: real row locks and parallel transactions) -----------------------

def test_drafts_of_a_year_that_is_over_lapse_even_without_a_closing_date(ect_offering,
                                                                        settings):
    Offering.objects.filter(pk=ect_offering.pk).update(applications_close=None)
    _, stale = started(ect_offering, ECT)
    settings.WORKGROUPS_PINNED_NOW = datetime(2025, 8, 31, 12, 0, tzinfo=clock.LONDON)
    assert applications_lapse_stale_drafts() == 0  # the year's last day: it can still be sent
    settings.WORKGROUPS_PINNED_NOW = datetime(2025, 9, 1, 9, 0, tzinfo=clock.LONDON)
    assert applications_lapse_stale_drafts() == 1
    assert Application.objects.get(pk=stale.pk).status == S.LAPSED


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_team_submissions_for_one_school_leave_one(team_offering):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    drafts = [started(team_offering, TEAM) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit(applicant, application):
        try:
            barrier.wait()
            application_submit(applicant=applicant, application=application)
            outcomes.append("sent")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=pair) for pair in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "sent"]
    sent = Application.objects.filter(submitted_at__isnull=False)
    assert sent.count() == 1 and sent.get().status == S.AWAITING_SUPPORT  # asking the team
    assert Application.objects.filter(status=S.DRAFT).count() == 1


def test_stale_drafts_lapse_once_and_sent_ones_are_left(ect_offering, settings):
    _, stale = started(ect_offering, ECT)
    applicant, sent = started(ect_offering, ECT)
    application_submit(applicant=applicant, application=sent)
    settings.WORKGROUPS_PINNED_NOW = None
    out = StringIO()
    with time_machine.travel("2024-10-19 09:00 +01:00", tick=False):
        call_command("lapse_applications", stdout=out)
        call_command("lapse_applications", stdout=out)
    assert out.getvalue().splitlines() == ["1 draft application lapsed.",
                                           "0 draft applications lapsed."]
    assert Application.objects.get(pk=stale.pk).status == S.LAPSED
    assert Application.objects.get(pk=sent.pk).status == S.READY_FOR_REVIEW


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_supporters_answering_at_once_move_the_application_once(ect_offering):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    ect_offering.programme.required_supports = ["head_of_maths", "headteacher"]
    ect_offering.programme.save()
    applicant, draft = started(ect_offering, {**ECT, "supporters": {
        "head_of_maths": {"name": "Hattie", "email": "hattie@school.example.org"},
        "headteacher": {"name": "Helen", "email": "helen@school.example.org"}}})
    application_submit(applicant=applicant, application=draft)
    requests = list(Endorsement.objects.all())
    barrier = threading.Barrier(2)

    def answer(endorsement):
        try:
            barrier.wait()
            endorsement_respond(endorsement_id=endorsement.pk, nonce=endorsement.link_nonce,
                                give=True)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(e,)) for e in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    application = Application.objects.get()
    assert application.status == S.READY_FOR_REVIEW
    assert application.status_changes.filter(to_status=S.READY_FOR_REVIEW).count() == 1
