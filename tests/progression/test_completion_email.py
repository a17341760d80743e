"""Completing participants are told, with their certificate's link, once per enrolment."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core import mail

from tests import factories
from workgroups.applications.services import application_offer, offer_accept
from workgroups.core import clock
from workgroups.delivery.models import Enrolment
from workgroups.delivery.services import register_save
from workgroups.progression.services import work_group_record_outcomes

pytestmark = pytest.mark.django_db

TEAM = [{"name": "Ada Byron", "email": "ada@school.example.org", "role": "Teacher"},
        {"name": "Cleo Byron", "email": "cleo@school.example.org", "role": "Teacher"}]


@pytest.fixture
def held(pinned_clock, settings):
    """A Work Group whose three sessions have been held: Ada came to all, Cleo to none."""
    offering = factories.offering(programme=factories.programme(title="SKTM ECT"))
    group = factories.work_group(offering, name="Chester")
    for day in (date(2024, 11, 5), date(2024, 12, 5), date(2025, 1, 15)):
        factories.session(group, day=day)
    application = factories.ready_application(offering, school_urn=111422, team=TEAM)
    application_offer(actor=None, application=application, work_group=group)
    offer_accept(applicant=application.applicant, application=application)
    settings.WORKGROUPS_PINNED_NOW = datetime(2025, 8, 1, 9, 0, tzinfo=clock.LONDON)
    who = {e.email.split("@")[0]: e for e in group.enrolments.all()}
    for session in group.sessions.all():
        register_save(actor=None, session=session,
                      marks={who["ada"].pk: "present", who["cleo"].pk: "absent"})
    mail.outbox.clear()
    return group, who


def completion_emails():
    return [m for m in mail.outbox if "your certificate" in m.subject]


def test_completing_participants_are_told_with_their_certificate_once(held, on_commit):
    group, who = held
    on_commit(work_group_record_outcomes, actor=None, work_group=group)
    [email] = completion_emails()
    assert email.to == ["ada@school.example.org"]
    assert email.subject == "You completed SKTM ECT: your certificate"
    assert f"/certificates/{who['ada'].pk}.pdf" in email.body
    assert "Ada Byron" in email.body and "Chester" in email.body
    # Recorded again (cron, the periodic job, a second click): nobody is told twice.
    mail.outbox.clear()
    on_commit(work_group_record_outcomes, actor=None, work_group=group)
    assert completion_emails() == []


def test_an_outcome_taken_away_and_given_back_is_not_told_twice(held, on_commit):
    group, who = held
    on_commit(work_group_record_outcomes, actor=None, work_group=group)
    Enrolment.objects.filter(pk=who["ada"].pk).update(outcome="enrolled")
    mail.outbox.clear()
    on_commit(work_group_record_outcomes, actor=None, work_group=group)
    assert Enrolment.objects.get(pk=who["ada"].pk).outcome == "completed"
    assert completion_emails() == []

