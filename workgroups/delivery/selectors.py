"""Reads for delivery objects, scoped to a hub the caller has already been allowed into."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from workgroups.accounts.capabilities import WORK_GROUP_LEAD_CAPABILITIES, Capability
from workgroups.accounts.models import User
from workgroups.accounts.permissions import hubs_where
from workgroups.catalogue.models import AcademicYear, OfferingStatus
from workgroups.delivery.models import (
    Attendance,
    AttendanceChange,
    AttendanceStatus,
    CalendarFeed,
    Enrolment,
    EnrolmentOutcome,
    Session,
    SessionKind,
    SessionReminder,
    Venue,
    WorkGroup,
)
from workgroups.hubs.models import Hub
from workgroups.schools.models import School
from workgroups.schools.selectors import schools_by_urn


def staff_work_group_get(*, hub: Hub, pk: int) -> WorkGroup:
    try:
        return WorkGroup.objects.select_related("offering__academic_year", "offering__programme",
                                                "offering__hub").get(offering__hub=hub, pk=pk)
    except WorkGroup.DoesNotExist:
        raise Http404("No such Work Group in this hub.") from None


def staff_session_get(*, hub: Hub, pk: int) -> Session:
    try:
        return Session.objects.select_related(
            "venue", "work_group__offering__academic_year", "work_group__offering__hub",
            "work_group__offering__programme",
        ).get(work_group__offering__hub=hub, pk=pk)
    except Session.DoesNotExist:
        raise Http404("No such session in this hub.") from None


def staff_venues(*, hub: Hub) -> QuerySet[Venue]:
    return Venue.objects.filter(hub=hub).order_by("name")


def staff_venue_get(*, hub: Hub, pk: int) -> Venue:
    try:
        return Venue.objects.select_related("hub").get(hub=hub, pk=pk)
    except Venue.DoesNotExist:
        raise Http404("No such venue in this hub.") from None


def sessions_needing_reminders(*, now: datetime, until: datetime) -> list[Session]:
    """Sessions starting between ``now`` and ``until`` (not cancelled), each with ``pending``:
    its enrolled participants not yet reminded. Three queries whatever the numbers."""
    # In-school visits are arranged with the school itself: no reminder to the whole group.
    sessions = list(Session.objects.filter(starts_at__gt=now, starts_at__lte=until,
                                           cancelled_at__isnull=True)
                    .exclude(kind=SessionKind.IN_SCHOOL_SUPPORT)
                    .order_by("starts_at", "pk"))
    if not sessions:
        return []
    enrolments: dict[int, list[Enrolment]] = {}
    for enrolment in Enrolment.objects.filter(
            work_group_id__in={s.work_group_id for s in sessions},
            outcome=EnrolmentOutcome.ENROLLED).order_by("pk"):
        enrolments.setdefault(enrolment.work_group_id, []).append(enrolment)
    done = set(SessionReminder.objects.filter(session__in=sessions)
               .values_list("session_id", "enrolment_id"))
    for session in sessions:
        session.pending = [e for e in enrolments.get(session.work_group_id, [])  # type: ignore[attr-defined]
                           if (session.pk, e.pk) not in done]
    return sessions


def session_for_calendar(*, pk: int) -> Session:
    """A session of a published offering, for its public .ics (no online link in it)."""
    try:
        return (Session.objects.select_related("venue", "work_group__offering__programme",
                                               "work_group__offering__hub")
                .exclude(work_group__offering__status=OfferingStatus.DRAFT).get(pk=pk))
    except Session.DoesNotExist:
        raise Http404("No such session.") from None


def work_group_for_calendar(*, pk: int) -> WorkGroup:
    try:
        return (WorkGroup.objects.select_related("offering__programme", "offering__hub")
                .prefetch_related(Prefetch("sessions",
                                           queryset=Session.objects.select_related("venue")))
                .exclude(offering__status=OfferingStatus.DRAFT).get(pk=pk))
    except WorkGroup.DoesNotExist:
        raise Http404("No such Work Group.") from None


def participant_sessions(*, email: str) -> list[Session]:
    """Every session of every Work Group the person has a place in (cancelled ones included, so
    calendars learn of the cancellation)."""
    return list(Session.objects.filter(
        work_group__enrolments__email=email.lower(),
        work_group__enrolments__outcome__in=[EnrolmentOutcome.ENROLLED,
                                             EnrolmentOutcome.COMPLETED,
                                             EnrolmentOutcome.INCOMPLETE])
        .select_related("venue", "work_group__offering__programme", "work_group__offering__hub")
        .distinct().order_by("starts_at"))


def calendar_feed_get(*, pk: int) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(pk=pk).first()


def calendar_feed_of(*, email: str) -> CalendarFeed | None:
    """The person's feed, if they have one (it is made when they are enrolled)."""
    return CalendarFeed.objects.filter(email=email.strip().lower()).first()


# --- Work Group leads: their own Work Groups and nothing else --------------------------------

def work_groups_where(user: User | AnonymousUser, capability: Capability) -> QuerySet[WorkGroup]:
    """The Work Groups on which ``user`` holds ``capability``: every Work Group of a hub where
    their role grants it (a superuser: all), and, for what a Work Group lead may do, the Work
    Groups they lead at a hub where they still hold a role. The one answer to "who may take
    this register" for staff pages, lead pages and the API."""
    if not user.is_authenticated or not user.is_active:
        return WorkGroup.objects.none()
    if getattr(user, "is_superuser", False):
        return WorkGroup.objects.all()
    allowed = Q(offering__hub__in=hubs_where(user, capability))
    if capability in WORK_GROUP_LEAD_CAPABILITIES:
        allowed |= Q(pk__in=_led_by(user).values("pk"))
    return WorkGroup.objects.filter(allowed)


def _led_by(user: User | AnonymousUser) -> QuerySet[WorkGroup]:
    """The Work Groups ``user`` leads; a lead who has left the hub (no role there any more)
    leads nothing."""
    if not isinstance(user, User) or not user.is_active:
        return WorkGroup.objects.none()
    return WorkGroup.objects.filter(leads=user, offering__hub__memberships__user=user)


def lead_work_groups(*, user: User | AnonymousUser) -> QuerySet[WorkGroup]:
    """The Work Groups ``user`` leads and may still take registers for (the lead pages: hub
    staff use the staff pages)."""
    if not user.is_authenticated or not user.is_active:
        return WorkGroup.objects.none()
    return (WorkGroup.objects.filter(pk__in=_led_by(user).values("pk"))
            .select_related("offering__programme", "offering__hub", "offering__academic_year")
            .order_by("-offering__academic_year__starts_on", "name"))


def lead_work_group_get(*, user: User | AnonymousUser, pk: int) -> WorkGroup:
    """One of the user's own Work Groups with its participants and sessions; else a 404."""
    try:
        work_group = lead_work_groups(user=user).prefetch_related(
            Prefetch("sessions", queryset=Session.objects.select_related("venue"))).get(pk=pk)
    except WorkGroup.DoesNotExist:
        raise Http404("No such Work Group.") from None
    return lead_work_group_for(work_group)


def staff_work_group_detail(*, hub: Hub, pk: int) -> WorkGroup:
    """A hub's Work Group with its leads, participants and sessions, for the staff page."""
    work_group = staff_work_group_get(hub=hub, pk=pk)
    return lead_work_group_for(work_group)


def lead_work_group_for(work_group: WorkGroup) -> WorkGroup:
    """Attach the Work Group's current participants, each with their school, as
    ``participants`` (two queries)."""
    enrolments = list(Enrolment.objects.filter(work_group=work_group)
                      .exclude(outcome=EnrolmentOutcome.WITHDRAWN).order_by("school_urn", "name"))
    schools = schools_by_urn({e.school_urn for e in enrolments if e.school_urn})
    for enrolment in enrolments:
        enrolment.school = schools.get(enrolment.school_urn or 0)  # type: ignore[attr-defined]
    work_group.participants = enrolments  # type: ignore[attr-defined]
    return work_group


# --- Registers ----------------------------------------------------------------------------------

def register_session_get(*, user: User | AnonymousUser, pk: int, hub: Hub | None = None,
                         led_only: bool = False) -> Session:
    """A session whose register ``user`` may take (``work_groups_where`` with
    ``REGISTERS_TAKE``), within ``hub`` if given, or among the Work Groups they lead if
    ``led_only``; else 404."""
    allowed = work_groups_where(user, Capability.REGISTERS_TAKE)
    if hub is not None:
        allowed = allowed.filter(offering__hub=hub)
    if led_only:
        allowed = allowed.filter(pk__in=_led_by(user).values("pk"))
    try:
        return (Session.objects.select_related("venue", "work_group__offering__programme",
                                               "work_group__offering__hub",
                                               "work_group__offering__academic_year")
                .get(pk=pk, work_group__in=allowed))
    except Session.DoesNotExist:
        raise Http404("No such session.") from None


def lead_session_get(*, user: User | AnonymousUser, pk: int) -> Session:
    """A session of one of the lead's own Work Groups; else 404."""
    return register_session_get(user=user, pk=pk, led_only=True)


@dataclass
class RegisterLine:
    enrolment: Enrolment
    status: str
    school_name: str


def register_lines(*, session: Session, with_withdrawn: bool = False) -> list[RegisterLine]:
    """The session's participants with their current marks and schools, in three queries;
    ``with_withdrawn`` adds those who have left (the page shows them, read-only, with why)."""
    everyone = Enrolment.objects.filter(work_group_id=session.work_group_id)
    if not with_withdrawn:
        everyone = everyone.exclude(outcome=EnrolmentOutcome.WITHDRAWN)
    enrolments = list(everyone.order_by("name", "pk"))
    marks = dict(Attendance.objects.filter(session=session)
                 .values_list("enrolment_id", "status"))
    schools = schools_by_urn({e.school_urn for e in enrolments if e.school_urn})
    return [RegisterLine(enrolment=e, status=marks.get(e.pk, ""),
                         school_name=getattr(schools.get(e.school_urn or 0), "name", ""))
            for e in enrolments]


def register_history(*, session: Session) -> list[AttendanceChange]:
    return list(AttendanceChange.objects.filter(attendance__session=session)
                .select_related("attendance__enrolment", "actor").order_by("-at", "-pk"))


def participant_completed(*, email: str) -> list[Enrolment]:
    return list(Enrolment.objects.filter(email=email.lower(), outcome=EnrolmentOutcome.COMPLETED)
                .select_related("work_group__offering__programme",
                                "work_group__offering__academic_year")
                .order_by("-work_group__offering__academic_year__starts_on"))


# --- Exports ------------------------------------------------------------------------------------
# Lists read for a CSV or XLSX download: a fixed number of queries whatever the number of rows,
# each read in chunks so memory stays flat (see workgroups.core.exports).

EXPORT_CHUNK_SIZE = 2000


def staff_year_work_groups(*, hub: Hub, year: AcademicYear) -> QuerySet[WorkGroup]:
    """The hub's Work Groups in ``year`` (the scope of the year's exports)."""
    return WorkGroup.objects.filter(offering__hub=hub, offering__academic_year=year)


def enrolments_for_export(*, work_groups: QuerySet[WorkGroup], now: datetime,
                          ) -> QuerySet[Enrolment]:
    """The participants of ``work_groups`` annotated with ``school_name`` and ``la_name`` from
    the register, ``held`` (the sessions held so far that count for them: not cancelled, ended
    by ``now``, an in-school support visit only when they were marked at it) and ``attended``
    (present at those); read them with ``enrolment_rows``."""
    school = School.objects.filter(urn=OuterRef("school_urn"))
    held_sessions = (Session.objects.filter(ends_at__lte=now, cancelled_at__isnull=True)
                     .order_by())
    held = (held_sessions.filter(work_group=OuterRef("work_group"))
            .exclude(kind=SessionKind.IN_SCHOOL_SUPPORT)
            .values("work_group").annotate(n=Count("pk")).values("n"))
    visits = (Attendance.objects.filter(enrolment=OuterRef("pk"),
                                        session__kind=SessionKind.IN_SCHOOL_SUPPORT,
                                        session__in=held_sessions)
              .order_by().values("enrolment").annotate(n=Count("pk")).values("n"))
    attended = (Attendance.objects.filter(enrolment=OuterRef("pk"),
                                          status=AttendanceStatus.PRESENT,
                                          session__in=held_sessions)
                .order_by().values("enrolment").annotate(n=Count("pk")).values("n"))
    return (Enrolment.objects.filter(work_group__in=work_groups.values("pk"))
            .annotate(school_name=Subquery(school.values("name")[:1]),
                      la_name=Subquery(school.values("la_name")[:1]),
                      held=Coalesce(Subquery(held), 0) + Coalesce(Subquery(visits), 0),
                      attended=Coalesce(Subquery(attended), 0))
            .order_by("work_group__offering__programme__title", "work_group__name", "name",
                      "pk"))


@dataclass(frozen=True)
class EnrolmentRow:
    """One participant, in words, for an export."""

    offering: str
    programme: str
    work_group: str
    participant: str
    email: str
    role: str
    school_name: str
    school_urn: int | None
    la_name: str
    outcome: str
    held: int
    attended: int
    certificate_sent: bool = False

    @property
    def attendance(self) -> str:
        return f"{self.attended} of {self.held} session{'' if self.held == 1 else 's'}"


_ENROLMENT_FIELDS = ("work_group__offering__title", "work_group__offering__programme__title",
                     "work_group__name", "name", "email", "role", "school_name", "school_urn",
                     "la_name", "outcome", "held", "attended")


def enrolment_rows(enrolments: QuerySet[Enrolment]) -> Iterator[EnrolmentRow]:
    """``enrolments_for_export`` (optionally annotated with ``certificate_sent``) read as plain
    rows in chunks: no model instances, so a hundred thousand rows read in seconds."""
    with_certificate = "certificate_sent" in enrolments.query.annotations
    fields = _ENROLMENT_FIELDS + (("certificate_sent",) if with_certificate else ())
    outcome_words = dict(EnrolmentOutcome.choices)
    role_words: dict[str, str] = {}  # the few roles people give, put in words once each
    for (offering, programme, group, name, email, role, school_name, urn, la_name, outcome,
         held, attended, *certificate) in enrolments.values_list(*fields).iterator(
            chunk_size=EXPORT_CHUNK_SIZE):
        if role not in role_words:
            role_words[role] = Enrolment(role=role).role_label
        yield EnrolmentRow(
            offering=offering or programme, programme=programme, work_group=group,
            participant=name, email=email, role=role_words[role],
            school_name=school_name or "", school_urn=urn, la_name=la_name or "",
            outcome=outcome_words.get(outcome, outcome), held=held, attended=attended,
            certificate_sent=bool(certificate and certificate[0]))


def enrolments_count(*, work_groups: QuerySet[WorkGroup]) -> int:
    return Enrolment.objects.filter(work_group__in=work_groups.values("pk")).count()


@dataclass(frozen=True)
class RegisterRow:
    """One participant at one session, for a register export."""

    work_group: str
    starts_at: datetime
    kind: str
    participant: str
    school_name: str
    school_urn: int | None
    mark: str


class _Stream:
    """Rows of an iterator ordered by their first value, taken a key at a time (a merge join
    in Python, so each list is read once, in order, in chunks)."""

    def __init__(self, rows: Iterator[tuple[Any, ...]]) -> None:
        self._rows = rows
        self._next: tuple[Any, ...] | None = next(rows, None)

    def take(self, key: int) -> list[tuple[Any, ...]]:
        while self._next is not None and self._next[0] < key:
            self._next = next(self._rows, None)
        taken = []
        while self._next is not None and self._next[0] == key:
            taken.append(self._next)
            self._next = next(self._rows, None)
        return taken


def register_export(*, work_groups: QuerySet[WorkGroup]) -> Iterator[RegisterRow]:
    """A row per participant per session of ``work_groups``, by Work Group, then session, then
    participant, with the mark in words ("Not marked" when there is none). An in-school support
    visit is one school's, so it has rows only for the participants marked at it. Four queries
    whatever the size, each read in order and in chunks; one Work Group at a time is in memory."""
    ids = work_groups.values("pk")
    groups = (WorkGroup.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "name")
              .iterator(chunk_size=EXPORT_CHUNK_SIZE))
    sessions = _Stream(Session.objects.filter(work_group__in=ids)
                       .order_by("work_group_id", "starts_at", "pk")
                       .values_list("work_group_id", "pk", "starts_at", "kind", "cancelled_at")
                       .iterator(chunk_size=EXPORT_CHUNK_SIZE))
    school_name = School.objects.filter(urn=OuterRef("school_urn")).values("name")[:1]
    people = _Stream(Enrolment.objects.filter(work_group__in=ids)
                     .annotate(school_name=Subquery(school_name))
                     .order_by("work_group_id", "name", "pk")
                     .values_list("work_group_id", "pk", "name", "school_urn", "school_name",
                                  "outcome")
                     .iterator(chunk_size=EXPORT_CHUNK_SIZE))
    marks = _Stream(Attendance.objects.filter(session__work_group__in=ids)
                    .order_by("session__work_group_id")
                    .values_list("session__work_group_id", "enrolment_id", "session_id",
                                 "status")
                    .iterator(chunk_size=EXPORT_CHUNK_SIZE))
    mark_words = dict(AttendanceStatus.choices)
    kind_words = dict(SessionKind.choices)
    for group_id, group_name in groups:
        group_sessions = sessions.take(group_id)
        group_people = people.take(group_id)
        group_marks = {(m[1], m[2]): m[3] for m in marks.take(group_id)}
        for _, session_id, starts_at, kind, cancelled_at in group_sessions:
            visit = kind == SessionKind.IN_SCHOOL_SUPPORT
            for _, enrolment_id, name, urn, school, outcome in group_people:
                status = group_marks.get((enrolment_id, session_id))
                if visit and status is None:
                    continue
                if status is not None:
                    mark = mark_words.get(status, status)
                elif cancelled_at is not None:
                    mark = "Session cancelled"
                elif outcome == EnrolmentOutcome.WITHDRAWN:
                    mark = "Not marked (withdrawn)"
                else:
                    mark = "Not marked"
                yield RegisterRow(work_group=group_name, starts_at=starts_at,
                                  kind=kind_words.get(kind, kind), participant=name,
                                  school_name=school or "", school_urn=urn, mark=mark)


def register_count(*, work_groups: QuerySet[WorkGroup]) -> int:
    """How many rows ``register_export`` gives, in two queries: participants × sessions of each
    Work Group (in-school support visits aside), and the marks at in-school support visits."""
    ids = work_groups.values("pk")
    people = (Enrolment.objects.filter(work_group=OuterRef("pk")).order_by()
              .values("work_group").annotate(n=Count("pk")).values("n"))
    sessions = (Session.objects.filter(work_group=OuterRef("pk"))
                .exclude(kind=SessionKind.IN_SCHOOL_SUPPORT).order_by()
                .values("work_group").annotate(n=Count("pk")).values("n"))
    grid = (WorkGroup.objects.filter(pk__in=ids)
            .annotate(n_people=Coalesce(Subquery(people), 0),
                      n_sessions=Coalesce(Subquery(sessions), 0))
            .aggregate(rows=Sum(F("n_people") * F("n_sessions")))["rows"] or 0)
    visits = Attendance.objects.filter(session__work_group__in=ids,
                                       session__kind=SessionKind.IN_SCHOOL_SUPPORT).count()
    return int(grid) + visits
