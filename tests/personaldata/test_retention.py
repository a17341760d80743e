"""Retention periods on the product clock: just before a period ends the data is kept, just
after it is gone or pseudonymised; a dry run changes nothing; applying twice changes nothing
the second time; the periodic job applies them once a calendar day."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from tests import factories
from workgroups.accounts.tasks import send_account_email
from workgroups.applications.models import (
    Application,
    ApplicationStatus,
    Endorsement,
    EndorsementKind,
    EndorsementStatus,
)
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import InterestRegistration, OfferingStatus
from workgroups.core import clock
from workgroups.delivery.models import Enrolment, EnrolmentOutcome
from workgroups.personaldata.models import RetentionRun
from workgroups.personaldata.retention import add_months, retention_counts

pytestmark = pytest.mark.django_db


def at(day: date, hh_mm: str = "12:00") -> datetime:
    return factories.london(day, hh_mm)


def full_dump() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, every column."""
    dump = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dump[table] = sorted(tuple(str(value) for value in row)
                                  for row in cursor.fetchall())
    return dump


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2025, 8, 31), 12, date(2026, 8, 31)),
    (date(2025, 8, 31), 3, date(2025, 11, 30)),
    (date(2024, 11, 30), 3, date(2025, 2, 28)),
    (date(2023, 11, 29), 3, date(2024, 2, 29)),
    (date(2025, 1, 15), 0, date(2025, 1, 15)),
])
def test_months_are_calendar_months(day, months, expected):
    assert add_months(day, months) == expected


def _application(offering, status: str, *, typed: str) -> Application:
    holds_a_place = status in (ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED)
    application = factories.ready_application(
        offering, status=ApplicationStatus.READY_FOR_REVIEW if holds_a_place else status)
    if holds_a_place:  # a place names its Work Group
        Application.objects.filter(pk=application.pk).update(
            status=status, work_group=factories.work_group(offering), offered_at=clock.now())
        application.refresh_from_db()
    application.answers = {**application.answers, "q1": typed}
    application.withdrawn_reason = typed if status == ApplicationStatus.WITHDRAWN else ""
    application.decision_reason = typed if status == ApplicationStatus.DECLINED else ""
    application.save()
    Endorsement.objects.create(
        application=application, kind=EndorsementKind.SUPPORT, role="head_of_maths",
        name="Ottoline Supporter", email=f"support-{application.pk}@school.example",
        status=EndorsementStatus.GIVEN, comment=typed, responded_at=clock.now(),
        link_nonce="n" * 32, link_sent_at=clock.now())
    return application


def _is_pseudonymised(application: Application) -> bool:
    application.refresh_from_db()
    supports = list(application.endorsements.all())
    return (application.answers == {} and not application.withdrawn_reason
            and not application.decision_reason
            and all(s.email.endswith("@erased.invalid") and not s.name and not s.comment
                    for s in supports))


# Year 2024/25 ends on 31 August 2025.
@pytest.mark.parametrize(("now", "status", "unsuccessful", "withdrawn", "pseudonymised"), [
    # Unsuccessful: 12 months after the end of the year is 31 August 2026.
    (at(date(2026, 8, 31), "23:59"), ApplicationStatus.DECLINED, 12, 12, False),
    (at(date(2026, 9, 1), "00:01"), ApplicationStatus.DECLINED, 12, 12, True),
    (at(date(2026, 9, 1)), ApplicationStatus.LAPSED, 12, 12, True),
    # Each kind follows its own period.
    (at(date(2026, 9, 1)), ApplicationStatus.DECLINED, 24, 12, False),
    (at(date(2026, 9, 1)), ApplicationStatus.WITHDRAWN, 12, 24, False),
    (at(date(2027, 9, 1)), ApplicationStatus.WITHDRAWN, 12, 24, True),
    (at(date(2027, 8, 31)), ApplicationStatus.OFFER_DECLINED, 12, 24, False),
    (at(date(2025, 12, 1)), ApplicationStatus.OFFER_DECLINED, 12, 3, True),
    (at(date(2025, 11, 30)), ApplicationStatus.WITHDRAWN, 12, 3, False),
    # Left unfinished when the year ended: unsuccessful too.
    (at(date(2026, 9, 1)), ApplicationStatus.READY_FOR_REVIEW, 12, 12, True),
    (at(date(2026, 9, 1)), ApplicationStatus.WAITLISTED, 12, 12, True),
    (at(date(2026, 9, 1)), ApplicationStatus.OFFERED, 12, 12, True),
    (at(date(2026, 9, 1)), ApplicationStatus.AWAITING_SUPPORT, 12, 12, True),
    (at(date(2026, 8, 31), "23:59"), ApplicationStatus.WAITLISTED, 12, 12, False),
    # A place taken stays with the participation, whatever the date.
    (at(date(2030, 9, 1)), ApplicationStatus.ACCEPTED, 12, 12, False),
])
def test_applications_are_pseudonymised_when_their_period_ends(
        settings, now, status, unsuccessful, withdrawn, pseudonymised):
    settings.WORKGROUPS_RETENTION = {**settings.WORKGROUPS_RETENTION,
                                     "unsuccessful_application_months": unsuccessful,
                                     "withdrawn_application_months": withdrawn}
    settings.WORKGROUPS_PINNED_NOW = at(date(2024, 10, 1))
    offering = factories.offering()
    application = _application(offering, status, typed="My very own typed words")
    facts = (application.offering_id, application.status, application.school_urn,
             application.submitted_at, application.applicant_id)
    settings.WORKGROUPS_PINNED_NOW = now
    expected = 1 if pseudonymised else 0
    key = ("withdrawn_applications" if status in (ApplicationStatus.WITHDRAWN,
                                                  ApplicationStatus.OFFER_DECLINED)
           else "unsuccessful_applications")
    assert retention_counts(apply=False)[key] == expected
    assert retention_counts(apply=True)[key] == expected
    assert _is_pseudonymised(application) is pseudonymised
    # What hubs count is kept either way.
    assert (application.offering_id, application.status, application.school_urn,
            application.submitted_at, application.applicant_id) == facts
    assert retention_counts(apply=True)[key] == 0


def test_a_withdrawn_place_keeps_its_register_line_without_the_person(settings):
    settings.WORKGROUPS_PINNED_NOW = at(date(2024, 10, 1))
    offering = factories.offering()
    group = factories.work_group(offering)
    application = _application(offering, ApplicationStatus.WITHDRAWN, typed="Family reasons")
    Enrolment.objects.create(work_group=group, application=application, name="Wilhelmina Left",
                             email="wilhelmina@example.org", outcome=EnrolmentOutcome.WITHDRAWN)
    settings.WORKGROUPS_PINNED_NOW = at(date(2026, 9, 1))
    assert retention_counts(apply=True)["withdrawn_applications"] == 1
    enrolment = Enrolment.objects.get()
    assert (enrolment.name, enrolment.outcome) == ("", EnrolmentOutcome.WITHDRAWN)
    assert enrolment.email.endswith("@erased.invalid")


def _registration(offering, *, created: datetime, notified: datetime | None = None
                  ) -> InterestRegistration:
    registration = InterestRegistration.objects.create(offering=offering,
                                                       email="curious@example.org",
                                                       notified_at=notified)
    InterestRegistration.objects.filter(pk=registration.pk).update(created_at=created)
    return registration


# Interest kept until 3 months after applications for its year open.
@pytest.mark.parametrize(("case", "now", "kept"), [
    # The offering opens on 1 March 2025: kept to 1 June 2025.
    ("opens", at(date(2025, 6, 1), "23:59"), True),
    ("opens", at(date(2025, 6, 2), "00:01"), False),
    # They were told it opened on 10 April 2025: kept to 10 July 2025.
    ("notified", at(date(2025, 7, 10)), True),
    ("notified", at(date(2025, 7, 11)), False),
    # Registered after it opened, for next year's offering that opens on 1 February 2026.
    ("next year", at(date(2026, 5, 1)), True),
    ("next year", at(date(2026, 5, 2)), False),
    # No next opening known: the next academic year's start (1 September 2025) counts.
    ("unknown", at(date(2025, 12, 1)), True),
    ("unknown", at(date(2025, 12, 2)), False),
])
def test_interest_registrations_go_when_their_period_ends(settings, case, now, kept):
    settings.WORKGROUPS_PINNED_NOW = at(date(2024, 10, 1))
    hub, programme = factories.hub(), factories.programme()
    offering = factories.offering(hub=hub, programme=programme,
                                  status=OfferingStatus.EXPRESSION_OF_INTEREST,
                                  applications_open=date(2025, 3, 1))
    if case == "opens":
        _registration(offering, created=at(date(2024, 10, 1)))
    elif case == "notified":
        _registration(offering, created=at(date(2024, 10, 1)),
                      notified=at(date(2025, 4, 10), "09:00"))
    else:
        if case == "next year":
            factories.offering(hub=hub, programme=programme,
                               academic_year=factories.academic_year(2025),
                               applications_open=date(2026, 2, 1))
        _registration(offering, created=at(date(2025, 5, 1)))
    settings.WORKGROUPS_PINNED_NOW = now
    assert retention_counts(apply=False)["interest_registrations"] == (0 if kept else 1)
    assert InterestRegistration.objects.exists()
    assert retention_counts(apply=True)["interest_registrations"] == (0 if kept else 1)
    assert InterestRegistration.objects.exists() is kept


# Email tasks: 7 days after they were queued, finished or not.
@pytest.mark.parametrize(("age", "status", "kept"), [
    (timedelta(days=7) - timedelta(minutes=1), "SUCCESSFUL", True),
    (timedelta(days=7) + timedelta(minutes=1), "SUCCESSFUL", False),
    (timedelta(days=7) + timedelta(minutes=1), "READY", False),
    (timedelta(days=7) + timedelta(minutes=1), "FAILED", False),
])
def test_email_tasks_go_when_their_period_ends(settings, django_capture_on_commit_callbacks,
                                               age, status, kept):
    from django_tasks_db.models import DBTaskResult

    from workgroups.ops.tasks import run_periodic_jobs

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    now = at(date(2025, 1, 10))
    settings.WORKGROUPS_PINNED_NOW = now
    with django_capture_on_commit_callbacks(execute=True):
        send_account_email.enqueue(subject="Your code", body="Your code is 123456", html="",
                                   to=["someone@example.org"], from_email="hub@example.org")
    run_periodic_jobs.using(run_after=now).enqueue(reschedule=False)
    # The task table's times are real ones (the product clock is pinned elsewhere here).
    DBTaskResult.objects.update(enqueued_at=timezone.now() - age, status=status)
    assert retention_counts(apply=True)["email_tasks"] == (0 if kept else 1)
    paths = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert (send_account_email.module_path in paths) is kept
    # Not an email: the periodic job's own queue entry is left alone.
    assert run_periodic_jobs.module_path in paths


# Emails that could not be sent: 90 days after the last try.
@pytest.mark.parametrize(("age", "kept"), [
    (timedelta(days=90) - timedelta(minutes=1), True),
    (timedelta(days=90) + timedelta(minutes=1), False),
])
def test_failed_emails_go_when_their_period_ends(settings, age, kept):
    from workgroups.core.models import FailedEmail

    now = at(date(2025, 1, 10))
    settings.WORKGROUPS_PINNED_NOW = now
    FailedEmail.objects.create(
        task_path="workgroups.applications.tasks.send_application_email", arguments={},
        recipient="someone@example.org", subject="Your application", reason="No mail server.",
        attempts=4, failed_at=now - age)
    assert retention_counts(apply=False)["failed_emails"] == (0 if kept else 1)
    assert retention_counts(apply=True)["failed_emails"] == (0 if kept else 1)
    assert FailedEmail.objects.exists() is kept


# Browsers someone signed in from: 365 days after the last sign-in from them.
@pytest.mark.parametrize(("age", "kept"), [
    (timedelta(days=365) - timedelta(minutes=1), True),
    (timedelta(days=365) + timedelta(minutes=1), False),
])
def test_known_browsers_go_when_their_period_ends(settings, age, kept):
    from workgroups.accounts.models import KnownBrowser

    now = at(date(2025, 1, 10))
    settings.WORKGROUPS_PINNED_NOW = now
    KnownBrowser.objects.create(user=factories.user(), digest="a" * 64,
                                description="Firefox on Linux",
                                first_seen_at=now - age, last_seen_at=now - age)
    assert retention_counts(apply=True)["known_browsers"] == (0 if kept else 1)
    assert KnownBrowser.objects.exists() is kept


# Audit events: 6 years, after which their personal values are pseudonymised.
@pytest.mark.parametrize(("age", "pseudonymised"), [
    (timedelta(days=6 * 365 + 1), False),  # 6 years (with 2 leap days) not yet over
    (timedelta(days=6 * 365 + 3), True),
])
def test_old_audit_events_are_pseudonymised(settings, age, pseudonymised):
    now = at(date(2031, 10, 1))
    settings.WORKGROUPS_PINNED_NOW = now
    person = factories.user("ada.lovelace@example.org", first_name="Ada", last_name="Lovelace")
    with transaction.atomic():
        event = audit_record(actor=None, action=AuditAction.PROFILE_UPDATED, obj=person,
                             hub=None, changes={"first_name": ["", "Ada"],
                                                "email": "ada.lovelace@example.org",
                                                "role": ["", "classroom_teacher"],
                                                "note": "Typed by staff"})
    AuditEvent.objects.filter(pk=event.pk).update(at=now - age)
    assert retention_counts(apply=True)["audit_events"] == (1 if pseudonymised else 0)
    event.refresh_from_db()
    if pseudonymised:
        assert event.object_repr == f"Person #{person.pk} (erased)"
        assert event.changes == {"first_name": ["", "[erased]"], "email": "[erased]",
                                 "role": ["", "classroom_teacher"], "note": "[erased]"}
    else:
        assert "ada.lovelace@example.org" in (event.object_repr, event.changes["email"])
    assert retention_counts(apply=True)["audit_events"] == 0


@pytest.fixture
def due(settings):
    """One of everything whose period has ended."""
    settings.WORKGROUPS_PINNED_NOW = at(date(2024, 10, 1))
    offering = factories.offering(status=OfferingStatus.EXPRESSION_OF_INTEREST,
                                  applications_open=date(2025, 3, 1))
    _application(offering, ApplicationStatus.DECLINED, typed="Declined words")
    _application(offering, ApplicationStatus.WITHDRAWN, typed="Withdrawn words")
    _registration(offering, created=at(date(2024, 10, 1)))
    person = factories.user("grace.hopper@example.org", first_name="Grace")
    with transaction.atomic():
        event = audit_record(actor=None, action=AuditAction.PROFILE_UPDATED, obj=person,
                             hub=None, changes={"first_name": ["", "Grace"]})
    AuditEvent.objects.filter(pk=event.pk).update(at=at(date(2024, 10, 1)))
    settings.WORKGROUPS_PINNED_NOW = at(date(2031, 10, 1))
    return offering


def test_a_dry_run_changes_nothing(due):
    before = full_dump()
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert full_dump() == before
    text = out.getvalue()
    assert "Dry run: nothing changed" in text
    assert "Unsuccessful applications pseudonymised: 1" in text
    assert "Withdrawn applications pseudonymised: 1" in text
    assert "Interest registrations deleted: 1" in text
    assert "Audit events pseudonymised: 1" in text


def test_applying_twice_changes_nothing_the_second_time(due):
    first, second = StringIO(), StringIO()
    call_command("apply_retention", "--apply", stdout=first)
    assert "Unsuccessful applications pseudonymised: 1" in first.getvalue()
    assert "Interest registrations deleted: 1" in first.getvalue()
    after_first = full_dump()
    call_command("apply_retention", "--apply", stdout=second)
    assert all(line.endswith(": 0") for line in second.getvalue().splitlines()[1:])
    # Only the record of the second run was added.
    after_second = full_dump()
    changed = {table for table in after_second if after_second[table] != after_first[table]}
    assert changed == {"personaldata_retentionrun"}
    # Each rule that changed something is audited once, with its count and nothing personal.
    events = AuditEvent.objects.filter(action=AuditAction.RETENTION_APPLIED)
    assert sorted((e.changes["rule"], e.changes["count"]) for e in events) == [
        ("Audit events pseudonymised", 1), ("Interest registrations deleted", 1),
        ("Unsuccessful applications pseudonymised", 1),
        ("Withdrawn applications pseudonymised", 1)]


def test_the_periodic_job_applies_retention_once_a_day(due, settings):
    from workgroups.ops.tasks import run_periodic_jobs

    first = run_periodic_jobs.enqueue(reschedule=False).return_value
    assert first["retention_unsuccessful_applications"] == 1
    assert first["retention_interest_registrations"] == 1
    assert not InterestRegistration.objects.exists()
    # Later the same day: the hourly job does not apply them again.
    settings.WORKGROUPS_PINNED_NOW = at(date(2031, 10, 1), "23:30")
    later = run_periodic_jobs.enqueue(reschedule=False).return_value
    assert not any(key.startswith("retention_") for key in later)
    assert RetentionRun.objects.count() == 1
    # The next day it runs again (finding nothing new).
    settings.WORKGROUPS_PINNED_NOW = at(date(2031, 10, 2), "00:30")
    next_day = run_periodic_jobs.enqueue(reschedule=False).return_value
    assert next_day["retention_unsuccessful_applications"] == 0
    assert RetentionRun.objects.count() == 2
