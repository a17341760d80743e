"""The open data page and its CSV files: each hub's published Work Groups for a year as its
catalogue lists them (same rows, order and status today, labels not codes, cells safe from
spreadsheet formulas), the national programme list, the licence, and when each file last
changed, in a number of queries that does not grow with the hubs or the offerings."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import parse_http_date

from tests import factories
from workgroups.catalogue.models import Audience, Offering, OfferingStatus, Unit
from workgroups.catalogue.services import offering_update
from workgroups.core import clock
from workgroups.delivery import catalogue as delivery_catalogue
from workgroups.delivery.models import DeliveryMode, Session, WorkGroup
from workgroups.publishing.opendata import selectors as opendata_selectors

pytestmark = pytest.mark.django_db

HEADINGS = ["Hub", "Academic year", "Programme", "Work Group title", "Code", "Status",
            "Applications open", "Applications close", "Audience", "Who takes part",
            "Number of Work Groups", "Delivery", "Areas", "First session", "Web page"]


def at(day: date, hh_mm: str = "12:00") -> datetime:
    return factories.london(day, hh_mm)


def read_csv(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def headings(response) -> list[str]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return next(csv.reader(io.StringIO(body)))


def date_updated(offering: Offering, moment: datetime) -> None:
    """Date every row the hub's file shows for ``offering`` at ``moment`` (auto_now is only
    set by save(), not by update())."""
    Offering.objects.filter(pk=offering.pk).update(updated_at=moment)
    type(offering.programme).objects.filter(pk=offering.programme_id).update(updated_at=moment)
    type(offering.hub).objects.filter(pk=offering.hub_id).update(updated_at=moment)
    WorkGroup.objects.filter(offering=offering).update(updated_at=moment)
    Session.objects.filter(work_group__offering=offering).update(updated_at=moment)


def catalogue(hub, year=None):
    """Offerings of ``hub`` in 2024/25, in several statuses, with Work Groups and sessions."""
    year = year or factories.academic_year(2024)
    place = factories.venue(hub)
    recruiting = factories.offering(
        hub=hub, academic_year=year, slug="mastery", code="MH-01",
        programme=factories.programme(title="Mastery Readiness",
                                      audience=Audience.EARLY_CAREER_TEACHERS,
                                      unit=Unit.SCHOOL_TEAM, team_size=3),
        title="Mastery Readiness this year", status=OfferingStatus.RECRUITING,
        applications_open=date(2024, 6, 1), applications_close=date(2024, 10, 18))
    face = factories.work_group(recruiting, name="Chester", area="Cheshire West",
                               delivery_mode=DeliveryMode.FACE_TO_FACE)
    online = factories.work_group(recruiting, name="Online group", area="",
                                  delivery_mode=DeliveryMode.ONLINE)
    factories.session(face, day=date(2024, 11, 12), venue=place)
    factories.session(online, day=date(2024, 11, 7), online=True)
    # A cancelled session is not the first the Work Groups meet at.
    factories.session(face, day=date(2024, 11, 5), venue=place, cancelled_at=at(date(2024, 9, 9)))
    factories.offering(hub=hub, academic_year=year, slug="algebra",
                       programme=factories.programme(title="Algebra"),
                       status=OfferingStatus.EXPRESSION_OF_INTEREST)
    # Recruiting, but its window closed yesterday: shown as closed.
    factories.offering(hub=hub, academic_year=year, slug="bar-models",
                       programme=factories.programme(title="Bar models"),
                       status=OfferingStatus.RECRUITING, applications_close=date(2024, 9, 30))
    factories.offering(hub=hub, academic_year=year, slug="secret",
                       programme=factories.programme(title="Secret draft"),
                       status=OfferingStatus.DRAFT)
    return year


# --- The page ----------------------------------------------------------------------------------

def test_page_lists_each_hub_and_year_with_when_its_file_last_changed(client, pinned_clock):
    north = factories.hub(slug="north", name="North Maths Hub")
    south = factories.hub(slug="south", name="South Maths Hub")
    latest = factories.offering(hub=north, academic_year=factories.academic_year(2024))
    session = factories.session(factories.work_group(latest))
    older = factories.offering(hub=north, academic_year=factories.academic_year(2023))
    theirs = factories.offering(hub=south, academic_year=factories.academic_year(2024),
                                status=OfferingStatus.EXPRESSION_OF_INTEREST)
    factories.offering(hub=south, academic_year=factories.academic_year(2025),
                       status=OfferingStatus.DRAFT)  # nothing published that year
    date_updated(latest, at(date(2024, 9, 10)))
    # The newest of the rows the file shows dates it: here one of its sessions.
    Session.objects.filter(pk=session.pk).update(updated_at=at(date(2024, 9, 20)))
    # A year that is over changed (every status shown) the day after it ended.
    date_updated(older, at(date(2024, 5, 1)))
    date_updated(theirs, at(date(2024, 9, 3)))

    page = client.get("/open-data/")

    assert page.status_code == 200
    files = [(f.hub_name, f.year_label, f.url, f.last_updated.astimezone(clock.LONDON).date())
             for f in page.context["files"]]
    assert files == [
        ("North Maths Hub", "2024/25", "/hubs/north/2024-25/catalogue.csv", date(2024, 9, 20)),
        ("North Maths Hub", "2023/24", "/hubs/north/2023-24/catalogue.csv", date(2024, 9, 1)),
        ("South Maths Hub", "2024/25", "/hubs/south/2024-25/catalogue.csv", date(2024, 9, 3)),
    ]
    assert "20 September 2024" in page.text
    assert 'href="/hubs/north/2024-25/catalogue.csv"' in page.text
    assert "2025/26" not in page.text
    assert 'href="/open-data/programmes.csv"' in page.text
    assert "Open Government Licence v3.0" in page.text
    assert ('href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"'
            in page.text)


def test_a_closed_window_dates_the_file_from_the_day_after(client, pinned_clock):
    hub = factories.hub(slug="cw")
    offering = factories.offering(hub=hub, status=OfferingStatus.RECRUITING,
                                  applications_close=date(2024, 9, 25))
    date_updated(offering, at(date(2024, 9, 1)))
    [listed] = client.get("/open-data/").context["files"]
    assert listed.last_updated == at(date(2024, 9, 26), "00:00")


def test_the_licence_comes_from_the_settings(client, settings):
    settings.WORKGROUPS_OPEN_DATA_LICENCE_NAME = "Creative Commons Attribution 4.0"
    settings.WORKGROUPS_OPEN_DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
    page = client.get("/open-data/")
    assert "Creative Commons Attribution 4.0" in page.text
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page.text


def test_the_footer_links_to_the_page(client):
    assert 'href="/open-data/">Open data</a>' in client.get("/privacy/").text


def page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/open-data/").status_code == 200
    return len(queries)


def test_the_page_reads_the_same_number_of_queries_however_many_hubs(client, pinned_clock):
    for _ in range(2):
        catalogue(factories.hub())
    with_two = page_queries(client)
    for _ in range(4):
        catalogue(factories.hub())
    assert len(client.get("/open-data/").context["files"]) == 6
    assert page_queries(client) == with_two <= 3


# --- A hub's file ------------------------------------------------------------------------------

def test_a_hubs_file_lists_its_catalogue_in_the_catalogues_order_with_labels(client,
                                                                             pinned_clock):
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    year = catalogue(hub)
    catalogue(factories.hub(slug="other"))  # another hub's, not in this file

    response = client.get("/hubs/cw/2024-25/catalogue.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (response["Content-Disposition"]
            == 'attachment; filename="cw-2024-25-work-groups.csv"')
    assert parse_http_date(response["Last-Modified"]) > 0
    rows = read_csv(response)
    assert list(rows[0]) == HEADINGS
    expected = [row.url for row in delivery_catalogue.catalogue_rows(hub=hub, year=year)]
    assert [row["Web page"] for row in rows] == [f"http://127.0.0.1:8000{url}"
                                                 for url in expected]
    assert [row["Work Group title"] for row in rows] == [
        "Mastery Readiness this year", "Algebra", "Bar models"]
    assert [row["Status"] for row in rows] == [
        "Now recruiting", "Expression of interest", "Closed"]
    assert rows[0] == {
        "Hub": "Cheshire and Wirral Maths Hub",
        "Academic year": "2024/25",
        "Programme": "Mastery Readiness",
        "Work Group title": "Mastery Readiness this year",
        "Code": "MH-01",
        "Status": "Now recruiting",
        "Applications open": "2024-06-01",
        "Applications close": "2024-10-18",
        "Audience": "Early career teachers",
        "Who takes part": "A school team of 3",
        "Number of Work Groups": "2",
        "Delivery": "Face to face; Online",
        "Areas": "Cheshire West",
        "First session": "2024-11-07 09:00",
        "Web page": "http://127.0.0.1:8000/hubs/cw/2024-25/mastery/",
    }
    assert rows[1]["Number of Work Groups"] == "0"
    assert rows[1]["First session"] == rows[1]["Delivery"] == rows[1]["Areas"] == ""
    assert "Secret draft" not in str(rows)


def test_formulas_in_cells_are_made_safe(client, pinned_clock):
    hub = factories.hub(slug="cw")
    offering = factories.offering(hub=hub, title='=HYPERLINK("http://evil.example","Apply")',
                                  code="+44", programme=factories.programme(title="@SUM(A1)"))
    factories.work_group(offering, area="-1+2")
    [row] = read_csv(client.get("/hubs/cw/2024-25/catalogue.csv"))
    assert row["Work Group title"] == '\'=HYPERLINK("http://evil.example","Apply")'
    assert row["Code"] == "'+44"
    assert row["Programme"] == "'@SUM(A1)"
    assert row["Areas"] == "'-1+2"


@pytest.mark.parametrize("address", [
    "/hubs/nowhere/2024-25/catalogue.csv",  # no such hub
    "/hubs/cw/1999-00/catalogue.csv",  # no such year
    "/hubs/cw/2025-26/catalogue.csv",  # only a draft that year
    "/hubs/cw/2023-24/catalogue.csv",  # nothing that year
    "/hubs/cw/2024-25!/catalogue.csv",  # not a year at all
])
def test_unknown_hubs_and_years_are_not_found(client, pinned_clock, address):
    hub = factories.hub(slug="cw")
    factories.offering(hub=hub, academic_year=factories.academic_year(2024))
    factories.offering(hub=hub, academic_year=factories.academic_year(2025),
                       status=OfferingStatus.DRAFT)
    factories.academic_year(2023)
    assert client.get(address).status_code == 404


def unpublished_after_listing(monkeypatch, *slugs: str) -> None:
    """Unpublish these offerings just after the file's rows are listed, before their details
    are read: the race between the two reads."""
    def listed_then_unpublished(**kwargs):
        rows = delivery_catalogue.catalogue_rows(**kwargs)
        Offering.objects.filter(slug__in=slugs).update(status=OfferingStatus.DRAFT)
        return rows

    monkeypatch.setattr(opendata_selectors, "catalogue_rows", listed_then_unpublished)


def test_an_offering_unpublished_while_the_file_is_read_is_left_out(client, pinned_clock,
                                                                    monkeypatch):
    catalogue(factories.hub(slug="cw"))
    unpublished_after_listing(monkeypatch, "algebra")
    response = client.get("/hubs/cw/2024-25/catalogue.csv")
    assert response.status_code == 200
    assert [row["Work Group title"] for row in read_csv(response)] == [
        "Mastery Readiness this year", "Bar models"]


def test_a_file_whose_every_offering_is_unpublished_while_it_is_read_is_not_found(
        client, pinned_clock, monkeypatch):
    factories.offering(hub=factories.hub(slug="cw"), slug="only")
    unpublished_after_listing(monkeypatch, "only")
    assert client.get("/hubs/cw/2024-25/catalogue.csv").status_code == 404


def file_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/hubs/cw/2024-25/catalogue.csv")
        read_csv(response)
    return len(queries)


def test_a_hubs_file_reads_the_same_number_of_queries_however_big(client, pinned_clock):
    hub = factories.hub(slug="cw")
    year = catalogue(hub)
    with_few = file_queries(client)
    factories.offering(hub=hub, academic_year=factories.academic_year(2023))  # not this year
    for i in range(5):
        offering = factories.offering(hub=hub, academic_year=year, slug=f"more-{i}")
        for _ in range(2):
            factories.session(factories.work_group(offering, area=f"Area {i}"))
    for _ in range(4):
        catalogue(factories.hub())
    assert len(read_csv(client.get("/hubs/cw/2024-25/catalogue.csv"))) == 8
    assert file_queries(client) == with_few <= 6


def test_the_file_changes_when_an_offering_changes(client, pinned_clock):
    hub = factories.hub(slug="cw")
    offering = factories.offering(hub=hub, status=OfferingStatus.RECRUITING,
                                  applications_close=date(2024, 10, 18))
    date_updated(offering, at(date(2024, 9, 1)))
    before = client.get("/hubs/cw/2024-25/catalogue.csv")
    [row] = read_csv(before)
    assert row["Status"] == "Now recruiting"

    offering.refresh_from_db()
    offering_update(actor=None, offering=offering,
                    data={"status": OfferingStatus.FULL, "code": "NEW-CODE"})

    after = client.get("/hubs/cw/2024-25/catalogue.csv")
    [row] = read_csv(after)
    assert (row["Status"], row["Code"]) == ("Full", "NEW-CODE")
    assert (parse_http_date(after["Last-Modified"])
            > parse_http_date(before["Last-Modified"]) + timedelta(days=1).total_seconds())


# --- The national programme list ---------------------------------------------------------------

def test_the_programme_list_counts_the_hubs_offering_each_this_year(client, pinned_clock):
    mastery = factories.programme(slug="mastery-readiness", title="Mastery Readiness",
                                  audience=Audience.HEADS_OF_DEPARTMENT, unit=Unit.SCHOOL_TEAM,
                                  team_size=2, summary="=1+1", time_commitment="Six days.")
    algebra = factories.programme(slug="algebra", title="Algebra")
    this_year, last_year = factories.academic_year(2024), factories.academic_year(2023)
    north, south = factories.hub(), factories.hub()
    for hub in (north, south):
        factories.offering(hub=hub, academic_year=this_year, programme=mastery)
    factories.offering(hub=north, academic_year=this_year, programme=mastery, slug="again")
    factories.offering(hub=factories.hub(), academic_year=this_year, programme=mastery,
                       status=OfferingStatus.DRAFT)
    factories.offering(hub=factories.hub(is_national=True), academic_year=this_year,
                       programme=mastery)
    factories.offering(hub=south, academic_year=last_year, programme=algebra)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/open-data/programmes.csv")
        rows = read_csv(response)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (response["Content-Disposition"]
            == 'attachment; filename="work-group-programmes.csv"')
    assert parse_http_date(response["Last-Modified"]) > 0
    assert len(queries) <= 3
    # (The factories make a programme of their own for every offering, too.)
    assert [row for row in rows if row["Short name"] in {"algebra", "mastery-readiness"}] == [
        {"Programme": "Algebra", "Short name": "algebra", "Audience": "Teachers",
         "Who takes part": "An individual", "Team size": "1", "Summary": "A summary.",
         "Time commitment": "Three days.", "Hubs offering it this academic year": "0"},
        {"Programme": "Mastery Readiness", "Short name": "mastery-readiness",
         "Audience": "Heads of department", "Who takes part": "A school team of 2",
         "Team size": "2", "Summary": "'=1+1", "Time commitment": "Six days.",
         "Hubs offering it this academic year": "2"},
    ]
