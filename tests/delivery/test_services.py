from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests import factories
from workgroups.audit.models import AuditEvent
from workgroups.audit.selectors import audit_events_for
from workgroups.core.services import DomainError
from workgroups.delivery.models import Session, SessionKind, Venue, WorkGroup
from workgroups.delivery.services import (
    session_create,
    session_delete,
    session_update,
    venue_create,
    venue_update,
    work_group_create,
    work_group_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def work_group():
    return factories.work_group(factories.offering())


@pytest.mark.parametrize(
    ("day", "start", "end", "message"),
    [
        (date(2024, 11, 5), "15:00", "09:00", "end after it starts"),
        (date(2025, 9, 2), "09:00", "10:00", "must fall within 2024/25"),
        (date(2024, 8, 30), "09:00", "10:00", "must fall within 2024/25"),
    ],
)
def test_session_create_refuses_impossible_times(work_group, day, start, end, message):
    with pytest.raises(DomainError, match=message):
        session_create(actor=None, work_group=work_group, kind=SessionKind.WORKSHOP,
                       starts_at=factories.london(day, start), ends_at=factories.london(day, end))
    assert Session.objects.count() == 0


def test_session_cannot_use_another_hubs_venue(work_group):
    elsewhere = factories.venue(factories.hub())
    with pytest.raises(DomainError, match="this hub's venues"):
        session_create(actor=None, work_group=work_group, kind=SessionKind.WORKSHOP,
                       starts_at=factories.london(date(2024, 11, 5), "09:00"),
                       ends_at=factories.london(date(2024, 11, 5), "10:00"), venue=elsewhere)


def test_session_lifecycle_is_audited(work_group):
    actor = factories.user()
    day = date(2024, 11, 5)
    session = session_create(actor=actor, work_group=work_group, kind=SessionKind.WEBINAR,
                             starts_at=factories.london(day, "16:00"),
                             ends_at=factories.london(day, "17:00"), online=True,
                             equivalent_days=Decimal("0.5"))
    session_update(actor=actor, session=session,
                   data={"ends_at": factories.london(day, "17:30")})
    events = list(audit_events_for(obj=session))
    assert [e.action for e in events] == ["delivery.session.updated", "delivery.session.created"]
    assert list(events[0].changes) == ["ends_at"]
    session_id = session.pk
    session_delete(actor=actor, session=session)
    assert not Session.objects.exists()
    last = AuditEvent.objects.filter(object_id=str(session_id)).first()
    assert last is not None and last.action == "delivery.session.deleted"


@pytest.mark.parametrize(("schools", "participants"), [(0, 5), (5, 0), (-1, 3)])
def test_work_group_capacities_must_be_positive(schools, participants):
    offering = factories.offering()
    with pytest.raises(DomainError, match="at least one"):
        work_group_create(actor=None, offering=offering, name="A",
                          capacity_schools=schools, capacity_participants=participants)
    assert not WorkGroup.objects.exists()


def test_work_group_update_audits_capacity_changes(work_group):
    work_group_update(actor=None, work_group=work_group, data={"capacity_participants": 20})
    [event] = audit_events_for(obj=work_group)
    assert event.changes == {"capacity_participants": [14, 20]}


def test_venue_names_are_unique_per_hub_and_postcodes_normalised():
    hub = factories.hub()
    venue = venue_create(actor=None, hub=hub, name="Centre", address="1 Road",
                         postcode=" ng8 4bw ")
    assert venue.postcode == "NG8 4BW"
    with pytest.raises(DomainError, match="already has a venue"):
        venue_create(actor=None, hub=hub, name="Centre", address="2 Road", postcode="NG1 1AA")
    venue_create(actor=None, hub=factories.hub(), name="Centre", address="x", postcode="M1 1AA")
    other = venue_create(actor=None, hub=hub, name="Annexe", address="3 Road", postcode="NG1 1AA")
    with pytest.raises(DomainError, match="already has a venue"):
        venue_update(actor=None, venue=other, data={"name": "Centre"})
    assert Venue.objects.get(pk=other.pk).name == "Annexe"
