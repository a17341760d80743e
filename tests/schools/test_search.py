from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from workgroups.schools.models import SchoolLink
from workgroups.schools.selectors import school_lineage, school_search

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
    assert "replaced by URN 120001" in text
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


def test_search_uses_one_query(register):
    with CaptureQueriesContext(connection) as queries:
        school_search(query="st marys catholic")
    assert len(queries) == 1


def test_lineage_follows_links_both_ways():
    SchoolLink.objects.create(urn=1, link_urn=2, link_type="Successor")
    SchoolLink.objects.create(urn=3, link_urn=2, link_type="Predecessor - merged")
    SchoolLink.objects.create(urn=3, link_urn=4, link_type="Successor")
    SchoolLink.objects.create(urn=9, link_urn=8, link_type="Successor")
    assert school_lineage(urn=1) == {1, 2, 3, 4}
    assert school_lineage(urn=4) == {1, 2, 3, 4}
    assert school_lineage(urn=5) == {5}
