"""The reach pages, the schools not reached (filters, notes, export) and the hub's dashboard,
through the test client, on the hand-counted area of test_reach."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest

from tests import factories
from tests.factories import sign_in
from tests.reports.test_reach import area, enrol, mark
from workgroups.accounts.models import Role
from workgroups.applications.models import Application, ApplicationStatus
from workgroups.audit.models import AuditEvent
from workgroups.core import clock
from workgroups.core.models import FailedEmail
from workgroups.delivery.models import AttendanceStatus, SessionKind
from workgroups.reports.models import SchoolContactNote

pytestmark = pytest.mark.django_db

REACH = "/staff/hubs/north/reports/reach/"
NOT_REACHED = "/staff/hubs/north/reports/not-reached/"
DASHBOARD = "/staff/hubs/north/years/2024-25/"


@pytest.fixture
def built(pinned_clock):
    return area()


@pytest.fixture
def lead(client, built):
    person = factories.member(built["hub"], Role.HUB_LEAD, first_name="Lena", last_name="Lead")
    sign_in(client, person)
    return person


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_reach_page_shows_the_hand_counted_figures(client, lead):
    page = client.get(REACH + "?year=2024-25")
    assert page.status_code == 200
    words = text_of(page.text)
    assert "Schools in the area 5" in words
    assert "Schools engaged 3 (60%)" in words
    assert "High pupil premium schools engaged 1 of 2" in words
    assert "Schools engaged over 3 years 4 of 5" in words
    assert "Alpha 3 3 100%" in words and "Beta 2 0 0%" in words
    assert "Programme One 2 4 2 75%" in words
    # Each chart is an image with its own title and description, drawn without JavaScript.
    assert page.text.count('role="img"') == 3
    assert '<title id="chart-la-title">Schools engaged by local authority, 2024/25</title>' \
        in page.text
    assert "Alpha: 3 of 3 engaged; Beta: 0 of 2 engaged" in page.text
    assert "<script" not in page.text.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_window_of_years_comes_from_the_query(client, lead):
    words = text_of(client.get(REACH + "?year=2024-25&years=1").text)
    assert "Schools engaged over 1 year 3 of 5" in words


@pytest.mark.parametrize("year", ["2030-31", "nonsense"])
def test_an_unknown_year_is_a_404(client, lead, year):
    assert client.get(REACH + f"?year={year}").status_code == 404


@pytest.mark.parametrize(("role", "status"), [
    (None, 302), (Role.HUB_STAFF, 200), (Role.WORK_GROUP_LEAD, 404),
    ("other", 404), (Role.NATIONAL_VIEWER, 404)])
@pytest.mark.parametrize("url", [REACH, NOT_REACHED, REACH + "export/",
                                 NOT_REACHED + "export/"])
def test_who_may_see_the_hub_s_reports(client, built, role, status, url):
    if role == "other":
        sign_in(client, factories.member(built["other"], Role.HUB_LEAD))
    elif role == Role.NATIONAL_VIEWER:
        national = factories.hub(slug="national", is_national=True)
        sign_in(client, factories.member(national, Role.NATIONAL_VIEWER))
    elif role is not None:
        sign_in(client, factories.member(built["hub"], role))
    if url.endswith("export/"):  # a download is a POST
        assert client.post(url, {"format": "csv"}).status_code == status
    else:
        assert client.get(url).status_code == status


def test_the_reach_page_takes_the_same_queries_however_big(client, lead, built,
                                                           django_assert_num_queries):
    client.get(REACH)
    with django_assert_num_queries(13) as small:
        client.get(REACH)
    work_group = factories.work_group(factories.offering(hub=built["hub"],
                                                         academic_year=built["year"]))
    for urn in range(100100, 100140):
        factories.school(urn, f"School {urn}", la_code=902, la_name="Beta")
        enrol(work_group, urn)
    with django_assert_num_queries(len(small.captured_queries)):
        assert "Schools engaged 43" in text_of(client.get(REACH).text)


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["School 100007", "School 100009"]),
    ("&high_pupil_premium=on", ["School 100007"]),
    ("&sparse=on", ["School 100007"]),
    ("&never=on", ["School 100009"]),
    ("&la=901", []),
    ("&la=902&never=on", ["School 100009"]),
    ("&la=999", ["School 100007", "School 100009"]),  # not one of the hub's: ignored
])
def test_not_reached_filters(client, lead, query, expected):
    page = client.get(NOT_REACHED + "?year=2024-25" + query).text
    shown = re.findall(r'<h3 class="govuk-heading-s[^"]*">(School \d+)</h3>', page)
    assert shown == expected
    if "100007" in " ".join(expected):
        assert "Last engaged in 2023/24" in page


def test_not_reached_pages(client, lead, built, django_assert_num_queries):
    client.get(NOT_REACHED)
    with django_assert_num_queries(13) as small:
        client.get(NOT_REACHED + "?year=2024-25")
    for urn in range(100200, 100260):
        factories.school(urn, f"School {urn}", la_code=901, la_name="Alpha")
        SchoolContactNote.objects.create(hub=built["hub"], school_urn=urn, text="Called",
                                         author=lead, created_at=clock.now())
    with django_assert_num_queries(len(small.captured_queries)):
        first = client.get(NOT_REACHED + "?year=2024-25").text
    assert "62 schools, page 1 of 3" in first
    assert "?year=2024-25&amp;page=2" in first
    assert "page 3 of 3" in client.get(NOT_REACHED + "?year=2024-25&page=3").text


def test_a_note_is_added_audited_and_shown_newest_first(client, lead, built):
    url = NOT_REACHED + "?year=2024-25"
    first = client.post(url, {"urn": "100009", "text": "Emailed the head of maths, 3 Oct"})
    assert first.status_code == 302 and first["Location"].endswith("#school-100009")
    client.post(url, {"urn": "100009", "text": "Head of maths interested"})
    notes = list(SchoolContactNote.objects.filter(hub=built["hub"], school_urn=100009))
    assert [note.text for note in notes] == ["Head of maths interested",
                                             "Emailed the head of maths, 3 Oct"]
    assert notes[0].author == lead
    event = AuditEvent.objects.get(action="reports.school_note.added", object_id=str(notes[0].pk))
    assert event.hub == built["hub"] and event.changes == {"school_urn": 100009}
    page = client.get(url).text
    assert page.index("Head of maths interested") < page.index("Emailed the head of maths")


@pytest.mark.parametrize(("data", "status"), [
    ({"urn": "100001", "text": "reached already"}, 200),  # engaged this year: a form error
    ({"urn": "100010", "text": "another hub's"}, 404),
    ({"urn": "100009", "text": "   "}, 200),
    ({"urn": "100009", "text": "x" * 1001}, 200),
    ({"urn": "12", "text": "bad urn"}, 200),
])
def test_a_note_that_cannot_be_added(client, lead, data, status):
    response = client.post(NOT_REACHED + "?year=2024-25", data)
    assert response.status_code == status
    if status == 200:
        assert "There is a problem" in response.text
    assert not SchoolContactNote.objects.exists()


def test_a_note_on_a_school_reached_since_the_page_opened_is_given_back(client, lead, built):
    """The list was loaded while School 100009 was not reached; someone then enrolled from it.
    The note typed for it is a form error with the words kept, not a 404 that loses them."""
    enrol(factories.work_group(factories.offering(hub=built["hub"], academic_year=built["year"])),
          100009)
    response = client.post(NOT_REACHED + "?year=2024-25",
                           {"urn": "100009", "text": "Called the head of maths <3 Oct>"})
    assert response.status_code == 200
    words = text_of(response.text)
    assert "There is a problem" in words
    assert "School 100009 was reached in 2024/25 after this page was opened" in words
    assert 'href="#unsaved-note"' in response.text
    assert 'id="unsaved-note"' in response.text
    assert "Called the head of maths &lt;3 Oct&gt;" in response.text
    assert "Error: Schools not reached yet" in response.text
    assert not SchoolContactNote.objects.exists()


def test_the_exports_are_posts_and_a_get_writes_nothing(client, lead):
    for url in (REACH + "export/?year=2024-25&format=csv",
                NOT_REACHED + "export/?year=2024-25&format=csv"):
        assert client.get(url).status_code == 405
    assert not AuditEvent.objects.filter(action="core.list.exported").exists()


def test_the_pages_offer_the_downloads_as_forms_carrying_their_filters(client, lead):
    reach_page = client.get(REACH + "?year=2023-24&years=2").text
    assert ('<form method="post" action="/staff/hubs/north/reports/reach/export/'
            '?year=2023-24&amp;years=2"') in reach_page
    assert "format=" not in reach_page
    listing = client.get(NOT_REACHED + "?year=2024-25&high_pupil_premium=on&page=1").text
    assert ('<form method="post" action="/staff/hubs/north/reports/not-reached/export/'
            '?year=2024-25&amp;high_pupil_premium=on"') in listing
    assert 'name="format" value="xlsx"' in listing and "format=" not in listing
    # Without a query the form still names the year shown.
    assert re.search(r'action="/staff/hubs/north/reports/not-reached/export/\?year=\d{4}-\d{2}"',
                     client.get(NOT_REACHED).text)


def test_the_not_reached_export_keeps_the_filters_and_is_audited(client, lead, built):
    response = client.post(NOT_REACHED + "export/?year=2024-25&high_pupil_premium=on",
                           {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content)
                                       .decode("utf-8-sig"))))
    assert rows[0][:3] == ["School", "URN", "Local authority"]
    assert [row[1] for row in rows[1:]] == ["100007"]
    assert "high-pupil-premium" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="core.list.exported").count() == 1


def test_the_reach_export(client, lead):
    response = client.post(REACH + "export/?year=2024-25", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content)
                                       .decode("utf-8-sig"))))
    assert ["Every school", "", "5", "3", "60"] in rows
    assert ["Local authority", "Beta", "2", "0", "0"] in rows
    assert AuditEvent.objects.filter(action="core.list.exported").count() == 1
    assert client.post(REACH + "export/", {"format": "pdf"}).status_code == 404
    xlsx = client.post(NOT_REACHED + "export/?year=2024-25", {"format": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"  # a zip, as XLSX files are


# --- The hub's dashboard ------------------------------------------------------------------------


def test_the_dashboard_adds_totals_reach_and_what_needs_attention(client, lead, built):
    hub, year = built["hub"], built["year"]
    offering = factories.offering(hub=hub, academic_year=year,
                                  programme=factories.programme(title="Programme Three"))
    group = factories.work_group(offering)
    factories.ready_application(offering)
    offered = factories.ready_application(offering)
    Application.objects.filter(pk=offered.pk).update(
        status=ApplicationStatus.OFFERED, work_group=group, offered_at=clock.now(),
        offer_expires_at=clock.now() + timedelta(days=3))
    held = factories.session(group, day=date(2024, 9, 20))
    enrol(group, 100005)  # an independent school: not in the area
    FailedEmail.objects.create(hub=hub, task_path="x", reason="refused", attempts=3,
                               failed_at=clock.now(), recipient="someone@example.org")
    page = client.get(DASHBOARD)
    assert page.status_code == 200
    words = text_of(page.text)
    assert "Every offering" in words  # the totals row
    assert "3 of 5 secondary schools in the area engaged in 2024/25 (60%)" in words
    assert "/staff/hubs/north/reports/reach/?year=2024-25" in page.text
    # One sent here, and the one behind the enrolment (enrol() leaves it ready for review).
    assert "Programme Three: 2 applications waiting for a decision" in words
    assert "Programme Three: 1 offer running out this week" in words
    assert f'href="/staff/hubs/north/sessions/{held.pk}/register/"' in page.text
    assert "register not taken for 1 participant" in words
    assert "1 email could not be sent" in words


def test_an_in_school_visit_needs_its_register_only_while_no_one_is_marked(client, lead,
                                                                          built):
    """A visit marks only the visited school's participants: the others' blanks are not a
    register left untaken."""
    group = factories.work_group(factories.offering(hub=built["hub"],
                                                    academic_year=built["year"]))
    visited, elsewhere = enrol(group, 100001), enrol(group, 100002)
    assert elsewhere.pk
    marked_visit = factories.session(group, day=date(2024, 9, 20),
                                     kind=SessionKind.IN_SCHOOL_SUPPORT)
    unmarked_visit = factories.session(group, day=date(2024, 9, 27),
                                       kind=SessionKind.IN_SCHOOL_SUPPORT)
    mark(visited, marked_visit, AttendanceStatus.PRESENT)
    page = client.get(DASHBOARD).text
    assert f"/sessions/{marked_visit.pk}/register/" not in page
    assert f'href="/staff/hubs/north/sessions/{unmarked_visit.pk}/register/"' in page
    assert "in-school support visit, no one marked yet" in text_of(page)
    assert "register not taken" not in text_of(page)


def test_the_dashboard_offers_the_year_s_downloads_as_posts_and_its_evaluations(client, lead,
                                                                                built):
    factories.offering(hub=built["hub"], academic_year=built["year"])
    page = client.get(DASHBOARD).text
    for export in ("enrolments", "registers"):
        assert (f'<form method="post" action="/staff/hubs/north/years/2024-25/{export}/export/"'
                in page)
    assert "format=" not in page
    assert 'href="/staff/hubs/north/evaluation/2024-25/"' in page
    download = client.post("/staff/hubs/north/years/2024-25/enrolments/export/",
                           {"format": "csv"})
    assert download.status_code == 200


def test_the_dashboard_takes_the_same_queries_however_big(client, lead, built,
                                                          django_assert_num_queries):
    client.get(DASHBOARD)
    with django_assert_num_queries(22) as small:
        client.get(DASHBOARD)
    for _ in range(3):
        offering = factories.offering(hub=built["hub"], academic_year=built["year"])
        group = factories.work_group(offering)
        factories.session(group, day=date(2024, 9, 20))
        for urn in (100001, 100009):
            enrol(group, urn)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(DASHBOARD)
