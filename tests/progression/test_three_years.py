"""End to end over three academic years, through the services the pages and API call:

- a school completes TfM Development in 2023/24; the rollover invites it to Embedding in
  2024/25; it is accepted there because the record says it did Development (no tick box) —
  even though it converted to an academy in the meantime (new URN, successor link);
- it completes Embedding and is invited to, and eligible for, Sustaining in 2025/26;
- an early career teacher completes SKTM Phase 1 in 2024/25 and is invited to Phase 2.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.core import mail
from django.test import override_settings

from tests import factories
from workgroups.applications.models import ApplicationStatus
from workgroups.applications.services import (
    application_answers_save,
    application_offer,
    application_start,
    application_submit,
    endorsement_respond,
    offer_accept,
)
from workgroups.catalogue.models import Unit
from workgroups.core import clock
from workgroups.delivery.models import Enrolment
from workgroups.delivery.services import register_save
from workgroups.eligibility.defaults import DEFAULT_RULES
from workgroups.eligibility.selectors import eligibility_check
from workgroups.progression.defaults import DEFAULT_ROUTES
from workgroups.progression.models import Invitation
from workgroups.progression.selectors import school_journey
from workgroups.progression.services import (
    hub_rollover,
    invitation_accept,
    invitations_send,
    progression_route_ensure,
    work_group_record_outcomes,
)
from workgroups.schools.models import ParticipationRecord, School, SchoolLink

pytestmark = pytest.mark.django_db

OLD_URN, NEW_URN = 111422, 149999
TEAM = [{"name": "Ada Byron", "email": "ada@school.example.org", "role": "Teacher"},
        {"name": "Blaise Pascal", "email": "blaise@school.example.org", "role": "Teacher"}]


def at(settings, year, month, day):
    settings.WORKGROUPS_PINNED_NOW = datetime(year, month, day, 9, 0, tzinfo=clock.LONDON)


@pytest.fixture
def hub(settings):
    at(settings, 2023, 10, 1)
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    hub.areas.add(factories.local_authority(code=896, name="Cheshire West and Chester"))
    slugs = ["secondary-tfm-development", "secondary-tfm-embedding", "secondary-tfm-sustaining",
             "sktm-ect-phase-1", "sktm-ect-phase-2"]
    programmes = {}
    for slug in slugs:
        team = slug.startswith("secondary-tfm")
        programmes[slug] = factories.programme(
            slug=slug, title=slug.replace("-", " ").title(), eligibility_rules=DEFAULT_RULES[slug],
            unit=Unit.SCHOOL_TEAM if team else Unit.INDIVIDUAL, team_size=2 if team else 1)
    for from_slug, to_slug, after, note in DEFAULT_ROUTES:
        if from_slug in programmes and to_slug in programmes:
            progression_route_ensure(actor=None, from_programme=programmes[from_slug],
                                     to_programme=programmes[to_slug], after_years=after,
                                     note=note)
    factories.school(OLD_URN, "Upton-by-Chester High School")
    hub.programmes = programmes  # type: ignore[attr-defined]
    return hub


def offering(hub, slug, start_year, *, sessions=3):
    programme = hub.programmes[slug]
    year = factories.academic_year(start_year)
    found = factories.offering(hub=hub, programme=programme, academic_year=year, slug=slug,
                               applications_open=date(start_year, 6, 1),
                               applications_close=date(start_year, 10, 18))
    group = factories.work_group(found, name=f"{slug} {start_year}", capacity_schools=10,
                                 capacity_participants=20)
    for month in range(sessions):
        factories.session(group, day=date(start_year, 11 + month, 5) if month < 2
                          else date(start_year + 1, 1 + month, 5))
    return found


def take_part(application, staff, *, attend=True):
    """Offer, accept, come to every session, and record the outcome."""
    group = application.offering.work_groups.get()
    application_offer(actor=staff, application=application, work_group=group)
    offer_accept(applicant=application.applicant, application=application)
    # Registers are taken, and outcomes recorded, once the sessions have been held: in the
    # summer.
    summer = datetime.combine(application.offering.academic_year.ends_on, time(12),
                              tzinfo=clock.LONDON)
    with override_settings(WORKGROUPS_PINNED_NOW=summer):
        for session in group.sessions.all():
            register_save(actor=staff, session=session, marks={
                e.pk: "present" if attend else "absent"
                for e in Enrolment.objects.filter(application=application)})
        return work_group_record_outcomes(actor=staff, work_group=group)


def sent(applicant, application):
    """Send it; the team members named agree from their links."""
    application = application_submit(applicant=applicant, application=application)
    for endorsement in application.endorsements.all():
        endorsement_respond(endorsement_id=endorsement.pk, nonce=endorsement.link_nonce,
                            give=True)
    application.refresh_from_db()
    return application


def invitation_for(email, slug):
    return Invitation.objects.get(email=email, offering__programme__slug=slug)


def test_three_years_of_a_school_and_a_teacher(hub, settings, django_capture_on_commit_callbacks):
    staff = factories.member(hub)
    head = factories.user(email="head.of.maths@school.example.org", first_name="Hana",
                          last_name="Head")

    # --- 2023/24: Development -----------------------------------------------------------------
    development = offering(hub, "secondary-tfm-development", 2023)
    application = application_start(applicant=head, offering=development)
    application = application_answers_save(applicant=head, application=application, answers={
        "first_name": "Hana", "last_name": "Head", "eligibility_seen": True, "urn": OLD_URN,
        "role": "head_of_department", "teaches_maths": "now", "team": TEAM})
    application = sent(head, application)
    assert application.status == ApplicationStatus.READY_FOR_REVIEW
    assert take_part(application, staff) == {"completed": 2, "incomplete": 0, "withdrawn": 0}
    assert ParticipationRecord.objects.filter(
        programme__slug="secondary-tfm-development", school_urn=OLD_URN,
        outcome="completed").count() == 2

    # The school becomes an academy: a new URN, the old one closed, linked in the register.
    at(settings, 2024, 6, 10)
    factories.school(NEW_URN, "Upton-by-Chester High School Academy")
    School.objects.filter(urn=OLD_URN).update(is_open=False, status="Closed")
    SchoolLink.objects.create(urn=OLD_URN, link_urn=NEW_URN,
                              link_type="Successor - academy converter")

    # --- Rollover to 2024/25: Embedding is due ------------------------------------------------
    embedding = offering(hub, "secondary-tfm-embedding", 2024)
    result = hub_rollover(actor=staff, hub=hub, from_year=development.academic_year)
    assert result.offerings == 1 and result.invitations == 1
    again = hub_rollover(actor=staff, hub=hub, from_year=development.academic_year)
    assert (again.offerings, again.already_there, again.invitations) == (0, 1, 0)
    invitation = invitation_for(head.email, "secondary-tfm-embedding")
    assert invitation.offering == embedding and invitation.school_urn == OLD_URN
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations_send(actor=staff, hub=hub, invitations=[invitation]) == 1
    assert mail.outbox[-1].to == [head.email] and "/invitations/" in mail.outbox[-1].body

    at(settings, 2024, 10, 1)
    invitation.refresh_from_db()
    application = invitation_accept(user=head, invitation=invitation)
    # What we knew is filled in, with the school's new URN.
    assert application.answers["urn"] == NEW_URN
    assert application.answers["role"] == "head_of_department"
    verdict, _ = eligibility_check(offering=embedding, facts={
        **application.answers, "teaches_maths": "now", "email": head.email})
    assert verdict.outcome != "not_eligible", verdict
    assert "prerequisite_missing" not in {r.code for r in verdict.reasons}
    # Without the record there is no Development year: the same answers are refused.
    other = factories.school(137000, "Another Academy")
    refused, _ = eligibility_check(offering=embedding, facts={
        **application.answers, "urn": other.urn, "teaches_maths": "now", "email": head.email})
    assert "prerequisite_missing" in {r.code for r in refused.reasons}
    application = application_answers_save(applicant=head, application=application, answers={
        "eligibility_seen": True, "teaches_maths": "now", "team": TEAM})
    application = sent(head, application)
    assert application.status == ApplicationStatus.READY_FOR_REVIEW
    take_part(application, staff)

    # --- The teacher's Phase 1, also in 2024/25 -----------------------------------------------
    phase1 = offering(hub, "sktm-ect-phase-1", 2024, sessions=2)
    teacher = factories.user(email="ect@school.example.org", first_name="Esme", last_name="Teach")
    ect = application_start(applicant=teacher, offering=phase1)
    ect = application_answers_save(applicant=teacher, application=ect, answers={
        "first_name": "Esme", "last_name": "Teach", "eligibility_seen": True, "urn": NEW_URN,
        "role": "classroom_teacher", "years_teaching": 1, "teaches_maths": "now"})
    ect = sent(teacher, ect)
    assert take_part(ect, staff)["completed"] == 1

    # --- Rollover to 2025/26: Sustaining for the school, Phase 2 for the teacher --------------
    at(settings, 2025, 7, 1)
    sustaining = offering(hub, "secondary-tfm-sustaining", 2025)
    phase2 = offering(hub, "sktm-ect-phase-2", 2025, sessions=2)
    result = hub_rollover(actor=staff, hub=hub, from_year=embedding.academic_year)
    assert result.invitations == 2
    school_invitation = invitation_for(head.email, "secondary-tfm-sustaining")
    teacher_invitation = invitation_for(teacher.email, "sktm-ect-phase-2")
    assert school_invitation.offering == sustaining and teacher_invitation.offering == phase2
    invitations_send(actor=staff, hub=hub, invitations=[school_invitation, teacher_invitation])

    at(settings, 2025, 10, 1)
    school_invitation.refresh_from_db()
    application = invitation_accept(user=head, invitation=school_invitation)
    application = application_answers_save(applicant=head, application=application, answers={
        "eligibility_seen": True, "teaches_maths": "now", "team": TEAM})
    application = sent(head, application)
    assert application.status == ApplicationStatus.READY_FOR_REVIEW
    assert application.eligibility["outcome"] in {"eligible", "eligible_with_notes"}

    teacher_invitation.refresh_from_db()
    ect2 = invitation_accept(user=teacher, invitation=teacher_invitation)
    assert ect2.answers["urn"] == NEW_URN and ect2.answers["first_name"] == "Esme"
    ect2 = application_answers_save(applicant=teacher, application=ect2, answers={
        "eligibility_seen": True, "role": "classroom_teacher", "years_teaching": 2,
        "teaches_maths": "now"})
    ect2 = sent(teacher, ect2)
    assert ect2.eligibility["outcome"] in {"eligible", "eligible_with_notes"}
    assert "prerequisite_missing" not in {r["code"] for r in ect2.eligibility["reasons"]}

    # The school's journey follows it through the new URN: three years, oldest first.
    _school, rows = school_journey(hub=hub, urn=NEW_URN)
    assert [(r.academic_year.slug, r.programme.slug, r.outcome) for r in rows
            if r.programme.slug.startswith("secondary")] == [
        ("2023-24", "secondary-tfm-development", "completed"),
        ("2023-24", "secondary-tfm-development", "completed"),
        ("2024-25", "secondary-tfm-embedding", "completed"),
        ("2024-25", "secondary-tfm-embedding", "completed")]
    assert all(r.sessions_attended == r.sessions_required == 3 for r in rows
               if r.programme.slug.startswith("secondary"))
    assert Decimal(0) < sum((r.sessions_attended or 0 for r in rows), Decimal(0))
