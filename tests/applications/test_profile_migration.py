"""The applicant profile moves from accounts to applications without losing a row: the table
keeps its name, and the content type follows, so audit events still name the profile."""

from __future__ import annotations

import pytest

BEFORE = [("accounts", "0004_team_invitation"),
          ("applications", "0005_interest_registration_moved")]
AFTER = [("accounts", "0005_applicant_profile_moved"),
         ("applications", "0006_applicant_profile_moved")]


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_every_profile_and_its_audit_history(migrate_to):
    old = migrate_to(BEFORE)
    User = old.get_model("accounts", "User")
    Profile = old.get_model("accounts", "ApplicantProfile")
    ContentType = old.get_model("contenttypes", "ContentType")
    AuditEvent = old.get_model("audit", "AuditEvent")
    user = User.objects.create(email="kept@example.org", password="!")
    profile = Profile.objects.create(user=user, role="classroom_teacher", school_urn=100001,
                                     facts={"years_teaching": 3})
    content_type, _ = ContentType.objects.get_or_create(app_label="accounts",
                                                        model="applicantprofile")
    AuditEvent.objects.create(at="2030-01-01T00:00:00Z", action="accounts.account.created",
                              content_type=content_type, object_id=str(profile.pk),
                              object_repr="Profile", changes={})

    new = migrate_to(AFTER)
    moved = new.get_model("applications", "ApplicantProfile").objects.get(pk=profile.pk)
    assert (moved.user_id, moved.role, moved.school_urn, moved.facts) == (
        user.pk, "classroom_teacher", 100001, {"years_teaching": 3})
    event = new.get_model("audit", "AuditEvent").objects.get(object_id=str(profile.pk))
    assert (event.content_type.app_label, event.content_type.model) == (
        "applications", "applicantprofile")
