"""Interest registrations move from applications to catalogue without losing a row: the table
keeps its name, and the content type follows, so audit events still name the registration."""

from __future__ import annotations

import pytest

BEFORE = [("applications", "0004_application_decision_reason_and_more"),
          ("catalogue", "0007_programme_reference_digest")]
AFTER = [("applications", "0005_interest_registration_moved"),
         ("catalogue", "0008_interest_registration_moved")]


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_every_registration_and_its_audit_history(migrate_to):
    old = migrate_to(BEFORE)
    Hub = old.get_model("hubs", "Hub")
    Programme = old.get_model("catalogue", "Programme")
    AcademicYear = old.get_model("catalogue", "AcademicYear")
    Offering = old.get_model("catalogue", "Offering")
    ContentType = old.get_model("contenttypes", "ContentType")
    AuditEvent = old.get_model("audit", "AuditEvent")
    Registration = old.get_model("applications", "InterestRegistration")
    hub = Hub.objects.create(name="Moved Hub", slug="moved-hub")
    programme = Programme.objects.create(title="Moved Programme", slug="moved-programme",
                                         equivalent_days=1)
    year = AcademicYear.objects.create(slug="2030-31",
                                       starts_on="2030-09-01", ends_on="2031-08-31")
    offering = Offering.objects.create(hub=hub, programme=programme, academic_year=year,
                                       slug="moved-offering")
    registration = Registration.objects.create(offering=offering, email="kept@example.org",
                                               name="Kept")
    content_type, _ = ContentType.objects.get_or_create(app_label="applications",
                                                        model="interestregistration")
    AuditEvent.objects.create(at="2030-01-01T00:00:00Z", action="applications.interest.registered",
                              content_type=content_type, object_id=str(registration.pk),
                              object_repr="Interest", changes={})

    new = migrate_to(AFTER)
    moved = new.get_model("catalogue", "InterestRegistration").objects.get(pk=registration.pk)
    assert (moved.email, moved.name, moved.offering_id) == ("kept@example.org", "Kept",
                                                           offering.pk)
    event = new.get_model("audit", "AuditEvent").objects.get(object_id=str(registration.pk))
    assert (event.content_type.app_label, event.content_type.model) == (
        "catalogue", "interestregistration")
