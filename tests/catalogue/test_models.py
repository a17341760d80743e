from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from tests import factories
from workgroups.catalogue.models import (
    AcademicYear,
    Offering,
    OfferingStatus,
    Programme,
    Unit,
    effective_status,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "allowed"),
    [
        (date(2024, 9, 1), date(2025, 8, 31), True),
        (date(2024, 9, 2), date(2025, 8, 31), False),  # must start on 1 September
        (date(2024, 9, 1), date(2025, 7, 31), False),  # must end on 31 August
        (date(2024, 9, 1), date(2026, 8, 31), False),  # exactly one year
        (date(2024, 1, 1), date(2024, 12, 31), False),  # a calendar year is not an academic year
    ],
)
def test_academic_year_must_run_1_september_to_31_august(starts_on, ends_on, allowed):
    create = lambda: AcademicYear.objects.create(slug="x", starts_on=starts_on, ends_on=ends_on)  # noqa: E731
    if allowed:
        create()
        assert AcademicYear.objects.get(slug="x").label == "2024/25"
    else:
        with pytest.raises(IntegrityError), transaction.atomic():
            create()


def test_academic_year_slug_and_label_come_from_the_start_year():
    assert AcademicYear.slug_for(2024) == "2024-25"
    assert AcademicYear.slug_for(1999) == "1999-00"
    assert AcademicYear.bounds_for(2021) == (date(2021, 9, 1), date(2022, 8, 31))


@pytest.mark.parametrize(
    ("unit", "team_size", "allowed"),
    [(Unit.INDIVIDUAL, 1, True), (Unit.INDIVIDUAL, 2, False), (Unit.SCHOOL_TEAM, 2, True),
     (Unit.SCHOOL_TEAM, 1, False)],
)
def test_programme_team_size_matches_unit(unit, team_size, allowed):
    if allowed:
        factories.programme(unit=unit, team_size=team_size)
        assert Programme.objects.count() == 1
    else:
        with pytest.raises(IntegrityError), transaction.atomic():
            factories.programme(unit=unit, team_size=team_size)


def test_programme_slug_is_unique():
    factories.programme(slug="sktm-ect-phase-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.programme(slug="sktm-ect-phase-1")


def test_offering_slug_is_unique_per_hub_and_year_only():
    first = factories.offering(slug="pd-lead")
    factories.offering(slug="pd-lead")  # another hub may use it
    factories.offering(slug="pd-lead", hub=first.hub, academic_year=factories.academic_year(2025))
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.offering(slug="pd-lead", hub=first.hub)


def test_offering_window_cannot_close_before_it_opens():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.offering(applications_open=date(2024, 6, 1), applications_close=date(2024, 5, 1))


@pytest.mark.parametrize(
    ("status", "day", "accepting"),
    [
        (OfferingStatus.RECRUITING, date(2024, 5, 31), False),
        (OfferingStatus.RECRUITING, date(2024, 6, 1), True),
        (OfferingStatus.RECRUITING, date(2024, 10, 18), True),  # closing day is included
        (OfferingStatus.RECRUITING, date(2024, 10, 19), False),
        (OfferingStatus.FULL, date(2024, 7, 1), False),
        (OfferingStatus.EXPRESSION_OF_INTEREST, date(2024, 7, 1), False),
    ],
)
def test_offering_accepts_applications_only_when_recruiting_inside_its_window(status, day,
                                                                             accepting):
    offering = Offering(status=status, applications_open=date(2024, 6, 1),
                        applications_close=date(2024, 10, 18),
                        academic_year=AcademicYear(starts_on=date(2024, 9, 1),
                                                   ends_on=date(2025, 8, 31)))
    assert offering.accepts_applications_on(day) is accepting


# --- The status people are shown follows the calendar ------------------------------------------

S = OfferingStatus
YEAR_END = date(2025, 8, 31)
CLOSES = date(2024, 10, 18)


@pytest.mark.parametrize(("stored", "close", "today", "shown"), [
    (S.RECRUITING, CLOSES, date(2024, 10, 18), S.RECRUITING),   # the closing day itself
    (S.RECRUITING, CLOSES, date(2024, 10, 19), S.CLOSED),       # the day after
    (S.RECRUITING, None, date(2025, 8, 31), S.RECRUITING),
    (S.RECRUITING, None, date(2025, 9, 1), S.CLOSED),           # the year is over
    (S.EXPRESSION_OF_INTEREST, None, date(2024, 10, 1), S.EXPRESSION_OF_INTEREST),
    (S.EXPRESSION_OF_INTEREST, None, date(2025, 9, 1), S.CLOSED),
    (S.FULL, CLOSES, date(2024, 11, 1), S.FULL),
    (S.FULL, None, date(2025, 9, 1), S.CLOSED),
    (S.RUNNING, None, date(2025, 9, 1), S.COMPLETED),           # it ran: completed
    (S.COMPLETED, None, date(2025, 9, 1), S.COMPLETED),
    (S.CLOSED, None, date(2025, 9, 1), S.CLOSED),
    (S.DRAFT, None, date(2025, 9, 1), S.DRAFT),
])
def test_the_shown_status_follows_the_calendar_in_python_and_in_sql(stored, close, today,
                                                                     shown):
    assert effective_status(status=stored, year_ends_on=YEAR_END, applications_close=close,
                            today=today) == shown
    offering = factories.offering(status=stored, applications_close=close)
    assert offering.status_on(today) == shown
    in_sql = Offering.objects.with_status_now(today=today).get(pk=offering.pk)
    assert in_sql.status_now == shown  # type: ignore[attr-defined]
    assert offering.accepts_applications_on(today) is (
        shown == S.RECRUITING and (close is None or today <= close))
