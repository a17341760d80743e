"""Participants, registers and the year's enrolments exported as CSV or XLSX: the right rows in
words, attendance so far, a fixed number of queries, audited, another hub's a 404."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.applications.models import Application
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.core import clock
from workgroups.delivery.models import (
    Attendance,
    AttendanceStatus,
    Enrolment,
    SessionKind,
    WorkGroup,
)

pytestmark = pytest.mark.django_db

# After the first two workshops, before the third.
NOW = datetime(2024, 12, 6, 9, 0, tzinfo=clock.LONDON)


def enrol(group: WorkGroup, name: str, *, urn: int | None = 111422, role: str = "Teacher",
          outcome: str = "enrolled") -> Enrolment:
    application = factories.ready_application(group.offering, school_urn=urn)
    Application.objects.filter(pk=application.pk).update(status="accepted", work_group=group,
                                                         offered_at=NOW)
    slug = name.lower().replace(" ", ".")
    return Enrolment.objects.create(work_group=group, application=application, name=name,
                                    email=f"{slug}@school.example.org", role=role,
                                    school_urn=urn, outcome=outcome)


def mark(enrolment: Enrolment, session: Any, status: str) -> Attendance:
    return Attendance.objects.create(enrolment=enrolment, session=session, status=status,
                                     marked_at=NOW)


@pytest.fixture
def world(settings):
    settings.WORKGROUPS_PINNED_NOW = NOW
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    offering = factories.offering(hub=hub, programme=factories.programme(title="Mastery PD"))
    group = factories.work_group(offering, name="Chester")
    factories.school(111422, "Upton-by-Chester High School")
    factories.school(111423, "Ellesmere Port Academy", la_name="Cheshire West and Chester")
    sessions = [factories.session(group, day=day)
                for day in (date(2024, 11, 5), date(2024, 12, 5), date(2025, 1, 15))]
    ada = enrol(group, "Ada Byron", role="classroom_teacher")
    blaise = enrol(group, "Blaise Pascal", urn=111423)
    mark(ada, sessions[0], AttendanceStatus.PRESENT)
    mark(ada, sessions[1], AttendanceStatus.PRESENT)
    mark(blaise, sessions[0], AttendanceStatus.APOLOGIES)
    staff = factories.member(hub, Role.HUB_STAFF)
    return hub, offering, group, sessions, (ada, blaise), staff


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_a_work_groups_participants_with_attendance_so_far(client, world):
    hub, _, group, _, (ada, blaise), staff = world
    sign_in(client, staff)
    response = client.post(f"/staff/hubs/cw/work-groups/{group.pk}/participants/export/"
                          f"?format=csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="cheshire-and-wirral-maths-hub-chester-2024-25-participants-'
        '2024-12-06-0900.csv"')
    assert read_csv(response) == [
        ["Work Group", "Participant", "School", "School URN", "Role", "Email", "Status",
         "Attendance so far"],
        ["Chester", "Ada Byron", "Upton-by-Chester High School", "111422", "Classroom teacher",
         "ada.byron@school.example.org", "Taking part", "2 of 2 sessions"],
        ["Chester", "Blaise Pascal", "Ellesmere Port Academy", "111423", "Teacher",
         "blaise.pascal@school.example.org", "Taking part", "0 of 2 sessions"],
    ]
    event = AuditEvent.objects.get(action=AuditAction.LIST_EXPORTED)
    assert (event.actor, event.hub, event.object_id) == (staff, hub, str(group.pk))
    assert event.changes["rows_exported"] == 2
    assert event.changes["list_exported"] == "Participants"


def test_a_visit_counts_only_for_those_marked_at_it_and_cancelled_sessions_not_at_all(
        client, world):
    _, _, group, sessions, (ada, blaise), staff = world
    visit = factories.session(group, day=date(2024, 11, 20), kind=SessionKind.IN_SCHOOL_SUPPORT)
    mark(blaise, visit, AttendanceStatus.PRESENT)
    sessions[1].cancelled_at = NOW
    sessions[1].save()
    sign_in(client, staff)
    rows = read_csv(client.post(f"/staff/hubs/cw/work-groups/{group.pk}/participants/export/"
                               f"?format=csv"))
    assert [(row[1], row[7]) for row in rows[1:]] == [("Ada Byron", "1 of 1 session"),
                                                      ("Blaise Pascal", "1 of 2 sessions")]


def test_an_offerings_participants_cover_its_work_groups(client, world):
    _, offering, _, _, _, staff = world
    other_group = factories.work_group(offering, name="Ellesmere Port")
    enrol(other_group, "Carl Gauss")
    enrol(factories.work_group(factories.offering(hub=offering.hub)), "Not In This Offering")
    sign_in(client, staff)
    rows = read_csv(client.post(f"/staff/hubs/cw/offerings/{offering.pk}/participants/export/"
                               f"?format=csv"))
    assert [(row[0], row[1]) for row in rows[1:]] == [
        ("Chester", "Ada Byron"), ("Chester", "Blaise Pascal"), ("Ellesmere Port", "Carl Gauss")]


def test_the_register_is_a_row_per_participant_per_session_in_words(client, world):
    _, _, group, sessions, (ada, blaise), staff = world
    visit = factories.session(group, day=date(2024, 11, 20), kind=SessionKind.IN_SCHOOL_SUPPORT)
    mark(blaise, visit, AttendanceStatus.PRESENT)  # a visit to Blaise's school only
    sessions[2].cancelled_at = NOW
    sessions[2].save()
    sign_in(client, staff)
    rows = read_csv(client.post(f"/staff/hubs/cw/work-groups/{group.pk}/register/export/"
                               f"?format=csv"))
    assert rows == [
        ["Work Group", "Session date", "Session kind", "Participant", "School", "School URN",
         "Mark"],
        ["Chester", "2024-11-05 09:00", "Workshop", "Ada Byron", "Upton-by-Chester High School",
         "111422", "Present"],
        ["Chester", "2024-11-05 09:00", "Workshop", "Blaise Pascal", "Ellesmere Port Academy",
         "111423", "Apologies"],
        ["Chester", "2024-11-20 09:00", "In-school support visit", "Blaise Pascal",
         "Ellesmere Port Academy", "111423", "Present"],
        ["Chester", "2024-12-05 09:00", "Workshop", "Ada Byron", "Upton-by-Chester High School",
         "111422", "Present"],
        ["Chester", "2024-12-05 09:00", "Workshop", "Blaise Pascal", "Ellesmere Port Academy",
         "111423", "Not marked"],
        ["Chester", "2025-01-15 09:00", "Workshop", "Ada Byron", "Upton-by-Chester High School",
         "111422", "Session cancelled"],
        ["Chester", "2025-01-15 09:00", "Workshop", "Blaise Pascal", "Ellesmere Port Academy",
         "111423", "Session cancelled"],
    ]
    assert AuditEvent.objects.get(action=AuditAction.LIST_EXPORTED).changes[
        "rows_exported"] == 7


def test_the_years_registers_in_xlsx_with_dates_as_dates(client, world):
    hub, offering, group, _, _, staff = world
    second = factories.work_group(offering, name="Ellesmere Port")
    factories.session(second, day=date(2024, 10, 10))
    enrol(second, "Carl Gauss")
    next_year = factories.offering(hub=hub, academic_year=factories.academic_year(2025))
    factories.session(factories.work_group(next_year), day=date(2025, 10, 10))
    other_hub = factories.offering(hub=factories.hub())
    enrol(factories.work_group(other_hub), "Someone Else")
    sign_in(client, staff)
    response = client.post("/staff/hubs/cw/years/2024-25/registers/export/?format=xlsx")
    assert response.status_code == 200
    assert "2024-25-registers" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 6 + 1
    assert {row[0] for row in rows[1:]} == {"Chester", "Ellesmere Port"}
    assert isinstance(rows[1][1], datetime) and sheet["B2"].is_date
    assert AuditEvent.objects.get(action=AuditAction.LIST_EXPORTED).changes[
        "rows_exported"] == 7


def test_the_years_enrolments_across_the_hub(client, world):
    hub, _, _, _, _, staff = world
    enrol(factories.work_group(factories.offering(hub=factories.hub())), "Someone Else")
    sign_in(client, staff)
    rows = read_csv(client.post("/staff/hubs/cw/years/2024-25/enrolments/export/?format=csv"))
    assert rows[0] == ["Offering", "Programme", "Work Group", "Participant", "School",
                       "School URN", "Local authority", "Outcome", "Attendance so far"]
    assert rows[1] == ["Mastery PD", "Mastery PD", "Chester", "Ada Byron",
                       "Upton-by-Chester High School", "111422", "Cheshire West and Chester",
                       "Taking part", "2 of 2 sessions"]
    assert len(rows) == 3


EXPORTS = ["work-groups/{group}/participants/export/", "work-groups/{group}/register/export/",
           "offerings/{offering}/participants/export/", "years/2024-25/registers/export/",
           "years/2024-25/enrolments/export/"]


@pytest.mark.parametrize("path", EXPORTS)
def test_other_hubs_leads_and_unknown_formats_get_404(client, world, path):
    _, offering, group, _, _, _ = world
    address = "/staff/hubs/{hub}/" + path.format(group=group.pk, offering=offering.pk)
    other = factories.hub(slug="other")
    sign_in(client, factories.member(other, Role.HUB_STAFF))
    assert client.post(address.format(hub="cw") + "?format=csv").status_code == 404
    assert client.post(address.format(hub="other") + "?format=csv").status_code in (200, 404)
    lead = factories.member(offering.hub, Role.WORK_GROUP_LEAD)
    group.leads.add(lead)
    sign_in(client, lead)
    assert client.post(address.format(hub="cw") + "?format=csv").status_code == 404
    sign_in(client, factories.member(offering.hub, Role.HUB_LEAD))
    assert client.post(address.format(hub="cw") + "?format=pdf").status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.LIST_EXPORTED, hub=offering.hub,
                                         ).exists()


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(address)
        assert response.status_code == 200
        b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize("path", EXPORTS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_number_of_queries_does_not_grow_with_the_rows(client, world, path, fmt):
    _, offering, group, sessions, _, staff = world
    address = (f"/staff/hubs/cw/{path.format(group=group.pk, offering=offering.pk)}"
               f"?format={fmt}")
    sign_in(client, staff)
    few = _queries(client, address)
    second = factories.work_group(offering, name="Ellesmere Port")
    more_sessions = [factories.session(second, day=date(2024, 10, 1 + n)) for n in range(3)]
    for n in range(10):
        person = enrol(group if n % 2 else second, f"Person {n}", urn=111423 if n % 3 else None)
        mark(person, (sessions if n % 2 else more_sessions)[0], AttendanceStatus.PRESENT)
    assert _queries(client, address) == few
