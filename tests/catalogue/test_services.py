from __future__ import annotations

from datetime import date, datetime

import pytest

from tests import factories
from workgroups.audit.models import AuditEvent
from workgroups.audit.selectors import audit_events_for
from workgroups.catalogue.models import OFFERING_TRANSITIONS, Offering, OfferingStatus
from workgroups.catalogue.services import offering_create, offering_update, programme_upsert
from workgroups.core import clock
from workgroups.core.services import DomainError

pytestmark = pytest.mark.django_db

ALL_PAIRS = [(a, b) for a in OfferingStatus for b in OfferingStatus if a != b]


@pytest.mark.parametrize(("current", "wanted"), ALL_PAIRS)
def test_status_changes_follow_the_transitions_table(current, wanted):
    offering = factories.offering(status=current)
    actor = factories.user()
    if wanted in OFFERING_TRANSITIONS[current]:
        offering_update(actor=actor, offering=offering, data={"status": wanted})
        assert Offering.objects.get(pk=offering.pk).status == wanted
        [event] = audit_events_for(obj=offering)
        assert event.changes == {"status": [current.value, wanted.value]}
        assert event.actor == actor
    else:
        with pytest.raises(DomainError, match="cannot become"):
            offering_update(actor=actor, offering=offering, data={"status": wanted})
        assert Offering.objects.get(pk=offering.pk).status == current
        assert not audit_events_for(obj=offering).exists()


def test_create_records_an_audit_event_with_the_actor_and_fields():
    hub = factories.hub()
    actor = factories.user()
    offering = offering_create(
        actor=actor, hub=hub, academic_year=factories.academic_year(2024),
        programme=factories.programme(slug="pd-lead"), slug="pd-lead", code="NCP 24-99",
        applications_open=date(2024, 6, 1), applications_close=date(2024, 7, 1))
    [event] = audit_events_for(obj=offering)
    assert event.action == "catalogue.offering.created"
    assert event.hub == hub and event.actor == actor
    assert event.changes["code"] == "NCP 24-99"
    assert event.changes["applications_open"] == "2024-06-01"


def test_create_refuses_a_duplicate_slug_and_saves_nothing():
    existing = factories.offering(slug="pd-lead")
    with pytest.raises(DomainError, match="already has an offering"):
        offering_create(actor=None, hub=existing.hub, academic_year=existing.academic_year,
                        programme=factories.programme(), slug="pd-lead")
    assert Offering.objects.count() == 1
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("data", [
    {"applications_open": date(2024, 9, 1), "applications_close": date(2024, 8, 1)},
    {"applications_close": date(2024, 5, 1)},  # before the stored opening date
])
def test_update_refuses_a_window_that_closes_before_it_opens(data):
    offering = factories.offering(applications_open=date(2024, 6, 1),
                                  applications_close=date(2024, 7, 1))
    with pytest.raises(DomainError, match="closing date"):
        offering_update(actor=None, offering=offering, data=data)
    assert Offering.objects.get(pk=offering.pk).applications_close == date(2024, 7, 1)


def test_update_refuses_fields_that_are_not_editable():
    offering = factories.offering()
    with pytest.raises(DomainError, match="cannot be changed"):
        offering_update(actor=None, offering=offering, data={"hub": factories.hub()})


def test_an_update_that_changes_nothing_writes_nothing():
    offering = factories.offering(code="NCP 24-12")
    offering_update(actor=None, offering=offering, data={"code": "NCP 24-12"})
    assert AuditEvent.objects.count() == 0


def test_programme_upsert_is_idempotent_and_audits_only_real_changes():
    data = {"title": "PD Lead", "audience": "pd_leads", "summary": "s",
            "who_can_take_part": "w", "what_is_involved": "i", "learning_outcomes": ["a"],
            "time_commitment": "t", "equivalent_days": 3, "cost": "c", "unit": "individual",
            "team_size": 1}
    programme_upsert(actor=None, slug="pd-lead", data=data)
    programme_upsert(actor=None, slug="pd-lead", data=data)
    assert AuditEvent.objects.count() == 1
    programme_upsert(actor=None, slug="pd-lead", data={**data, "title": "PD Lead Programme"})
    assert AuditEvent.objects.count() == 2


@pytest.mark.parametrize(("now", "cancelled", "allowed"), [
    # 1 October 2024: the Work Group's session on 5 November is still to come.
    ("2024-10-01T09:00", False, False),
    # The only session left is cancelled: nothing is to come.
    ("2024-10-01T09:00", True, True),
    # After the session has ended.
    ("2024-11-06T09:00", False, True),
])
def test_an_offering_is_completed_only_when_nothing_is_still_to_come(settings, now, cancelled,
                                                                      allowed):
    """"Completed" lets outcomes be recorded; on 1 October it would mark everyone as not
    completing (issue 12 item 4)."""
    settings.WORKGROUPS_PINNED_NOW = datetime.fromisoformat(now).replace(tzinfo=clock.LONDON)
    offering = factories.offering(status=OfferingStatus.RUNNING,
                                  academic_year=factories.academic_year(2024))
    session = factories.session(factories.work_group(offering), day=date(2024, 11, 5))
    if cancelled:
        session.cancelled_at = clock.now()
        session.save()
    if allowed:
        offering_update(actor=None, offering=offering, data={"status": OfferingStatus.COMPLETED})
        assert Offering.objects.get(pk=offering.pk).status == OfferingStatus.COMPLETED
    else:
        with pytest.raises(DomainError, match="cannot be completed yet"):
            offering_update(actor=None, offering=offering,
                            data={"status": OfferingStatus.COMPLETED})
        assert Offering.objects.get(pk=offering.pk).status == OfferingStatus.RUNNING
