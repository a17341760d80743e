"""Writes for applications. Every status change follows APPLICATION_TRANSITIONS, writes a history
row and an audit event in the same transaction, and is refused with a DomainError otherwise."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q

from workgroups.accounts.models import User
from workgroups.applications.models import (
    APPLICATION_TRANSITIONS,
    LIVE_STATUSES,
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
    InterestRegistration,
)
from workgroups.applications.selectors import drafts_past_their_window, interest_open_offering
from workgroups.applications.tasks import send_interest_email
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import Offering, OfferingStatus, Unit
from workgroups.core import clock
from workgroups.core.services import DomainError
from workgroups.eligibility.rules import FACT_KEYS, verdict_as_dict
from workgroups.eligibility.selectors import eligibility_check

ANSWER_KEY_MAX = 80


def _transition(*, application: Application, to: ApplicationStatus, actor: User | None,
                note: str = "") -> None:
    """Move a locked application to ``to``, or refuse. The caller saves any other fields."""
    current = ApplicationStatus(application.status)
    if to not in APPLICATION_TRANSITIONS[current]:
        raise DomainError(f"An application that is {current.label.lower()} cannot become "
                          f"{to.label.lower()}.")
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
            audit_record(actor=applicant, action="applications.application.started",
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
        locked.school_urn = urn if isinstance(urn, int) and not isinstance(urn, bool) else None
        locked.save(update_fields=["answers", "school_urn", "updated_at"])
        # The audit names the questions answered, not the answers: they are personal data.
        audit_record(actor=applicant, action="applications.application.answers_saved",
                     obj=locked, hub=locked.offering.hub, changes={"answered": changed})
    return locked


def application_submit(*, applicant: User, application: Application) -> Application:
    """Send a draft. The window and the eligibility rules are checked here, on the server, at
    this moment, whatever the pages showed; the verdict is recorded with the application.
    Submitting an application that is already submitted (a double click) changes nothing."""
    with transaction.atomic():
        locked = (Application.objects.select_for_update()
                  .select_related("offering__programme", "offering__hub",
                                  "offering__academic_year")
                  .get(pk=application.pk, applicant=applicant))
        if locked.status == ApplicationStatus.SUBMITTED:
            return locked
        if locked.status != ApplicationStatus.DRAFT:
            raise DomainError("This application has already been sent.")
        problem = _window_problem(locked.offering)
        if problem:
            raise DomainError(problem)
        if locked.is_school_team and locked.school_urn is None:
            raise DomainError("Choose your school before you send the application.",
                              field="urn")
        facts = {key: value for key, value in locked.answers.items() if key in FACT_KEYS}
        facts["email"] = applicant.email
        verdict, _school = eligibility_check(offering=locked.offering, facts=facts)
        if verdict.outcome == "not_eligible":
            raise DomainError(" ".join(r.message for r in verdict.reasons if r.hard))
        locked.eligibility = verdict_as_dict(verdict)
        locked.submitted_at = clock.now()
        _transition(application=locked, to=ApplicationStatus.SUBMITTED, actor=applicant)
        try:
            with transaction.atomic():
                locked.save(update_fields=["status", "eligibility", "submitted_at",
                                           "updated_at"])
        except IntegrityError:
            raise DomainError("Your school already has an application for this Work Group. "
                              "A school applies once, as a team.", field="urn") from None
        audit_record(actor=applicant, action="applications.application.submitted", obj=locked,
                     hub=locked.offering.hub,
                     changes={"status": ["draft", "submitted"],
                              "eligibility": verdict.outcome})
    return locked


def application_withdraw(*, applicant: User, application: Application,
                         reason: str) -> Application:
    """The applicant withdraws, saying why (the reason helps the hub plan)."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Tell us why you are withdrawing", field="reason")
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk,
                                                             applicant=applicant)
        before = locked.status
        _transition(application=locked, to=ApplicationStatus.WITHDRAWN, actor=applicant,
                    note=reason)
        locked.withdrawn_reason = reason
        locked.save(update_fields=["status", "withdrawn_reason", "updated_at"])
        audit_record(actor=applicant, action="applications.application.withdrawn", obj=locked,
                     hub=locked.offering.hub, changes={"status": [before, locked.status]})
    return locked


def application_lapse(*, application: Application, note: str) -> Application:
    """The system lapses an application that can no longer go on (a draft past the window,
    support never given)."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        before = locked.status
        _transition(application=locked, to=ApplicationStatus.LAPSED, actor=None, note=note)
        locked.save(update_fields=["status", "updated_at"])
        audit_record(actor=None, action="applications.application.lapsed", obj=locked,
                     hub=locked.offering.hub, changes={"status": [before, locked.status]})
    return locked


# --- Expressions of interest -----------------------------------------------------------------

INTEREST_STATUSES = frozenset({OfferingStatus.EXPRESSION_OF_INTEREST, OfferingStatus.CLOSED})


def _send_interest_email(registration_id: int, kind: str) -> None:
    transaction.on_commit(partial(send_interest_email.enqueue, registration_id, kind))


def interest_register(*, offering: Offering, email: str, name: str = "",
                      school_urn: int | None = None) -> InterestRegistration:
    """Register interest in an offering that is not open. The answer is the same whether or not
    the address was registered before, so the form cannot be used to learn who registered."""
    if offering.status not in INTEREST_STATUSES:
        raise DomainError("You can only register interest in a Work Group that is not open for "
                          "applications.")
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
        if registration.confirmed_at is None:
            _send_interest_email(registration.pk, "confirm")
        audit_record(actor=None, action="applications.interest.registered", obj=registration,
                     hub=offering.hub, changes={"new": created})
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
            audit_record(actor=None, action="applications.interest.confirmed",
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
            audit_record(actor=None, action="applications.interest.unsubscribed",
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
