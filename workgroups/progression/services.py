"""Writes for progression: routes, the outcome of each enrolment (which writes the participation
history the eligibility engine reads), the rollover to the next academic year, and invitations
to a next stage. Each is audited in its own transaction."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q

from workgroups.accounts.models import User
from workgroups.applications.models import Application
from workgroups.applications.services import application_answers_save, application_start
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import (
    AcademicYear,
    CompletionRule,
    Offering,
    OfferingStatus,
    Programme,
    ProgressionRoute,
    Unit,
)
from workgroups.catalogue.services import (
    academic_year_ensure,
    offering_create,
    offering_question_create,
    offering_update,
)
from workgroups.core import clock
from workgroups.core.email import email_once
from workgroups.core.queue import enqueue_with_change
from workgroups.core.services import DomainError
from workgroups.delivery.models import (
    DeliveryMode,
    Enrolment,
    EnrolmentOutcome,
    Session,
    SessionKind,
    WorkGroup,
)
from workgroups.delivery.services import session_create, work_group_create
from workgroups.hubs.models import Hub
from workgroups.progression import rules
from workgroups.progression.models import Invitation, InvitationStatus
from workgroups.progression.selectors import (
    completed_in,
    history_by_subject,
    hub_year_offerings,
    routes,
    work_group_outcomes,
    work_group_outcomes_refusal,
)
from workgroups.progression.tasks import send_completion_email, send_invitation_email
from workgroups.schools.models import ParticipationRecord
from workgroups.schools.selectors import current_school_urn


def progression_route_ensure(*, actor: User | None, from_programme: Programme,
                             to_programme: Programme, after_years: int = 1,
                             note: str = "") -> ProgressionRoute:
    """Make sure a programme leads to another (or to another year of itself)."""
    if after_years < 1:
        raise DomainError("A route follows at least one completed year.", field="after_years")
    with transaction.atomic():
        route, created = ProgressionRoute.objects.get_or_create(
            from_programme=from_programme, to_programme=to_programme, after_years=after_years,
            defaults={"note": note})
        if not created and route.note != note:
            audit_record(actor=actor, action=AuditAction.PROGRAMME_ROUTE_UPDATED,
                         obj=from_programme, hub=None,
                         changes={"to": to_programme.slug, "after_years": after_years,
                                  "note": [route.note, note]})
            route.note = note
            route.save(update_fields=["note", "updated_at"])
        if created:
            audit_record(actor=actor, action=AuditAction.PROGRAMME_ROUTE_ADDED,
                         obj=from_programme, hub=None,
                         changes={"to": to_programme.slug, "after_years": after_years})
    return route


def progression_route_remove(*, actor: User | None, route: ProgressionRoute) -> None:
    """A programme no longer leads to another (invitations already proposed stay as they are)."""
    with transaction.atomic():
        found = ProgressionRoute.objects.select_for_update().filter(pk=route.pk).first()
        if found is None:
            return
        audit_record(actor=actor, action=AuditAction.PROGRAMME_ROUTE_REMOVED,
                     obj=found.from_programme, hub=None,
                     changes={"to": found.to_programme.slug, "after_years": found.after_years,
                              "note": found.note})
        found.delete()


# --- Outcomes -----------------------------------------------------------------------------------

def work_group_record_outcomes(*, actor: User | None, work_group: WorkGroup) -> dict[str, int]:
    """Give every participant of the Work Group their outcome by the programme's completion
    rule and the registers, and write it to the participation history (per person, with their
    school) that eligibility reads. Only once the Work Group is over (its last session has
    ended, its offering is completed or its year is over): before that it raises DomainError
    saying when. Safe to run again: outcomes and records are updated, never duplicated.
    Returns how many of each outcome."""
    with transaction.atomic():
        # The offering's row first, as every change to places does (a withdrawal may be
        # promoting someone into this Work Group at the same moment).
        Offering.objects.select_for_update(of=("self",)).get(pk=work_group.offering_id)
        group = (WorkGroup.objects.select_related("offering__programme", "offering__hub",
                                                  "offering__academic_year")
                 .get(pk=work_group.pk))
        offering = group.offering
        programme = offering.programme
        now = clock.now()
        refusal = work_group_outcomes_refusal(work_group=group, now=now)
        if refusal:
            raise DomainError(refusal, code="not_ended")
        enrolments = list(Enrolment.objects.select_for_update().filter(work_group=group))
        outcomes = work_group_outcomes(work_group=group, enrolments=enrolments, now=now)
        counts = {rules.COMPLETED: 0, rules.INCOMPLETE: 0, rules.WITHDRAWN: 0}
        changed = []
        for enrolment in enrolments:
            outcome = outcomes[enrolment.pk]
            counts[outcome] += 1
            if enrolment.outcome != outcome:
                enrolment.outcome = outcome
                changed.append(enrolment)
            ParticipationRecord.objects.update_or_create(
                academic_year=offering.academic_year, hub=offering.hub, programme=programme,
                school_urn=enrolment.school_urn, email=enrolment.email,
                defaults={"name": enrolment.name, "outcome": outcome})
        Enrolment.objects.bulk_update(changed, ["outcome"])
        # Each person's outcome is their own fact (it feeds next year's eligibility), so each
        # change is audited on the enrolment, not only as the Work Group's counts.
        for enrolment in changed:
            audit_record(actor=actor, action=AuditAction.OUTCOME_RECORDED, obj=enrolment,
                         hub=offering.hub, changes={"outcome": enrolment.outcome})
        # Completing participants are told, with their certificate, once per enrolment: the
        # claim commits with the outcome, so running this again (or a register corrected away
        # from "completed" and back) tells nobody twice.
        for enrolment in changed:
            if enrolment.outcome == rules.COMPLETED and email_once(f"completed:{enrolment.pk}"):
                enqueue_with_change(send_completion_email, enrolment.pk)
        audit_record(actor=actor, action=AuditAction.OUTCOMES_RECORDED, obj=group,
                     hub=offering.hub, changes=counts)
    return counts


def work_groups_complete_ended() -> int:
    """Record the outcomes of every Work Group that has ended — its offering is marked
    completed, or its academic year is over — and still has participants taking part.
    Idempotent (cron or the periodic job). Sessions added as the year goes on do not end a
    Work Group early."""
    today = clock.today()
    finished = (WorkGroup.objects.filter(enrolments__outcome=EnrolmentOutcome.ENROLLED)
                .filter(Q(offering__status=OfferingStatus.COMPLETED)
                        | Q(offering__academic_year__ends_on__lt=today))
                .distinct().order_by("pk"))
    done = 0
    for group in finished:
        work_group_record_outcomes(actor=None, work_group=group)
        done += 1
    return done


# --- Rollover -----------------------------------------------------------------------------------

def shift_a_year(moment: datetime, into: AcademicYear) -> datetime:
    """The same weekday of the same week, a year on (London time), kept inside ``into``."""
    local = moment.astimezone(clock.LONDON)
    iso = local.date().isocalendar()
    try:
        day = date.fromisocalendar(iso.year + 1, iso.week, iso.weekday)
    except ValueError:  # week 53 has no twin next year
        day = date.fromisocalendar(iso.year + 1, 52, iso.weekday)
    while day < into.starts_on:
        day += timedelta(days=7)
    while day > into.ends_on:
        day -= timedelta(days=7)
    return datetime.combine(day, local.time(), tzinfo=clock.LONDON)


@dataclass
class RolloverResult:
    to_year: AcademicYear
    offerings: int = 0
    work_groups: int = 0
    sessions: int = 0
    already_there: int = 0
    invitations: int = 0


def _copy_offering(*, actor: User | None, offering: Offering,
                   to_year: AcademicYear) -> tuple[int, int]:
    """Copy one offering into ``to_year``; returns how many Work Groups and sessions."""
    copy = offering_create(actor=actor, hub=offering.hub, academic_year=to_year,
                           programme=offering.programme, slug=offering.slug,
                           status=OfferingStatus.DRAFT, how_to_apply=offering.how_to_apply,
                           contact_email=offering.contact_email)
    if offering.capacity_schools or offering.capacity_participants:
        offering_update(actor=actor, offering=copy, data={
            "capacity_schools": offering.capacity_schools,
            "capacity_participants": offering.capacity_participants})
    groups = sessions_made = 0
    for question in offering.questions.all():
        offering_question_create(actor=actor, offering=copy, data={
            "kind": question.kind, "text": question.text, "hint": question.hint,
            "choices": question.choices, "required": question.required})
    for group in offering.work_groups.all():
        new_group = work_group_create(
            actor=actor, offering=copy, name=group.name,
            delivery_mode=DeliveryMode(group.delivery_mode),
            area=group.area, capacity_schools=group.capacity_schools,
            capacity_participants=group.capacity_participants)
        leads = list(group.leads.all())
        new_group.leads.set(leads)
        for lead in leads:
            audit_record(actor=actor, action=AuditAction.LEAD_COPIED, obj=new_group,
                         hub=offering.hub, changes={"lead": lead, "from_work_group": group})
        groups += 1
        # Last year's in-school visits were one school's: next year's are arranged afresh.
        sessions: list[Session] = [s for s in group.sessions.all() if s.cancelled_at is None
                                   and s.kind != SessionKind.IN_SCHOOL_SUPPORT]
        for session in sessions:
            starts_at = shift_a_year(session.starts_at, to_year)
            session_create(
                actor=actor, work_group=new_group, kind=SessionKind(session.kind),
                starts_at=starts_at,
                ends_at=starts_at + (session.ends_at - session.starts_at), venue=session.venue,
                online=session.online, equivalent_days=session.equivalent_days,
                required=session.required, to_confirm=True)
            sessions_made += 1
    return groups, sessions_made


def hub_rollover(*, actor: User | None, hub: Hub, from_year: AcademicYear) -> RolloverResult:
    """Copy the hub's offerings of ``from_year`` into the next year as drafts — programme, Work
    Groups (with their leads), venues, the hub's own questions, sessions shifted to the same
    weekday of the same week for staff to confirm — and list who is due their next stage.
    Running it again copies nothing twice and adds only invitations not yet proposed."""
    to_year = academic_year_ensure(start_year=from_year.starts_on.year + 1)
    result = RolloverResult(to_year=to_year)
    existing = set(Offering.objects.filter(hub=hub, academic_year=to_year)
                   .values_list("slug", flat=True))
    for offering in hub_year_offerings(hub=hub, year=from_year):
        if offering.slug in existing:
            result.already_there += 1
            continue
        try:
            with transaction.atomic():
                groups, sessions_made = _copy_offering(actor=actor, offering=offering,
                                                       to_year=to_year)
        except (DomainError, IntegrityError):
            result.already_there += 1  # another rollover copied it a moment ago
            continue
        result.offerings += 1
        result.work_groups += groups
        result.sessions += sessions_made
    result.invitations = invitations_propose(actor=actor, hub=hub, from_year=from_year)
    with transaction.atomic():
        audit_record(actor=actor, action=AuditAction.ROLLOVER, obj=hub, hub=hub, changes={
            "from": from_year.slug, "to": to_year.slug, "offerings": result.offerings,
            "work_groups": result.work_groups, "sessions": result.sessions,
            "invitations": result.invitations})
    return result


# --- Invitations ------------------------------------------------------------------------------

def invitations_propose(*, actor: User | None, hub: Hub, from_year: AcademicYear) -> int:
    """Propose an invitation to each school or person due a next stage after ``from_year``,
    to the hub's offering of that stage in the following year. A school-team programme invites
    the school (through whoever applied for it); an individual one, the person. Returns how
    many new ones were proposed."""
    next_year = from_year.starts_on.year + 1
    offerings = {o.programme.slug: o for o in Offering.objects.filter(
        hub=hub, academic_year__starts_on__year=next_year).select_related("programme")}
    completed = completed_in(hub=hub, year=from_year)
    by_email, by_urn = history_by_subject(
        hub=hub, emails={e.email for e in completed},
        urns={e.school_urn for e in completed if e.school_urn})
    all_routes = routes()
    wanted: dict[tuple[int, str, int | None], Invitation] = {}
    for enrolment in completed:
        programme = enrolment.work_group.offering.programme
        school_team = programme.unit == Unit.SCHOOL_TEAM
        if school_team and not enrolment.school_urn:
            continue
        history = (by_urn[enrolment.school_urn] if school_team and enrolment.school_urn
                   else by_email[enrolment.email])
        applicant = enrolment.application.applicant
        email = applicant.email.lower() if school_team else enrolment.email
        answers = enrolment.application.parsed_answers
        for slug in rules.due_next_stages(history=history, next_year=next_year,
                                          routes=[r for r in all_routes
                                                  if r.from_slug == programme.slug]):
            target = offerings.get(slug)
            key = (target.pk if target else 0, email, enrolment.school_urn)
            if target is None or key in wanted:
                continue
            wanted[key] = Invitation(
                offering=target, completed_programme=programme, completed_enrolment=enrolment,
                email=email, school_urn=enrolment.school_urn,
                name=(applicant.get_full_name() if school_team else enrolment.name)[:150],
                role=(answers.role or "")[:40] if school_team or
                email == applicant.email.lower() else "",
                nonce=secrets.token_urlsafe(16))
    with transaction.atomic():
        # Those proposed before (whatever became of them) are not proposed again. The unique
        # constraint catches a rollover running at the same moment.
        known = set(Invitation.objects.filter(offering_id__in=[k[0] for k in wanted])
                    .values_list("offering_id", "email", "school_urn"))
        before = Invitation.objects.filter(offering__hub=hub).count()
        Invitation.objects.bulk_create([i for k, i in wanted.items() if k not in known],
                                       ignore_conflicts=True)
        added = Invitation.objects.filter(offering__hub=hub).count() - before
        if added:
            audit_record(actor=actor, action=AuditAction.INVITATIONS_PROPOSED, obj=hub,
                         hub=hub, changes={"from": from_year.slug, "added": added})
    return added


def invitations_send(*, actor: User | None, hub: Hub, invitations: list[Invitation]) -> int:
    """Email the chosen invitations (each once; sending again does nothing). Invitations to an
    offering still in draft wait until it is published: its link could not open yet."""
    sent = 0
    with transaction.atomic():
        for invitation in Invitation.objects.select_for_update(of=("self",)).filter(
                pk__in=[i.pk for i in invitations], offering__hub=hub,
                status=InvitationStatus.PROPOSED).exclude(
                offering__status=OfferingStatus.DRAFT):
            invitation.status = InvitationStatus.SENT
            invitation.sent_at = clock.now()
            invitation.save(update_fields=["status", "sent_at", "updated_at"])
            enqueue_with_change(send_invitation_email, invitation.pk)
            sent += 1
        if sent:
            audit_record(actor=actor, action=AuditAction.INVITATIONS_SENT, obj=hub, hub=hub,
                         changes={"sent": sent})
    return sent


def invitations_dismiss(*, actor: User | None, hub: Hub, invitations: list[Invitation]) -> int:
    with transaction.atomic():
        dismissed = Invitation.objects.filter(
            pk__in=[i.pk for i in invitations], offering__hub=hub,
            status=InvitationStatus.PROPOSED).update(status=InvitationStatus.DISMISSED,
                                                     updated_at=clock.now())
        if dismissed:
            audit_record(actor=actor, action=AuditAction.INVITATIONS_DISMISSED, obj=hub,
                         hub=hub, changes={"dismissed": dismissed})
    return dismissed


def invitation_refusal(*, user: User, invitation: Invitation) -> str | None:
    """Why ``user`` cannot use ``invitation`` (the link's page says so before anything is
    written), or None if they can."""
    if invitation.status != InvitationStatus.SENT:
        return "This invitation is not open."
    if user.email.lower() != invitation.email.lower():
        return ("This invitation was sent to a different email address. Sign in with that "
                "address to use it.")
    return None


def invitation_accept(*, user: User, invitation: Invitation) -> Application:
    """The invited person opens their application: a draft with what we already know (name,
    school, role) filled in. Only the address the invitation went to may use it."""
    refusal = invitation_refusal(user=user, invitation=invitation)
    if refusal:
        raise DomainError(refusal)
    application = application_start(applicant=user, offering=invitation.offering)
    first, _, last = invitation.name.partition(" ")
    facts: dict[str, object] = {"first_name": first, "last_name": last}
    if invitation.school_urn:
        # The school as it is now: a conversion since last year gives it a new URN.
        facts["urn"] = current_school_urn(urn=invitation.school_urn)
    if invitation.role:
        facts["role"] = invitation.role
    known = {key: value for key, value in facts.items()
             if value and not application.parsed_answers.has(key)}
    if known:
        application = application_answers_save(applicant=user, application=application,
                                               answers=known)
    return application


def programme_completion_update(*, actor: User | None, programme: Programme, rule: str,
                                threshold: Decimal | None) -> Programme:
    """Set how participants complete a programme: every required session, at least N
    equivalent days, or at least P per cent of the sessions."""
    if rule not in CompletionRule.values:
        raise DomainError("Choose how participants complete the programme.", field="rule")
    if rule == CompletionRule.ALL_REQUIRED:
        threshold = None
    elif threshold is None or threshold <= 0:
        raise DomainError("Give the number of days or the percentage.", field="threshold")
    elif rule == CompletionRule.MIN_PERCENT and threshold > 100:
        raise DomainError("A percentage cannot be more than 100.", field="threshold")
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        before = [locked.completion_rule, locked.completion_threshold]
        if before != [rule, threshold]:
            locked.completion_rule, locked.completion_threshold = rule, threshold
            locked.save(update_fields=["completion_rule", "completion_threshold", "updated_at"])
            audit_record(actor=actor, action=AuditAction.PROGRAMME_COMPLETION_UPDATED,
                         obj=locked, hub=None,
                         changes={"completion": [before, [rule, threshold]]})
    return locked
