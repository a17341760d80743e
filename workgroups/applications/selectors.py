"""Reads over applications, always scoped: an applicant sees only their own, staff only their
hub's. A forbidden application is a 404, never a 403."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from workgroups.accounts.models import User
from workgroups.applications.models import (
    PLACE_HOLDING_STATUSES,
    Application,
    ApplicationStatus,
    Endorsement,
    EndorsementStatus,
)
from workgroups.applications.steps import QuestionSpec, Step, application_steps
from workgroups.catalogue.models import AcademicYear, Offering, OfferingQuestion, OfferingStatus
from workgroups.core.parse import parse_urn
from workgroups.eligibility.forms import STEP_TITLES
from workgroups.hubs.models import Hub
from workgroups.schools.facts import normalise_name
from workgroups.schools.models import School
from workgroups.schools.selectors import school_get, schools_by_urn


def applicant_applications(*, user: User | AnonymousUser) -> QuerySet[Application]:
    if not user.is_authenticated:
        return Application.objects.none()
    return (Application.objects.filter(applicant=user)
            .select_related("offering__programme", "offering__hub", "offering__academic_year",
                            "work_group"))


def applicant_application_get(*, user: User | AnonymousUser, pk: int) -> Application:
    try:
        return applicant_applications(user=user).get(pk=pk)
    except Application.DoesNotExist:
        raise Http404("No such application.") from None


def hub_applications(*, hub: Hub) -> QuerySet[Application]:
    """A hub's sent applications (drafts are the applicant's own business)."""
    return (Application.objects.filter(offering__hub=hub).exclude(status="draft")
            .select_related("offering__programme", "offering__academic_year", "applicant")
            .order_by("-submitted_at"))


def drafts_past_their_window(*, today: date) -> QuerySet[Application]:
    """Drafts that can no longer be sent: the offering's window closed before ``today``, the
    offering closed for good, or its academic year is over (shown closed whatever its stored
    status). (A full offering may reopen within its year, so its drafts wait.)"""
    finished = [OfferingStatus.CLOSED, OfferingStatus.RUNNING, OfferingStatus.COMPLETED]
    return (Application.objects.filter(status="draft")
            .filter(Q(offering__applications_close__lt=today)
                    | Q(offering__status__in=finished)
                    | Q(offering__academic_year__ends_on__lt=today))
            .select_related("offering__hub").order_by("pk"))


def staff_offering_applications(*, offering: Offering) -> list[Application]:
    """An offering's sent applications with their schools, in a fixed number of queries."""
    applications = list(hub_applications(hub=offering.hub).filter(offering=offering))
    schools = schools_by_urn({a.school_urn for a in applications if a.school_urn})
    for application in applications:
        application.school = schools.get(application.school_urn or 0)  # type: ignore[attr-defined]
    return applications


def staff_application_get(*, hub: Hub, pk: int) -> Application:
    """One of the hub's sent applications, with its history; anything else is a 404."""
    return _one_with_school(
        hub_applications(hub=hub).prefetch_related("status_changes__actor", "endorsements"),
        pk=pk)


def offering_questions(*, offering: Offering) -> list[OfferingQuestion]:
    return list(OfferingQuestion.objects.filter(offering=offering))


def question_specs(questions: list[OfferingQuestion]) -> list[QuestionSpec]:
    return [QuestionSpec(key=q.answer_key, text=q.text, required=q.required) for q in questions]


def steps_for(*, application: Application,
              questions: list[OfferingQuestion] | None = None) -> list[Step]:
    """The pages of this application, given its programme, offering and answers so far."""
    offering = application.offering
    programme = offering.programme
    if questions is None:
        questions = offering_questions(offering=offering)
    return application_steps(
        rules=programme.eligibility_rules, questions=question_specs(questions),
        is_school_team=application.is_school_team,
        required_supports=programme.required_supports, answers=application.parsed_answers,
        fact_titles=STEP_TITLES)


def endorsement_get(*, pk: int) -> Endorsement | None:
    return (Endorsement.objects
            .select_related("application__offering__programme", "application__offering__hub",
                            "application__offering__academic_year", "application__applicant")
            .filter(pk=pk).first())


def endorsements_awaiting(*, sent_before: datetime) -> QuerySet[Endorsement]:
    """Unanswered requests, sent before ``sent_before``, on applications still waiting."""
    return (Endorsement.objects.filter(status=EndorsementStatus.REQUESTED,
                                       application__status=ApplicationStatus.AWAITING_SUPPORT,
                                       link_sent_at__lte=sent_before)
            .order_by("pk"))


def applicant_application_detail(*, user: User | AnonymousUser, pk: int) -> Application:
    """One of the applicant's own applications with its endorsements and history; a 404 for
    anyone else's."""
    return _one_with_school(
        applicant_applications(user=user).prefetch_related("endorsements", "status_changes"),
        pk=pk)


def _one_with_school(applications: QuerySet[Application], *, pk: int) -> Application:
    """One application from a scoped queryset, with its school from the register; else 404."""
    try:
        application = applications.get(pk=pk)
    except Application.DoesNotExist:
        raise Http404("No such application.") from None
    application.school = (school_get(urn=application.school_urn)  # type: ignore[attr-defined]
                          if application.school_urn else None)
    return application


# --- Places: what each Work Group and offering holds ------------------------------------------

@dataclass(frozen=True)
class Places:
    """Places held: schools (each counted once however many of its people hold places) and
    participants; ``urns`` are the schools counted, so one more application can be added."""

    schools: int = 0
    participants: int = 0
    urns: frozenset[int] = frozenset()

    def plus(self, *, school_urn: int | None, participants: int) -> Places:
        """These places with one more application's."""
        if school_urn is not None and school_urn in self.urns:
            return Places(self.schools, self.participants + participants, self.urns)
        urns = self.urns if school_urn is None else self.urns | {school_urn}
        return Places(self.schools + 1, self.participants + participants, urns)


def _tally(rows: Iterable[tuple[int, int | None, int]]) -> dict[int, Places]:
    places: dict[int, Places] = defaultdict(Places)
    for key, urn, participants in rows:
        places[key] = places[key].plus(school_urn=urn, participants=participants)
    return dict(places)


def places_taken_by_work_group(*, work_group_ids: Iterable[int]) -> dict[int, Places]:
    """Places held (offered or accepted) in each Work Group, in one query."""
    rows = (Application.objects
            .filter(work_group_id__in=list(work_group_ids), status__in=PLACE_HOLDING_STATUSES)
            .values_list("work_group_id", "school_urn", "participants"))
    return _tally((wg or 0, urn, n) for wg, urn, n in rows)


def places_taken_in_offering(*, offering_id: int) -> Places:
    rows = (Application.objects
            .filter(offering_id=offering_id, status__in=PLACE_HOLDING_STATUSES)
            .values_list("school_urn", "participants"))
    return _tally((offering_id, urn, n) for urn, n in rows).get(offering_id, Places())


def has_room_for(*, application: Application) -> bool:
    """True when one of the offering's Work Groups (and the offering's own caps) could take
    the application's places now: a waiting-list email then must not say there is no place."""
    offering = application.offering
    groups = list(offering.work_groups.all())
    if offering.capacity_schools is not None or offering.capacity_participants is not None:
        whole = places_taken_in_offering(offering_id=offering.pk).plus(
            school_urn=application.school_urn, participants=application.participants)
        if ((offering.capacity_schools is not None
             and whole.schools > offering.capacity_schools)
                or (offering.capacity_participants is not None
                    and whole.participants > offering.capacity_participants)):
            return False
    taken = places_taken_by_work_group(work_group_ids=[g.pk for g in groups])
    for group in groups:
        after = taken.get(group.pk, Places()).plus(school_urn=application.school_urn,
                                                   participants=application.participants)
        if (after.schools <= group.capacity_schools
                and after.participants <= group.capacity_participants):
            return True
    return False


def waitlist(*, offering: Offering) -> QuerySet[Application]:
    """The offering's waiting list, first in line first."""
    return (Application.objects.filter(offering=offering, status=ApplicationStatus.WAITLISTED)
            .order_by("waitlist_rank", "pk"))


def waitlist_position(*, application: Application) -> int | None:
    """1 for the first in line; None when not on the waiting list."""
    if application.status != ApplicationStatus.WAITLISTED or application.waitlist_rank is None:
        return None
    ahead = Application.objects.filter(
        Q(waitlist_rank__lt=application.waitlist_rank)
        | Q(waitlist_rank=application.waitlist_rank, pk__lt=application.pk),
        offering_id=application.offering_id, status=ApplicationStatus.WAITLISTED).count()
    return ahead + 1


def offers_past_their_time(*, now: datetime) -> QuerySet[Application]:
    return (Application.objects.filter(status=ApplicationStatus.OFFERED,
                                       offer_expires_at__lt=now).order_by("offer_expires_at",
                                                                          "pk"))


# --- The hub's dashboard and an offering's applications table ----------------------------------

DASHBOARD_STATUSES = ("submitted", "awaiting_support", "ready_for_review", "offered",
                      "accepted", "waitlisted")


@dataclass
class OfferingCounts:
    offering: Offering
    by_status: dict[str, int]
    capacity_schools: int
    capacity_participants: int
    taken: Places

    @property
    def places_left(self) -> int:
        return max(self.capacity_participants - self.taken.participants, 0)

    @property
    def school_places_left(self) -> int:
        return max(self.capacity_schools - self.taken.schools, 0)

    def count(self, status: str) -> int:
        return self.by_status.get(status, 0)


def hub_year_dashboard(*, hub: Hub, year: AcademicYear) -> list[OfferingCounts]:
    """Each of the hub's offerings in ``year`` with its applications counted by status and its
    places, in four queries however many offerings and applications there are."""
    offerings = list(Offering.objects.filter(hub=hub, academic_year=year)
                     .select_related("programme", "academic_year")
                     .prefetch_related("work_groups")
                     .order_by("programme__title"))
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for offering_id, status, n in (Application.objects.filter(offering__in=offerings)
                                   .exclude(status=ApplicationStatus.DRAFT)
                                   .values_list("offering_id", "status")
                                   .annotate(n=Count("pk")).order_by()):
        counts[offering_id][status] = n
    holding = _tally((oid, urn, n) for oid, urn, n in Application.objects.filter(
        offering__in=offerings, status__in=PLACE_HOLDING_STATUSES)
        .values_list("offering_id", "school_urn", "participants"))
    rows = []
    for offering in offerings:
        groups = list(offering.work_groups.all())
        schools = sum(g.capacity_schools for g in groups)
        participants = sum(g.capacity_participants for g in groups)
        if offering.capacity_schools is not None:
            schools = min(schools, offering.capacity_schools)
        if offering.capacity_participants is not None:
            participants = min(participants, offering.capacity_participants)
        rows.append(OfferingCounts(offering=offering, by_status=counts[offering.pk],
                                   capacity_schools=schools,
                                   capacity_participants=participants,
                                   taken=holding.get(offering.pk, Places())))
    return rows


@dataclass(frozen=True)
class ApplicationFilters:
    statuses: tuple[str, ...] = ()
    la_code: int | None = None
    school: str = ""
    outcome: str = ""
    submitted_from: date | None = None
    submitted_to: date | None = None
    sort: str = "submitted"


SORTS = {
    "submitted": ("submitted_at", "pk"),
    "-submitted": ("-submitted_at", "-pk"),
    "applicant": ("applicant__last_name", "applicant__first_name", "pk"),
    "-applicant": ("-applicant__last_name", "-applicant__first_name", "-pk"),
    "school": ("school_name", "pk"),
    "-school": ("-school_name", "-pk"),
    "status": ("status", "submitted_at", "pk"),
    "-status": ("-status", "submitted_at", "pk"),
    "waitlist": ("waitlist_rank", "submitted_at", "pk"),
}


def offering_applications_table(*, offering: Offering,
                                filters: ApplicationFilters) -> QuerySet[Application]:
    """An offering's sent applications, filtered and sorted; each row carries ``school_name``
    (from the register) so sorting and showing the school costs no extra query."""
    school_name = School.objects.filter(urn=OuterRef("school_urn")).values("name")[:1]
    applications = (Application.objects.filter(offering=offering)
                    .exclude(status=ApplicationStatus.DRAFT)
                    .select_related("applicant", "work_group")
                    .annotate(school_name=Subquery(school_name)))
    if filters.statuses:
        applications = applications.filter(status__in=filters.statuses)
    if filters.outcome:
        applications = applications.filter(eligibility__outcome=filters.outcome)
    if filters.la_code is not None:
        applications = applications.filter(school_urn__in=School.objects.filter(
            la_code=filters.la_code).values("urn"))
    if filters.school:
        text = filters.school.strip()
        urn = parse_urn(text)
        if urn is not None:
            applications = applications.filter(school_urn=urn)
        else:
            applications = applications.filter(school_urn__in=School.objects.filter(
                search_name__contains=normalise_name(text)).values("urn"))
    if filters.submitted_from:
        applications = applications.filter(submitted_at__date__gte=filters.submitted_from)
    if filters.submitted_to:
        applications = applications.filter(submitted_at__date__lte=filters.submitted_to)
    return applications.order_by(*SORTS.get(filters.sort, SORTS["submitted"]))


def offering_local_authorities(*, offering: Offering) -> list[tuple[int | None, str]]:
    """The local authorities of the schools that applied, for the table's filter."""
    urns = (Application.objects.filter(offering=offering).exclude(status="draft")
            .exclude(school_urn__isnull=True).values("school_urn"))
    return list(School.objects.filter(urn__in=urns).values_list("la_code", "la_name")
                .distinct().order_by("la_name"))


def waitlist_positions(*, offering: Offering) -> dict[int, int]:
    """Every waiting application's place in the queue, in one query."""
    return {pk: index for index, pk in enumerate(
        waitlist(offering=offering).values_list("pk", flat=True), start=1)}


def staff_applications_by_id(*, offering: Offering, ids: Iterable[int]) -> list[Application]:
    """The offering's sent applications among ``ids``, earliest sent first (bulk decisions
    give the last places to those who applied first)."""
    return list(Application.objects.filter(offering=offering, pk__in=list(ids))
                .exclude(status=ApplicationStatus.DRAFT)
                .select_related("applicant").order_by("submitted_at", "pk"))


# Rows fetched per database round trip when a list is exported: memory stays flat.
EXPORT_CHUNK_SIZE = 2000


def offering_applications_export(*, offering: Offering,
                                 filters: ApplicationFilters) -> Iterator[Application]:
    """The applications table's rows, every page of them, for an export: the same filters and
    order, read in chunks (applicant, Work Group and school name joined in, no query per row)."""
    return offering_applications_table(offering=offering, filters=filters).iterator(
        chunk_size=EXPORT_CHUNK_SIZE)


def offering_applications_count(*, offering: Offering, filters: ApplicationFilters) -> int:
    """How many applications the table (and its export) holds with ``filters``: one query."""
    return offering_applications_table(offering=offering, filters=filters).order_by().count()
