"""Drafts and submission: start, save answers, send (asking supporters and team members), lapse."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction

from workgroups.accounts.models import User
from workgroups.applications.addresses import same_mailbox
from workgroups.applications.models import (
    LIVE_STATUSES,
    Application,
    ApplicationStatus,
    Endorsement,
    EndorsementKind,
)
from workgroups.applications.selectors import (
    drafts_past_their_window,
    offering_questions,
    question_specs,
    steps_for,
)
from workgroups.applications.services._shared import (
    _nonce,
    _send_application_email,
    _send_endorsement_email,
)
from workgroups.applications.services.profile import profile_remember
from workgroups.applications.services.transitions import (
    application_transition,
    status_history_write,
)
from workgroups.applications.steps import first_missing, missing_required, supports_needed
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import Offering, SupportRole, Unit
from workgroups.core import clock
from workgroups.core.services import DomainError
from workgroups.core.throttle import email_once_a_day
from workgroups.eligibility.rules import verdict_as_dict
from workgroups.eligibility.selectors import eligibility_check

ANSWER_KEY_MAX = 80


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
            status_history_write(application=application, from_status="",
                                 to_status=ApplicationStatus.DRAFT, actor=applicant)
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
        current = locked.parsed_answers
        changed = sorted(key for key, value in answers.items() if current.value(key) != value)
        if not changed:
            return locked
        locked.answers = {**current.as_dict(), **answers}
        # Bounded by the parse: an answer saved before URNs were bounded (10**40) must not
        # reach the column.
        locked.school_urn = locked.parsed_answers.urn
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
             if value not in (None, "", [], {}) and not application.parsed_answers.has(key)}
    if not fresh or application.status != ApplicationStatus.DRAFT:
        return application
    return application_answers_save(applicant=applicant, application=application, answers=fresh)


def _submission_problem(application: Application) -> DomainError | None:
    """Why a draft cannot be sent yet: a page not done, a required question unanswered, a team
    or a supporter missing. The pages check the same things; this is the server's word."""
    answers = application.parsed_answers
    steps = steps_for(application=application)
    missing = first_missing(steps, answers)
    if missing is not None:
        return DomainError(f"Answer “{missing.title}” before you send the application.",
                           field=missing.slug)
    questions = offering_questions(offering=application.offering)
    unanswered = missing_required(question_specs(questions), answers)
    if unanswered:
        return DomainError(f"Answer “{unanswered[0]}” before you send the application.")
    programme = application.offering.programme
    team = answers.team
    if application.is_school_team and (
            team is None or len(team) != programme.team_size
            or not all(member.complete for member in team)):
        return DomainError(f"Name the {programme.team_size} people in your school’s team.",
                           field="team")
    for role in supports_needed(programme.required_supports, answers.role):
        person = answers.supporter(role)
        if person is None or not person.complete:
            return DomainError(f"Tell us who your {SupportRole(role).label.lower()} is.",
                               field="support")
        if same_mailbox(person.email, application.applicant.email):
            return DomainError(f"Give your {SupportRole(role).label.lower()}’s own email "
                               "address: the one given is yours, and you cannot support your "
                               "own application.", field="support")
    return None


def _endorsements_create(application: Application, applicant: User) -> list[Endorsement]:
    """One request per team member (bar the applicant, who agrees by applying) and per support
    the programme needs (bar the one the applicant's own role gives)."""
    now = clock.now()
    requests: list[Endorsement] = []
    answers = application.parsed_answers
    for member in answers.team or ():
        if same_mailbox(member.email, applicant.email):
            continue
        requests.append(Endorsement(application=application, kind=EndorsementKind.AGREEMENT,
                                    role=member.role, name=member.name,
                                    email=member.email.lower(), link_nonce=_nonce(),
                                    link_sent_at=now))
    programme = application.offering.programme
    for role in supports_needed(programme.required_supports, answers.role):
        person = answers.supporter(role)
        assert person is not None  # checked by _submission_problem
        requests.append(Endorsement(application=application, kind=EndorsementKind.SUPPORT,
                                    role=role, name=person.name,
                                    email=person.email.lower(), link_nonce=_nonce(),
                                    link_sent_at=now))
    try:
        with transaction.atomic():
            created = Endorsement.objects.bulk_create(requests)
    except IntegrityError:
        raise DomainError("Each person can be asked only once. Give a different email address "
                          "for each supporter.", field="support") from None
    return created


# Sending an application emails the supporters and team members the applicant typed in, so a
# free account could make the service email anyone: a day's sending is limited per applicant
# and per address asked (generous for a real school, where many teachers ask one head).
SUBMISSIONS_PER_APPLICANT_PER_DAY = 5
REQUESTS_PER_ADDRESS_PER_DAY = 20


def _claim_todays_emails(applicant: User, endorsements: list[Endorsement]) -> None:
    """Claim today's allowance for the emails this sending queues, or refuse it (the claims
    roll back with the refusal, and the draft is kept as it was)."""
    if not endorsements:
        return
    if not email_once_a_day(scope="application-sent-by", address=applicant.email,
                            limit=SUBMISSIONS_PER_APPLICANT_PER_DAY):
        raise DomainError(f"You have sent {SUBMISSIONS_PER_APPLICANT_PER_DAY} applications "
                          "that ask people for support today. Your application is saved: send "
                          "it tomorrow.")
    for endorsement in endorsements:
        if not email_once_a_day(scope="support-asked-of", address=endorsement.email,
                                limit=REQUESTS_PER_ADDRESS_PER_DAY):
            raise DomainError(f"{endorsement.name} has been asked for support by email many "
                              "times today. Your application is saved: send it tomorrow, or "
                              "ask them another way.", field="support")


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
        facts = locked.parsed_answers.facts()
        facts["email"] = applicant.email
        verdict, _school = eligibility_check(offering=locked.offering, facts=facts)
        if verdict.outcome == "not_eligible":
            raise DomainError(" ".join(r.message for r in verdict.reasons if r.hard))
        locked.eligibility = verdict_as_dict(verdict)
        locked.submitted_at = clock.now()
        team = locked.parsed_answers.team
        locked.participants = len(team) if locked.is_school_team and team is not None else 1
        # Sending is one audit event (below) for its two steps: sent, then waiting for answers
        # (or ready for the hub when nobody is asked).
        try:
            with transaction.atomic():
                application_transition(application=locked, to=ApplicationStatus.SUBMITTED,
                                       actor=applicant, action=None,
                                       update_fields=["eligibility", "submitted_at",
                                                      "participants"])
        except IntegrityError:
            raise DomainError("Your school already has an application for this Work Group. "
                              "A school applies once, as a team.", field="urn") from None
        endorsements = _endorsements_create(locked, applicant)
        _claim_todays_emails(applicant, endorsements)
        application_transition(application=locked, actor=None, action=None,
                               to=(ApplicationStatus.AWAITING_SUPPORT if endorsements
                                   else ApplicationStatus.READY_FOR_REVIEW))
        profile_remember(user=applicant, answers=locked.parsed_answers)
        audit_record(actor=applicant, action=AuditAction.APPLICATION_SUBMITTED, obj=locked,
                     hub=locked.offering.hub,
                     changes={"status": ["draft", locked.status],
                              "eligibility": verdict.outcome,
                              "asked": [e.get_kind_display() for e in endorsements]})
        _send_application_email(locked.pk, "submitted")
        for endorsement in endorsements:
            _send_endorsement_email(endorsement.pk, "request")
    return locked


def application_lapse(*, application: Application, note: str) -> Application:
    """The system lapses an application that can no longer go on (a draft past the window,
    support never given)."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        application_transition(application=locked, to=ApplicationStatus.LAPSED, actor=None,
                               action=AuditAction.APPLICATION_LAPSED, note=note)
    return locked


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
