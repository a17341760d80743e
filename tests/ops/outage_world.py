"""The world of the database-outage tests (tests/ops/test_failures_database.py): a hub with an
offering open for applications, 20 applicants each with a draft that only needs sending, staff
with applications to offer places to, and signed-in session cookies for all of them; then, once
the outage is over, what the database holds.

Used in the test process (SQLite: the suite's own database) or, on PostgreSQL, as a process of
its own against a throwaway cluster: ``python -m tests.ops.outage_world seed|facts`` prints JSON.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

APPLICANTS = 20
# Sent applications waiting for a decision, more than the Work Group has places for, so the
# staff's offers meet the capacity check as well as the outage.
WAITING = 10
PLACES = 6
STAFF = 2
# The moment the world is seeded at and the service runs at (WORKGROUPS_CLOCK): applications
# for the offering are open.
CLOCK = "2024-10-01T09:00"


def _session_cookie(person: Any) -> str:
    """A signed-in session as the person would have after signing in (staff with their second
    factor), stored where the service keeps sessions; hands back the cookie's value."""
    from django.conf import settings
    from django.test import Client

    from tests import factories

    client = Client()
    factories.sign_in(client, person)
    return str(client.cookies[settings.SESSION_COOKIE_NAME].value)


def seed() -> dict[str, Any]:
    from django.conf import settings

    from tests import factories
    from tests.applications.helpers import DONE, started
    from workgroups.accounts.models import Role

    hub = factories.hub(slug="outage", name="Outage Maths Hub")
    # No eligibility rules, no supporters: a draft with a name, the verdict seen, is complete.
    programme = factories.programme(slug="outage-programme", eligibility_rules=[])
    offering = factories.offering(hub=hub, programme=programme,
                                  academic_year=factories.academic_year(2024),
                                  applications_open=date(2024, 6, 1),
                                  applications_close=date(2024, 10, 18))
    group = factories.work_group(offering, name="Chester", capacity_schools=PLACES + 1,
                                 capacity_participants=PLACES)
    applicants = []
    for index in range(APPLICANTS):
        person = factories.user(email=f"applicant{index:02d}@school.example.org")
        _, draft = started(offering, DONE, applicant=person)
        applicants.append({"application": draft.pk, "cookie": _session_cookie(person)})
    waiting = [factories.ready_application(offering).pk for _ in range(WAITING)]
    staff = [_session_cookie(factories.member(hub, Role.HUB_STAFF,
                                              email=f"staff{index}@hub.example.org"))
             for index in range(STAFF)]
    return {"session_cookie_name": settings.SESSION_COOKIE_NAME, "hub": hub.slug,
            "work_group": group.pk, "places": PLACES, "applicants": applicants,
            "waiting": waiting, "staff": staff}


def facts() -> dict[str, Any]:
    """Every application's state as the database holds it, with its audit events, status
    changes and queued emails, and the places the Work Group's offers take."""
    from django.contrib.contenttypes.models import ContentType
    from django_tasks_db.models import DBTaskResult

    from workgroups.applications.models import Application
    from workgroups.applications.selectors import places_taken_by_work_group
    from workgroups.applications.tasks import send_application_email
    from workgroups.audit.actions import AuditAction
    from workgroups.audit.models import AuditEvent
    from workgroups.delivery.models import WorkGroup

    kind = ContentType.objects.get_for_model(Application)
    # The emails queued for each application, by kind: a change kept must have its email.
    emails: dict[str, list[str]] = {}
    for task in DBTaskResult.objects.filter(task_path=send_application_email.module_path):
        application_id, email_kind = task.args_kwargs["args"][:2]
        emails.setdefault(str(application_id), []).append(email_kind)
    applications: dict[str, Any] = {}
    for application in Application.objects.order_by("pk"):
        events = AuditEvent.objects.filter(content_type=kind, object_id=str(application.pk))
        applications[str(application.pk)] = {
            "status": application.status,
            "submitted": application.submitted_at is not None,
            "work_group": application.work_group_id,
            "offered_at": application.offered_at is not None,
            "submitted_events": events.filter(action=AuditAction.APPLICATION_SUBMITTED).count(),
            "offered_events": events.filter(action=AuditAction.APPLICATION_OFFERED).count(),
            "changes": [[change.from_status, change.to_status] for change in
                        application.status_changes.order_by("at", "pk")],
            "emails": sorted(emails.get(str(application.pk), [])),
        }
    groups = list(WorkGroup.objects.values_list("pk", flat=True))
    places = {str(pk): taken.participants
              for pk, taken in places_taken_by_work_group(work_group_ids=groups).items()}
    return {"applications": applications, "places": places}


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1:] == ["seed"]:
        from django.db import transaction

        with transaction.atomic():
            print(json.dumps(seed()))
    elif sys.argv[1:] == ["facts"]:
        print(json.dumps(facts()))
    else:
        sys.exit("usage: python -m tests.ops.outage_world seed|facts")
