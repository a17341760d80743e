"""Every write is audited: what sending an application keeps on the profile, and each person
told that applications are open (issue 13)."""

from __future__ import annotations

import pytest

from tests import factories
from tests.applications.helpers import ECT, started
from workgroups.applications.services import application_submit
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.catalogue.interest.services import interest_confirm, interest_register
from workgroups.catalogue.models import OfferingStatus
from workgroups.catalogue.services import offering_update

pytestmark = pytest.mark.django_db


def test_sending_an_application_audits_what_the_profile_kept_without_values(ect_offering):
    applicant, application = started(ect_offering, ECT)
    application_submit(applicant=applicant, application=application)
    event = AuditEvent.objects.get(action=AuditAction.PROFILE_UPDATED)
    assert event.actor == applicant and event.changes["by"] == "application sent"
    assert "school" in event.changes["changed"]
    assert str(applicant.email) not in str(event.changes)


def test_each_person_told_applications_are_open_is_audited(pinned_clock):
    offering = factories.offering(academic_year=factories.academic_year(2024),
                                  status=OfferingStatus.CLOSED)
    registration = interest_register(offering=offering, email="ada@example.org")
    interest_confirm(registration_id=registration.pk)
    assert not AuditEvent.objects.filter(action=AuditAction.INTEREST_NOTIFIED).exists()
    offering_update(actor=factories.member(offering.hub), offering=offering,
                    data={"status": OfferingStatus.RECRUITING})
    told = AuditEvent.objects.get(action=AuditAction.INTEREST_NOTIFIED)
    assert (told.object_id, told.hub) == (str(registration.pk), offering.hub)
