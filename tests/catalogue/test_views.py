from __future__ import annotations

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.factories import sign_in
from workgroups.catalogue.models import Audience, OfferingStatus, ProgressionRoute
from workgroups.core import clock

pytestmark = pytest.mark.django_db


def build_catalogue(hub, n_offerings, year=None):
    """n offerings, each with two Work Groups of three sessions at a venue."""
    year = year or factories.academic_year(2024)
    place = factories.venue(hub)
    for i in range(n_offerings):
        offering = factories.offering(
            hub=hub, academic_year=year,
            programme=factories.programme(audience=list(Audience)[i % len(Audience)]),
            status=[OfferingStatus.RECRUITING, OfferingStatus.EXPRESSION_OF_INTEREST,
                    OfferingStatus.CLOSED][i % 3],
            applications_open=date(2024, 6, 1), applications_close=date(2024, 10, 18))
        for w in range(2):
            work_group = factories.work_group(offering, name=f"Group {w}")
            for s in range(3):
                factories.session(work_group, day=date(2024, 11, 5 + s), venue=place)
    return year


def test_home_lists_hubs_with_their_areas(client):
    hub = factories.hub(name="Cheshire and Wirral Maths Hub")
    hub.areas.add(factories.local_authority(code=344, name="Wirral"))
    factories.hub(name="National programmes", is_national=True)
    response = client.get("/")
    assert response.status_code == 200
    assert "Cheshire and Wirral Maths Hub" in response.text
    assert "Wirral" in response.text
    assert "National programmes" not in response.text


def test_hub_redirects_to_the_academic_year_of_the_clock(client, pinned_clock):
    hub = factories.hub(slug="cw")
    factories.offering(hub=hub, academic_year=factories.academic_year(2021))
    factories.offering(hub=hub, academic_year=factories.academic_year(2024))
    factories.offering(hub=hub, academic_year=factories.academic_year(2025),
                       status=OfferingStatus.EXPRESSION_OF_INTEREST)
    response = client.get("/hubs/cw/")
    assert response.status_code == 302
    assert response["Location"] == "/hubs/cw/2024-25/"


def test_hub_without_offerings_this_year_shows_the_latest_year_that_has(client, pinned_clock):
    hub = factories.hub(slug="lsw")
    factories.offering(hub=hub, academic_year=factories.academic_year(2022))
    assert client.get("/hubs/lsw/")["Location"] == "/hubs/lsw/2022-23/"


def test_drafts_are_not_published(client, pinned_clock):
    hub = factories.hub(slug="cw")
    factories.offering(hub=hub, status=OfferingStatus.RECRUITING,
                       programme=factories.programme(title="Visible programme"))
    draft = factories.offering(hub=hub, status=OfferingStatus.DRAFT,
                               programme=factories.programme(title="Secret draft"))
    page = client.get("/hubs/cw/2024-25/")
    assert "Visible programme" in page.text
    assert "Secret draft" not in page.text
    assert client.get(f"/hubs/cw/2024-25/{draft.slug}/").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Teachers A", "ECT B", "TA C"}),
        ("?audience=early_career_teachers", {"ECT B"}),
        ("?audience=teachers&audience=teaching_assistants", {"Teachers A", "TA C"}),
        ("?status=recruiting", {"Teachers A"}),
        ("?status=closed", {"TA C"}),
        ("?status=expression_of_interest&audience=early_career_teachers", {"ECT B"}),
        ("?status=expression_of_interest&audience=teachers", set()),
        ("?status=nonsense&audience=rubbish", {"Teachers A", "ECT B", "TA C"}),  # ignored
    ],
)
def test_catalogue_filters_by_audience_and_status(client, pinned_clock, query, expected):
    hub = factories.hub(slug="cw")
    specs = [("Teachers A", Audience.TEACHERS, OfferingStatus.RECRUITING),
             ("ECT B", Audience.EARLY_CAREER_TEACHERS, OfferingStatus.EXPRESSION_OF_INTEREST),
             ("TA C", Audience.TEACHING_ASSISTANTS, OfferingStatus.COMPLETED)]
    for title, audience, status in specs:
        factories.offering(hub=hub, status=status,
                           programme=factories.programme(title=title, audience=audience))
    page = client.get("/hubs/cw/2024-25/" + query)
    assert page.status_code == 200
    shown = {title for title, _, _ in specs if f">{title}</a>" in page.text}
    assert shown == expected


def test_catalogue_links_to_earlier_years(client, pinned_clock):
    hub = factories.hub(slug="cw")
    factories.offering(hub=hub, academic_year=factories.academic_year(2021))
    factories.offering(hub=hub, academic_year=factories.academic_year(2024))
    page = client.get("/hubs/cw/2024-25/")
    assert 'href="/hubs/cw/2021-22/"' in page.text
    earlier = client.get("/hubs/cw/2021-22/")
    assert earlier.status_code == 200
    assert "You are looking at 2021/22" in earlier.text


@pytest.mark.parametrize("url", ["/hubs/nope/", "/hubs/nope/2024-25/", "/hubs/cw/2030-31/",
                                 "/hubs/cw/2024-25/nope/", "/hubs/cw/2019-20/"])
def test_unknown_hub_year_or_offering_is_404_in_the_service_design(client, pinned_clock, url):
    hub = factories.hub(slug="cw")
    factories.offering(hub=hub)
    factories.academic_year(2019)
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "govuk-footer" in response.text


def catalogue_queries(queries):
    """The queries that read the catalogue, leaving out the page cache's own (workgroups/
    catalogue/cache.py: the version, the fragment, and storing it on a miss)."""
    return [q["sql"] for q in queries.captured_queries
            if "workgroups_cache" not in q["sql"] and "SAVEPOINT" not in q["sql"]]


@pytest.mark.parametrize("size", [1, 12])
def test_catalogue_page_uses_a_fixed_number_of_queries(client, pinned_clock, size):
    hub = factories.hub(slug="cw")
    build_catalogue(hub, size)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/hubs/cw/2024-25/?audience=teachers&status=recruiting")
    assert response.status_code == 200
    # hub, years list (the year is found in it), the hub's areas (the "Where it meets"
    # filter), offerings (+programme join, read as values)
    assert len(catalogue_queries(queries)) == 4, catalogue_queries(queries)
    hub.areas.add(factories.local_authority(code=895, name="Cheshire East"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/hubs/cw/2024-25/?area=895")
    assert response.status_code == 200
    # + the area, its schools' postcode districts, the hub's venues
    assert len(catalogue_queries(queries)) == 7, catalogue_queries(queries)
    # Asked again: the page comes from the cache (the version and the page in one read).
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/hubs/cw/2024-25/?area=895")
    assert again.text.count("Cheshire East") == response.text.count("Cheshire East")
    assert catalogue_queries(queries) == []
    assert len(queries) == 1, [q["sql"] for q in queries.captured_queries]


def test_offering_page_tells_a_teacher_everything(client, pinned_clock):
    hub = factories.hub(slug="em", contact_email="hello@em.example.org")
    development = factories.programme(slug="tfm-development", title="TfM Development")
    programme = factories.programme(
        slug="subject-leads", title="Secondary Subject Lead Work Group",
        audience=Audience.HEADS_OF_DEPARTMENT, who_can_take_part="Heads of department only.",
        what_is_involved="Four workshop days.", learning_outcomes=["Lead your department"],
        time_commitment="The equivalent of four days.", cost="Free to state-funded schools.")
    programme.prerequisites.add(development)
    ProgressionRoute.objects.create(from_programme=programme, to_programme=development,
                                    note="Then the department develops mastery")
    year = factories.academic_year(2021)
    offering = factories.offering(hub=hub, programme=programme, academic_year=year,
                                  status=OfferingStatus.COMPLETED, code="NCP 21-99",
                                  how_to_apply="Apply here.")
    place = factories.venue(hub, name="Portland Spencer Conference Centre",
                            address="Birchover Road, Bilborough, Nottingham", postcode="NG8 4BW")
    group = factories.work_group(offering, name="Nottingham Subject Leads")
    factories.session(group, day=date(2021, 11, 9), venue=place)
    later = factories.offering(hub=hub, programme=programme,
                               academic_year=factories.academic_year(2022),
                               status=OfferingStatus.EXPRESSION_OF_INTEREST)
    page = client.get("/hubs/em/2021-22/subject-leads/")
    assert page.status_code == 200
    text = page.text
    for expected in ["Secondary Subject Lead Work Group", "Heads of department only.",
                     "Four workshop days.", "Lead your department",
                     "The equivalent of four days.", "Free to state-funded schools.", "NCP 21-99",
                     "Tue 9 Nov 2021", "09:00 to 15:30", "Portland Spencer Conference Centre",
                     "NG8 4BW", "TfM Development", "Applications for 2021/22 are closed",
                     "hello@em.example.org", later.get_absolute_url(),
                     "Then the department develops mastery"]:
        assert expected in text, expected


def test_offering_page_shows_how_to_apply_only_while_the_window_is_open(client, pinned_clock):
    hub = factories.hub(slug="cw")
    factories.offering(hub=hub, slug="open", how_to_apply="Use the apply button.",
                       applications_open=date(2024, 6, 1), applications_close=date(2024, 10, 18))
    factories.offering(hub=hub, slug="later", how_to_apply="Use the apply button.",
                       applications_open=date(2024, 11, 1), applications_close=date(2024, 12, 1))
    assert "Use the apply button." in client.get("/hubs/cw/2024-25/open/").text
    later = client.get("/hubs/cw/2024-25/later/").text
    assert "Use the apply button." not in later
    assert "Applications open on 1 November 2024" in later


def test_every_page_says_when_the_clock_is_pinned(client, pinned_clock):
    page = client.get("/")
    assert "pretending it is Tuesday 1 October 2024, 09:00" in page.text


def test_real_clock_shows_no_demo_banner(client):
    assert "pretending it is" not in client.get("/").text


def test_catalogue_lists_what_a_teacher_can_act_on_first(client, pinned_clock):
    hub = factories.hub(slug="cw")
    for title, status in [("A closed", OfferingStatus.CLOSED),
                          ("B interest", OfferingStatus.EXPRESSION_OF_INTEREST),
                          ("C recruiting", OfferingStatus.RECRUITING),
                          ("D recruiting", OfferingStatus.RECRUITING)]:
        factories.offering(hub=hub, status=status, programme=factories.programme(title=title))
    text = client.get("/hubs/cw/2024-25/").text
    positions = [text.index(f">{title}</a>") for title in
                 ("C recruiting", "D recruiting", "B interest", "A closed")]
    assert positions == sorted(positions)


def test_a_closed_window_or_an_ended_year_is_never_shown_as_recruiting(client, settings):
    hub = factories.hub(slug="cw")
    offering = factories.offering(hub=hub, applications_close=date(2024, 10, 18))
    settings.WORKGROUPS_PINNED_NOW = datetime(2024, 10, 18, 17, 0, tzinfo=clock.LONDON)
    assert "Apply by 18 October 2024" in client.get("/hubs/cw/2024-25/").text
    settings.WORKGROUPS_PINNED_NOW = datetime(2024, 10, 19, 9, 0, tzinfo=clock.LONDON)
    listing = client.get("/hubs/cw/2024-25/").text
    assert "Apply by" not in listing and "Now recruiting</strong>" not in listing
    assert "1 Work Group" not in client.get("/hubs/cw/2024-25/?status=recruiting").text
    assert "1 Work Group" in client.get("/hubs/cw/2024-25/?status=closed").text
    page = client.get(offering.get_absolute_url()).text
    assert "Now recruiting" not in page and "/apply/" not in page
    staff = factories.member(hub)
    sign_in(client, staff)
    staff_page = client.get(f"/staff/hubs/cw/offerings/{offering.pk}/").text
    assert "Shown to everyone as “closed”, not “now recruiting”" in staff_page
    assert "applications closed on 18 October 2024" in staff_page
