"""Erasing a person: nothing of theirs is left in any text column of any table, while what hubs
count (applications, places, attendance, outcomes, participation) counts the same."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction

from tests import factories
from workgroups.accounts.models import ApiToken, KnownBrowser, Role, TeamInvitation, User
from workgroups.accounts.tasks import send_account_email
from workgroups.applications.models import (
    ApplicantProfile,
    Application,
    ApplicationStatus,
    Endorsement,
    EndorsementKind,
    EndorsementStatus,
)
from workgroups.applications.selectors import hub_year_dashboard
from workgroups.applications.services.allocation import application_offer, offer_accept
from workgroups.applications.services.profile import profile_update
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import InterestRegistration, OfferingStatus
from workgroups.core import clock
from workgroups.core.models import FailedEmail
from workgroups.delivery.models import (
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    Enrolment,
    EnrolmentOutcome,
)
from workgroups.hubs.models import Hub
from workgroups.messaging.models import Message, MessageRecipient
from workgroups.personaldata.erasure import ErasureReport, person_erase
from workgroups.progression.models import Invitation
from workgroups.reports.selectors import national_overview
from workgroups.schools.models import Outcome, ParticipationRecord

pytestmark = pytest.mark.django_db(transaction=False)

EMAIL = "zephyrine.quillfeather@example.org"
FIRST, LAST = "Zephyrine", "Quillfeather"
ANSWER = "Because my Year 9 class adores xylophonic fractions"
SUPPORTER_NAME, SUPPORTER_EMAIL = "Hortensia Brambleworth", "h.brambleworth@school.example"
SUPPORTER_COMMENT = "Wholeheartedly recommended by Hortensia"
SECRETS = [EMAIL, FIRST, LAST, ANSWER, SUPPORTER_NAME, SUPPORTER_EMAIL, SUPPORTER_COMMENT,
           "xylophonic", "withdrawn because of quillfeather"]


def text_dump() -> list[tuple[str, str, str]]:
    """Every text and JSON value in every table of the database, as (table, column, value)."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            description = connection.introspection.get_table_description(cursor, table)
            columns = [column.name for column in description]
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, memoryview | bytes):
                        value = bytes(value).decode("utf-8", "replace")
                    if isinstance(value, dict | list):
                        value = json.dumps(value)
                    if isinstance(value, str):
                        found.append((table, column, value))
    return found


def leaks(secrets: list[str]) -> list[tuple[str, str, str]]:
    lowered = [secret.lower() for secret in secrets]
    hits = []
    for table, column, value in text_dump():
        text = value.lower()
        # JSON may escape characters; compare its decoded form too.
        if any(secret in text for secret in lowered):
            hits.append((table, column, value[:200]))
    return hits


@pytest.fixture
def everything(pinned_clock, settings, django_capture_on_commit_callbacks):
    """A person with every kind of record the service keeps about someone."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    hub = factories.hub()
    staff = factories.member(hub, Role.HUB_LEAD, first_name="Sam", last_name="Staffer")
    offering = factories.offering(hub=hub)
    group = factories.work_group(offering)
    session = factories.session(group)
    factories.school(100001)
    person = factories.user(EMAIL, first_name=FIRST, last_name=LAST)
    with django_capture_on_commit_callbacks(execute=True):
        profile_update(user=person, first_name=FIRST, last_name=LAST, role="classroom_teacher")
    ApplicantProfile.objects.filter(user=person).update(
        facts={"years_teaching": 7, "note": ANSWER}, school_urn=100001)
    application = factories.ready_application(offering, applicant=person, school_urn=100001)
    application.answers = {**application.answers, "q1": ANSWER,
                           "supporters": {"head": {"name": SUPPORTER_NAME,
                                                   "email": SUPPORTER_EMAIL}}}
    application.save()
    Endorsement.objects.create(
        application=application, kind=EndorsementKind.SUPPORT, role="head_of_maths",
        name=SUPPORTER_NAME, email=SUPPORTER_EMAIL, status=EndorsementStatus.GIVEN,
        comment=SUPPORTER_COMMENT, responded_at=clock.now(), link_nonce="n" * 32,
        link_sent_at=clock.now())
    # They were asked to support a colleague's application too.
    colleague = factories.ready_application(offering, school_urn=100001)
    Endorsement.objects.create(
        application=colleague, kind=EndorsementKind.SUPPORT, role="head_of_maths",
        name=f"{FIRST} {LAST}", email=EMAIL, status=EndorsementStatus.GIVEN,
        comment=f"Signed, {FIRST}", responded_at=clock.now(), link_nonce="m" * 32,
        link_sent_at=clock.now())
    # A withdrawn earlier application with a typed reason.
    old = factories.ready_application(factories.offering(hub=hub), applicant=person,
                                      status=ApplicationStatus.WITHDRAWN)
    old.withdrawn_reason = "withdrawn because of Quillfeather family news"
    old.save()
    with django_capture_on_commit_callbacks(execute=True):
        application_offer(actor=staff, application=application, work_group=group)
        offer_accept(applicant=person, application=application)
    enrolment = Enrolment.objects.get(application=application)
    enrolment.outcome = EnrolmentOutcome.COMPLETED
    enrolment.save()
    Attendance.objects.create(enrolment=enrolment, session=session,
                              status=AttendanceStatus.PRESENT, marked_at=clock.now())
    ParticipationRecord.objects.create(
        academic_year=offering.academic_year, hub=hub, programme=offering.programme,
        school_urn=100001, email=EMAIL, name=f"{FIRST} {LAST}", outcome=Outcome.COMPLETED)
    InterestRegistration.objects.create(offering=offering, email=EMAIL, name=FIRST)
    CalendarFeed.objects.get_or_create(email=EMAIL, defaults={"nonce": "c" * 32})
    Invitation.objects.create(offering=offering, completed_programme=offering.programme,
                              email=EMAIL, name=f"{FIRST} {LAST}", nonce="i" * 32)
    TeamInvitation.objects.create(hub=hub, email=EMAIL, role=Role.HUB_STAFF, digest="d" * 64,
                                  expires_at=clock.now() + timedelta(days=7))
    ApiToken.objects.create(user=person, hub=hub, name=f"{FIRST}'s token", prefix="abc",
                            digest="e" * 64)
    FailedEmail.objects.create(hub=hub, task_path="x", recipient=EMAIL,
                               subject=f"Hello {FIRST}", reason="refused", attempts=4,
                               failed_at=clock.now())
    message = Message.objects.create(hub=hub, offering=offering, work_group=group,
                                     subject="Bring a calculator", body="On Tuesday.",
                                     author=staff, created_at=clock.now())
    MessageRecipient.objects.create(message=message, name=f"{FIRST} {LAST}", email=EMAIL,
                                    role="Participant")
    with django_capture_on_commit_callbacks(execute=True):
        send_account_email.enqueue(subject="Your sign-in code", body=f"Hello {FIRST}",
                                   html="", to=[EMAIL], from_email="hub@example.org")
    from allauth.account.models import EmailAddress
    EmailAddress.objects.create(user=person, email=EMAIL, verified=True, primary=True)
    if apps.is_installed("allauth.mfa"):
        apps.get_model("mfa", "Authenticator").objects.create(
            user=person, type="totp", data={"secret": "JBSWY3DPEHPK3PXP"})
    KnownBrowser.objects.create(user=person, digest="b" * 64, description="Firefox on Windows",
                                first_seen_at=clock.now(), last_seen_at=clock.now())
    LogEntry.objects.create(
        user=staff, content_type=ContentType.objects.get_for_model(User),
        object_id=str(person.pk), object_repr=str(person), action_flag=CHANGE,
        change_message=json.dumps([{"changed": {"fields": ["First name"]}}]))
    LogEntry.objects.create(
        user=staff, content_type=ContentType.objects.get_for_model(Hub), object_id=str(hub.pk),
        object_repr=str(hub), action_flag=CHANGE,
        change_message=json.dumps([{"note": f"Contact was {EMAIL}"}]))
    store = SessionStore()
    store["_auth_user_id"] = str(person.pk)
    store["greeting"] = f"Hi {FIRST}"
    store.create()
    with transaction.atomic():
        audit_record(actor=staff, action=AuditAction.PROFILE_UPDATED, obj=person, hub=hub,
                     changes={"first_name": ["", FIRST], "email": EMAIL})
        audit_record(actor=staff, action=AuditAction.APPLICATION_ANSWERS_SAVED,
                     obj=application, hub=hub, changes={"answers": {"q1": ANSWER}})
        audit_record(actor=staff, action=AuditAction.IMPORT_PARTICIPATION, obj=hub, hub=hub,
                     changes={"rows": [f"{EMAIL}: completed"]})
    return {"person": person, "staff": staff, "hub": hub, "offering": offering,
            "application": application, "colleague": colleague, "enrolment": enrolment}


def counted(hub: Any, year: Any) -> Any:
    overview = [(row.year.pk, [(h.hub.pk, h.applications, h.accepted) for h in row.hubs])
                for row in national_overview()]
    dashboard = [(row.offering.pk, *[getattr(row, name) for name in vars(row)
                                     if name != "offering"])
                 for row in hub_year_dashboard(hub=hub, year=year)]
    return {
        "overview": overview, "dashboard": dashboard,
        "applications": sorted(Application.objects.values_list(
            "offering_id", "status", "school_urn", "submitted_at", "work_group_id",
            "participants")),
        "enrolments": sorted(Enrolment.objects.values_list(
            "work_group_id", "school_urn", "outcome", "role")),
        "attendance": sorted(Attendance.objects.values_list("session_id", "status")),
        "participation": sorted(ParticipationRecord.objects.values_list(
            "academic_year_id", "hub_id", "programme_id", "school_urn", "outcome")),
    }


def test_the_dump_holds_nothing_of_the_person_after_erasure(everything):
    person, staff = everything["person"], everything["staff"]
    assert leaks([EMAIL, ANSWER, SUPPORTER_EMAIL]), "the scenario must hold the data first"
    report = person_erase(person=person, actor=staff, reason="Erasure request by email",
                          hub=everything["hub"])
    assert leaks(SECRETS) == []
    assert report.applications == 2
    assert report.endorsements == 2
    assert report.enrolments == 1
    assert report.interest_registrations == report.calendar_feeds == 1
    assert report.messages_received == 1
    assert report.sign_in_sessions == 1
    assert report.admin_log_entries == 2
    assert report.second_factors == (1 if apps.is_installed("allauth.mfa") else 0)
    assert report.email_tasks >= 1
    # The staff member's own name is not theirs to erase.
    assert leaks(["Staffer"])


def test_the_account_stays_but_cannot_sign_in(everything, client):
    person = everything["person"]
    person_erase(person=person, actor=None, reason="Deleted their account")
    person.refresh_from_db()
    assert person.email == f"erased-{person.pk}@erased.invalid"
    assert (person.first_name, person.last_name, person.is_active) == ("", "", False)
    assert not person.has_usable_password()
    assert not ApiToken.objects.filter(user=person).exists()
    assert not ApplicantProfile.objects.filter(user=person).exists()
    assert not TeamInvitation.objects.filter(accepted_at__isnull=True,
                                             cancelled_at__isnull=True).exists()
    assert not Invitation.objects.exists()
    assert not client.login(email=EMAIL, password="correct-horse-battery")


def test_the_erasure_is_audited_without_naming_the_person(everything):
    person, staff, hub = everything["person"], everything["staff"], everything["hub"]
    person_erase(person=person, actor=staff, reason=f"Request from {FIRST} {LAST} by post",
                 hub=hub)
    event = AuditEvent.objects.get(action=AuditAction.PERSON_ERASED)
    assert (event.actor, event.hub, event.object_id) == (staff, hub, str(person.pk))
    assert event.object_repr == f"Person #{person.pk} (erased)"
    assert event.changes["reason"] == "Request from [erased] by post"
    assert event.changes["erased"]["applications"] == 2


def test_hub_reports_count_the_same_before_and_after(everything):
    offering = everything["offering"]
    before = counted(everything["hub"], offering.academic_year)
    person_erase(person=everything["person"], actor=None, reason="Deleted their account")
    assert counted(everything["hub"], offering.academic_year) == before
    assert before["enrolments"] and before["attendance"] and before["participation"]


def test_erasing_twice_is_harmless(everything):
    person = everything["person"]
    person_erase(person=person, actor=None, reason="Deleted their account")
    dump = text_dump()
    events_before = list(AuditEvent.objects.values_list("pk", "object_repr", "changes"))
    second = person_erase(person=person, actor=None, reason="Deleted their account")
    assert second == ErasureReport()
    # Nothing changed but the second erasure's own record.
    assert sorted(row for row in text_dump() if row[0] != "audit_auditevent") == sorted(
        row for row in dump if row[0] != "audit_auditevent")
    assert list(AuditEvent.objects.exclude(pk=AuditEvent.objects.latest("pk").pk)
                .values_list("pk", "object_repr", "changes")) == events_before
    assert AuditEvent.objects.filter(action=AuditAction.PERSON_ERASED).count() == 2
    assert leaks(SECRETS) == []


def test_other_people_are_untouched(everything):
    colleague = everything["colleague"]
    before = (colleague.applicant.email, colleague.applicant.get_full_name(), colleague.answers)
    person_erase(person=everything["person"], actor=None, reason="Deleted their account")
    colleague.refresh_from_db()
    colleague.applicant.refresh_from_db()
    assert (colleague.applicant.email, colleague.applicant.get_full_name(),
            colleague.answers) == before
    # The support the person gave the colleague is kept as given, without them.
    support = Endorsement.objects.get(application=colleague)
    assert (support.status, support.name, support.comment) == (EndorsementStatus.GIVEN, "", "")
    assert support.link_nonce != "m" * 32  # the link in their mailbox opens nothing now
    assert User.objects.filter(email=everything["staff"].email, is_active=True).exists()
    assert everything["offering"].status == OfferingStatus.RECRUITING
