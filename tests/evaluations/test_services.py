"""Who is invited to evaluate, when, and the one reminder: exactly once, however often the job
runs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail

from tests import factories
from tests.evaluations.conftest import enrol
from workgroups.audit.models import AuditEvent
from workgroups.core import clock
from workgroups.delivery.models import EnrolmentOutcome
from workgroups.evaluations.defaults import DEFAULT_QUESTIONS
from workgroups.evaluations.models import EvaluationInvitation, EvaluationQuestion
from workgroups.evaluations.services import (
    evaluation_invitations_send,
    evaluation_question_create,
    evaluation_question_move,
    evaluation_question_remove,
)

pytestmark = pytest.mark.django_db


def invited_addresses() -> list[str]:
    return sorted(EvaluationInvitation.objects.values_list("enrolment__email", flat=True))


def test_participants_not_withdrawn_are_invited_once_the_last_session_has_ended(ended, on_commit):
    assert on_commit(evaluation_invitations_send) == {"invited": 2, "reminded": 0}
    assert invited_addresses() == ["ann@example.org", "bob@example.org"]
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.org", "bob@example.org"]
    body = mail.outbox[0].body
    assert "/evaluation/" in body
    assert "ann@example.org" not in body.split("/evaluation/")[1].split()[0]
    # Nothing is sent twice.
    assert on_commit(evaluation_invitations_send) == {"invited": 0, "reminded": 0}
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.filter(action="evaluations.invitations.sent").count() == 1


def test_the_programme_is_given_the_default_set_when_it_has_none(ended, on_commit):
    on_commit(evaluation_invitations_send)
    texts = list(EvaluationQuestion.objects.filter(
        programme=ended.offering.programme).values_list("text", flat=True))
    assert texts == [text for _kind, text, _required in DEFAULT_QUESTIONS]


@pytest.mark.parametrize(("last_day", "cancelled", "expected"), [
    # The last session is still to come: nobody yet.
    (date(2024, 10, 8), False, 0),
    # The last session is cancelled: the one before it (30 September) was the last.
    (date(2024, 10, 8), True, 2),
    # Ended long ago (before the invitations existed): not written to now.
    (None, False, 2),
])
def test_when_a_work_group_counts_as_ended(ended, on_commit, last_day, cancelled, expected):
    if last_day is not None:
        factories.session(ended, day=last_day,
                          cancelled_at=clock.now() if cancelled else None)
    assert on_commit(evaluation_invitations_send)["invited"] == expected


def test_a_work_group_that_ended_long_ago_is_not_invited(ended, on_commit, settings):
    settings.WORKGROUPS_PINNED_NOW = clock.now() + timedelta(days=60)
    assert on_commit(evaluation_invitations_send)["invited"] == 0


def test_a_work_group_with_no_sessions_is_not_invited(pinned_clock, on_commit):
    group = factories.work_group(factories.offering())
    enrol(group, "cat@example.org")
    assert on_commit(evaluation_invitations_send)["invited"] == 0


def test_someone_enrolled_late_is_invited_on_the_next_run(ended, on_commit):
    on_commit(evaluation_invitations_send)
    enrol(ended, "dee@example.org")
    assert on_commit(evaluation_invitations_send)["invited"] == 1
    assert invited_addresses()[-1] == "dee@example.org"


@pytest.mark.parametrize(("days_later", "answered", "withdrawn", "reminded"), [
    (6, False, False, 0),    # too soon
    (7, False, False, 2),    # a week on: both
    (7, True, False, 1),     # one has answered
    (7, False, True, 1),     # one has withdrawn since
    (29, False, False, 0),   # the links have expired: no point
])
def test_the_one_reminder(ended, on_commit, settings, days_later, answered, withdrawn,
                          reminded):
    on_commit(evaluation_invitations_send)
    first = EvaluationInvitation.objects.order_by("pk").first()
    assert first is not None
    if answered:
        first.answered_on = clock.today()
        first.save()
    if withdrawn:
        first.enrolment.outcome = EnrolmentOutcome.WITHDRAWN
        first.enrolment.save()
    mail.outbox.clear()
    settings.WORKGROUPS_PINNED_NOW = clock.now() + timedelta(days=days_later)
    assert on_commit(evaluation_invitations_send)["reminded"] == reminded
    assert len(mail.outbox) == reminded
    assert all(m.subject == "Reminder: how was SKTM ECT?" for m in mail.outbox)
    # A second run, and a later one, send nothing more.
    assert on_commit(evaluation_invitations_send) == {"invited": 0, "reminded": 0}
    if days_later >= 7:
        settings.WORKGROUPS_PINNED_NOW = clock.now() + timedelta(days=3)
        assert on_commit(evaluation_invitations_send) == {"invited": 0, "reminded": 0}
        assert len(mail.outbox) == reminded


def test_the_periodic_job_sends_the_invitations(ended, on_commit):
    from workgroups.ops.tasks import run_periodic_jobs

    done = on_commit(run_periodic_jobs.call, reschedule=False)
    assert done["evaluations_invited"] == 2


def test_the_management_command_sends_them(ended, on_commit):
    from django.core.management import call_command

    on_commit(call_command, "send_evaluation_invitations")
    assert invited_addresses() == ["ann@example.org", "bob@example.org"]


def test_questions_are_added_at_the_end_moved_and_removed(pinned_clock):
    actor = factories.user()
    offering = factories.offering()
    data = {"kind": "agreement", "required": True}
    first = evaluation_question_create(actor=actor, offering=offering,
                                       data={**data, "text": "First"})
    second = evaluation_question_create(actor=actor, offering=offering,
                                        data={**data, "text": "Second"})
    evaluation_question_move(actor=actor, question=second, direction="up")
    mine = EvaluationQuestion.objects.filter(offering=offering)
    assert list(mine.values_list("text", flat=True)) == ["Second", "First"]
    evaluation_question_move(actor=actor, question=second, direction="up")  # already top
    evaluation_question_remove(actor=actor, question=first)
    assert list(mine.filter(removed=False).values_list("text", flat=True)) == ["Second"]


def test_adding_to_a_programme_on_the_default_set_keeps_the_set(pinned_clock):
    programme = factories.programme()
    evaluation_question_create(actor=factories.user(), programme=programme,
                               data={"kind": "text", "text": "Anything else?",
                                     "required": False})
    texts = list(EvaluationQuestion.objects.filter(programme=programme)
                 .values_list("text", flat=True))
    assert texts == [*(text for _k, text, _r in DEFAULT_QUESTIONS), "Anything else?"]


def test_a_question_s_kind_cannot_change_once_answered(pinned_clock):
    from workgroups.core.services import DomainError
    from workgroups.evaluations.models import EvaluationResponse
    from workgroups.evaluations.services import evaluation_question_update

    actor = factories.user()
    group = factories.work_group(factories.offering())
    question = evaluation_question_create(actor=actor, offering=group.offering,
                                          data={"kind": "agreement", "text": "Useful",
                                                "required": True})
    change = {"kind": "text", "text": "Useful?", "required": True}
    evaluation_question_update(actor=actor, question=question, data=change)  # no answers yet
    question.refresh_from_db()
    assert question.kind == "text"
    EvaluationResponse.objects.create(work_group=group, answers={str(question.pk): "Yes"})
    with pytest.raises(DomainError):
        evaluation_question_update(actor=actor, question=question,
                                   data={**change, "kind": "agreement"})
