"""Reads for progression: the marks behind an enrolment's outcome, journeys, who is due a next
stage, invitations. Journeys are a hub's own record: its Work Groups and its imported history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import CharField, Exists, OuterRef, Prefetch, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.http import Http404

from workgroups.catalogue.models import AcademicYear, Offering, Programme, ProgressionRoute
from workgroups.core.models import EmailOnce
from workgroups.delivery import selectors as delivery_selectors
from workgroups.delivery.models import (
    Attendance,
    Enrolment,
    EnrolmentOutcome,
    Session,
    SessionKind,
    WorkGroup,
)
from workgroups.hubs.models import Hub
from workgroups.progression import rules
from workgroups.progression.models import Invitation
from workgroups.schools.models import ParticipationRecord
from workgroups.schools.selectors import school_get, school_lineage


def work_group_marks(*, work_group: WorkGroup, enrolments: Iterable[Enrolment],
                     now: datetime) -> dict[int, list[rules.SessionMark]]:
    """Each enrolment's mark at each of the Work Group's sessions that has ended by ``now``
    (sessions still to come are not yet held), in two queries. An in-school support visit is
    one school's: it counts only for the participants marked at it."""
    sessions = list(Session.objects.filter(work_group=work_group, ends_at__lte=now)
                    .order_by("starts_at"))
    enrolment_ids = [e.pk for e in enrolments]
    statuses = {(a.enrolment_id, a.session_id): a.status
                for a in Attendance.objects.filter(enrolment_id__in=enrolment_ids)}
    return {enrolment_id: [rules.SessionMark(required=s.required,
                                             equivalent_days=s.equivalent_days,
                                             status=statuses.get((enrolment_id, s.pk)),
                                             cancelled=s.cancelled_at is not None)
                           for s in sessions
                           if s.kind != SessionKind.IN_SCHOOL_SUPPORT
                           or (enrolment_id, s.pk) in statuses]
            for enrolment_id in enrolment_ids}


def work_group_outcomes_refusal(*, work_group: WorkGroup, now: datetime) -> str | None:
    """Why this Work Group's outcomes cannot be recorded at ``now``, or None if they can."""
    offering = work_group.offering
    last = (Session.objects.filter(work_group=work_group, cancelled_at__isnull=True)
            .order_by("-ends_at").values_list("ends_at", flat=True).first())
    return rules.outcomes_refusal(
        last_session_ends_at=last, offering_completed=offering.status == "completed",
        year_ends_on=offering.academic_year.ends_on, now=now)


def work_group_outcomes(*, work_group: WorkGroup, enrolments: list[Enrolment],
                        now: datetime) -> dict[int, str]:
    """The outcome each enrolment would have by the programme's rule and the registers."""
    programme = work_group.offering.programme
    marks = work_group_marks(work_group=work_group, enrolments=enrolments, now=now)
    return {enrolment.pk: rules.completion_outcome(
                rule=programme.completion_rule, threshold=programme.completion_threshold,
                marks=marks[enrolment.pk],
                withdrawn=enrolment.outcome == EnrolmentOutcome.WITHDRAWN)
            for enrolment in enrolments}


@dataclass
class OutcomesPreview:
    """What "Record outcomes" would write: each participant with the outcome they would get."""

    rows: list[tuple[Enrolment, str]]

    def count(self, outcome: str) -> int:
        return sum(1 for _, o in self.rows if o == outcome)

    @property
    def completed(self) -> int:
        return self.count(rules.COMPLETED)

    @property
    def incomplete(self) -> int:
        return self.count(rules.INCOMPLETE)

    @property
    def withdrawn(self) -> int:
        return self.count(rules.WITHDRAWN)


def work_group_outcomes_preview(*, work_group: WorkGroup, now: datetime) -> OutcomesPreview:
    enrolments = list(Enrolment.objects.filter(work_group=work_group).order_by("name", "pk"))
    outcomes = work_group_outcomes(work_group=work_group, enrolments=enrolments, now=now)
    return OutcomesPreview(rows=[(e, outcomes[e.pk]) for e in enrolments])


def routes() -> list[rules.Route]:
    return [rules.Route(r.from_programme.slug, r.to_programme.slug, r.after_years)
            for r in ProgressionRoute.objects.select_related("from_programme", "to_programme")]


# --- Journeys ----------------------------------------------------------------------------------

@dataclass
class JourneyRow:
    academic_year: AcademicYear
    programme: Programme
    work_group: WorkGroup | None
    who: str
    sessions_attended: int | None
    sessions_required: int | None
    outcome: str
    enrolment_id: int | None = None
    code: str = ""  # the national project code of that year's offering, where known

    @property
    def outcome_label(self) -> str:
        return str(dict(EnrolmentOutcome.choices).get(self.outcome, self.outcome))


def _journey(*, hub: Hub, enrolments: QuerySet[Enrolment],
             records: QuerySet[ParticipationRecord]) -> list[JourneyRow]:
    """Enrolments in the hub's Work Groups (with what they attended) and the hub's imported
    history, oldest first, in four queries however long the history."""
    enrolment_list = list(enrolments.filter(work_group__offering__hub=hub).select_related(
        "work_group__offering__academic_year", "work_group__offering__programme"))
    held: dict[int, list[Session]] = defaultdict(list)
    for session in Session.objects.filter(
            work_group_id__in={e.work_group_id for e in enrolment_list},
            cancelled_at__isnull=True):
        held[session.work_group_id].append(session)
    present: dict[int, int] = defaultdict(int)
    for enrolment_id in Attendance.objects.filter(
            enrolment__in=enrolment_list, status="present",
            session__cancelled_at__isnull=True).values_list("enrolment_id", flat=True):
        present[enrolment_id] += 1
    rows = []
    seen: set[tuple[int, int]] = set()
    for e in enrolment_list:
        offering = e.work_group.offering
        seen.add((offering.academic_year_id, offering.programme_id))
        rows.append(JourneyRow(
            academic_year=offering.academic_year, programme=offering.programme,
            work_group=e.work_group, who=e.name, enrolment_id=e.pk,
            sessions_attended=present[e.pk],
            sessions_required=sum(1 for s in held[e.work_group_id] if s.required),
            outcome=e.outcome, code=offering.code))
    for record in records.filter(hub=hub).select_related("academic_year", "programme"):
        # Records written from these enrolments are already shown with their attendance.
        if (record.academic_year_id, record.programme_id) in seen:
            continue
        rows.append(JourneyRow(academic_year=record.academic_year, programme=record.programme,
                               work_group=None, who=record.name or record.email or "",
                               sessions_attended=None, sessions_required=None,
                               outcome=record.outcome))
    rows.sort(key=lambda r: (r.academic_year.starts_on, r.programme.title, r.who))
    return rows


def school_journey(*, hub: Hub, urn: int) -> tuple[object, list[JourneyRow]]:
    """Every year of a school's work with the hub, under this URN and those linked to it
    (an academy conversion or a merger keeps the history)."""
    lineage = school_lineage(urn=urn)
    school = school_get(urn=urn)
    rows = _journey(hub=hub, enrolments=Enrolment.objects.filter(school_urn__in=lineage),
                    records=ParticipationRecord.objects.filter(school_urn__in=lineage))
    if school is None and not rows:
        raise Http404("No such school.")
    return school, rows


def enrolment_email(*, hub: Hub, enrolment: str) -> str:
    """The address of one of the hub's enrolments, named by its id (so a link to a person's
    journey carries no address); "" for anything else, including another hub's enrolment."""
    if not enrolment.isdigit() or len(enrolment) > 18:
        return ""
    found = (Enrolment.objects.filter(pk=int(enrolment), work_group__offering__hub=hub)
             .values_list("email", flat=True).first())
    return found or ""


def person_journey(*, hub: Hub, email: str) -> list[JourneyRow]:
    address = email.strip().lower()
    if not address:
        return []
    return _journey(hub=hub, enrolments=Enrolment.objects.filter(email=address),
                    records=ParticipationRecord.objects.filter(email=address))


# --- Rollover and invitations ------------------------------------------------------------------

def hub_year_offerings(*, hub: Hub, year: AcademicYear) -> list[Offering]:
    return list(Offering.objects.filter(hub=hub, academic_year=year)
                .select_related("programme", "academic_year")
                .prefetch_related("questions", "work_groups__leads",
                                  Prefetch("work_groups__sessions",
                                           queryset=Session.objects.select_related("venue"))))


def completed_in(*, hub: Hub, year: AcademicYear) -> list[Enrolment]:
    """Everyone who completed a Work Group of the hub's in ``year``."""
    return list(Enrolment.objects.filter(
        work_group__offering__hub=hub, work_group__offering__academic_year=year,
        outcome=EnrolmentOutcome.COMPLETED)
        .select_related("work_group__offering__programme", "application__applicant")
        .order_by("pk"))


def history_by_subject(*, hub: Hub, emails: Iterable[str], urns: Iterable[int],
                       ) -> tuple[dict[str, list[rules.Taken]], dict[int, list[rules.Taken]]]:
    """Each person's and each school's record with the hub (the URN as recorded), in two
    queries: what the due-next-stage rule reads."""
    by_email: dict[str, list[rules.Taken]] = defaultdict(list)
    by_urn: dict[int, list[rules.Taken]] = defaultdict(list)
    email_set, urn_set = set(emails), set(urns)
    for record in (ParticipationRecord.objects.filter(hub=hub)
                   .filter(email__in=email_set) | ParticipationRecord.objects.filter(
                       hub=hub, school_urn__in=urn_set)).select_related("programme",
                                                                        "academic_year"):
        taken = rules.Taken(record.programme.slug, record.academic_year.starts_on.year,
                            record.outcome)
        if record.email in email_set:
            by_email[record.email].append(taken)
        if record.school_urn in urn_set:
            by_urn[record.school_urn].append(taken)
    for enrolment in (Enrolment.objects.filter(work_group__offering__hub=hub,
                                               outcome=EnrolmentOutcome.ENROLLED)
                      .filter(email__in=email_set) | Enrolment.objects.filter(
                          work_group__offering__hub=hub, outcome=EnrolmentOutcome.ENROLLED,
                          school_urn__in=urn_set)).select_related(
            "work_group__offering__programme", "work_group__offering__academic_year"):
        offering = enrolment.work_group.offering
        taken = rules.Taken(offering.programme.slug, offering.academic_year.starts_on.year,
                            "enrolled")
        if enrolment.email in email_set:
            by_email[enrolment.email].append(taken)
        if enrolment.school_urn in urn_set:
            by_urn[enrolment.school_urn].append(taken)
    return by_email, by_urn


def hub_invitations(*, hub: Hub, year: AcademicYear) -> list[Invitation]:
    return list(Invitation.objects.filter(offering__hub=hub, offering__academic_year=year)
                .select_related("offering__programme", "completed_programme")
                .order_by("offering__programme__title", "school_urn", "name"))


def invitation_get(*, pk: int) -> Invitation | None:
    return (Invitation.objects.select_related("offering__hub", "offering__academic_year",
                                              "offering__programme")
            .filter(pk=pk).first())


def enrolment_certificate_get(*, user_email: str, pk: int) -> Enrolment:
    """A completed enrolment of the signed-in person's, for their certificate; else 404."""
    enrolment = (Enrolment.objects.select_related(
        "work_group__offering__programme", "work_group__offering__hub",
        "work_group__offering__academic_year")
        .filter(pk=pk, email=user_email.lower(), outcome=EnrolmentOutcome.COMPLETED).first())
    if enrolment is None:
        raise Http404("No certificate.")
    return enrolment



def work_group_outcomes_export(*, work_group: WorkGroup, now: datetime) -> QuerySet[Enrolment]:
    """A Work Group's participants for the outcomes export: as ``enrolments_for_export``, with
    ``certificate_sent`` (their completion email, which carries the certificate, was queued)."""
    key = Concat(Value("completed:"), Cast(OuterRef("pk"), output_field=CharField()))
    return delivery_selectors.enrolments_for_export(
        work_groups=WorkGroup.objects.filter(pk=work_group.pk), now=now,
    ).annotate(certificate_sent=Exists(EmailOnce.objects.filter(key=key)))
