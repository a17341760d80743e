"""Reads across every hub, for the national roles. Counts only: the full reports come later.

Each read is a fixed number of queries, however many hubs, years and applications there are."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.http import Http404

from workgroups.applications.models import Application, ApplicationStatus
from workgroups.catalogue.models import AcademicYear, Offering, OfferingStatus, Programme
from workgroups.delivery.models import (
    Attendance,
    Enrolment,
    EnrolmentOutcome,
    Session,
    SessionKind,
)
from workgroups.evaluations.selectors import evaluation_summary_by_hub
from workgroups.hubs.models import Hub
from workgroups.hubs.selectors import failed_emails_waiting_count
from workgroups.reports import reach
from workgroups.reports.models import SchoolContactNote
from workgroups.reports.reach import HubReach


@dataclass(frozen=True)
class HubYearCounts:
    hub: Hub
    offerings: int
    applications: int
    accepted: int


@dataclass(frozen=True)
class YearOverview:
    year: AcademicYear
    hubs: list[HubYearCounts]
    offerings: int
    applications: int
    accepted: int


def national_overview() -> list[YearOverview]:
    """For each academic year with anything in it (newest first), every hub's published
    offerings, applications sent (drafts are not sent) and places accepted. Four queries."""
    hubs = {hub.pk: hub for hub in Hub.objects.order_by("is_national", "name")}
    years = list(AcademicYear.objects.order_by("-starts_on"))
    offerings = {
        (row["hub_id"], row["academic_year_id"]): row["total"]
        for row in Offering.objects.exclude(status=OfferingStatus.DRAFT)
        .values("hub_id", "academic_year_id").annotate(total=Count("pk")).order_by()
    }
    applications = {
        (row["offering__hub_id"], row["offering__academic_year_id"]): (row["sent"],
                                                                        row["accepted"])
        for row in Application.objects.exclude(status=ApplicationStatus.DRAFT)
        .values("offering__hub_id", "offering__academic_year_id")
        .annotate(sent=Count("pk"),
                  accepted=Count("pk", filter=Q(status=ApplicationStatus.ACCEPTED)))
        .order_by()
    }
    overview = []
    for year in years:
        rows = []
        for hub_id, hub in hubs.items():
            offered = offerings.get((hub_id, year.pk), 0)
            sent, accepted = applications.get((hub_id, year.pk), (0, 0))
            rows.append(HubYearCounts(hub=hub, offerings=offered, applications=sent,
                                      accepted=accepted))
        # A hub with nothing in a year that others used is worth seeing, so it stays listed.
        if any(row.offerings or row.applications for row in rows):
            overview.append(YearOverview(
                year=year, hubs=rows, offerings=sum(row.offerings for row in rows),
                applications=sum(row.applications for row in rows),
                accepted=sum(row.accepted for row in rows)))
    return overview


# --- A year, hub by hub (the national view) -----------------------------------------------------

# Places offered: applications that were offered a place, whatever the applicant answered.
OFFERED_STATUSES = (ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED,
                    ApplicationStatus.OFFER_DECLINED)


@dataclass(frozen=True)
class Activity:
    offerings: int = 0
    applications: int = 0
    offered: int = 0
    enrolments: int = 0
    completed: int = 0

    def __add__(self, other: Activity) -> Activity:
        return Activity(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


@dataclass(frozen=True)
class HubYearRow:
    hub: Hub | None  # None: every hub
    activity: Activity
    reach: HubReach | None
    # The hub's evaluations in the year, in words ("12 of 40 answered"); "" when none was sent.
    evaluation: str = ""


def _evaluation_words(invited: int, responses: int) -> str:
    return f"{responses} of {invited} answered" if invited or responses else ""


def _activity(*, year: AcademicYear, programme: Programme | None = None,
              ) -> dict[int, Activity]:
    """Per hub id: published offerings, sent applications, places offered, enrolments (not
    withdrawn) and completions in ``year`` (for one programme, given one). Three queries."""
    offerings = Offering.objects.filter(academic_year=year).exclude(status=OfferingStatus.DRAFT)
    if programme is not None:
        offerings = offerings.filter(programme=programme)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for hub_id, n in offerings.values("hub_id").annotate(n=Count("pk")).order_by() \
            .values_list("hub_id", "n"):
        counts[hub_id]["offerings"] = n
    for sent in (Application.objects.filter(offering__in=offerings)
                .exclude(status=ApplicationStatus.DRAFT).values("offering__hub_id")
                .annotate(sent=Count("pk"), offered=Count(
                    "pk", filter=Q(status__in=OFFERED_STATUSES))).order_by()):
        counts[sent["offering__hub_id"]].update(applications=sent["sent"],
                                                offered=sent["offered"])
    for taken in (Enrolment.objects.filter(work_group__offering__in=offerings)
                .exclude(outcome=EnrolmentOutcome.WITHDRAWN)
                .values("work_group__offering__hub_id")
                .annotate(n=Count("pk"), done=Count(
                    "pk", filter=Q(outcome=EnrolmentOutcome.COMPLETED))).order_by()):
        counts[taken["work_group__offering__hub_id"]].update(enrolments=taken["n"],
                                                             completed=taken["done"])
    return {hub_id: Activity(**values) for hub_id, values in counts.items()}


def national_year(*, year: AcademicYear) -> list[HubYearRow]:
    """Every hub side by side in ``year``, with a last row for every hub together: activity,
    reach and evaluations answered. Twelve queries however many hubs, schools, enrolments and
    evaluations. The national record (centrally-run programmes) has activity but no area."""
    activity = _activity(year=year)
    reach_rows, total_reach = reach.national_reach(year=year)
    by_hub = {row.hub.pk: row for row in reach_rows}
    evaluations = evaluation_summary_by_hub(year)
    hubs = list(Hub.objects.order_by("is_national", "name"))
    rows = [HubYearRow(hub=hub, activity=activity.get(hub.pk, Activity()),
                       reach=by_hub.get(hub.pk),
                       evaluation=_evaluation_words(*evaluations.get(hub.pk, (0, 0))))
            for hub in hubs]
    total = sum((row.activity for row in rows), Activity())
    rows.append(HubYearRow(
        hub=None, activity=total, reach=total_reach,
        evaluation=_evaluation_words(sum(pair[0] for pair in evaluations.values()),
                                     sum(pair[1] for pair in evaluations.values()))))
    return rows


def national_programme(*, programme: Programme, year: AcademicYear) -> list[HubYearRow]:
    """One programme in ``year``, hub by hub (those that offered it or enrolled on it), with a
    last row for every hub together. Four queries."""
    activity = _activity(year=year, programme=programme)
    hubs = list(Hub.objects.filter(pk__in=list(activity)).order_by("is_national", "name"))
    rows = [HubYearRow(hub=hub, activity=activity[hub.pk], reach=None) for hub in hubs]
    rows.append(HubYearRow(hub=None, activity=sum((row.activity for row in rows), Activity()),
                           reach=None))
    return rows


def programme_get(*, slug: str) -> Programme:
    found = Programme.objects.filter(slug=slug).first()
    if found is None:
        raise Http404("No such programme.")
    return found


def national_hub_get(*, slug: str) -> Hub:
    """A hub whose reach the national roles may read (any but the national record)."""
    found = Hub.objects.filter(slug=slug, is_national=False).first()
    if found is None:
        raise Http404("No such hub.")
    return found


def programmes_in(*, year: AcademicYear) -> list[Programme]:
    """The programmes any hub published an offering of in ``year``, by title."""
    published = (Offering.objects.filter(academic_year=year)
                 .exclude(status=OfferingStatus.DRAFT).values("programme_id"))
    return list(Programme.objects.filter(pk__in=published).order_by("title"))


def years_with_offerings() -> list[AcademicYear]:
    return list(AcademicYear.objects.filter(offerings__isnull=False).distinct()
                .order_by("-starts_on"))


# --- Notes on schools not yet reached -----------------------------------------------------------


def school_notes(*, hub: Hub, urns: Iterable[int]) -> dict[int, list[SchoolContactNote]]:
    """The hub's notes on these schools, newest first for each. One query."""
    notes: dict[int, list[SchoolContactNote]] = defaultdict(list)
    for note in (SchoolContactNote.objects.filter(hub=hub, school_urn__in=list(urns))
                 .select_related("author").order_by("-created_at", "-pk")):
        notes[note.school_urn].append(note)
    return notes


# --- The hub's dashboard: what needs attention -------------------------------------------------


@dataclass(frozen=True)
class OfferingAttention:
    offering: Offering
    waiting: int  # ready for the hub's decision
    expiring: int  # offers that run out within the week


@dataclass(frozen=True)
class RegisterDue:
    session: Session
    unmarked: int  # for an in-school support visit, 0: only the visited school's are marked

    @property
    def visit(self) -> bool:
        return self.session.kind == SessionKind.IN_SCHOOL_SUPPORT


@dataclass(frozen=True)
class Attention:
    offerings: list[OfferingAttention]
    registers: list[RegisterDue]
    failed_emails: int

    @property
    def waiting(self) -> int:
        return sum(row.waiting for row in self.offerings)

    @property
    def expiring(self) -> int:
        return sum(row.expiring for row in self.offerings)

    @property
    def anything(self) -> bool:
        return bool(self.waiting or self.expiring or self.registers or self.failed_emails)


EXPIRY_WINDOW = timedelta(days=7)


def hub_attention(*, hub: Hub, year: AcademicYear, now: datetime) -> Attention:
    """What the hub's staff should act on in ``year``: applications ready for a decision and
    offers running out within a week (per offering), past sessions whose register leaves a
    participant unmarked (an in-school support visit marks only the visited school's people, so
    it is due only while no one at all is marked), and emails that could not be sent. Seven
    queries."""
    # Subqueries, not lists of ids, so the number of queries stays the same when a list is
    # empty (Django skips a query it knows matches nothing).
    year_offerings = Offering.objects.filter(hub=hub, academic_year=year)
    offerings = {o.pk: o for o in year_offerings.select_related("programme", "academic_year")}
    per_offering: dict[int, dict[str, int]] = defaultdict(lambda: {"waiting": 0, "expiring": 0})
    for row in (Application.objects.filter(offering__in=year_offerings)
                .values("offering_id")
                .annotate(waiting=Count("pk", filter=Q(
                    status=ApplicationStatus.READY_FOR_REVIEW)),
                          expiring=Count("pk", filter=Q(
                              status=ApplicationStatus.OFFERED, offer_expires_at__gte=now,
                              offer_expires_at__lt=now + EXPIRY_WINDOW)))
                .order_by()):
        per_offering[row["offering_id"]].update(waiting=row["waiting"],
                                                expiring=row["expiring"])
    rows = [OfferingAttention(offering=offerings[pk], **counts)
            for pk, counts in per_offering.items() if counts["waiting"] or counts["expiring"]]
    rows.sort(key=lambda row: row.offering.programme.title)
    held = Session.objects.filter(work_group__offering__in=year_offerings, ends_at__lt=now,
                                  cancelled_at__isnull=True)
    past = list(held.select_related("work_group").order_by("starts_at"))
    taking_part = dict(Enrolment.objects.filter(
        work_group__in=held.values("work_group_id"),
        outcome=EnrolmentOutcome.ENROLLED).values("work_group_id")
        .annotate(n=Count("pk")).order_by().values_list("work_group_id", "n"))
    marked = dict(Attendance.objects.filter(session__in=held,
                                            enrolment__outcome=EnrolmentOutcome.ENROLLED)
                  .values("session_id").annotate(n=Count("pk")).order_by()
                  .values_list("session_id", "n"))
    registers = []
    for session in past:
        if session.kind == SessionKind.IN_SCHOOL_SUPPORT:
            if not marked.get(session.pk) and taking_part.get(session.work_group_id):
                registers.append(RegisterDue(session=session, unmarked=0))
        elif (unmarked := taking_part.get(session.work_group_id, 0)
              - marked.get(session.pk, 0)) > 0:
            registers.append(RegisterDue(session=session, unmarked=unmarked))
    return Attention(offerings=rows, registers=registers,
                     failed_emails=failed_emails_waiting_count(hub=hub))
