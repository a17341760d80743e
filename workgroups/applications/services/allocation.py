"""Allocation and the waiting list: the hub's decisions (offer, waitlist, decline, override,
reorder), the applicant's answer to an offer or withdrawal, offers running out, places passed on."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from workgroups.accounts.models import User
from workgroups.applications.models import (
    PLACE_HOLDING_STATUSES,
    Application,
    ApplicationStatus,
)
from workgroups.applications.selectors import (
    Places,
    offers_past_their_time,
    places_taken_by_work_group,
    places_taken_in_offering,
    waitlist,
    waitlist_position,
)
from workgroups.applications.services._shared import _send_application_email
from workgroups.applications.services.transitions import (
    application_transition,
    application_transition_check,
    status_history_write,
)
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import Offering
from workgroups.core import clock
from workgroups.core.services import DomainError
from workgroups.delivery.models import WorkGroup
from workgroups.delivery.services import (
    Participant,
    enrolments_create_for,
    enrolments_withdraw_for,
)

# Every service that gives or frees a place locks the offering's row first, then the
# application's. That one lock serialises allocation for the offering on PostgreSQL, so the
# capacity count read inside it is the truth at the moment of the write; SQLite serialises
# writers anyway (transactions begin IMMEDIATE). Capacity is therefore checked in the same
# transaction as the write, never before it.


def _lock_for_allocation(application_id: int) -> tuple[Offering, Application]:
    offering_id = (Application.objects.filter(pk=application_id)
                   .values_list("offering_id", flat=True).first())
    if offering_id is None:
        raise DomainError("No such application.", code="not_found")
    # of=("self",): lock the offering's row only, not its hub, programme and year.
    offering = (Offering.objects.select_for_update(of=("self",))
                .select_related("hub", "programme", "academic_year").get(pk=offering_id))
    application = Application.objects.select_for_update().get(pk=application_id)
    application.offering = offering
    return offering, application


def _capacity_problem(*, offering: Offering, work_group: WorkGroup,
                      application: Application) -> str | None:
    """Why giving ``application`` a place in ``work_group`` would exceed a capacity, or None.
    Call with the offering locked."""
    needed = application.participants
    taken = places_taken_by_work_group(work_group_ids=[work_group.pk]).get(work_group.pk,
                                                                           Places())
    after = taken.plus(school_urn=application.school_urn, participants=needed)
    if after.schools > work_group.capacity_schools:
        return (f"{work_group.name} is full: all {work_group.capacity_schools} school "
                f"place{'s' if work_group.capacity_schools != 1 else ''} are taken.")
    if after.participants > work_group.capacity_participants:
        left = max(work_group.capacity_participants - taken.participants, 0)
        return (f"{work_group.name} has {left} participant place{'s' if left != 1 else ''} "
                f"left, and this application needs {needed}.")
    if offering.capacity_schools is not None or offering.capacity_participants is not None:
        whole = places_taken_in_offering(offering_id=offering.pk).plus(
            school_urn=application.school_urn, participants=needed)
        if offering.capacity_schools is not None and whole.schools > offering.capacity_schools:
            return (f"The offering is full: all {offering.capacity_schools} school places "
                    f"across its Work Groups are taken.")
        if (offering.capacity_participants is not None
                and whole.participants > offering.capacity_participants):
            return (f"The offering is full: all {offering.capacity_participants} participant "
                    f"places across its Work Groups are taken.")
    return None


def _give_place(*, offering: Offering, application: Application, work_group: WorkGroup,
                actor: User | None, note: str = "",
                changes: dict[str, Any] | None = None) -> None:
    """Offer a place (the caller has checked capacity with the offering locked)."""
    now = clock.now()
    application.offering = offering  # the locked row, for the audit's hub
    application.work_group = work_group
    application.offered_at = now
    # Counted in London wall time, so an offer made at 10:00 runs to 10:00 across a clock change.
    application.offer_expires_at = (now.astimezone(clock.LONDON)
                                    + timedelta(days=settings.WORKGROUPS_OFFER_DAYS))
    application.waitlist_rank = None
    application_transition(application=application, to=ApplicationStatus.OFFERED, actor=actor,
                           action=AuditAction.APPLICATION_OFFERED, note=note,
                           update_fields=["work_group", "offered_at", "offer_expires_at",
                                          "waitlist_rank"],
                           changes={"work_group": work_group, **(changes or {})})


def application_offer(*, actor: User | None, application: Application,
                      work_group: WorkGroup) -> Application:
    """Offer the applicant a place in ``work_group`` of the same offering. Refused (code
    capacity_reached) when the Work Group or the offering has no room; refused (code
    invalid_transition) unless the application is ready for review or waiting for a place."""
    with transaction.atomic():
        offering, locked = _lock_for_allocation(application.pk)
        group = WorkGroup.objects.filter(pk=work_group.pk, offering_id=offering.pk).first()
        if group is None:
            raise DomainError("Choose one of this offering’s Work Groups.", field="work_group")
        application_transition_check(application=locked, to=ApplicationStatus.OFFERED)
        problem = _capacity_problem(offering=offering, work_group=group, application=locked)
        if problem:
            raise DomainError(problem, code="capacity_reached", field="work_group")
        _give_place(offering=offering, application=locked, work_group=group, actor=actor)
        _send_application_email(locked.pk, "offered")
    return locked


def application_waitlist(*, actor: User | None, application: Application) -> Application:
    """Put an application on the offering's waiting list, in order of submission."""
    with transaction.atomic():
        offering, locked = _lock_for_allocation(application.pk)
        application_transition_check(application=locked, to=ApplicationStatus.WAITLISTED)
        assert locked.submitted_at is not None  # every sent application has a time
        locked.waitlist_rank = locked.submitted_at.timestamp()
        application_transition(application=locked, to=ApplicationStatus.WAITLISTED, actor=actor,
                               action=AuditAction.APPLICATION_WAITLISTED,
                               update_fields=["waitlist_rank"])
        _send_application_email(locked.pk, "waitlisted")
    return locked


def application_decline(*, actor: User | None, application: Application,
                        reason: str) -> Application:
    """The hub turns an application down, saying why (the applicant is told the reason)."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Give a reason: the applicant will be told it.", field="reason")
    with transaction.atomic():
        offering, locked = _lock_for_allocation(application.pk)
        locked.decision_reason = reason
        locked.waitlist_rank = None
        application_transition(application=locked, to=ApplicationStatus.DECLINED, actor=actor,
                               action=AuditAction.APPLICATION_DECLINED, note=reason,
                               update_fields=["decision_reason", "waitlist_rank"],
                               changes={"reason": reason})
        _send_application_email(locked.pk, "declined")
    return locked


OVERRIDE_OUTCOMES = ("eligible", "eligible_with_notes", "not_eligible")


def application_eligibility_override(*, actor: User, application: Application, outcome: str,
                                     reason: str) -> Application:
    """Staff replace the recorded eligibility verdict, with a reason that is kept; the original
    verdict stays in the record beside the override."""
    reason = reason.strip()
    if outcome not in OVERRIDE_OUTCOMES:
        raise DomainError("Choose the verdict that should count.", field="outcome")
    if not reason:
        raise DomainError("Give the reason for overriding the verdict.", field="reason")
    with transaction.atomic():
        # The offering first, as every allocation does: an override may race a promotion.
        offering, locked = _lock_for_allocation(application.pk)
        if locked.status == ApplicationStatus.DRAFT:
            raise DomainError("A draft has no verdict to override.", code="invalid_transition")
        recorded = dict(locked.eligibility or {})
        original = (recorded.get("override") or {}).get("original", recorded.get("outcome", ""))
        recorded["override"] = {"original": original, "reason": reason,
                                "by": actor.get_full_name() or actor.email,
                                "at": clock.now().isoformat()}
        before = recorded.get("outcome", "")
        recorded["outcome"] = outcome
        locked.eligibility = recorded
        locked.save(update_fields=["eligibility", "updated_at"])
        audit_record(actor=actor, action=AuditAction.APPLICATION_ELIGIBILITY_OVERRIDDEN,
                     obj=locked, hub=offering.hub,
                     changes={"outcome": [before, outcome], "reason": reason})
    return locked


def application_waitlist_move(*, actor: User, application: Application, position: int,
                              reason: str) -> Application:
    """Move a waiting application to ``position`` (1 = first). The waiting list is first come,
    first served, so a move needs a reason, and it is audited."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Give the reason for changing the order.", field="reason")
    with transaction.atomic():
        offering, locked = _lock_for_allocation(application.pk)
        if locked.status != ApplicationStatus.WAITLISTED:
            raise DomainError("Only an application on the waiting list can be moved.",
                              code="invalid_transition")
        others = [a for a in waitlist(offering=offering) if a.pk != locked.pk]
        if not 1 <= position <= len(others) + 1:
            raise DomainError(f"Choose a position from 1 to {len(others) + 1}.",
                              field="position")
        before = waitlist_position(application=locked)
        ranks = [a.waitlist_rank or 0.0 for a in others]
        index = position - 1
        if not ranks:
            rank = locked.waitlist_rank or 0.0
        elif index == 0:
            rank = ranks[0] - 1.0
        elif index == len(ranks):
            rank = ranks[-1] + 1.0
        else:
            rank = (ranks[index - 1] + ranks[index]) / 2
        locked.waitlist_rank = rank
        locked.save(update_fields=["waitlist_rank", "updated_at"])
        # Not a transition (the status stays), but part of the application's story.
        status_history_write(
            application=locked, from_status=locked.status, to_status=locked.status, actor=actor,
            note=f"Moved from number {before} to number {position} on the waiting list: "
                 f"{reason}")
        audit_record(actor=actor, action=AuditAction.APPLICATION_WAITLIST_MOVED, obj=locked,
                     hub=offering.hub, changes={"position": [before, position],
                                                "reason": reason})
    return locked


def _promote_from_waitlist(*, offering: Offering, work_group: WorkGroup) -> list[Application]:
    """A place came free in ``work_group``: offer it to the first on the waiting list who is
    not found ineligible and whose team fits, and go on while places remain. Runs inside the
    transaction that freed the place, with the offering locked."""
    promoted: list[Application] = []
    for candidate in waitlist(offering=offering).select_for_update(of=("self",)):
        if candidate.eligibility_outcome == "not_eligible":
            continue
        if _capacity_problem(offering=offering, work_group=work_group, application=candidate):
            continue
        _give_place(offering=offering, application=candidate, work_group=work_group,
                    actor=None, note="A place came free; next on the waiting list.",
                    changes={"from_waiting_list": True})
        _send_application_email(candidate.pk, "offered_from_waitlist")
        promoted.append(candidate)
    return promoted


def _free_place(*, offering: Offering, application: Application, work_group_id: int | None,
                actor: User | None, reason: str) -> None:
    """After ``application`` let go of its place: end its enrolments and move the queue."""
    if work_group_id is None:
        return
    enrolments_withdraw_for(application=application, actor=actor, hub=offering.hub,
                            reason=reason)
    work_group = WorkGroup.objects.get(pk=work_group_id)
    _promote_from_waitlist(offering=offering, work_group=work_group)


def application_withdraw(*, applicant: User, application: Application,
                         reason: str) -> Application:
    """The applicant withdraws, saying why (the reason helps the hub plan)."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Tell us why you are withdrawing", field="reason")
    with transaction.atomic():
        offering, locked = _lock_for_allocation(application.pk)
        if locked.applicant_id != applicant.pk:
            raise DomainError("No such application.", code="not_found")
        locked.withdrawn_reason = reason
        locked.waitlist_rank = None
        before = application_transition(application=locked, to=ApplicationStatus.WITHDRAWN,
                                        actor=applicant,
                                        action=AuditAction.APPLICATION_WITHDRAWN, note=reason,
                                        update_fields=["withdrawn_reason", "waitlist_rank"])
        if before in PLACE_HOLDING_STATUSES:
            # An offered or accepted place is free again: the waiting list moves.
            _free_place(offering=offering, application=locked,
                        work_group_id=locked.work_group_id, actor=applicant, reason=reason)
    return locked


def _participants(application: Application) -> list[Participant]:
    """Who takes part: each member of a school team, else the applicant."""
    answers = application.parsed_answers
    if application.is_school_team and answers.team is not None:
        return [Participant(name=m.name, email=m.email.lower(), role=m.role)
                for m in answers.team]
    name = " ".join(part.strip() for part in (answers.first_name, answers.last_name)).strip()
    return [Participant(name=name or application.applicant.get_full_name() or "Participant",
                        email=application.applicant.email.lower(), role=answers.role or "")]


def offer_accept(*, applicant: User, application: Application) -> Application:
    """The applicant takes the place offered. Every participant (each member of a school team)
    is enrolled in the Work Group at once."""
    with transaction.atomic():
        offering, locked = _lock_for_allocation(application.pk)
        if locked.applicant_id != applicant.pk:
            raise DomainError("No such application.", code="not_found")
        if locked.status == ApplicationStatus.ACCEPTED:
            return locked  # a second click
        if (locked.status == ApplicationStatus.OFFERED and locked.offer_expires_at
                and clock.now() > locked.offer_expires_at):
            raise DomainError(f"This offer ran out on "
                              f"{locked.offer_expires_at.astimezone(clock.LONDON):%-d %B %Y}.",
                              code="offer_expired")
        application_transition_check(application=locked, to=ApplicationStatus.ACCEPTED)
        enrolments = enrolments_create_for(application=locked,
                                           participants=_participants(locked),
                                           actor=applicant, hub=offering.hub)
        application_transition(application=locked, to=ApplicationStatus.ACCEPTED,
                               actor=applicant, action=AuditAction.APPLICATION_ACCEPTED,
                               changes={"enrolments": len(enrolments)})
        _send_application_email(locked.pk, "accepted")
    return locked


def offer_decline(*, applicant: User, application: Application, reason: str = "") -> Application:
    """The applicant turns the place down; the next on the waiting list is offered it."""
    with transaction.atomic():
        offering, locked = _lock_for_allocation(application.pk)
        if locked.applicant_id != applicant.pk:
            raise DomainError("No such application.", code="not_found")
        locked.withdrawn_reason = reason.strip()
        application_transition(application=locked, to=ApplicationStatus.OFFER_DECLINED,
                               actor=applicant, action=AuditAction.APPLICATION_OFFER_DECLINED,
                               note=reason.strip(), update_fields=["withdrawn_reason"])
        _free_place(offering=offering, application=locked, work_group_id=locked.work_group_id,
                    actor=applicant, reason=reason.strip())
    return locked


def offers_expire() -> int:
    """Lapse every offer not answered in time and pass each place on to the waiting list. Safe
    to run any number of times (cron, or the worker's periodic job). Returns how many lapsed."""
    lapsed = 0
    for candidate in offers_past_their_time(now=clock.now()):
        with transaction.atomic():
            offering, locked = _lock_for_allocation(candidate.pk)
            if (locked.status != ApplicationStatus.OFFERED or locked.offer_expires_at is None
                    or locked.offer_expires_at >= clock.now()):
                continue  # answered in the meantime
            application_transition(application=locked, to=ApplicationStatus.LAPSED, actor=None,
                                   action=AuditAction.APPLICATION_OFFER_EXPIRED,
                                   note="The offer was not answered in time.")
            _send_application_email(locked.pk, "offer_expired")
            _free_place(offering=offering, application=locked,
                        work_group_id=locked.work_group_id, actor=None,
                        reason="The offer was not answered in time.")
            lapsed += 1
    return lapsed


BULK_ACTIONS = ("offer", "waitlist", "decline")


@dataclass
class BulkOutcome:
    done: list[Application] = dataclass_field(default_factory=list)
    refused: list[tuple[Application, str]] = dataclass_field(default_factory=list)


def applications_decide_in_bulk(*, actor: User, applications: list[Application], action: str,
                                work_group: WorkGroup | None = None,
                                reason: str = "") -> BulkOutcome:
    """Offer, waitlist or decline several applications, each in its own transaction, in the
    order given (so the earliest sent get the last places). One refusal does not stop the rest;
    each is reported with its reason."""
    if action not in BULK_ACTIONS:
        raise DomainError("Choose what to do with the selected applications.", field="action")
    if action == "offer" and work_group is None:
        raise DomainError("Choose the Work Group to offer places in.", field="work_group")
    if action == "decline" and not reason.strip():
        raise DomainError("Give a reason: the applicants will be told it.", field="reason")
    outcome = BulkOutcome()
    for application in applications:
        try:
            if action == "offer":
                assert work_group is not None
                done = application_offer(actor=actor, application=application,
                                         work_group=work_group)
            elif action == "waitlist":
                done = application_waitlist(actor=actor, application=application)
            else:
                done = application_decline(actor=actor, application=application, reason=reason)
        except DomainError as refusal:
            outcome.refused.append((application, refusal.message))
        else:
            outcome.done.append(done)
    return outcome
