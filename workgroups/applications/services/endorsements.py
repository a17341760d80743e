"""Endorsements: support and agreement given from emailed links, resent, reminded."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import transaction

from workgroups.accounts.models import User
from workgroups.applications.models import (
    Application,
    ApplicationStatus,
    Endorsement,
    EndorsementKind,
    EndorsementStatus,
)
from workgroups.applications.selectors import (
    endorsements_awaiting,
)
from workgroups.applications.services._shared import (
    _nonce,
    _send_application_email,
    _send_endorsement_email,
)
from workgroups.applications.services.transitions import application_transition
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import SupportRole
from workgroups.core import clock
from workgroups.core.services import DomainError
from workgroups.core.throttle import email_once_a_day

RESEND_AFTER = timedelta(days=1)  # an applicant may re-send a working link once a day


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
            application_transition(application=application, to=ApplicationStatus.DECLINED,
                                   actor=None, action=AuditAction.APPLICATION_SUPPORT_REFUSED,
                                   note=f"{who} said no.")
            _send_application_email(application.pk, "declined_by_supporter")
        elif not application.endorsements.exclude(status=EndorsementStatus.GIVEN).exists():
            application_transition(application=application,
                                   to=ApplicationStatus.READY_FOR_REVIEW, actor=None,
                                   action=AuditAction.APPLICATION_READY_FOR_REVIEW,
                                   note="Every support and agreement given.")
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
        # One new link a day to an address, however many applications name it: this link
        # still works for asking again tomorrow.
        if not email_once_a_day(scope="endorsement-renew", address=endorsement.email):
            raise DomainError("We have already sent a new link to this address today. "
                              "Nothing else has been sent. Ask again tomorrow.")
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
