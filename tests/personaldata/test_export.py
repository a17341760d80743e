"""The export of a person's data: every personal field of the registry that holds something for
them is in it, labelled in words; nothing secret and nothing of other people is."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.db import transaction

from tests import factories
from workgroups.accounts.models import ApiToken, Role, TeamInvitation, User
from workgroups.applications.models import (
    ApplicantProfile,
    ApplicationStatusChange,
    Endorsement,
    EndorsementKind,
    EndorsementStatus,
)
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import InterestRegistration, OfferingQuestion
from workgroups.core import clock
from workgroups.core.models import FailedEmail
from workgroups.core.services import DomainError
from workgroups.delivery.models import (
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    Enrolment,
    EnrolmentOutcome,
)
from workgroups.personaldata.export import person_data, personal_data_export
from workgroups.personaldata.fields import holdings
from workgroups.personaldata.selectors import holding_rows, person_addresses
from workgroups.progression.models import Invitation
from workgroups.schools.models import Outcome, ParticipationRecord

pytestmark = pytest.mark.django_db

EMAIL = "ottoline.marchbanks@example.org"
OTHER_ADDRESS = "o.marchbanks@home.example"
FIRST, LAST = "Ottoline", "Marchbanks"
QUESTION = "What would you most like to get from this Work Group?"
ANSWER = "Confidence teaching ratio with bar models"
STAFF_NAME = "Stafford Decider"
OTHER_ANSWER = "Somebody else's private reasons"
SECRET_BITS = ["f" * 32, "e" * 64, "d" * 64, "n" * 32, "i" * 32]


def person_with_everything() -> dict[str, Any]:
    """A person with a record of every kind, at two hubs, beside another applicant."""
    hub, elsewhere = factories.hub(name="Test Hub North"), factories.hub(name="Test Hub South")
    staff = factories.member(hub, Role.HUB_LEAD, first_name="Stafford", last_name="Decider")
    offering = factories.offering(hub=hub)
    question = OfferingQuestion.objects.create(offering=offering, kind="long_text",
                                               text=QUESTION, position=1)
    group = factories.work_group(offering, name="Tuesday Twilight Group")
    session = factories.session(group)
    factories.school(100001, "Marchbanks Academy")
    person = factories.user(EMAIL, first_name=FIRST, last_name=LAST)
    EmailAddress.objects.create(user=person, email=EMAIL, verified=True, primary=True)
    EmailAddress.objects.create(user=person, email=OTHER_ADDRESS, verified=True)
    ApplicantProfile.objects.create(user=person, role="classroom_teacher", school_urn=100001,
                                    facts={"years_teaching": 4, "teaches_maths": "within_year"})
    application = factories.ready_application(offering, applicant=person, school_urn=100001)
    application.answers = {
        **application.answers, f"q{question.pk}": ANSWER, "email": EMAIL,
        "claimed_participation": {offering.programme.slug: "North Hub, 2022/23"},
        "supporters": {"head_of_maths": {"name": "Hortense Head",
                                         "email": "hortense@school.example"}},
        "team": [{"name": "Teodor Team", "email": "teodor@school.example", "role": "Teacher"}]}
    application.eligibility = {
        "outcome": "eligible",
        "reasons": [{"code": "soft_years", "message": "Ideally two years of teaching.",
                     "hard": False, "suggestion": None, "fact": "years_teaching"}],
        "override": {"original": "eligible_with_notes", "reason": "Spoke to the head",
                     "by": STAFF_NAME, "at": clock.now().isoformat()}}
    application.decision_reason = "Strong answers about bar models"
    application.save()
    ApplicationStatusChange.objects.create(application=application, from_status="ready_for_review",
                                           to_status="ready_for_review", at=clock.now(),
                                           actor=staff, note="Phoned Ottoline about dates")
    Endorsement.objects.create(
        application=application, kind=EndorsementKind.SUPPORT, role="head_of_maths",
        name="Hortense Head", email="hortense@school.example", status=EndorsementStatus.GIVEN,
        comment="Ottoline is a great colleague", responded_at=clock.now(),
        link_nonce="n" * 32, link_sent_at=clock.now())
    colleague = factories.ready_application(offering, school_urn=100001)
    colleague.answers = {**colleague.answers, f"q{question.pk}": OTHER_ANSWER}
    colleague.save()
    Endorsement.objects.create(
        application=colleague, kind=EndorsementKind.SUPPORT, role="head_of_maths",
        name="O. Marchbanks", email=OTHER_ADDRESS, status=EndorsementStatus.GIVEN,
        comment="I back this colleague fully", responded_at=clock.now(),
        link_nonce="m" * 32, link_sent_at=clock.now())
    enrolment = Enrolment.objects.create(
        work_group=group, application=application, user=person, name=f"{FIRST} {LAST}",
        email=EMAIL, role="classroom_teacher", school_urn=100001,
        outcome=EnrolmentOutcome.COMPLETED)
    Attendance.objects.create(enrolment=enrolment, session=session,
                              status=AttendanceStatus.PRESENT, marked_at=clock.now())
    ParticipationRecord.objects.create(
        academic_year=offering.academic_year, hub=hub, programme=offering.programme,
        school_urn=100001, email=EMAIL, name=f"{FIRST} M.", outcome=Outcome.COMPLETED)
    InterestRegistration.objects.create(offering=offering, email=OTHER_ADDRESS,
                                        name="Otto M")
    CalendarFeed.objects.create(email=EMAIL, nonce="f" * 32)
    Invitation.objects.create(offering=offering, completed_programme=offering.programme,
                              email=EMAIL, name="Ottoline (invited)", nonce="i" * 32)
    TeamInvitation.objects.create(hub=hub, email=EMAIL, role=Role.HUB_STAFF, digest="d" * 64,
                                  expires_at=clock.now() + timedelta(days=7))
    ApiToken.objects.create(user=person, hub=hub, name="Ottoline's sheet", prefix="wgt_abc",
                            digest="e" * 64)
    FailedEmail.objects.create(hub=hub, task_path="x", recipient=EMAIL,
                               subject="Your place is confirmed", reason="refused",
                               attempts=4, failed_at=clock.now())
    with transaction.atomic():
        audit_record(actor=person, action=AuditAction.APPLICATION_SUBMITTED, obj=application,
                     hub=hub)
    away = factories.ready_application(factories.offering(hub=elsewhere), applicant=person)
    away.answers = {**away.answers, "q999999": "An answer given to the southern hub"}
    away.save()
    return {"person": person, "hub": hub, "elsewhere": elsewhere, "staff": staff,
            "application": application, "colleague": colleague, "enrolment": enrolment,
            "question": question}


def _strings(value: Any, path: str, withheld: tuple[str, ...]) -> list[str]:
    """The text inside a field's value (JSON walked to its leaves), less withheld paths."""
    if path in withheld:
        return []
    if isinstance(value, dict):
        return [s for key, item in value.items()
                for s in _strings(item, f"{path}.{key}", withheld)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item, path, withheld)]
    return [value] if isinstance(value, str) and value.strip() else []


def exported_text(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)


def test_every_personal_field_held_for_the_person_is_in_the_export(pinned_clock):
    """Walks the registry: for each model, each row tied to the person, each personal field
    with a value, its text is in the export. A personal field added to the registry but not to
    the export fails here."""
    world = person_with_everything()
    person = world["person"]
    text = exported_text(person_data(person))
    addresses = person_addresses(person=person)
    missing, checked = [], 0
    for holding, model in holdings():
        for row in holding_rows(holding=holding, model=model, person=person,
                                addresses=addresses):
            for name in holding.fields:
                for value in _strings(getattr(row, name), name, holding.withheld):
                    checked += 1
                    if value not in text:
                        missing.append((holding.model, name, value))
    assert missing == []
    assert checked > 40  # the world above really holds something in each model


def test_the_export_is_labelled_in_words(pinned_clock):
    world = person_with_everything()
    data = person_data(world["person"])
    application = next(a for a in data["applications"] if a["hub"] == "Test Hub North")
    answers = {row["question"]: row["answer"] for row in application["answers"]}
    assert answers[QUESTION] == ANSWER  # the offering's question text, not its key
    assert answers["Your school"] == "Marchbanks Academy (URN 100001)"
    assert answers["Your email address"] == EMAIL
    assert application["eligibility"]["outcome"] == "Eligible"
    assert application["eligibility"]["decided_by_the_hub"]["original_outcome"] == (
        "Eligible, with notes")
    assert application["history"][-1]["note"] == "Phoned Ottoline about dates"
    assert data["work_group_places"][0]["attendance"][0]["status"] == "Present"
    assert data["work_group_places"][0]["certificate"] == (
        f"/certificates/{world['enrolment'].pk}.pdf")
    assert data["saved_answers"]["answers"] == [
        {"question": "Whether you teach maths", "answer": "Within the next year",
         "as_stored": "within_year"},
        {"question": "How many years you have taught", "answer": "4", "as_stored": 4}]
    assert datetime.fromisoformat(data["account"]["joined"]).tzinfo is not None  # ISO 8601
    assert application["sent"] == "2024-10-01T09:00:00+01:00"
    assert data["calendar_feeds"][0]["email"] == EMAIL
    removed = next(a for a in data["applications"] if a["hub"] == "Test Hub South")
    assert [row["question"] for row in removed["answers"]] == [
        "First name", "Last name", "Your role", "A question the hub has since removed"]
    assert [row["question"] for row in application["answers"]][-2:] == [
        "Where you told us you took part before", QUESTION]


def test_the_export_holds_no_secret_and_nothing_of_other_people(pinned_clock):
    world = person_with_everything()
    text = exported_text(person_data(world["person"]))
    for secret in [*SECRET_BITS, "wgt_abc", world["person"].password]:
        assert secret not in text
    assert OTHER_ANSWER not in text  # a colleague's application they supported
    assert STAFF_NAME not in text and "Stafford" not in text  # who decided is staff's own
    assert "m" * 32 not in text


def test_a_hub_s_export_holds_only_that_hub_s_records(pinned_clock):
    world = person_with_everything()
    data = person_data(world["person"], hub=world["hub"])
    text = exported_text(data)
    assert ANSWER in text and "An answer given to the southern hub" not in text
    assert {a["hub"] for a in data["applications"]} == {"Test Hub North"}
    assert data["saved_answers"] is None and data["calendar_feeds"] == []
    elsewhere = person_data(world["person"], hub=world["elsewhere"])
    assert ANSWER not in exported_text(elsewhere)


def test_a_staff_export_is_audited_with_who_why_and_where_but_no_address(pinned_clock):
    world = person_with_everything()
    lead, hub = world["staff"], world["hub"]
    data = personal_data_export(actor=lead, hub=hub, reason="Letter of 3 March",
                                person=world["person"], email=EMAIL)
    assert ANSWER in exported_text(data)
    event = AuditEvent.objects.get(action=AuditAction.PERSONAL_DATA_EXPORTED)
    assert (event.actor, event.hub, event.changes["reason"]) == (lead, hub, "Letter of 3 March")
    stored = json.dumps(event.changes) + event.object_repr
    for address in (EMAIL, OTHER_ADDRESS, FIRST, LAST):
        assert address not in stored


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501])
def test_a_staff_export_needs_a_reason(pinned_clock, reason):
    world = person_with_everything()
    with pytest.raises(DomainError):
        personal_data_export(actor=world["staff"], hub=world["hub"], reason=reason,
                             person=world["person"], email=EMAIL)
    assert not AuditEvent.objects.filter(action=AuditAction.PERSONAL_DATA_EXPORTED).exists()


def test_an_address_without_an_account_exports_what_the_hub_holds_for_it(pinned_clock):
    world = person_with_everything()
    data = personal_data_export(actor=world["staff"], hub=world["hub"], reason="Email",
                                person=None, email="hortense@school.example")
    assert data["account"] is None and data["applications"] == []
    assert [s["comment"] for s in data["support_and_agreement_given"]] == [
        "Ottoline is a great colleague"]


def test_someone_with_nothing_gets_an_honest_empty_export():
    person = User.objects.create_user("new@example.org")
    data = person_data(person)
    assert data["account"]["email"] == "new@example.org"
    assert data["applications"] == [] and data["work_group_places"] == []
