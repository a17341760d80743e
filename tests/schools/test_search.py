from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from workgroups.catalogue.models import Phase
from workgroups.eligibility.defaults import DEFAULT_RULES
from workgroups.schools.models import SchoolLink
from workgroups.schools.selectors import school_lineage, school_search, school_search_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    factories.school(111422, "Upton-by-Chester High School", town="Chester",
                     postcode="CH2 1NN")
    factories.school(120001, "St Mary's Catholic High School", town="Nantwich",
                     postcode="CW5 5AA", la_code=895)
    factories.school(120002, "Saint Marys Church of England Primary", town="Crewe",
                     postcode="CW1 2BB", phase="Primary", secondary=False)
    factories.school(100100, "St Mary's Catholic High School", town="Nantwich",
                     postcode="CW5 5AA", status="Closed", is_open=False, successor_urn=120001)


@pytest.mark.parametrize(("query", "expected"), [
    ("upton", [111422]),
    ("UPTON BY CHESTER", [111422]),
    ("st marys", [120001, 120002, 100100]),       # open first, closed last
    ("Saint Mary's catholic", [120001, 100100]),
    ("st. mary's", [120001, 120002, 100100]),
    ("111422", [111422]),
    ("ch2 1nn", [111422]),
    ("CW5", [120001, 100100]),
    ("nantwich", [120001, 100100]),
    ("zzz", []),
    ("   ", []),
])
def test_search_by_name_urn_postcode_or_town(register, query, expected):
    assert [s.urn for s in school_search(query=query)] == expected


def test_search_page_works_without_javascript_and_marks_closed_schools(client, register):
    page = client.get("/schools/?q=st+marys")
    assert page.status_code == 200
    text = page.text
    assert text.index("St Mary&#x27;s Catholic High School") < text.index("Closed")
    assert "replaced by St Mary&#x27;s Catholic High School" in text  # its name, not a URN
    assert 'hx-get="/schools/"' in text  # enhanced as you type when JavaScript runs


def test_search_page_answers_htmx_with_just_the_results(client, register):
    partial = client.get("/schools/?q=upton", headers={"HX-Request": "true"})
    assert "Upton-by-Chester High School" in partial.text
    assert "<html" not in partial.text


def test_api_search_and_detail(client, register):
    hub = factories.hub(slug="cheshire-and-wirral", name="Cheshire and Wirral Maths Hub")
    hub.areas.add(factories.local_authority(code=896, name="Cheshire West and Chester"))
    results = client.get("/api/v1/schools?q=st+marys&limit=2").json()
    assert [r["urn"] for r in results] == [120001, 120002]
    assert set(results[0]) == {"urn", "name", "town", "postcode", "la", "phase", "status",
                               "state_funded"}
    closed = client.get("/api/v1/schools/100100").json()
    assert closed["successor"] == {"urn": 120001, "name": "St Mary's Catholic High School"}
    assert closed["hub"] == {"slug": "cheshire-and-wirral",
                             "name": "Cheshire and Wirral Maths Hub"}
    assert closed["secondary"] is True and closed["open"] is False
    missing = client.get("/api/v1/schools/999999")
    assert missing.status_code == 404 and "999999" in missing.json()["detail"]


@pytest.mark.parametrize(("query", "limit", "expected_queries"), [
    ("upton", 10, 1),              # one open school: the schools alone
    ("st marys catholic", 10, 2),  # + the closed school's successor's name
    ("st marys", 2, 2),            # a full list: + how many matched in all
    ("st marys", 1, 2),
])
def test_search_takes_one_to_three_queries(register, query, limit, expected_queries):
    with CaptureQueriesContext(connection) as queries:
        school_search_results(query=query, limit=limit)
    assert len(queries) == expected_queries


def test_a_search_that_shows_no_count_does_not_count(register):
    """The API's search (school_search) shows no total: a full list costs no counting query,
    and the schools are the ones the counted search finds."""
    counted = school_search_results(query="st marys", limit=2)
    assert counted.total > 2
    with CaptureQueriesContext(connection) as queries:
        found = school_search(query="st marys", limit=2)
    assert len(queries) == 1
    assert [school.urn for school in found] == [school.urn for school in counted.schools]


def test_closed_schools_carry_their_successor_s_name(register):
    results = school_search_results(query="st marys catholic")
    assert results.total == 2
    assert [school.successor_name for school in results.schools] == [
        "", "St Mary's Catholic High School"]


def test_lineage_follows_links_both_ways():
    SchoolLink.objects.create(urn=1, link_urn=2, link_type="Successor")
    SchoolLink.objects.create(urn=3, link_urn=2, link_type="Predecessor - merged")
    SchoolLink.objects.create(urn=3, link_urn=4, link_type="Successor")
    SchoolLink.objects.create(urn=9, link_urn=8, link_type="Successor")
    assert school_lineage(urn=1) == {1, 2, 3, 4}
    assert school_lineage(urn=4) == {1, 2, 3, 4}
    assert school_lineage(urn=5) == {5}


# --- Crewe: what a teacher there should find (issue 12, item 10) ------------------------------

def crewe_school(urn, name, postcode, *, phase="Secondary", is_open=True, town="Crewe",
                 **kwargs):
    return factories.school(urn, name, town=town, postcode=postcode, phase=phase,
                            secondary=phase == "Secondary", is_open=is_open,
                            status="Open" if is_open else "Closed", la_code=895,
                            la_name="Cheshire East", **kwargs)


@pytest.fixture
def crewe():
    crewe_school(139953, "Sir William Stanier Community School", "CW1 4EB")
    crewe_school(135137, "Sir William Stanier Community School", "CW1 4EB", is_open=False,
                 successor_urn=139953)
    crewe_school(111413, "Coppenhall High School", "CW1 4EB", is_open=False)
    crewe_school(111417, "Ruskin Community High School", "CW2 7JT")
    crewe_school(142890, "Crewe Engineering and Design UTC", "CW1 2PZ")
    crewe_school(111061, "Brierley Primary School", "CW1 2AZ", phase="Primary")
    crewe_school(111080, "The Dingle Primary School", "CW1 5SD", phase="Primary")
    crewe_school(111342, "St Mary's Catholic Primary School, Crewe", "CW2 8AD",
                 phase="Primary")
    crewe_school(130619, "Cheshire College - South & West", "CW2 8AB", phase="16 plus")
    crewe_school(111170, "Edleston Primary School", "CW2 7PX", phase="Primary",
                 locality="Wistaston")
    crewe_school(111001, "Middlewich High School", "CW10 9BU", town="Middlewich")
    crewe_school(111000, "Tenbury Primary School", "CW10 9AA", town="Middlewich",
                 phase="Primary")


OPEN_SECONDARY = [142890, 111417, 139953]  # name starting "Crewe" first, then by name
OTHER_OPEN = [111061, 130619, 111170, 111342, 111080]
CLOSED = [111413, 135137]


@pytest.mark.parametrize(("query", "secondary_first", "expected"), [
    # A town lists its open secondary schools first, then its other open schools, closed last.
    ("Crewe", True, OPEN_SECONDARY + OTHER_OPEN + CLOSED),
    ("  crewe ", True, OPEN_SECONDARY + OTHER_OPEN + CLOSED),
    # A programme open to primary teachers too: open schools by match, then name.
    ("Crewe", False, [142890, 111061, 130619, 111170, 111417, 139953, 111342, 111080]
     + CLOSED),
    # The locality within the post town.
    ("wistaston", True, [111170]),
    # A postcode district matches whole: CW1 is not CW10.
    ("CW1", True, [142890, 139953, 111061, 111080, 111413, 135137]),
    ("cw10", True, [111001, 111000]),
    # A full postcode, with or without its space; a postcode sector.
    ("CW1 4EB", True, [139953, 111413, 135137]),
    ("cw14eb", True, [139953, 111413, 135137]),
    ("CW1 4", True, [139953, 111413, 135137]),
    # A URN; the exact name first among schools sharing it.
    ("139953", True, [139953]),
    ("sir william stanier community school", True, [139953, 135137]),
    # Input that is no URN and no name: nothing, never an error.
    ("²", True, []),
    ("1" * 40, True, []),
    ("cw1\x00", True, []),
])
def test_search_order_town_and_postcode_district(crewe, query, secondary_first, expected):
    found = school_search(query=query, secondary_first=secondary_first, limit=50)
    assert [school.urn for school in found] == expected


def test_a_capped_search_says_how_many_more_and_how_to_narrow(client):
    for n in range(25):
        crewe_school(140000 + n, f"Example Academy {n:02d}", f"CW2 {n % 9}AA")
    results = school_search_results(query="example academy", limit=10)
    assert (len(results.schools), results.total, results.more) == (10, 25, 15)
    page = client.get("/schools/?q=example+academy")
    assert "25 schools found" in page.text
    assert "Showing the first 20 of 25 matching schools (5 more)" in page.text
    assert "full postcode or URN" in page.text
    everything = client.get("/schools/?q=example+academy+0")  # 00 to 09 and 10 (ten)
    assert "more)" not in everything.text


def test_the_school_question_lists_secondary_schools_first_and_counts_the_rest(
        client, crewe, pinned_clock):
    programme = factories.programme(slug="secondary-tfm-development",
                                    eligibility_rules=DEFAULT_RULES["secondary-tfm-development"])
    offering = factories.offering(hub=factories.hub(slug="cw"), programme=programme)
    crewe_school(111143, "Vine Tree Primary School", "CW2 8AD", phase="Primary")
    crewe_school(111216, "Mablins Lane Community Primary School", "CW1 3YR", phase="Primary")
    page = client.get(f"/hubs/cw/2024-25/{offering.slug}/check/urn/", {"q": "crewe"})
    text = page.text
    assert text.index("Crewe Engineering and Design UTC") < text.index("Brierley Primary")
    assert "12 found, the first 10 shown" in text
    assert "Showing the first 10 of 12 matching schools (2 more)" in text


def test_a_cross_phase_programme_does_not_put_secondary_schools_first(client, crewe,
                                                                      pinned_clock):
    programme = factories.programme(slug="cross-phase-level-2", phase=Phase.CROSS_PHASE,
                                    eligibility_rules=DEFAULT_RULES["secondary-tfm-development"])
    offering = factories.offering(hub=factories.hub(slug="cw"), programme=programme)
    page = client.get(f"/hubs/cw/2024-25/{offering.slug}/check/urn/", {"q": "crewe"})
    assert page.text.index("Brierley Primary") < page.text.index("Ruskin Community High")


def test_the_api_orders_schools_as_the_pages_do(client, crewe):
    found = client.get("/api/v1/schools", {"q": "crewe", "limit": 20}).json()
    assert [school["urn"] for school in found] == OPEN_SECONDARY + OTHER_OPEN + CLOSED
    district = client.get("/api/v1/schools", {"q": "CW10"}).json()
    assert [school["urn"] for school in district] == [111001, 111000]


def test_search_page_query_count(client, crewe, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the schools, their successors' names
        page = client.get("/schools/?q=crewe")
    assert page.status_code == 200
    assert page.text.index("Crewe Engineering") < page.text.index("Brierley Primary School")
    assert "replaced by Sir William Stanier Community School" in page.text
