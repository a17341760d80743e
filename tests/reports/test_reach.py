"""Reach figures against a hand-counted area (workgroups/reports/reach.py).

The hub serves Alpha (901) and Beta (902); another hub serves Gamma (903). Its schools:

| URN    | LA    | what it is                                 | engaged by the hub in 2024/25|
|--------|-------|--------------------------------------------|-------------------------------------|
| 100001 | Alpha | open secondary, high PP, PP 45%            | P1 enrolment (completed)|
| 100002 | Alpha | closed, replaced by 100003 (converted)     | P1 enrolment under this old URN|
| 100003 | Alpha | open academy, sparse, PP 15%               | P2 enrolment (and 100002's, once)|
| 100004 | Alpha | special school with secondary-age pupils   | P2 participation record|
| 100005 | Alpha | independent (not state-funded)             | P1 enrolment: not in the area|
| 100006 | Alpha | closed, no successor                       | none: not in the area|
| 100007 | Beta  | open secondary, high PP, sparse, PP 25%    | P1 enrolment withdrawn; 2023/24 P1|
| 100008 | Beta  | primary                                    | none: not in the area|
| 100009 | Beta  | open secondary, PP 30%                     | never|
| 100010 | Gamma | another hub's area                         | P1 enrolment: not in this area|
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests import factories
from workgroups.delivery.models import Attendance, Enrolment, EnrolmentOutcome
from workgroups.hubs.models import Hub
from workgroups.reports import reach
from workgroups.schools.models import Outcome, ParticipationRecord

pytestmark = pytest.mark.django_db


def enrol(work_group: Any, urn: int, outcome: str = EnrolmentOutcome.ENROLLED,
          email: str = "") -> Enrolment:
    application = factories.ready_application(work_group.offering, school_urn=urn)
    return Enrolment.objects.create(
        work_group=work_group, application=application, name=f"Person at {urn}",
        email=email or f"p{application.pk}@example.org", school_urn=urn, outcome=outcome)


def mark(enrolment: Enrolment, session: Any, status: str) -> None:
    from workgroups.core import clock
    Attendance.objects.create(enrolment=enrolment, session=session, status=status,
                              marked_at=clock.now())


def area() -> dict[str, Any]:
    alpha = factories.local_authority(901, "Alpha")
    beta = factories.local_authority(902, "Beta")
    gamma = factories.local_authority(903, "Gamma")
    hub = factories.hub(slug="north", name="North Maths Hub")
    hub.areas.add(alpha, beta)
    other = factories.hub(slug="south", name="South Maths Hub")
    other.areas.add(gamma)

    def school(urn: int, la: Any, **kwargs: Any) -> None:
        factories.school(urn, f"School {urn}", la_code=la.code, la_name=la.name, **kwargs)

    school(100001, alpha, high_pupil_premium=True, pupil_premium_pct=Decimal("45"))
    school(100002, alpha, is_open=False, status="Closed", successor_urn=100003)
    school(100003, alpha, sparse=True, pupil_premium_pct=Decimal("15"))
    school(100004, alpha, special=True, phase="Not applicable")
    school(100005, alpha, state_funded=False)
    school(100006, alpha, is_open=False, status="Closed")
    school(100007, beta, high_pupil_premium=True, sparse=True, pupil_premium_pct=Decimal("25"))
    school(100008, beta, secondary=False, phase="Primary")
    school(100009, beta, pupil_premium_pct=Decimal("30"))
    school(100010, gamma)

    year = factories.academic_year(2024)
    earlier = factories.academic_year(2023)
    p1 = factories.programme("p1", title="Programme One")
    p2 = factories.programme("p2", title="Programme Two")
    one = factories.work_group(factories.offering(hub=hub, academic_year=year, programme=p1))
    two = factories.work_group(factories.offering(hub=hub, academic_year=year, programme=p2))
    before = factories.work_group(factories.offering(hub=hub, academic_year=earlier,
                                                     programme=p1, slug="p1-before"))
    e1 = enrol(one, 100001, EnrolmentOutcome.COMPLETED)
    e2 = enrol(one, 100002)
    e3 = enrol(one, 100005)
    e4 = enrol(one, 100007, EnrolmentOutcome.WITHDRAWN)
    e5 = enrol(one, 100010, EnrolmentOutcome.COMPLETED)
    enrol(two, 100003)
    enrol(before, 100007, EnrolmentOutcome.COMPLETED)
    ParticipationRecord.objects.create(academic_year=year, hub=hub, programme=p2,
                                       school_urn=100004, outcome=Outcome.COMPLETED)
    # A withdrawal imported for a school not otherwise reached does not reach it.
    ParticipationRecord.objects.create(academic_year=year, hub=hub, programme=p2,
                                       school_urn=100009, outcome=Outcome.WITHDRAWN)
    session = factories.session(one)
    for enrolment, status in ((e1, "present"), (e2, "present"), (e3, "absent"),
                              (e5, "present"), (e4, "present")):
        mark(enrolment, session, status)
    return {"hub": hub, "other": other, "year": year}


def figures(found: reach.Reach) -> dict[str, Any]:
    return {
        "schools_in_area": found.schools_in_area,
        "schools_engaged": found.schools_engaged,
        "in_area_urns": sorted(found.schools),
        "engaged_urns": sorted(found.engaged),
        "high_pupil_premium": (found.high_pupil_premium.in_area,
                               found.high_pupil_premium.engaged),
        "sparse": (found.sparse.in_area, found.sparse.engaged),
        "by_local_authority": [(row.name, row.in_area, row.engaged)
                               for row in found.by_local_authority],
        "by_band": [(row.label, row.in_area, row.engaged) for row in found.by_band],
        "over_3_years": found.over_years.engaged,
        "by_programme": [(row.title, row.schools, row.participants, row.completed,
                          row.attendance) for row in found.by_programme],
    }


# Each figure, counted by hand from the table above.
EXPECTED = [
    # 100002 is closed and 100005 independent, 100006 closed, 100008 primary, 100010 elsewhere;
    # the special school 100004 is in.
    ("in_area_urns", [100001, 100003, 100004, 100007, 100009]),
    ("schools_in_area", 5),
    # 100003 once, through its own enrolment and its predecessor's; 100007 withdrew.
    ("engaged_urns", [100001, 100003, 100004]),
    ("schools_engaged", 3),
    ("high_pupil_premium", (2, 1)),
    ("sparse", (2, 1)),
    ("by_local_authority", [("Alpha", 3, 3), ("Beta", 2, 0)]),
    ("by_band", [("Under 20%", 1, 1), ("20% to 40%", 2, 0), ("40% or more", 1, 1),
                 ("Not known", 1, 1)]),
    # 100007 was reached in 2023/24.
    ("over_3_years", 4),
    # P1: 100001 and 100003 (as 100002); four taking part (not the withdrawn one), two
    # completed, 3 of 4 marks present. P2: 100003 and the special school's record.
    ("by_programme", [("Programme One", 2, 4, 2, 75), ("Programme Two", 2, 1, 0, None)]),
]


@pytest.mark.parametrize(("figure", "expected"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_hand_counted_reach(figure, expected):
    built = area()
    assert figures(reach.hub_reach(hub=built["hub"], year=built["year"]))[figure] == expected


def test_one_year_window_leaves_out_earlier_years():
    built = area()
    assert reach.hub_reach(hub=built["hub"], year=built["year"], years=1).over_years.engaged == 3


def test_engaged_ever_gives_the_latest_year():
    built = area()
    found = reach.engaged_ever(hub=built["hub"], schools=[100001, 100003, 100007, 100009])
    assert {urn: day.year for urn, day in found.items()} == {100001: 2024, 100003: 2024,
                                                            100007: 2023}


def test_national_reach_per_hub_and_total():
    built = area()
    rows, total = reach.national_reach(year=built["year"])
    by_hub = {row.hub.slug: (row.total.in_area, row.total.engaged,
                             row.high_pupil_premium.in_area, row.high_pupil_premium.engaged)
              for row in rows}
    # South's only school took part with North, not South.
    assert by_hub == {"north": (5, 3, 2, 1), "south": (1, 0, 0, 0)}
    assert total is not None
    assert (total.total.in_area, total.total.engaged) == (6, 3)


@pytest.mark.parametrize(("pct", "band"), [(None, "Not known"), (Decimal("0"), "Under 20%"),
                                           (Decimal("19.99"), "Under 20%"),
                                           (Decimal("20"), "20% to 40%"),
                                           (Decimal("40"), "40% or more")])
def test_bands(pct, band):
    assert reach.band_of(pct) == band


@pytest.mark.parametrize(("value", "years"), [("5", 5), ("0", 3), ("11", 3), ("x", 3),
                                              (None, 3), ("١", 3)])
def test_years_parameter(value, years):
    assert reach.parse_years(value) == years


def test_queries_do_not_grow_with_the_data(django_assert_num_queries):
    built = area()
    hub: Hub = built["hub"]
    with django_assert_num_queries(7):
        reach.hub_reach(hub=hub, year=built["year"])
    work_group = factories.work_group(factories.offering(hub=hub, academic_year=built["year"]))
    for urn in range(100100, 100130):
        factories.school(urn, f"School {urn}", la_code=901, la_name="Alpha")
        enrol(work_group, urn)
    with django_assert_num_queries(7):
        assert reach.hub_reach(hub=hub, year=built["year"]).schools_engaged == 33
    with django_assert_num_queries(6):
        reach.national_reach(year=built["year"])
