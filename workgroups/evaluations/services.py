"""Writes for evaluations. Each runs in a transaction and records an audit event; emails are
queued when the transaction commits, carrying ids only."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, Literal

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q

from workgroups.accounts.models import User
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import Offering, Programme
from workgroups.core import clock
from workgroups.core.queue import enqueue_with_change
from workgroups.core.services import DomainError, full_clean_or_refuse, model_update
from workgroups.delivery.models import Enrolment, EnrolmentOutcome, WorkGroup
from workgroups.evaluations.defaults import DEFAULT_QUESTIONS
from workgroups.evaluations.links import LINK_DAYS, REMINDER_AFTER
from workgroups.evaluations.models import (
    Agreement,
    EvaluationInvitation,
    EvaluationQuestion,
    EvaluationQuestionKind,
    EvaluationResponse,
)
from workgroups.evaluations.selectors import link_expired, questions_for_offering

# Work Groups whose last session ended longer ago than this are not invited: so the first run
# after this feature arrives does not write to every participant of years gone by.
INVITE_WITHIN = timedelta(days=28)
MAX_TEXT = 2000


# --- Questions ------------------------------------------------------------------------------

def _clean_question(data: Mapping[str, Any]) -> dict[str, Any]:
    text = str(data.get("text", "")).strip()
    if not text:
        raise DomainError("Enter the question", field="text")
    return {"kind": EvaluationQuestionKind(data["kind"]), "text": text,
            "required": bool(data.get("required", True))}


def _hub_of(question: EvaluationQuestion) -> Any:
    return question.offering.hub if question.offering is not None else None


def evaluation_questions_ensure(*, programme: Programme) -> bool:
    """Give a programme with no questions the default national set; True if it was given."""
    with transaction.atomic():
        Programme.objects.select_for_update().get(pk=programme.pk)
        if EvaluationQuestion.objects.filter(programme=programme, removed=False).exists():
            return False
        last = (EvaluationQuestion.objects.filter(programme=programme)
                .aggregate(last=Max("position"))["last"] or 0)
        EvaluationQuestion.objects.bulk_create(
            EvaluationQuestion(programme=programme, position=last + n, kind=kind, text=text,
                               required=required)
            for n, (kind, text, required) in enumerate(DEFAULT_QUESTIONS, start=1))
        audit_record(actor=None, action=AuditAction.EVALUATION_DEFAULTS_SET, obj=programme,
                     hub=None, changes={"questions": len(DEFAULT_QUESTIONS)})
    return True


def evaluation_question_create(*, actor: User | None, data: Mapping[str, Any],
                               programme: Programme | None = None,
                               offering: Offering | None = None) -> EvaluationQuestion:
    """Add a question at the end of a programme's national set or an offering's own. A
    programme still on the default set keeps it: the new question is added after it."""
    if (programme is None) == (offering is None):
        raise ValueError("A question belongs to a programme or to an offering.")
    fields = _clean_question(data)
    if programme is not None:
        evaluation_questions_ensure(programme=programme)
    with transaction.atomic():
        if programme is not None:
            Programme.objects.select_for_update().get(pk=programme.pk)
            siblings = EvaluationQuestion.objects.filter(programme=programme)
        else:
            assert offering is not None
            Offering.objects.select_for_update().get(pk=offering.pk)
            siblings = EvaluationQuestion.objects.filter(offering=offering)
        last = siblings.aggregate(last=Max("position"))["last"] or 0
        question = EvaluationQuestion(programme=programme, offering=offering,
                                      position=last + 1, **fields)
        full_clean_or_refuse(question)
        question.save()
        audit_record(actor=actor, action=AuditAction.EVALUATION_QUESTION_ADDED, obj=question,
                     hub=offering.hub if offering is not None else None, changes=fields)
    return question


def evaluation_question_update(*, actor: User, question: EvaluationQuestion,
                               data: Mapping[str, Any]) -> EvaluationQuestion:
    """Change a question's words or whether it must be answered. Its kind stays once
    participants may have answered it (a scale's answers are not words)."""
    fields = _clean_question(data)
    with transaction.atomic():
        locked = EvaluationQuestion.objects.select_for_update().get(pk=question.pk)
        if fields["kind"] != locked.kind and _has_answers(locked):
            raise DomainError("Participants have answered this question, so its type of "
                              "answer cannot change. Remove it and add a new one.", field="kind")
        locked, changes = model_update(instance=locked, data=fields)
        if changes:
            audit_record(actor=actor, action=AuditAction.EVALUATION_QUESTION_CHANGED,
                         obj=locked, hub=_hub_of(question), changes=changes)
    return locked


def _has_answers(question: EvaluationQuestion) -> bool:
    return EvaluationResponse.objects.filter(answers__has_key=str(question.pk)).exists()


def evaluation_question_move(*, actor: User, question: EvaluationQuestion,
                             direction: Literal["up", "down"]) -> None:
    """Swap a question with its neighbour above or below (nothing at either end)."""
    with transaction.atomic():
        owner = (Q(programme_id=question.programme_id) if question.programme_id
                 else Q(offering_id=question.offering_id))
        siblings = list(EvaluationQuestion.objects.select_for_update()
                        .filter(owner, removed=False).order_by("position", "pk"))
        index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(siblings):
            return
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, each in enumerate(siblings, start=1):
            if each.position != position:
                each.position = position
                each.save(update_fields=["position", "updated_at"])
        audit_record(actor=actor, action=AuditAction.EVALUATION_QUESTION_MOVED, obj=question,
                     hub=_hub_of(question), changes={"direction": direction})


def evaluation_question_remove(*, actor: User, question: EvaluationQuestion) -> None:
    """Stop asking a question. It is kept, so answers already given still count in results."""
    with transaction.atomic():
        locked = EvaluationQuestion.objects.select_for_update().get(pk=question.pk)
        locked.removed = True
        locked.save(update_fields=["removed", "updated_at"])
        audit_record(actor=actor, action=AuditAction.EVALUATION_QUESTION_REMOVED, obj=locked,
                     hub=_hub_of(question), changes={"text": locked.text})


# --- Invitations and the one reminder -------------------------------------------------------

def _queue(invitation_id: int, kind: str) -> None:
    from workgroups.evaluations.tasks import send_evaluation_email

    enqueue_with_change(send_evaluation_email, invitation_id, kind)


def _ended_work_groups(now: datetime) -> list[WorkGroup]:
    """Work Groups whose last session that is not cancelled has ended, recently."""
    waiting = Enrolment.objects.filter(work_group=OuterRef("pk"),
                                       evaluation_invitation__isnull=True).exclude(
        outcome=EnrolmentOutcome.WITHDRAWN)
    return list(WorkGroup.objects.select_related("offering__programme", "offering__hub")
                .annotate(last_end=Max("sessions__ends_at",
                                       filter=Q(sessions__cancelled_at__isnull=True)))
                .filter(Exists(waiting), last_end__lte=now, last_end__gt=now - INVITE_WITHIN)
                .order_by("pk"))


def _invite(work_group: WorkGroup, now: datetime) -> int:
    with transaction.atomic():
        # One run at a time per Work Group: a second run waits, then finds everyone invited.
        WorkGroup.objects.select_for_update().get(pk=work_group.pk)
        waiting = list(Enrolment.objects.filter(work_group=work_group,
                                                evaluation_invitation__isnull=True)
                       .exclude(outcome=EnrolmentOutcome.WITHDRAWN)
                       .order_by("pk").values_list("pk", flat=True))
        if not waiting:
            return 0
        made = [EvaluationInvitation.objects.create(
            enrolment_id=enrolment_id, work_group=work_group,
            nonce=secrets.token_urlsafe(16), sent_at=now) for enrolment_id in waiting]
        for invitation in made:
            _queue(invitation.pk, "invitation")
        audit_record(actor=None, action=AuditAction.EVALUATION_INVITATIONS_SENT,
                     obj=work_group, hub=work_group.offering.hub,
                     changes={"invited": len(made)})
    return len(made)


def _remind(work_group: WorkGroup, invitation_ids: list[int], now: datetime) -> int:
    sent = 0
    with transaction.atomic():
        for invitation_id in invitation_ids:
            # A conditional update: exactly one run sees the row still unreminded.
            claimed = EvaluationInvitation.objects.filter(
                pk=invitation_id, reminded_at__isnull=True, answered_on__isnull=True,
            ).update(reminded_at=now)
            if claimed:
                _queue(invitation_id, "reminder")
                sent += 1
        if sent:
            audit_record(actor=None, action=AuditAction.EVALUATION_REMINDERS_SENT,
                         obj=work_group, hub=work_group.offering.hub,
                         changes={"reminded": sent})
    return sent


def evaluation_invitations_send(*, now: datetime | None = None) -> dict[str, int]:
    """Invite every participant (not withdrawn) of each Work Group whose last session has
    ended, and remind once, a week later, those who have not answered while their link still
    works. Exactly once each, however often it runs."""
    now = now or clock.now()
    invited = 0
    for work_group in _ended_work_groups(now):
        evaluation_questions_ensure(programme=work_group.offering.programme)
        invited += _invite(work_group, now)
    due = (EvaluationInvitation.objects
           .filter(reminded_at__isnull=True, answered_on__isnull=True,
                   sent_at__lte=now - REMINDER_AFTER,
                   sent_at__gt=now - timedelta(days=LINK_DAYS))
           .exclude(enrolment__outcome=EnrolmentOutcome.WITHDRAWN)
           .values_list("work_group_id", "pk").order_by("work_group_id", "pk"))
    by_group: dict[int, list[int]] = {}
    for work_group_id, pk in due:
        by_group.setdefault(work_group_id, []).append(pk)
    groups = WorkGroup.objects.select_related("offering__hub").in_bulk(list(by_group))
    reminded = sum(_remind(groups[group_id], ids, now) for group_id, ids in by_group.items())
    return {"invited": invited, "reminded": reminded}


# --- Answering ------------------------------------------------------------------------------

def _clean_answers(questions: list[EvaluationQuestion],
                   answers: Mapping[str, Any]) -> dict[str, int | str]:
    clean: dict[str, int | str] = {}
    for question in questions:
        value = answers.get(question.field_name)
        if question.is_scale:
            if value in (None, ""):
                if question.required:
                    raise DomainError("Select how much you agree", field=question.field_name)
                continue
            try:
                point = int(value)
            except (TypeError, ValueError):
                point = 0
            if point not in Agreement.values:
                raise DomainError("Select how much you agree", field=question.field_name)
            clean[str(question.pk)] = point
        else:
            text = str(value or "").strip()[:MAX_TEXT]
            if not text:
                if question.required:
                    raise DomainError("Enter your answer", field=question.field_name)
                continue
            clean[str(question.pk)] = text
    return clean


def evaluation_response_submit(*, invitation: EvaluationInvitation,
                               answers: Mapping[str, Any]) -> EvaluationResponse:
    """Save a participant's answers, tied to the Work Group only, and mark the invitation
    answered (the day only). A link already used, or expired, is refused."""
    with transaction.atomic():
        locked = (EvaluationInvitation.objects.select_for_update()
                  .select_related("work_group__offering__hub").get(pk=invitation.pk))
        if locked.answered_on is not None:
            raise DomainError("This evaluation has already been answered with this link.",
                              code="used")
        if link_expired(locked):
            raise DomainError("This link has expired.", code="expired")
        offering = locked.work_group.offering
        clean = _clean_answers(questions_for_offering(offering=offering), answers)
        response = EvaluationResponse.objects.create(work_group=locked.work_group,
                                                     answers=clean)
        locked.answered_on = clock.today()
        locked.save(update_fields=["answered_on"])
        # The event names the Work Group, not the invitation or the response.
        audit_record(actor=None, action=AuditAction.EVALUATION_ANSWERED, obj=locked.work_group,
                     hub=offering.hub)
    return response
