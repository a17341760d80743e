"""A Work Group's outcomes and certificates exported: each participant's outcome in words and
whether their certificate has been sent; audited; another hub's a 404."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.applications.services import application_offer, offer_accept
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.core import clock
from workgroups.delivery.models import Attendance, AttendanceStatus, Enrolment
from workgroups.progression.services import work_group_record_outcomes

pytestmark = pytest.mark.django_db

AFTER_THE_SESSIONS = datetime(2024, 12, 6, 9, 0, tzinfo=clock.LONDON)


@pytest.fixture
def world(settings):
    settings.WORKGROUPS_PINNED_NOW = AFTER_THE_SESSIONS
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    offering = factories.offering(hub=hub)
    group = factories.work_group(offering, name="Chester")
    sessions = [factories.session(group, day=day)
                for day in (date(2024, 11, 5), date(2024, 12, 5))]
    factories.school(111422, "Upton-by-Chester High School")
    for _ in range(2):
        application = factories.ready_application(offering, school_urn=111422)
        application_offer(actor=None, application=application, work_group=group)
        offer_accept(applicant=application.applicant, application=application)
    return hub, group, sessions, factories.member(hub, Role.HUB_STAFF)


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_outcomes_and_whether_the_certificate_was_sent(client, world,
                                                       django_capture_on_commit_callbacks):
    hub, group, sessions, staff = world
    completer, leaver = Enrolment.objects.order_by("pk")
    for session in sessions:
        Attendance.objects.create(enrolment=completer, session=session,
                                  status=AttendanceStatus.PRESENT, marked_at=AFTER_THE_SESSIONS)
    Attendance.objects.create(enrolment=leaver, session=sessions[0],
                              status=AttendanceStatus.ABSENT, marked_at=AFTER_THE_SESSIONS)
    sign_in(client, staff)
    url = f"/staff/hubs/cw/work-groups/{group.pk}/outcomes/export/?format=csv"
    before = read_csv(client.post(url))
    assert [row[6:] for row in before[1:]] == [["Taking part", "Not sent"],
                                              ["Taking part", "Not sent"]]
    with django_capture_on_commit_callbacks():
        work_group_record_outcomes(actor=staff, work_group=group)
    rows = read_csv(client.post(url))
    assert rows[0] == ["Participant", "Email", "School", "School URN", "Role", "Attendance",
                       "Outcome", "Certificate"]
    by_email = {row[1]: row for row in rows[1:]}
    assert by_email[completer.email][2:] == ["Upton-by-Chester High School", "111422",
                                             "Classroom teacher", "2 of 2 sessions",
                                             "Completed", "Sent"]
    assert by_email[leaver.email][5:] == ["0 of 2 sessions", "Did not complete", "Not sent"]
    page = client.get(f"/staff/hubs/cw/work-groups/{group.pk}/").text
    for export in ("outcomes", "register", "participants"):
        assert f'action="/staff/hubs/cw/work-groups/{group.pk}/{export}/export/"' in page
    events = AuditEvent.objects.filter(action=AuditAction.LIST_EXPORTED, hub=hub)
    assert [e.changes["rows_exported"] for e in events] == [2, 2]


def test_another_hub_a_lead_or_an_unknown_format_is_a_404(client, world):
    _, group, _, _ = world
    url = f"/staff/hubs/cw/work-groups/{group.pk}/outcomes/export/"
    sign_in(client, factories.member(factories.hub(slug="other"), Role.HUB_LEAD))
    assert client.post(url + "?format=csv").status_code == 404
    assert client.post(f"/staff/hubs/other/work-groups/{group.pk}/outcomes/export/"
                      f"?format=csv").status_code == 404
    lead = factories.member(group.offering.hub, Role.WORK_GROUP_LEAD)
    group.leads.add(lead)
    sign_in(client, lead)
    assert client.post(url + "?format=csv").status_code == 404
    sign_in(client, factories.member(group.offering.hub, Role.HUB_STAFF))
    assert client.post(url + "?format=ods").status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.LIST_EXPORTED).exists()


def test_the_number_of_queries_does_not_grow_with_the_participants(client, world):
    _, group, _, staff = world
    sign_in(client, staff)
    url = f"/staff/hubs/cw/work-groups/{group.pk}/outcomes/export/?format=xlsx"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            b"".join(client.post(url).streaming_content)
        return len(captured)

    few = queries()
    application = Enrolment.objects.first().application  # type: ignore[union-attr]
    for n in range(20):
        Enrolment.objects.create(work_group=group, application=application, name=f"Member {n}",
                                 email=f"member{n}@school.example.org", school_urn=111422)
    assert queries() == few
