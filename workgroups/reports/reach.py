"""Reach: which of the secondary schools in a hub's area it worked with, and how disadvantaged
they are. Reads only, in a fixed number of queries however many schools and enrolments.

The rules, in words (the README says the same):

- **In the area**: an open, state-funded school with secondary-age pupils (the register's
  derived ``is_open``, ``state_funded`` and ``secondary`` facts, the ones eligibility uses) in one
  of the hub's local authorities. A special school with secondary-age pupils counts; an
  independent school, a closed one, or a primary school does not.
- **Engaged in a year**: at least one enrolment from the school in one of the hub's Work Groups
  that year that was not withdrawn, or a participation record for the school with that hub and
  year that was not a withdrawal. A school that took a place and withdrew did not take part, so
  it is not yet reached.
- **Successors**: an enrolment or record made under a school's old URN (before an academy
  conversion, say) counts for the open school that replaced it (``School.successor_urn``,
  followed two generations), and each school counts once however many URNs it had.
- **Over N years**: a school engaged in any of the N academic years ending with the chosen one
  counts once.
- Participants, completions and attendance per programme come from enrolments (not withdrawn)
  in the hub's Work Groups, wherever the participant's school is; imported participation
  records count for schools engaged only (recorded outcomes copy enrolments there, so counting
  them again would count people twice).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from workgroups.catalogue.models import AcademicYear
from workgroups.core import clock
from workgroups.delivery.models import Attendance, AttendanceStatus, Enrolment, EnrolmentOutcome
from workgroups.hubs.models import Hub, LocalAuthority
from workgroups.schools.models import Outcome, ParticipationRecord, School

# Pupil-premium bands (percentage of pupils eligible): label, lowest (inclusive), highest.
BANDS: tuple[tuple[str, Decimal | None, Decimal | None], ...] = (
    ("Under 20%", None, Decimal(20)),
    ("20% to 40%", Decimal(20), Decimal(40)),
    ("40% or more", Decimal(40), None),
)
UNKNOWN_BAND = "Not known"
DEFAULT_YEARS = 3
MAX_YEARS = 10


@dataclass(frozen=True)
class Counts:
    in_area: int
    engaged: int

    @property
    def percent(self) -> int | None:
        """Engaged as a whole percentage of those in the area (None when there are none)."""
        return round(100 * self.engaged / self.in_area) if self.in_area else None


@dataclass(frozen=True)
class AreaRow:
    code: int
    name: str
    in_area: int
    engaged: int

    @property
    def label(self) -> str:
        return self.name

    @property
    def percent(self) -> int | None:
        return Counts(self.in_area, self.engaged).percent


@dataclass(frozen=True)
class BandRow:
    label: str
    in_area: int
    engaged: int

    @property
    def percent(self) -> int | None:
        return Counts(self.in_area, self.engaged).percent


@dataclass(frozen=True)
class ProgrammeRow:
    slug: str
    title: str
    schools: int  # schools in the area engaged through this programme
    participants: int
    completed: int
    attendance: int | None  # % of register marks that were "present", None with no marks


@dataclass(frozen=True)
class AreaSchool:
    """One school in the area, as plain values."""

    urn: int
    la_code: int
    high_pupil_premium: bool
    sparse: bool
    pupil_premium_pct: Decimal | None

    @property
    def band(self) -> str:
        return band_of(self.pupil_premium_pct)


@dataclass
class Reach:
    hub: Hub
    year: AcademicYear
    years: int
    schools: dict[int, AreaSchool]  # in the area, by URN
    engaged: set[int]  # in-area URNs engaged in the year
    engaged_over_years: set[int]
    local_authorities: list[tuple[int, str]]
    by_programme: list[ProgrammeRow] = field(default_factory=list)

    @property
    def schools_in_area(self) -> int:
        return len(self.schools)

    @property
    def schools_engaged(self) -> int:
        return len(self.engaged)

    @property
    def total(self) -> Counts:
        return Counts(len(self.schools), len(self.engaged))

    @property
    def over_years(self) -> Counts:
        return Counts(len(self.schools), len(self.engaged_over_years))

    def _flagged(self, flag: str) -> Counts:
        urns = {urn for urn, school in self.schools.items() if getattr(school, flag)}
        return Counts(len(urns), len(urns & self.engaged))

    @property
    def high_pupil_premium(self) -> Counts:
        return self._flagged("high_pupil_premium")

    @property
    def sparse(self) -> Counts:
        return self._flagged("sparse")

    @property
    def by_local_authority(self) -> list[AreaRow]:
        in_area: dict[int, int] = defaultdict(int)
        engaged: dict[int, int] = defaultdict(int)
        for urn, school in self.schools.items():
            in_area[school.la_code] += 1
            engaged[school.la_code] += urn in self.engaged
        return [AreaRow(code=code, name=name, in_area=in_area[code], engaged=engaged[code])
                for code, name in self.local_authorities]

    @property
    def by_band(self) -> list[BandRow]:
        in_area: dict[str, int] = defaultdict(int)
        engaged: dict[str, int] = defaultdict(int)
        for urn, school in self.schools.items():
            in_area[school.band] += 1
            engaged[school.band] += urn in self.engaged
        labels = [label for label, _, _ in BANDS] + [UNKNOWN_BAND]
        return [BandRow(label=label, in_area=in_area[label], engaged=engaged[label])
                for label in labels]


def band_of(pct: Decimal | None) -> str:
    if pct is None:
        return UNKNOWN_BAND
    for label, low, high in BANDS:
        if (low is None or pct >= low) and (high is None or pct < high):
            return label
    return UNKNOWN_BAND


def parse_years(value: object) -> int:
    """``?years=`` as a whole number from 1 to MAX_YEARS; anything else is the default."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
        if 1 <= number <= MAX_YEARS:
            return number
    return DEFAULT_YEARS


def year_for(slug: str | None) -> AcademicYear:
    """The academic year ``slug`` (404 if there is none), or with no slug the year today is in
    (else the newest there is)."""
    if slug:
        found = AcademicYear.objects.filter(slug=slug).first()
        if found is None:
            raise Http404("No such academic year.")
        return found
    today = clock.today()
    years = list(AcademicYear.objects.filter(starts_on__lte=today).order_by("-starts_on")[:1])
    if years:
        return years[0]
    newest = AcademicYear.objects.order_by("starts_on").first()
    if newest is None:
        raise Http404("No academic years yet.")
    return newest


def in_area_schools(la_codes: Iterable[int]) -> QuerySet[School]:
    """Open, state-funded schools with secondary-age pupils in these local authorities."""
    return School.objects.filter(la_code__in=list(la_codes), is_open=True, state_funded=True,
                                 secondary=True)


def area_school_name(*, hub: Hub, urn: int) -> str | None:
    """The name of the school ``urn`` when it is in the hub's area, else None. Two queries."""
    return (in_area_schools(LocalAuthority.objects.filter(hubs=hub).values_list("code", flat=True))
            .filter(urn=urn).values_list("name", flat=True).first())


def _window_start(year: AcademicYear, years: int) -> date:
    return year.starts_on.replace(year=year.starts_on.year - (years - 1))


def _successors(area: QuerySet[School]) -> dict[int, int]:
    """Old URN → the in-area school that replaced it, for predecessors of in-area schools up to
    two generations back. One query."""
    area_urns = area.values("urn")
    parents = School.objects.filter(successor_urn__in=area_urns).values("urn")
    pairs: dict[int, int | None] = dict(School.objects.filter(Q(successor_urn__in=area_urns)
                                       | Q(successor_urn__in=parents))
                 .values_list("urn", "successor_urn"))
    resolved: dict[int, int] = {}
    for old, new in pairs.items():
        if new is not None and new in pairs:  # grandparent → parent → the open school
            new = pairs[new]
        if new is not None:
            resolved[old] = new
    return resolved


def _engagements(*, hub_ids: Iterable[int], start: date, end: date,
                 ) -> list[tuple[int, int | None, int, str, str, date]]:
    """(hub id, URN, programme id, programme slug, title, year start) for every enrolment not
    withdrawn and every participation record not a withdrawal in the window. Two queries."""
    hub_ids = list(hub_ids)
    enrolments = (Enrolment.objects
                  .filter(work_group__offering__hub__in=hub_ids, school_urn__isnull=False,
                          work_group__offering__academic_year__starts_on__gte=start,
                          work_group__offering__academic_year__starts_on__lte=end)
                  .exclude(outcome=EnrolmentOutcome.WITHDRAWN)
                  .values_list("work_group__offering__hub_id", "school_urn",
                               "work_group__offering__programme_id",
                               "work_group__offering__programme__slug",
                               "work_group__offering__programme__title",
                               "work_group__offering__academic_year__starts_on")
                  .distinct().order_by())
    records = (ParticipationRecord.objects
               .filter(hub__in=hub_ids, school_urn__isnull=False,
                       academic_year__starts_on__gte=start, academic_year__starts_on__lte=end)
               .exclude(outcome=Outcome.WITHDRAWN)
               .values_list("hub_id", "school_urn", "programme_id", "programme__slug",
                            "programme__title", "academic_year__starts_on")
               .distinct().order_by())
    return list(enrolments) + list(records)


def _programme_figures(*, hub: Hub, year: AcademicYear) -> tuple[
        dict[int, tuple[int, int, str, str]], dict[int, int | None]]:
    """Per programme id: (participants, completed, slug, title), and attendance %. Two
    queries."""
    taking_part = (Enrolment.objects
                   .filter(work_group__offering__hub=hub,
                           work_group__offering__academic_year=year)
                   .exclude(outcome=EnrolmentOutcome.WITHDRAWN))
    people = {row["work_group__offering__programme_id"]: (
        row["participants"], row["completed"], row["work_group__offering__programme__slug"],
        row["work_group__offering__programme__title"])
              for row in taking_part.values("work_group__offering__programme_id",
                                            "work_group__offering__programme__slug",
                                            "work_group__offering__programme__title")
              .annotate(participants=Count("pk"),
                        completed=Count("pk", filter=Q(outcome=EnrolmentOutcome.COMPLETED)))
              .order_by()}
    marks = {row["session__work_group__offering__programme_id"]:
             round(100 * row["present"] / row["marked"]) if row["marked"] else None
             for row in Attendance.objects.filter(enrolment__in=taking_part)
             .values("session__work_group__offering__programme_id")
             .annotate(present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
                       marked=Count("pk")).order_by()}
    return people, marks


def hub_reach(*, hub: Hub, year: AcademicYear, years: int = DEFAULT_YEARS) -> Reach:
    """The hub's reach in ``year`` (and over the ``years`` years ending with it). Seven
    queries, whatever the number of schools, enrolments and programmes."""
    authorities = list(LocalAuthority.objects.filter(hubs=hub).order_by("name")
                       .values_list("code", "name"))
    area = in_area_schools(code for code, _ in authorities)
    schools = {urn: AreaSchool(urn=urn, la_code=la or 0, high_pupil_premium=bool(hpp),
                               sparse=bool(sparse), pupil_premium_pct=pct)
               for urn, la, hpp, sparse, pct in area.values_list(
                   "urn", "la_code", "high_pupil_premium", "sparse", "pupil_premium_pct")}
    successors = _successors(area)
    engaged: set[int] = set()
    over: set[int] = set()
    by_programme: dict[int, tuple[str, str, set[int]]] = {}
    for _, urn, programme_id, slug, title, starts_on in _engagements(
            hub_ids=[hub.pk], start=_window_start(year, years), end=year.starts_on):
        current = urn if urn in schools else successors.get(urn or 0)
        this_year = starts_on == year.starts_on
        if this_year:
            entry = by_programme.setdefault(programme_id, (slug, title, set()))
        if current is None or current not in schools:
            continue
        over.add(current)
        if this_year:
            engaged.add(current)
            entry[2].add(current)
    people, marks = _programme_figures(hub=hub, year=year)
    rows = []
    for programme_id in set(by_programme) | set(people):
        participants, completed, slug, title = people.get(programme_id, (0, 0, "", ""))
        if programme_id in by_programme:
            slug, title, urns = by_programme[programme_id]
        else:
            urns = set()
        rows.append(ProgrammeRow(slug=slug, title=title, schools=len(urns),
                                 participants=participants, completed=completed,
                                 attendance=marks.get(programme_id)))
    rows.sort(key=lambda row: row.title)
    return Reach(hub=hub, year=year, years=years, schools=schools, engaged=engaged,
                 engaged_over_years=over, local_authorities=authorities, by_programme=rows)


def engaged_ever(*, hub: Hub, schools: Iterable[int]) -> dict[int, date]:
    """In-area URN → the start of the latest academic year the hub engaged it (any year, up to
    and including this one's end). Three queries."""
    area_urns = set(schools)
    area = School.objects.filter(urn__in=area_urns)
    successors = _successors(area)
    latest: dict[int, date] = {}
    for _, urn, _, _, _, starts_on in _engagements(hub_ids=[hub.pk], start=date(1900, 1, 1),
                                                   end=date(9999, 1, 1)):
        current = urn if urn in area_urns else successors.get(urn or 0)
        if current in area_urns and (current not in latest or latest[current] < starts_on):
            latest[current] = starts_on
    return latest


# --- Every hub at once: the national view -------------------------------------------------------


@dataclass(frozen=True)
class HubReach:
    hub: Hub
    total: Counts
    high_pupil_premium: Counts
    sparse: Counts


def national_reach(*, year: AcademicYear) -> tuple[list[HubReach], HubReach | None]:
    """Every (non-national) hub's reach in ``year`` and the total across hubs. A local
    authority served by two hubs counts its schools for each, and once in the total. Six
    queries, whatever the number of hubs."""
    hubs = list(Hub.objects.filter(is_national=False).order_by("name"))
    areas: dict[int, set[int]] = defaultdict(set)
    for hub_id, code in Hub.areas.through.objects.filter(hub__in=hubs).values_list(
            "hub_id", "localauthority__code"):
        areas[hub_id].add(code)
    every_code = set().union(*areas.values()) if areas else set()
    area = in_area_schools(every_code)
    schools = {urn: AreaSchool(urn=urn, la_code=la or 0, high_pupil_premium=bool(hpp),
                               sparse=bool(sparse), pupil_premium_pct=pct)
               for urn, la, hpp, sparse, pct in area.values_list(
                   "urn", "la_code", "high_pupil_premium", "sparse", "pupil_premium_pct")}
    successors = _successors(area)
    engaged: dict[int, set[int]] = defaultdict(set)
    for hub_id, urn, _, _, _, _ in _engagements(hub_ids=[h.pk for h in hubs],
                                                start=year.starts_on, end=year.starts_on):
        current = urn if urn in schools else successors.get(urn or 0)
        if current is not None and current in schools \
                and schools[current].la_code in areas[hub_id]:
            engaged[hub_id].add(current)

    rows = []
    every_engaged: set[int] = set()
    for hub in hubs:
        mine = {urn for urn, school in schools.items() if school.la_code in areas[hub.pk]}
        rows.append(_hub_row(hub, mine, engaged[hub.pk], schools))
        every_engaged |= engaged[hub.pk]
    total = _hub_row(None, set(schools), every_engaged, schools) if hubs else None
    return rows, total


def _hub_row(hub: Hub | None, mine: set[int], reached: set[int],
             schools: dict[int, AreaSchool]) -> HubReach:
    hpp = {urn for urn in mine if schools[urn].high_pupil_premium}
    sparse = {urn for urn in mine if schools[urn].sparse}
    return HubReach(hub=hub,  # type: ignore[arg-type]  # None only for the total row
                    total=Counts(len(mine), len(reached & mine)),
                    high_pupil_premium=Counts(len(hpp), len(reached & hpp)),
                    sparse=Counts(len(sparse), len(reached & sparse)))


# --- The schools not yet reached ----------------------------------------------------------------


@dataclass(frozen=True)
class NotReachedFilters:
    la_code: int | None = None
    high_pupil_premium: bool = False
    sparse: bool = False
    never: bool = False  # never engaged by the hub, in any year


@dataclass(frozen=True)
class NotReachedSchool:
    urn: int
    name: str
    la_name: str
    town: str
    postcode: str
    type_name: str
    high_pupil_premium: bool
    sparse: bool
    pupil_premium_pct: Decimal | None
    last_engaged: str  # the academic year ("2022/23") the hub last engaged it, "" for never

    @property
    def band(self) -> str:
        return band_of(self.pupil_premium_pct)


def _year_label(starts_on: date) -> str:
    return f"{starts_on.year}/{str(starts_on.year + 1)[-2:]}"


def not_reached(*, hub: Hub, year: AcademicYear,
                filters: NotReachedFilters = NotReachedFilters()) -> list[NotReachedSchool]:
    """The schools in the hub's area it has not engaged in ``year``, by local authority and
    name, filtered. Five queries, whatever the number of schools and enrolments."""
    codes = list(LocalAuthority.objects.filter(hubs=hub).values_list("code", flat=True))
    area = in_area_schools(codes)
    rows = list(area.order_by("la_name", "name", "urn").values_list(
        "urn", "name", "la_name", "la_code", "town", "postcode", "type_name",
        "high_pupil_premium", "sparse", "pupil_premium_pct"))
    urns = {row[0] for row in rows}
    successors = _successors(area)
    latest: dict[int, date] = {}
    this_year: set[int] = set()
    ever: set[int] = set()
    for _, urn, _, _, _, starts_on in _engagements(hub_ids=[hub.pk], start=date(1900, 1, 1),
                                                   end=date(9999, 1, 1)):
        current = urn if urn in urns else successors.get(urn or 0)
        if current not in urns or current is None:
            continue
        ever.add(current)
        if starts_on == year.starts_on:
            this_year.add(current)
        elif starts_on < year.starts_on and (current not in latest
                                             or latest[current] < starts_on):
            latest[current] = starts_on
    found = []
    for urn, name, la_name, la_code, town, postcode, type_name, hpp, sparse, pct in rows:
        if urn in this_year:
            continue
        if filters.la_code is not None and la_code != filters.la_code:
            continue
        if filters.high_pupil_premium and not hpp:
            continue
        if filters.sparse and not sparse:
            continue
        if filters.never and urn in ever:
            continue
        found.append(NotReachedSchool(
            urn=urn, name=name, la_name=la_name, town=town, postcode=postcode,
            type_name=type_name, high_pupil_premium=bool(hpp), sparse=bool(sparse),
            pupil_premium_pct=pct,
            last_engaged=_year_label(latest[urn]) if urn in latest else ""))
    return found
