"""With the database task queue (production's), an application's emails are queued in the same
transaction as the change they tell of: both are kept or neither. Queued after the commit
instead, a database lost between the two (a restart, a failover) kept a sent application or an
offered place with nobody ever emailed: supporters never asked, an offer left to expire
unseen. Found by the database-outage test (tests/ops/test_failures_database.py, issue 16)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db.utils import OperationalError
from django_tasks_db.models import DBTaskResult

from tests import factories
from tests.applications.helpers import ECT, started
from tests.ops.test_failures_worker import DATABASE_QUEUE
from workgroups.applications.models import ApplicationStatus
from workgroups.applications.services import application_offer, application_submit
from workgroups.applications.tasks import send_application_email
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.core.tasks_backend import RequestIdDatabaseBackend

# Commits for real: the point is what a commit keeps.
pytestmark = pytest.mark.django_db(transaction=True)

CUT = OperationalError("server closed the connection unexpectedly")


def emails_queued() -> list[list[object]]:
    return [row.args_kwargs["args"] for row in
            DBTaskResult.objects.filter(task_path=send_application_email.module_path)]


def test_a_submission_whose_email_cannot_be_queued_is_not_sent(settings, ect_offering):
    settings.TASKS = DATABASE_QUEUE
    applicant, draft = started(ect_offering, ECT)
    with (mock.patch.object(RequestIdDatabaseBackend, "_task_to_db_task", side_effect=CUT),
          pytest.raises(OperationalError)):
        application_submit(applicant=applicant, application=draft)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT and draft.submitted_at is None
    assert not AuditEvent.objects.filter(action=AuditAction.APPLICATION_SUBMITTED).exists()
    # Sent again with the queue back: the application and its email, together.
    sent = application_submit(applicant=applicant, application=draft)
    assert sent.status == ApplicationStatus.READY_FOR_REVIEW
    assert emails_queued() == [[sent.pk, "submitted"]]


def test_an_offer_whose_email_cannot_be_queued_is_not_made(settings, ect_offering):
    settings.TASKS = DATABASE_QUEUE
    group = factories.work_group(ect_offering)
    application = factories.ready_application(ect_offering)
    with (mock.patch.object(RequestIdDatabaseBackend, "_task_to_db_task", side_effect=CUT),
          pytest.raises(OperationalError)):
        application_offer(actor=None, application=application, work_group=group)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.READY_FOR_REVIEW
    assert application.work_group is None
    assert not AuditEvent.objects.filter(action=AuditAction.APPLICATION_OFFERED).exists()
    offered = application_offer(actor=None, application=application, work_group=group)
    assert offered.status == ApplicationStatus.OFFERED
    assert emails_queued() == [[application.pk, "offered"]]


def test_a_change_that_rolls_back_leaves_no_email_queued(settings, ect_offering):
    """Queued inside the transaction, the email goes when the change is refused later in it."""
    settings.TASKS = DATABASE_QUEUE
    group = factories.work_group(ect_offering)
    application = factories.ready_application(ect_offering)
    with (mock.patch("workgroups.applications.services.allocation.application_transition",
                     side_effect=CUT),
          pytest.raises(OperationalError)):
        application_offer(actor=None, application=application, work_group=group)
    assert emails_queued() == []
