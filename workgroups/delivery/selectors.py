"""Reads for delivery objects, scoped to a hub the caller has already been allowed into."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from workgroups.accounts.capabilities import WORK_GROUP_LEAD_CAPABILITIES, Capability
from workgroups.accounts.models import User
from workgroups.accounts.permissions import hubs_where
from workgroups.catalogue.models import OfferingStatus
from workgroups.delivery.models import (
    Attendance,
    AttendanceChange,
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
