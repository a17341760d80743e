"""An offering's applications exported with the table's filters: the right rows in the table's
order, every page, audited, a fixed number of queries, another hub's a 404."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.core.clock import LONDON

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(pinned_clock):
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    offering = factories.offering(hub=hub, programme=factories.programme(slug="mastery-pd",
                                                                         title="Mastery PD"))
    factories.school(111422, "Upton-by-Chester High School")
    factories.school(111423, "=HYPERLINK(\"http://evil.example\")", la_code=877,
                     la_name="Cheshire East")
    return hub, offering


def url(offering, **query) -> str:
    params = "&".join(f"{key}={value}" for key, value in query.items())
    return f"/staff/hubs/{offering.hub.slug}/offerings/{offering.pk}/applications/export/?{params}"


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_waiting_list_in_csv_with_the_filter_in_the_file_name(client, world):
    hub, offering = world
    first = factories.ready_application(offering, school_urn=111422, status="waitlisted",
                                        submitted_at=datetime(2024, 9, 20, 10, 0, tzinfo=LONDON))
    second = factories.ready_application(offering, school_urn=111423, status="waitlisted",
                                         submitted_at=datetime(2024, 9, 21, 10, 0,
                                                               tzinfo=LONDON))
    factories.ready_application(offering, school_urn=111422)  # waiting for a decision
    factories.ready_application(factories.offering(hub=hub), status="waitlisted")
    staff = factories.member(hub, Role.HUB_STAFF)
    sign_in(client, staff)
    # The buttons send the format in the body; the table's filters stay in the address.
    response = client.post(url(offering, status="waitlisted"), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="cheshire-and-wirral-maths-hub-mastery-pd-2024-25-applications-'
        'waiting-list-2024-10-01-0900.csv"')
    rows = read_csv(response)
    assert rows[0] == ["Applicant", "Email", "School", "School URN", "Team of", "Sent",
                       "Eligibility", "Status", "Work Group", "Place on the waiting list"]
    assert [row[0] for row in rows[1:]] == [first.applicant.get_full_name(),
                                            second.applicant.get_full_name()]
    assert rows[1][2:] == ["Upton-by-Chester High School", "111422", "1", "2024-09-20 10:00",
                           "Eligible", "On the waiting list", "", "1"]
    assert rows[2][2] == "'=HYPERLINK(\"http://evil.example\")"  # the school name, neutralised
    event = AuditEvent.objects.get(action=AuditAction.LIST_EXPORTED)
    assert (event.actor, event.hub, event.object_id) == (staff, hub, str(offering.pk))
    assert event.changes == {"list_exported": "Applications", "file_format": "CSV",
                             "rows_exported": 2, "filters_applied": "Status: On the waiting list"}


def test_xlsx_has_the_table_filters_and_real_dates(client, world):
    hub, offering = world
    factories.ready_application(offering, school_urn=111422,
                                submitted_at=datetime(2024, 9, 20, 10, 0, tzinfo=LONDON))
    kept = factories.ready_application(offering, school_urn=111423,
                                       submitted_at=datetime(2024, 9, 25, 8, 30, tzinfo=LONDON))
    sign_in(client, factories.member(hub, Role.HUB_LEAD))
    response = client.post(url(offering, la=877, submitted_from="2024-09-21", format="xlsx"))
    assert response.status_code == 200
    assert "cheshire-east-from-2024-09-21" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == kept.applicant.get_full_name()
    assert rows[1][5] == datetime(2024, 9, 25, 8, 30, tzinfo=UTC).replace(tzinfo=None)
    assert sheet["F2"].is_date
    assert AuditEvent.objects.get(action=AuditAction.LIST_EXPORTED).changes[
        "filters_applied"] == "Local authority: Cheshire East; Sent on or after 21 Sep 2024"


def test_the_page_links_to_the_export_with_its_filters(client, world):
    hub, offering = world
    factories.ready_application(offering, school_urn=111422)
    sign_in(client, factories.member(hub, Role.HUB_STAFF))
    page = client.get(f"/staff/hubs/cw/offerings/{offering.pk}/applications/"
                      f"?status=waitlisted").text
    assert (f'action="/staff/hubs/cw/offerings/{offering.pk}/applications/export/'
            f'?status=waitlisted"') in page
    assert f'action="/staff/hubs/cw/offerings/{offering.pk}/participants/export/"' in page
    assert 'name="format" value="xlsx"' in page and 'name="format" value="csv"' in page


def test_a_get_is_refused_and_writes_nothing(client, world):
    """Each download is audited, so it is a POST: a GET (a crawler, a prefetch) writes nothing."""
    hub, offering = world
    sign_in(client, factories.member(hub, Role.HUB_STAFF))
    assert client.get(url(offering, format="csv")).status_code == 405
    assert not AuditEvent.objects.filter(action=AuditAction.LIST_EXPORTED).exists()


@pytest.mark.parametrize("query", [{"format": "pdf"}, {"format": ""}, {}])
def test_an_unknown_format_is_a_404_and_not_audited(client, world, query):
    hub, offering = world
    sign_in(client, factories.member(hub, Role.HUB_STAFF))
    response = client.post(url(offering, **query))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.LIST_EXPORTED).exists()


def test_another_hub_or_no_report_capability_is_a_404(client, world):
    hub, offering = world
    factories.ready_application(offering, school_urn=111422)
    other = factories.hub(slug="other")
    sign_in(client, factories.member(other, Role.HUB_STAFF))
    assert client.post(url(offering, format="csv")).status_code == 404
    assert client.post(f"/staff/hubs/other/offerings/{offering.pk}/applications/export/"
                      f"?format=csv").status_code == 404
    sign_in(client, factories.member(hub, Role.WORK_GROUP_LEAD))
    assert client.post(url(offering, format="csv")).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.LIST_EXPORTED).exists()


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(address)
        b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_number_of_queries_does_not_grow_with_the_rows(client, world, fmt):
    hub, offering = world
    for n in range(3):
        factories.ready_application(offering, school_urn=111422, status="waitlisted",
                                    submitted_at=datetime(2024, 9, 1 + n, tzinfo=LONDON))
    sign_in(client, factories.member(hub, Role.HUB_STAFF))
    few = _queries(client, url(offering, format=fmt))
    for n in range(27):
        factories.ready_application(
            offering, school_urn=111423 if n % 2 else None,
            submitted_at=datetime(2024, 9, 5, tzinfo=LONDON),
            status="declined" if n % 2 else "waitlisted")
    assert _queries(client, url(offering, format=fmt)) == few
    counts = [event.changes["rows_exported"] for event in
              AuditEvent.objects.filter(action=AuditAction.LIST_EXPORTED).order_by("pk")]
    assert counts == [3, 30]


def test_dates_that_do_not_parse_export_what_the_table_shows(client, world):
    """An unusable filter is ignored by the table; the export gives the same rows."""
    hub, offering = world
    factories.ready_application(offering, school_urn=111422)
    sign_in(client, factories.member(hub, Role.HUB_STAFF))
    rows = read_csv(client.post(url(offering, submitted_from="yesterday", format="csv")))
    assert len(rows) == 2
    assert date(2024, 10, 1).isoformat() in rows[1][5]
