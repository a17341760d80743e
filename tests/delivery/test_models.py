from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from tests import factories
from workgroups.delivery.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def work_group():
    return factories.work_group(factories.offering())


def test_session_must_end_after_it_starts(work_group):
    day = date(2024, 11, 5)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.session(work_group, starts_at=factories.london(day, "15:00"),
                          ends_at=factories.london(day, "09:00"))


@pytest.mark.parametrize(
    ("day", "start", "end", "allowed"),
    [
        (date(2024, 9, 1), "00:00", "01:00", True),    # first minute of 2024/25 (BST)
        (date(2024, 8, 31), "23:00", "23:30", False),  # last hour of 2023/24
        (date(2025, 8, 31), "22:00", "23:59", True),   # last evening of 2024/25
        (date(2025, 9, 1), "09:00", "10:00", False),   # 2025/26
        (date(2025, 1, 15), "09:00", "15:30", True),   # winter (GMT)
    ],
)
def test_database_refuses_a_session_outside_its_academic_year(work_group, day, start, end,
                                                              allowed):
    make = lambda: factories.session(work_group, starts_at=factories.london(day, start),  # noqa: E731
                                     ends_at=factories.london(day, end))
    if allowed:
        make()
        assert Session.objects.count() == 1
    else:
        with pytest.raises(IntegrityError), transaction.atomic():
            make()


def test_database_refuses_moving_a_session_out_of_its_year(work_group):
    session = factories.session(work_group)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(
            starts_at=factories.london(date(2025, 9, 2), "09:00"),
            ends_at=factories.london(date(2025, 9, 2), "10:00"))


@pytest.mark.parametrize(("schools", "participants"), [(0, 10), (5, 0)])
def test_work_group_capacities_must_be_positive(schools, participants):
    offering = factories.offering()
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.work_group(offering, capacity_schools=schools,
                             capacity_participants=participants)
