"""Everything the service holds about a person, as one plain dict (JSON-ready): what the "Your
data" page shows, the JSON download, and what a hub hands over on a subject access request.

Labels are words (an offering's question text, not its key); dates are ISO 8601; no other
person's id, no token, digest or secret (see ``fields.SECRETS``) is ever included.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from workgroups.accounts.models import ApiToken, HubMembership, KnownBrowser, TeamInvitation, User
from workgroups.accounts.signals import person_named
from workgroups.applications.models import (
    ApplicantProfile,
    Application,
    Endorsement,
    EndorsementKind,
)
from workgroups.applications.views.apply import display_extra_answer
from workgroups.audit.actions import AuditAction, action_label
from workgroups.audit.models import AuditEvent
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import InterestRegistration, Offering, Programme, SupportRole
from workgroups.core import clock
from workgroups.core.models import FailedEmail
from workgroups.core.services import DomainError
from workgroups.delivery.models import Attendance, CalendarFeed, Enrolment, EnrolmentOutcome
from workgroups.eligibility.forms import display_answer
from workgroups.eligibility.rules import FACT_KEYS, FACT_LABELS
from workgroups.evaluations.models import EvaluationInvitation
from workgroups.hubs.models import Hub
from workgroups.messaging.models import MessageRecipient
from workgroups.personaldata.selectors import person_addresses
from workgroups.progression.models import Invitation
from workgroups.schools.models import ParticipationRecord, School

# Answers that are not questions: the name has its own labels; the team and supporters are
# listed on their own; whether the verdict was seen is the journey's, not the person's.
NAME_LABELS = {"first_name": "First name", "last_name": "Last name"}
NOT_ANSWERS = frozenset({"team", "supporters", "eligibility_seen"})
REASON_MAX = 500
OUTCOME_WORDS = {"eligible": "Eligible", "eligible_with_notes": "Eligible, with notes",
                 "not_eligible": "Not eligible"}


def iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value, clock.LONDON).isoformat()
    return value.isoformat()


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


MAX_URN = 2**31 - 1


class _Context:
    """What one export reads once: the person, their addresses, the hub it is limited to (a
    staff export shows only that hub's records) and names of schools and programmes."""

    def __init__(self, person: User | None, addresses: list[str], hub: Hub | None) -> None:
        self.person = person
        self.addresses = addresses
        self.hub = hub
        self._schools: dict[int, str] = {}
        self._programmes: dict[str, str] | None = None

    def by_address(self, field: str) -> Q:
        q = Q(pk__in=[])
        for address in self.addresses:
            q |= Q(**{f"{field}__iexact": address})
        return q

    def by_person(self, field: str) -> Q:
        if self.person is None or self.person.pk is None:
            return Q(pk__in=[])
        return Q(**{field: self.person})

    def at_hub(self, field: str) -> Q:
        return Q(**{field: self.hub}) if self.hub is not None else Q()

    def schools(self, urns: Iterable[int | None]) -> None:
        # A URN typed into an answer can be any number: look up only those a school could have
        # (a larger one would overflow the database's integer, and names no school anyway).
        wanted = {u for u in urns if u is not None and 0 < u <= MAX_URN} - set(self._schools)
        if wanted:
            self._schools.update(School.objects.filter(urn__in=wanted)
                                 .values_list("urn", "name"))

    def school(self, urn: int | None) -> str | None:
        if urn is None:
            return None
        name = self._schools.get(urn)
        return f"{name} (URN {urn})" if name else f"URN {urn}"

    def programme_title(self, slug: str) -> str:
        if self._programmes is None:
            self._programmes = dict(Programme.objects.values_list("slug", "title"))
        return self._programmes.get(slug, slug)


def _offering(offering: Offering) -> dict[str, Any]:
    return {"programme": offering.text.title, "hub": offering.hub.name,
            "academic_year": offering.academic_year.label}


# --- Sections ----------------------------------------------------------------------------------

def _account(ctx: _Context) -> dict[str, Any] | None:
    person = ctx.person
    if person is None or person.pk is None:
        return None
    account: dict[str, Any] = {
        "email": person.email, "first_name": person.first_name, "last_name": person.last_name,
        "joined": iso(person.date_joined), "last_signed_in": iso(person.last_login),
        "email_addresses": [
            {"email": e.email, "confirmed": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=person).order_by("email")],
    }
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator

        # That they exist, of what kind and when used: never their secrets.
        account["second_factors"] = [
            {"kind": str(a.get_type_display()), "added": iso(a.created_at),
             "last_used": iso(a.last_used_at)}
            for a in Authenticator.objects.filter(user=person).order_by("created_at")]
    # Browsers they signed in from: the words kept about each, never the cookie's value.
    account["browsers"] = [
        {"description": b.description, "first_signed_in": iso(b.first_seen_at),
         "last_signed_in": iso(b.last_seen_at)}
        for b in KnownBrowser.objects.filter(user=person).order_by("first_seen_at")]
    return account


def _saved_answers(ctx: _Context) -> dict[str, Any] | None:
    if ctx.person is None or ctx.person.pk is None or ctx.hub is not None:
        return None  # a hub's export leaves out what the service keeps for every hub
    profile = ApplicantProfile.objects.filter(user=ctx.person).first()
    if profile is None:
        return None
    ctx.schools([profile.school_urn])
    return {"role": display_answer("role", profile.role) if profile.role else None,
            "school": ctx.school(profile.school_urn),
            "answers": [{"question": _capfirst(FACT_LABELS.get(key, key)),
                         "answer": display_answer(key, value), "as_stored": value}
                        for key, value in sorted((profile.facts or {}).items())],
            "updated": iso(profile.updated_at)}


def _answer(ctx: _Context, key: str, value: Any, questions: dict[str, str]) -> dict[str, Any]:
    if key in NAME_LABELS:
        return {"question": NAME_LABELS[key], "answer": str(value), "as_stored": value}
    if key == "urn":
        return {"question": "Your school",
                "answer": ctx.school(value if isinstance(value, int) else None) or str(value),
                "as_stored": value}
    if key == "claimed_participation" and isinstance(value, dict):
        words = "; ".join(f"{ctx.programme_title(str(slug))}: {detail}"
                          for slug, detail in value.items())
        return {"question": "Where you told us you took part before", "answer": words,
                "as_stored": value}
    if key in FACT_LABELS:
        return {"question": _capfirst(FACT_LABELS[key]), "answer": display_answer(key, value),
                "as_stored": value}
    if key in questions:
        return {"question": questions[key], "answer": display_extra_answer(value),
                "as_stored": value}
    return {"question": "A question the hub has since removed",
            "answer": display_extra_answer(value), "as_stored": value}


def _answer_order(key: str, questions: dict[str, str]) -> tuple[int, str]:
    """The order the journey asks in (the database may not keep JSON keys in order): the
    name, the eligibility facts, the offering's questions, then anything else."""
    if key in NAME_LABELS:
        return (list(NAME_LABELS).index(key), key)
    if key in FACT_KEYS:
        return (10 + FACT_KEYS.index(key), key)
    if key in questions:
        return (100 + list(questions).index(key), key)
    return (10_000, key)


def _eligibility(recorded: Any) -> dict[str, Any] | None:
    if not isinstance(recorded, dict) or not recorded:
        return None
    outcome = recorded.get("outcome")
    shown: dict[str, Any] = {
        "outcome": OUTCOME_WORDS.get(outcome, outcome) if isinstance(outcome, str) else None,
        "outcome_as_stored": outcome,
        "reasons": [{"code": r.get("code"), "message": r.get("message"),
                     "suggestion": r.get("suggestion"), "about_answer": r.get("fact")}
                    for r in recorded.get("reasons") or [] if isinstance(r, dict)]}
    override = recorded.get("override")
    if isinstance(override, dict):
        # Decided by the hub: why and when (who decided is the member of staff's own data).
        original = override.get("original")
        shown["decided_by_the_hub"] = {"original_outcome": (OUTCOME_WORDS.get(original, original)
                                                            if isinstance(original, str)
                                                            else None),
                                       "original_outcome_as_stored": original,
                                       "reason": override.get("reason"),
                                       "at": override.get("at")}
    return shown


def _applications(ctx: _Context) -> list[dict[str, Any]]:
    found = list(Application.objects.filter(ctx.by_person("applicant"),
                                            ctx.at_hub("offering__hub"))
                 .select_related("offering__programme", "offering__hub",
                                 "offering__academic_year", "work_group")
                 .prefetch_related("offering__questions", "status_changes", "endorsements")
                 .order_by("created_at", "pk"))
    ctx.schools(a.school_urn for a in found)
    ctx.schools(a.answers.get("urn") for a in found
                if isinstance(a.answers, dict) and isinstance(a.answers.get("urn"), int))
    result = []
    for application in found:
        answers = application.answers if isinstance(application.answers, dict) else {}
        asked = sorted(application.offering.questions.all(), key=lambda q: (q.position, q.pk))
        questions = {f"q{q.pk}": q.text for q in asked}
        parsed = application.parsed_answers
        result.append({
            **_offering(application.offering),
            "status": application.get_status_display(),
            "started": iso(application.created_at),
            "sent": iso(application.submitted_at),
            "school": ctx.school(application.school_urn),
            "answers": [_answer(ctx, key, answers[key], questions)
                        for key in sorted(answers, key=lambda k: _answer_order(k, questions))
                        if key not in NOT_ANSWERS],
            "school_team": [{"name": m.name, "email": m.email, "role": m.role}
                            for m in parsed.team or ()],
            "supporters_named": [
                {"for": str(SupportRole(role).label) if role in SupportRole else role,
                 "name": s.name, "email": s.email}
                for role, s in (parsed.supporters or {}).items()],
            "support_and_agreement": [
                {"kind": e.get_kind_display(), "role": e.role_label, "name": e.name,
                 "email": e.email, "status": e.get_status_display(),
                 "asked": iso(e.link_sent_at), "answered": iso(e.responded_at),
                 "comment": e.comment}
                for e in application.endorsements.all()],
            "eligibility": _eligibility(application.eligibility),
            "withdrawn_reason": application.withdrawn_reason,
            "decision_reason": application.decision_reason,
            "work_group_offered": application.work_group.name if application.work_group else None,
            "offered": iso(application.offered_at),
            "offer_expires": iso(application.offer_expires_at),
            "history": [{"from": change.get_from_status_display() or None,
                         "to": change.get_to_status_display(), "at": iso(change.at),
                         "note": change.note}
                        for change in application.status_changes.all()],
        })
    return result


def _supports_given(ctx: _Context) -> list[dict[str, Any]]:
    """Support or agreement asked of the person for someone's application (by their address).
    Whose application it was is the applicant's data: the programme and hub are enough."""
    found = (Endorsement.objects.filter(ctx.by_address("email"),
                                        ctx.at_hub("application__offering__hub"))
             .select_related("application__offering__programme", "application__offering__hub",
                             "application__offering__academic_year").order_by("created_at"))
    return [{**_offering(e.application.offering),
             "kind": e.get_kind_display(), "asked_as": e.role_label, "name": e.name,
             "email": e.email, "status": e.get_status_display(),
             "asked": iso(e.link_sent_at), "answered": iso(e.responded_at), "comment": e.comment}
            for e in found if e.kind in EndorsementKind]


def _enrolments(ctx: _Context) -> list[dict[str, Any]]:
    found = list(Enrolment.objects.filter(ctx.by_person("user") | ctx.by_address("email"),
                                          ctx.at_hub("work_group__offering__hub"))
                 .select_related("work_group__offering__programme",
                                 "work_group__offering__hub",
                                 "work_group__offering__academic_year")
                 .distinct().order_by("created_at", "pk"))
    marks: dict[int, list[Attendance]] = {}
    for mark in (Attendance.objects.filter(enrolment__in=[e.pk for e in found])
                 .select_related("session").order_by("session__starts_at")):
        marks.setdefault(mark.enrolment_id, []).append(mark)
    ctx.schools(e.school_urn for e in found)
    result = []
    for enrolment in found:
        completed = enrolment.outcome == EnrolmentOutcome.COMPLETED
        result.append({
            **_offering(enrolment.work_group.offering),
            "work_group": enrolment.work_group.name,
            "name": enrolment.name, "email": enrolment.email, "role": enrolment.role_label,
            "school": ctx.school(enrolment.school_urn),
            "outcome": enrolment.get_outcome_display(),
            "enrolled": iso(enrolment.created_at),
            "attendance": [{"session": m.session.get_kind_display(),
                            "date": iso(m.session.starts_at),
                            "status": m.get_status_display(), "marked": iso(m.marked_at)}
                           for m in marks.get(enrolment.pk, [])],
            # A certificate is made when it is downloaded, from the outcome: none is stored.
            "certificate": (reverse("progression:certificate", kwargs={"pk": enrolment.pk})
                            if completed else None),
        })
    return result


def _evaluations(ctx: _Context) -> list[dict[str, Any]]:
    """Each invitation to evaluate a Work Group: when it was sent, reminded and answered. The
    answers themselves are anonymous (tied to the Work Group, never to anyone), so they are
    not the person's to be shown, and cannot be found."""
    found = (EvaluationInvitation.objects
             .filter(ctx.by_person("enrolment__user") | ctx.by_address("enrolment__email"),
                     ctx.at_hub("work_group__offering__hub"))
             .select_related("work_group__offering__programme", "work_group__offering__hub",
                             "work_group__offering__academic_year")
             .distinct().order_by("sent_at", "pk"))
    return [{**_offering(i.work_group.offering), "work_group": i.work_group.name,
             "sent": iso(i.sent_at), "reminded": iso(i.reminded_at),
             "answered": iso(i.answered_on)} for i in found]


def _work_groups_led(ctx: _Context) -> list[dict[str, Any]]:
    if ctx.person is None or ctx.person.pk is None:
        return []
    led = (ctx.person.led_work_groups.filter(ctx.at_hub("offering__hub"))
           .select_related("offering__programme", "offering__hub", "offering__academic_year")
           .order_by("pk"))
    return [{**_offering(w.offering), "work_group": w.name} for w in led]


def _interest(ctx: _Context) -> list[dict[str, Any]]:
    found = list(InterestRegistration.objects.filter(ctx.by_address("email"),
                                                     ctx.at_hub("offering__hub"))
                 .select_related("offering__programme", "offering__hub",
                                 "offering__academic_year").order_by("created_at"))
    ctx.schools(r.school_urn for r in found)
    return [{**_offering(r.offering), "email": r.email, "name": r.name,
             "school": ctx.school(r.school_urn), "registered": iso(r.created_at),
             "confirmed": iso(r.confirmed_at), "told_applications_open": iso(r.notified_at),
             "unsubscribed": iso(r.unsubscribed_at)} for r in found]


def _invitations(ctx: _Context) -> list[dict[str, Any]]:
    found = list(Invitation.objects.filter(ctx.by_address("email"), ctx.at_hub("offering__hub"))
                 .select_related("offering__programme", "offering__hub",
                                 "offering__academic_year", "completed_programme")
                 .order_by("created_at"))
    ctx.schools(i.school_urn for i in found)
    return [{**_offering(i.offering), "after_completing": i.completed_programme.title,
             "email": i.email, "name": i.name, "school": ctx.school(i.school_urn),
             "status": i.get_status_display(), "sent": iso(i.sent_at)} for i in found]


def _participation(ctx: _Context) -> list[dict[str, Any]]:
    found = list(ParticipationRecord.objects.filter(ctx.by_address("email"), ctx.at_hub("hub"))
                 .select_related("programme", "hub", "academic_year")
                 .order_by("academic_year__starts_on"))
    ctx.schools(r.school_urn for r in found)
    return [{"programme": r.programme.title, "hub": r.hub.name,
             "academic_year": r.academic_year.label, "email": r.email, "name": r.name,
             "school": ctx.school(r.school_urn), "outcome": r.get_outcome_display()}
            for r in found]


def _calendar_feeds(ctx: _Context) -> list[dict[str, Any]]:
    if ctx.hub is not None:
        return []  # a feed is the service's, not one hub's
    return [{"email": feed.email, "made": iso(feed.created_at),
             "about": "A private calendar address of your sessions exists. Its address is "
                      "secret and is not shown here: see it, or stop it, on your calendar "
                      "page."}
            for feed in CalendarFeed.objects.filter(ctx.by_address("email"))]


def _team(ctx: _Context) -> dict[str, list[dict[str, Any]]]:
    roles = (HubMembership.objects.filter(ctx.by_person("user"), ctx.at_hub("hub"))
             .select_related("hub").order_by("hub__name", "role"))
    tokens = (ApiToken.objects.filter(ctx.by_person("user"), ctx.at_hub("hub"))
              .select_related("hub").order_by("created_at"))
    invitations = (TeamInvitation.objects.filter(ctx.by_address("email"), ctx.at_hub("hub"))
                   .select_related("hub").order_by("created_at"))
    return {
        "roles": [{"hub": m.hub.name, "role": m.get_role_display(), "since": iso(m.created_at)}
                  for m in roles],
        # The token's name and dates only: never the token or any part of it.
        "api_tokens": [{"name": t.name, "hub": t.hub.name, "made": iso(t.created_at),
                        "last_used": iso(t.last_used_at), "revoked": iso(t.revoked_at)}
                       for t in tokens],
        "invitations": [{"hub": i.hub.name, "role": i.get_role_display(), "email": i.email,
                         "sent": iso(i.created_at), "expires": iso(i.expires_at),
                         "accepted": iso(i.accepted_at), "cancelled": iso(i.cancelled_at)}
                        for i in invitations],
    }


def _undelivered(ctx: _Context) -> list[dict[str, Any]]:
    return [{"to": f.recipient, "subject": f.subject, "failed": iso(f.failed_at)}
            for f in FailedEmail.objects.filter(ctx.by_address("recipient"), ctx.at_hub("hub"))
            .order_by("failed_at")]


def _messages_received(ctx: _Context) -> list[dict[str, Any]]:
    return [{"hub": r.message.hub.name, "subject": r.message.subject, "to": r.email,
             "as": r.role, "sent": iso(r.sent_at or r.message.created_at),
             "status": r.get_status_display()}
            for r in MessageRecipient.objects.filter(ctx.by_address("email"),
                                                     ctx.at_hub("message__hub"))
            .select_related("message__hub").order_by("message__created_at", "pk")]


def _activity(ctx: _Context) -> list[dict[str, Any]]:
    """What the person did, by kind and time (what it was done to may be someone else's)."""
    events = (AuditEvent.objects.filter(ctx.by_person("actor"), ctx.at_hub("hub"))
              .select_related("hub").order_by("at", "pk"))
    result = [{"at": iso(e.at), "what": action_label(e.action),
               "hub": e.hub.name if e.hub else None} for e in events]
    if ctx.person is not None and ctx.person.pk is not None and ctx.hub is None:
        from django.contrib.admin.models import LogEntry

        result += [{"at": iso(entry.action_time), "what": "Changed in the Django admin",
                    "hub": None}
                   for entry in LogEntry.objects.filter(user=ctx.person).order_by("action_time")]
    return result


# --- The export --------------------------------------------------------------------------------

def _data(person: User | None, addresses: list[str], hub: Hub | None) -> dict[str, Any]:
    ctx = _Context(person, addresses, hub)
    return {
        "about": {
            "service": "Maths Hub Work Groups",
            "produced": iso(clock.now()),
            "limited_to_hub": hub.name if hub is not None else None,
            # A hub's export shows what that hub holds, not the account: the person's other
            # sign-in addresses, second factors and browsers are the service's, not the hub's.
            "email_addresses_searched": addresses if hub is None else None,
        },
        "account": _account(ctx) if hub is None else None,
        "saved_answers": _saved_answers(ctx),
        "applications": _applications(ctx),
        "support_and_agreement_given": _supports_given(ctx),
        "work_group_places": _enrolments(ctx),
        "evaluation_invitations": _evaluations(ctx),
        "work_groups_led": _work_groups_led(ctx),
        "interest_registrations": _interest(ctx),
        "next_stage_invitations": _invitations(ctx),
        "past_participation": _participation(ctx),
        "calendar_feeds": _calendar_feeds(ctx),
        "hub_team": _team(ctx),
        "emails_not_delivered": _undelivered(ctx),
        "messages_received": _messages_received(ctx),
        "activity": _activity(ctx),
    }


def person_data(person: User, *, hub: Hub | None = None) -> dict[str, Any]:
    """Everything held about ``person`` (under their account and every address they are known
    by); with ``hub``, only what that hub holds (a hub's answer to a subject access request)."""
    return _data(person, person_addresses(person=person), hub)


def address_data(email: str, *, hub: Hub) -> dict[str, Any]:
    """What ``hub`` holds for an address no account uses (a supporter, someone who registered
    interest): the rows tied to the address alone."""
    return _data(None, [email.strip().lower()], hub)


def personal_data_export(*, actor: User, hub: Hub, reason: str, person: User | None,
                         email: str) -> dict[str, Any]:
    """A hub's answer to a subject access request: what it holds about the person (``person``,
    or the address ``email`` when no account uses it), recorded in the audit trail with who
    asked for it, why and at which hub (never the address)."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Give the reason for downloading their data", field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(f"Keep the reason to {REASON_MAX} characters or fewer",
                          field="reason")
    with transaction.atomic():
        data = (person_data(person, hub=hub) if person is not None
                else address_data(email, hub=hub))
        subject: models.Model = hub
        if person is not None:
            # Names the person without their address, as the rest of the audit does.
            subject = person
            answers: list[tuple[Any, Any]] = list(person_named.send(sender=User, user=person))
            for _receiver, named in answers:
                if isinstance(named, models.Model):
                    subject = named
                    break
        audit_record(actor=actor, action=AuditAction.PERSONAL_DATA_EXPORTED, obj=subject,
                     hub=hub, changes={"reason": reason,
                                       "account": person is not None})
    return data
