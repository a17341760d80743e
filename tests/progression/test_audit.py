"""Every write is audited: each participant's outcome, and each lead the rollover carries over."""

from __future__ import annotations

import pytest

from tests import factories
from tests.progression.test_services import group, london, people  # noqa: F401  (fixture)
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.delivery.services import register_save
from workgroups.progression.services import hub_rollover, work_group_record_outcomes

pytestmark = pytest.mark.django_db


def test_each_participant_s_outcome_is_audited_once_per_change(group, settings):  # noqa: F811
    settings.WORKGROUPS_PINNED_NOW = london(2025, 8, 1, 9, 0)
    who = people(group)
    for session in group.sessions.all():
        register_save(actor=None, session=session, marks={
            who["ada"].pk: "present", who["blaise"].pk: "present", who["cleo"].pk: "absent"})
    work_group_record_outcomes(actor=None, work_group=group)
    events = AuditEvent.objects.filter(action=AuditAction.OUTCOME_RECORDED)
    assert sorted((e.object_id, e.changes["outcome"]) for e in events) == sorted([
        (str(who["ada"].pk), "completed"), (str(who["blaise"].pk), "completed"),
        (str(who["cleo"].pk), "incomplete")])
    work_group_record_outcomes(actor=None, work_group=group)
    assert events.count() == 3  # nothing changed the second time, so nothing new to audit


def test_each_lead_the_rollover_carries_over_is_audited(group):  # noqa: F811
    hub = group.offering.hub
    leads = [factories.member(hub), factories.member(hub)]
    group.leads.add(*leads)
    hub_rollover(actor=None, hub=hub, from_year=group.offering.academic_year)
    events = AuditEvent.objects.filter(action=AuditAction.LEAD_COPIED)
    assert sorted(e.changes["lead"]["id"] for e in events) == sorted(lead.pk for lead in leads)
    assert {e.changes["from_work_group"]["id"] for e in events} == {group.pk}
