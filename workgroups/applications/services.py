"""Writes for applications. Every status change follows APPLICATION_TRANSITIONS, writes a history
row and an audit event in the same transaction, and is refused with a DomainError otherwise."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q

from workgroups.accounts.models import User
from workgroups.accounts.services import profile_remember
from workgroups.applications.models import (
    APPLICATION_TRANSITIONS,
    LIVE_STATUSES,
    PLACE_HOLDING_STATUSES,
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
    Endorsement,
    EndorsementKind,
    EndorsementStatus,
    InterestRegistration,
)
from workgroups.applications.selectors import (
    Places,
    drafts_past_their_window,
    endorsements_awaiting,
    interest_open_offering,
    offering_questions,
    offers_past_their_time,
    places_taken_by_work_group,
    places_taken_in_offering,
    question_specs,
    steps_for,
    waitlist,
    waitlist_position,
)
from workgroups.applications.steps import first_missing, missing_required, supports_needed
from workgroups.applications.tasks import (
    send_application_email,
    send_endorsement_email,
    send_interest_email,
)
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import Offering, SupportRole, Unit
from workgroups.core import clock
from workgroups.core.email import email_once
from workgroups.core.parse import parse_urn
from workgroups.core.services import DomainError
from workgroups.delivery.models import Enrolment, EnrolmentOutcome, WorkGroup
from workgroups.delivery.services import enrolments_create_for, enrolments_withdraw_for
from workgroups.eligibility.rules import FACT_KEYS, verdict_as_dict
from workgroups.eligibility.selectors import eligibility_check

ANSWER_KEY_MAX = 80
RESEND_AFTER = timedelta(days=1)  # an applicant may re-send a working link once a day


def _nonce() -> str:
    return secrets.token_urlsafe(16)


def _send_application_email(application_id: int, kind: str) -> None:
    transaction.on_commit(partial(send_application_email.enqueue, application_id, kind))


def _send_endorsement_email(endorsement_id: int, kind: str) -> None:
    transaction.on_commit(partial(send_endorsement_email.enqueue, endorsement_id, kind))


def _transition(*, application: Application, to: ApplicationStatus, actor: User | None,
                note: str = "") -> None:
    """Move a locked application to ``to``, or refuse. The caller saves any other fields."""
    current = ApplicationStatus(application.status)
    if to not in APPLICATION_TRANSITIONS[current]:
        raise DomainError(f"An application that is {current.label.lower()} cannot become "
                          f"{to.label.lower()}.", code="invalid_transition")
    application.status = to
    ApplicationStatusChange.objects.create(application=application, from_status=current,
                                           to_status=to, at=clock.now(), actor=actor, note=note)


def _window_problem(offering: Offering) -> str | None:
    if offering.accepts_applications_on(clock.today()):
        return None
    if offering.applications_close and clock.today() > offering.applications_close:
        return (f"Applications for this Work Group closed on "
                f"{offering.applications_close:%-d %B %Y}.")
    return "Applications for this Work Group are not open."


def application_start(*, applicant: User, offering: Offering) -> Application:
    """The applicant's live application to ``offering``: the one they have, else a new draft."""
    live = Application.objects.filter(offering=offering, applicant=applicant,
                                      status__in=LIVE_STATUSES)
    existing = live.first()
    if existing:
        return existing
    problem = _window_problem(offering)
    if problem:
        raise DomainError(problem)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                offering=offering, applicant=applicant,
                is_school_team=offering.programme.unit == Unit.SCHOOL_TEAM)
            ApplicationStatusChange.objects.create(application=application, from_status="",
                                                   to_status=ApplicationStatus.DRAFT,
                                                   at=clock.now(), actor=applicant)
            audit_record(actor=applicant, action=AuditAction.APPLICATION_STARTED,
                         obj=application, hub=offering.hub)
    except IntegrityError:
        # Another request by the same person started one a moment ago: resume that one.
        return live.get()
    return application


def application_answers_save(*, applicant: User, application: Application,
                             answers: Mapping[str, Any]) -> Application:
    """Merge answers into a draft (every step saves, so the applicant can leave and resume)."""
    if any(not isinstance(key, str) or not key or len(key) > ANSWER_KEY_MAX for key in answers):
        raise DomainError("An answer has no proper question name.")
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk,
                                                             applicant=applicant)
        if locked.status != ApplicationStatus.DRAFT:
            raise DomainError("This application has been sent, so its answers cannot change.")
        changed = sorted(key for key, value in answers.items()
                         if locked.answers.get(key) != value)
        if not changed:
            return locked
        locked.answers = {**locked.answers, **answers}
        urn = locked.answers.get("urn")
        # parse_urn: an answer saved before URNs were bounded (10**40) must not reach the column.
        locked.school_urn = parse_urn(urn) if isinstance(urn, int) else None
        locked.save(update_fields=["answers", "school_urn", "updated_at"])
        # The audit names the questions answered, not the answers: they are personal data.
        audit_record(actor=applicant, action=AuditAction.APPLICATION_ANSWERS_SAVED,
                     obj=locked, hub=locked.offering.hub, changes={"answered": changed})
    return locked


def application_answers_prefill(*, applicant: User, application: Application,
                                known: Mapping[str, Any]) -> Application:
    """Start a draft from what we already know (a finished eligibility check, an invitation):
    only questions the draft has no answer to yet, so nothing the applicant typed is lost."""
    fresh = {key: value for key, value in known.items()
             if value not in (None, "", [], {}) and key not in application.answers}
    if not fresh or application.status != ApplicationStatus.DRAFT:
        return application
    return application_answers_save(applicant=applicant, application=application, answers=fresh)


def _submission_problem(application: Application) -> DomainError | None:
    """Why a draft cannot be sent yet: a page not done, a required question unanswered, a team
    or a supporter missing. The pages check the same things; this is the server's word."""
    steps = steps_for(application=application)
    missing = first_missing(steps, application.answers)
    if missing is not None:
        return DomainError(f"Answer “{missing.title}” before you send the application.",
                           field=missing.slug)
    questions = offering_questions(offering=application.offering)
    unanswered = missing_required(question_specs(questions), application.answers)
    if unanswered:
        return DomainError(f"Answer “{unanswered[0]}” before you send the application.")
    programme = application.offering.programme
    team = application.answers.get("team")
    if application.is_school_team and (
            not isinstance(team, list) or len(team) != programme.team_size
            or not all(isinstance(m, dict) and m.get("name") and m.get("email")
                       and m.get("role") for m in team)):
        return DomainError(f"Name the {programme.team_size} people in your school’s team.",
                           field="team")
    supporters = application.answers.get("supporters") or {}
    for role in supports_needed(programme.required_supports, application.answers.get("role")):
        person = supporters.get(role) if isinstance(supporters, dict) else None
        if not isinstance(person, dict) or not person.get("name") or not person.get("email"):
            return DomainError(f"Tell us who your {SupportRole(role).label.lower()} is.",
                               field="support")
    return None


def _endorsements_create(application: Application, applicant: User) -> list[Endorsement]:
    """One request per team member (bar the applicant, who agrees by applying) and per support
    the programme needs (bar the one the applicant's own role gives)."""
    now = clock.now()
    requests: list[Endorsement] = []
    for member in application.answers.get("team") or []:
        if member["email"].lower() == applicant.email.lower():
            continue
        requests.append(Endorsement(application=application, kind=EndorsementKind.AGREEMENT,
                                    role=member["role"], name=member["name"],
                                    email=member["email"].lower(), link_nonce=_nonce(),
                                    link_sent_at=now))
    supporters = application.answers.get("supporters") or {}
    programme = application.offering.programme
    for role in supports_needed(programme.required_supports, application.answers.get("role")):
        person = supporters[role]
        requests.append(Endorsement(application=application, kind=EndorsementKind.SUPPORT,
                                    role=role, name=person["name"],
                                    email=person["email"].lower(), link_nonce=_nonce(),
                                    link_sent_at=now))
    try:
        with transaction.atomic():
            created = Endorsement.objects.bulk_create(requests)
    except IntegrityError:
        raise DomainError("Each person can be asked only once. Give a different email address "
                          "for each supporter.", field="support") from None
    return created


def application_submit(*, applicant: User, application: Application) -> Application:
    """Send a draft. The window and the eligibility rules are checked here, on the server, at
    this moment, whatever the pages showed; the verdict is recorded with the application.
    Supporters and team members are then asked (by email, after commit); with nobody to ask it
    is ready for the hub at once. Submitting an application already sent (a double click)
    changes nothing."""
    with transaction.atomic():
        locked = (Application.objects.select_for_update(of=("self",))
                  .select_related("offering__programme", "offering__hub",
                                  "offering__academic_year")
                  .get(pk=application.pk, applicant=applicant))
        if locked.status != ApplicationStatus.DRAFT:
            if locked.submitted_at is not None and locked.is_live:
                return locked  # already sent: the second click of a double click
            raise DomainError("This application can no longer be sent.")
        problem = _window_problem(locked.offering)
        if problem:
            raise DomainError(problem)
        if locked.is_school_team and locked.school_urn is None:
            raise DomainError("Choose your school before you send the application.",
                              field="urn")
        incomplete = _submission_problem(locked)
        if incomplete:
            raise incomplete
        facts = {key: value for key, value in locked.answers.items() if key in FACT_KEYS}
        facts["email"] = applicant.email
        verdict, _school = eligibility_check(offering=locked.offering, facts=facts)
        if verdict.outcome == "not_eligible":
            raise DomainError(" ".join(r.message for r in verdict.reasons if r.hard))
        locked.eligibility = verdict_as_dict(verdict)
        locked.submitted_at = clock.now()
        team = locked.answers.get("team")
        locked.participants = len(team) if locked.is_school_team and isinstance(team, list) else 1
        _transition(application=locked, to=ApplicationStatus.SUBMITTED, actor=applicant)
        try:
            with transaction.atomic():
                locked.save(update_fields=["status", "eligibility", "submitted_at",
                                           "participants", "updated_at"])
        except IntegrityError:
            raise DomainError("Your school already has an application for this Work Group. "
                              "A school applies once, as a team.", field="urn") from None
        endorsements = _endorsements_create(locked, applicant)
        _transition(application=locked, actor=None,
                    to=(ApplicationStatus.AWAITING_SUPPORT if endorsements
                        else ApplicationStatus.READY_FOR_REVIEW))
        locked.save(update_fields=["status", "updated_at"])
        profile_remember(user=applicant, answers=locked.answers)
        audit_record(actor=applicant, action=AuditAction.APPLICATION_SUBMITTED, obj=locked,
                     hub=locked.offering.hub,
                     changes={"status": ["draft", locked.status],
                              "eligibility": verdict.outcome,
                              "asked": [e.get_kind_display() for e in endorsements]})
        _send_application_email(locked.pk, "submitted")
        for endorsement in endorsements:
            _send_endorsement_email(endorsement.pk, "request")
    return locked


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
        before = locked.status
        _transition(application=locked, to=ApplicationStatus.WITHDRAWN, actor=applicant,
                    note=reason)
        locked.withdrawn_reason = reason
        locked.waitlist_rank = None
        locked.save(update_fields=["status", "withdrawn_reason", "waitlist_rank", "updated_at"])
        audit_record(actor=applicant, action=AuditAction.APPLICATION_WITHDRAWN, obj=locked,
                     hub=offering.hub, changes={"status": [before, locked.status]})
        if before in PLACE_HOLDING_STATUSES:
            # An offered or accepted place is free again: the waiting list moves.
            _free_place(offering=offering, application=locked,
                        work_group_id=locked.work_group_id)
    return locked


def application_lapse(*, application: Application, note: str) -> Application:
    """The system lapses an application that can no longer go on (a draft past the window,
    support never given)."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        before = locked.status
        _transition(application=locked, to=ApplicationStatus.LAPSED, actor=None, note=note)
        locked.save(update_fields=["status", "updated_at"])
        audit_record(actor=None, action=AuditAction.APPLICATION_LAPSED, obj=locked,
                     hub=locked.offering.hub, changes={"status": [before, locked.status]})
    return locked


# --- Endorsements: support and agreement from emailed links ---------------------------------

LINK_PROBLEMS = {
    "invalid": "This link is not valid. Check you copied the whole link from the email.",
    "replaced": "A newer link has been sent for this request. Use the link in the most recent "
                "email.",
    "answered": "This request has already been answered.",
    "expired": "This link has expired.",
    "closed": "This application is no longer waiting for an answer.",
}


def endorsement_link_problem(endorsement: Endorsement | None, nonce: str) -> str | None:
    """Why a link cannot be used now (a LINK_PROBLEMS key), or None if it can."""
    if endorsement is None:
        return "invalid"
    if endorsement.status != EndorsementStatus.REQUESTED:
        return "answered"
    if not secrets.compare_digest(endorsement.link_nonce, nonce):
        return "replaced"
    if endorsement.application.status != ApplicationStatus.AWAITING_SUPPORT:
        return "closed"
    if clock.now() >= endorsement.link_expires_at:
        return "expired"
    return None


def _locked_endorsement(endorsement_id: int) -> Endorsement:
    """The endorsement and its application, locked application first (as every writer does),
    so two supporters answering at once queue rather than deadlock."""
    application_id = (Endorsement.objects.filter(pk=endorsement_id)
                      .values_list("application_id", flat=True).first())
    if application_id is None:
        raise DomainError(LINK_PROBLEMS["invalid"])
    Application.objects.select_for_update().get(pk=application_id)
    return (Endorsement.objects.select_for_update(of=("self",))
            .select_related("application__offering__hub", "application__offering__programme")
            .get(pk=endorsement_id))


def endorsement_respond(*, endorsement_id: int, nonce: str, give: bool,
                        comment: str = "") -> Endorsement:
    """A supporter gives or declines support (a team member agrees or not) from their link.
    The link works once. When the last answer needed is given the application goes to the hub;
    a decline ends it. Either way the applicant is told."""
    comment = comment.strip()
    with transaction.atomic():
        endorsement = _locked_endorsement(endorsement_id)
        problem = endorsement_link_problem(endorsement, nonce)
        if problem:
            raise DomainError(LINK_PROBLEMS[problem])
        application = endorsement.application
        endorsement.status = EndorsementStatus.GIVEN if give else EndorsementStatus.DECLINED
        endorsement.comment = comment
        endorsement.responded_at = clock.now()
        endorsement.save(update_fields=["status", "comment", "responded_at", "updated_at"])
        audit_record(actor=None, action=(AuditAction.ENDORSEMENT_GIVEN if give
                             else AuditAction.ENDORSEMENT_DECLINED),
                     obj=endorsement, hub=application.offering.hub,
                     changes={"kind": endorsement.kind, "role": endorsement.role})
        if not give:
            who = ("A member of the team" if endorsement.kind == EndorsementKind.AGREEMENT
                   else SupportRole(endorsement.role).label)
            _transition(application=application, to=ApplicationStatus.DECLINED, actor=None,
                        note=f"{who} said no.")
            application.save(update_fields=["status", "updated_at"])
            _send_application_email(application.pk, "declined_by_supporter")
        elif not application.endorsements.exclude(status=EndorsementStatus.GIVEN).exists():
            _transition(application=application, to=ApplicationStatus.READY_FOR_REVIEW,
                        actor=None, note="Every support and agreement given.")
            application.save(update_fields=["status", "updated_at"])
            _send_application_email(application.pk, "ready_for_review")
    return endorsement


def _resend(endorsement: Endorsement) -> Endorsement:
    endorsement.link_nonce = _nonce()
    endorsement.link_sent_at = clock.now()
    endorsement.reminders_sent = 0
    endorsement.save(update_fields=["link_nonce", "link_sent_at", "reminders_sent",
                                    "updated_at"])
    audit_record(actor=None, action=AuditAction.ENDORSEMENT_LINK_RESENT, obj=endorsement,
                 hub=endorsement.application.offering.hub)
    _send_endorsement_email(endorsement.pk, "request")
    return endorsement


def endorsement_resend(*, applicant: User, endorsement_id: int) -> Endorsement:
    """The applicant sends a supporter a new link (the old one stops working). Allowed when the
    link has expired, or a day after it was sent, so nobody's inbox is flooded."""
    with transaction.atomic():
        endorsement = _locked_endorsement(endorsement_id)
        if endorsement.application.applicant_id != applicant.pk:
            raise DomainError(LINK_PROBLEMS["invalid"])
        problem = endorsement_link_problem(endorsement, endorsement.link_nonce)
        if problem not in (None, "expired"):
            raise DomainError(LINK_PROBLEMS[problem or "invalid"])
        if problem is None and clock.now() < endorsement.link_sent_at + RESEND_AFTER:
            raise DomainError(f"We sent {endorsement.name} a link today. You can send another "
                              f"tomorrow.")
        return _resend(endorsement)


def endorsement_renew_expired(*, endorsement_id: int, nonce: str) -> Endorsement:
    """From an expired link, the person it was for asks for a new one. It goes to the address
    the applicant gave (never one typed on the page), so the old link proves nothing more."""
    with transaction.atomic():
        endorsement = _locked_endorsement(endorsement_id)
        if endorsement_link_problem(endorsement, nonce) != "expired":
            raise DomainError("This link has not expired, so there is no need for a new one.")
        return _resend(endorsement)


REMINDER_DAYS = (5, 10)


def endorsements_send_reminders() -> int:
    """Remind everyone who has not answered, 5 and 10 days after their link was sent. Safe to
    run any number of times (cron, daily): each reminder goes once. Returns how many went."""
    now = clock.now()
    sent = 0
    for candidate in endorsements_awaiting(sent_before=now - timedelta(days=REMINDER_DAYS[0])):
        with transaction.atomic():
            endorsement = _locked_endorsement(candidate.pk)
            if endorsement_link_problem(endorsement, endorsement.link_nonce):
                continue  # answered, closed or expired since the list was read
            age = now - endorsement.link_sent_at
            due = sum(1 for days in REMINDER_DAYS if age >= timedelta(days=days))
            if endorsement.reminders_sent >= due:
                continue
            endorsement.reminders_sent = due
            endorsement.save(update_fields=["reminders_sent", "updated_at"])
            audit_record(actor=None, action=AuditAction.ENDORSEMENT_REMINDED,
                         obj=endorsement, hub=endorsement.application.offering.hub,
                         changes={"reminder": due})
            _send_endorsement_email(endorsement.pk, "reminder")
            sent += 1
    return sent


# --- Expressions of interest -----------------------------------------------------------------

def _send_interest_email(registration_id: int, kind: str) -> None:
    transaction.on_commit(partial(send_interest_email.enqueue, registration_id, kind))


def interest_register(*, offering: Offering, email: str, name: str = "",
                      school_urn: int | None = None) -> InterestRegistration:
    """Register interest in an offering that is not open. The answer is the same whether or not
    the address was registered before, so the form cannot be used to learn who registered."""
    if not offering.accepts_interest_on(clock.today()):
        if offering.accepts_applications_on(clock.today()):
            raise DomainError("Applications for this Work Group are open: apply instead of "
                              "registering interest.")
        raise DomainError(f"{offering.academic_year.label} is over, so there is nothing left "
                          f"to register interest in. Look at the hub’s current Work Groups "
                          f"instead." if clock.today() > offering.academic_year.ends_on else
                          "You can only register interest in a Work Group that is not open "
                          "for applications.")
    address = email.strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise DomainError("Enter an email address in the correct format, like name@example.org",
                          field="email") from None
    with transaction.atomic():
        registration, created = (InterestRegistration.objects.select_for_update()
                                 .get_or_create(offering=offering, email=address,
                                                defaults={"name": name.strip(),
                                                          "school_urn": school_urn}))
        if registration.unsubscribed_at:  # asked again after unsubscribing: opt in afresh
            registration.unsubscribed_at = registration.confirmed_at = None
            registration.notified_at = None
            registration.save(update_fields=["unsubscribed_at", "confirmed_at", "notified_at",
                                             "updated_at"])
        # At most one confirmation a day per address and offering, so the form cannot be used
        # to flood someone's inbox; the page answers the same either way.
        confirming = registration.confirmed_at is None and email_once(
            f"interest-confirm:{registration.pk}:{clock.today().isoformat()}")
        if confirming:
            _send_interest_email(registration.pk, "confirm")
        audit_record(actor=None, action=AuditAction.INTEREST_REGISTERED, obj=registration,
                     hub=offering.hub, changes={"new": created, "confirmation_sent": confirming})
    return registration


def interest_confirm(*, registration_id: int) -> InterestRegistration | None:
    """Confirm the address (double opt-in). If applications are already open for it — this
    offering or next year's — the opening email goes at once."""
    with transaction.atomic():
        registration = (InterestRegistration.objects.select_for_update()
                        .filter(pk=registration_id, unsubscribed_at__isnull=True).first())
        if registration is None:
            return None
        if registration.confirmed_at is None:
            registration.confirmed_at = clock.now()
            registration.save(update_fields=["confirmed_at", "updated_at"])
            audit_record(actor=None, action=AuditAction.INTEREST_CONFIRMED,
                         obj=registration, hub=registration.offering.hub)
            if interest_open_offering(registration=registration):
                _notify([registration])
    return registration


def interest_unsubscribe(*, registration_id: int) -> InterestRegistration | None:
    with transaction.atomic():
        registration = (InterestRegistration.objects.select_for_update()
                        .filter(pk=registration_id).first())
        if registration is None:
            return None
        if registration.unsubscribed_at is None:
            registration.unsubscribed_at = clock.now()
            registration.save(update_fields=["unsubscribed_at", "updated_at"])
            audit_record(actor=None, action=AuditAction.INTEREST_UNSUBSCRIBED,
                         obj=registration, hub=registration.offering.hub)
    return registration


def _notify(registrations: list[InterestRegistration]) -> None:
    """Mark the (locked) registrations told, in one statement, and queue one email each."""
    ids = [registration.pk for registration in registrations]
    now = clock.now()
    InterestRegistration.objects.filter(pk__in=ids).update(notified_at=now, updated_at=now)
    for registration in registrations:
        registration.notified_at = now  # callers show the instance they hold
        _send_interest_email(registration.pk, "opening")


def interest_notify_opening(*, offering: Offering) -> int:
    """Email, once, everyone with a confirmed interest in this offering or in the same hub's
    offering of the programme the year before. Call it in the transaction that opens the
    offering: the notified mark commits with the status, so toggling the status back and forth
    never emails anyone twice. Returns how many were told."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("interest_notify_opening must run inside the opening transaction.")
    previous_year = offering.academic_year.starts_on.year - 1
    waiting = list(InterestRegistration.objects.select_for_update().filter(
        Q(offering=offering) | Q(offering__hub_id=offering.hub_id,
                                 offering__programme_id=offering.programme_id,
                                 offering__academic_year__starts_on__year=previous_year),
        confirmed_at__isnull=False, notified_at__isnull=True, unsubscribed_at__isnull=True,
    ).order_by("pk"))
    _notify(waiting)
    return len(waiting)


def applications_lapse_stale_drafts() -> int:
    """Lapse every draft that can no longer be sent. Safe to run any number of times (cron,
    daily): each draft is lapsed once, in its own transaction. Returns how many were lapsed."""
    lapsed = 0
    for application in drafts_past_their_window(today=clock.today()):
        try:
            application_lapse(application=application,
                              note="Applications closed before it was sent.")
        except DomainError:
            continue  # sent or withdrawn in the meantime
        lapsed += 1
    return lapsed


# --- The hub's decisions: offer, waitlist, decline; the applicant's answer to an offer --------
#
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
                actor: User | None, note: str = "") -> None:
    """Offer a place (the caller has checked capacity with the offering locked)."""
    now = clock.now()
    _transition(application=application, to=ApplicationStatus.OFFERED, actor=actor, note=note)
    application.work_group = work_group
    application.offered_at = now
    # Counted in London wall time, so an offer made at 10:00 runs to 10:00 across a clock change.
    application.offer_expires_at = (now.astimezone(clock.LONDON)
                                    + timedelta(days=settings.WORKGROUPS_OFFER_DAYS))
    application.waitlist_rank = None
    application.save(update_fields=["status", "work_group", "offered_at", "offer_expires_at",
                                    "waitlist_rank", "updated_at"])


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
        if ApplicationStatus.OFFERED not in APPLICATION_TRANSITIONS[
                ApplicationStatus(locked.status)]:
            _transition(application=locked, to=ApplicationStatus.OFFERED, actor=actor)
        problem = _capacity_problem(offering=offering, work_group=group, application=locked)
        if problem:
            raise DomainError(problem, code="capacity_reached", field="work_group")
        before = locked.status
        _give_place(offering=offering, application=locked, work_group=group, actor=actor)
        audit_record(actor=actor, action=AuditAction.APPLICATION_OFFERED, obj=locked,
                     hub=offering.hub, changes={"status": [before, locked.status],
                                                "work_group": group})
        _send_application_email(locked.pk, "offered")
    return locked


def application_waitlist(*, actor: User | None, application: Application) -> Application:
    """Put an application on the offering's waiting list, in order of submission."""
    with transaction.atomic():
        offering, locked = _lock_for_allocation(application.pk)
        before = locked.status
        _transition(application=locked, to=ApplicationStatus.WAITLISTED, actor=actor)
        assert locked.submitted_at is not None  # every sent application has a time
        locked.waitlist_rank = locked.submitted_at.timestamp()
        locked.save(update_fields=["status", "waitlist_rank", "updated_at"])
        audit_record(actor=actor, action=AuditAction.APPLICATION_WAITLISTED, obj=locked,
                     hub=offering.hub, changes={"status": [before, locked.status]})
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
        before = locked.status
        _transition(application=locked, to=ApplicationStatus.DECLINED, actor=actor, note=reason)
        locked.decision_reason = reason
        locked.waitlist_rank = None
        locked.save(update_fields=["status", "decision_reason", "waitlist_rank", "updated_at"])
        audit_record(actor=actor, action=AuditAction.APPLICATION_DECLINED, obj=locked,
                     hub=offering.hub, changes={"status": [before, locked.status],
                                                "reason": reason})
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
        ApplicationStatusChange.objects.create(
            application=locked, from_status=locked.status, to_status=locked.status,
            at=clock.now(), actor=actor,
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
                    actor=None, note="A place came free; next on the waiting list.")
        audit_record(actor=None, action=AuditAction.APPLICATION_OFFERED, obj=candidate,
                     hub=offering.hub, changes={"status": ["waitlisted", "offered"],
                                                "work_group": work_group,
                                                "from_waiting_list": True})
        _send_application_email(candidate.pk, "offered_from_waitlist")
        promoted.append(candidate)
    return promoted


def _free_place(*, offering: Offering, application: Application,
                work_group_id: int | None) -> None:
    """After ``application`` let go of its place: end its enrolments and move the queue."""
    if work_group_id is None:
        return
    enrolments_withdraw_for(application=application)
    work_group = WorkGroup.objects.get(pk=work_group_id)
    _promote_from_waitlist(offering=offering, work_group=work_group)


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
        before = locked.status
        _transition(application=locked, to=ApplicationStatus.ACCEPTED, actor=applicant)
        locked.save(update_fields=["status", "updated_at"])
        enrolments = enrolments_create_for(application=locked)
        audit_record(actor=applicant, action=AuditAction.APPLICATION_ACCEPTED, obj=locked,
                     hub=offering.hub, changes={"status": [before, locked.status],
                                                "enrolments": len(enrolments)})
        _send_application_email(locked.pk, "accepted")
    return locked


def offer_decline(*, applicant: User, application: Application, reason: str = "") -> Application:
    """The applicant turns the place down; the next on the waiting list is offered it."""
    with transaction.atomic():
        offering, locked = _lock_for_allocation(application.pk)
        if locked.applicant_id != applicant.pk:
            raise DomainError("No such application.", code="not_found")
        before = locked.status
        _transition(application=locked, to=ApplicationStatus.OFFER_DECLINED, actor=applicant,
                    note=reason.strip())
        locked.withdrawn_reason = reason.strip()
        locked.save(update_fields=["status", "withdrawn_reason", "updated_at"])
        audit_record(actor=applicant, action=AuditAction.APPLICATION_OFFER_DECLINED,
                     obj=locked, hub=offering.hub, changes={"status": [before, locked.status]})
        _free_place(offering=offering, application=locked, work_group_id=locked.work_group_id)
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
            _transition(application=locked, to=ApplicationStatus.LAPSED, actor=None,
                        note="The offer was not answered in time.")
            locked.save(update_fields=["status", "updated_at"])
            audit_record(actor=None, action=AuditAction.APPLICATION_OFFER_EXPIRED,
                         obj=locked, hub=offering.hub, changes={"status": ["offered", "lapsed"]})
            _send_application_email(locked.pk, "offer_expired")
            _free_place(offering=offering, application=locked,
                        work_group_id=locked.work_group_id)
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


def participant_withdraw(*, actor: User | None, enrolment_id: int, reason: str) -> Enrolment:
    """A participant leaves a Work Group at any time (staff record it, or the applicant does),
    with a reason. Their place frees and the waiting list moves: the whole place when they were
    the last of their application's participants (the application is then withdrawn), else one
    participant place."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Give the reason for the withdrawal.", field="reason")
    application_id = (Enrolment.objects.filter(pk=enrolment_id)
                      .values_list("application_id", flat=True).first())
    if application_id is None:
        raise DomainError("No such participant.", code="not_found")
    with transaction.atomic():
        offering, locked = _lock_for_allocation(application_id)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment_id)
        if enrolment.outcome == EnrolmentOutcome.WITHDRAWN:
            return enrolment  # already left
        if enrolment.outcome != EnrolmentOutcome.ENROLLED:
            raise DomainError("This participant’s Work Group has ended and their outcome is "
                              "recorded. Correct the register and record the outcomes again "
                              "instead.", code="invalid_transition")
        enrolment.outcome = EnrolmentOutcome.WITHDRAWN
        enrolment.save(update_fields=["outcome", "updated_at"])
        remaining = locked.enrolments.exclude(outcome=EnrolmentOutcome.WITHDRAWN).count()
        audit_record(actor=actor, action=AuditAction.ENROLMENT_WITHDRAWN, obj=enrolment,
                     hub=offering.hub, changes={"reason": reason, "remaining": remaining})
        if remaining == 0 and locked.status in PLACE_HOLDING_STATUSES:
            before = locked.status
            _transition(application=locked, to=ApplicationStatus.WITHDRAWN, actor=actor,
                        note=reason)
            locked.withdrawn_reason = reason
            locked.save(update_fields=["status", "withdrawn_reason", "updated_at"])
            audit_record(actor=actor, action=AuditAction.APPLICATION_WITHDRAWN, obj=locked,
                         hub=offering.hub, changes={"status": [before, locked.status]})
        elif remaining:
            locked.participants = remaining
            locked.save(update_fields=["participants", "updated_at"])
        if locked.work_group_id is not None:
            _promote_from_waitlist(offering=offering,
                                   work_group=WorkGroup.objects.get(pk=locked.work_group_id))
    return enrolment
