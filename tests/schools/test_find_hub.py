"""Find your Maths Hub from your school, and a catalogue filtered to Work Groups near it."""

from __future__ import annotations

from datetime import date

import pytest

from tests import factories
from workgroups.delivery.models import DeliveryMode
from workgroups.demo.loader import demo_load
from workgroups.schools.selectors import hub_finding, la_postcode_districts

pytestmark = pytest.mark.django_db


def test_a_cheshire_west_school_finds_cheshire_and_wirral_this_year(client, pinned_clock):
    demo_load()
    upton = factories.school(111422, "Upton-by-Chester High School", la_code=896,
                             la_name="Cheshire West and Chester", postcode="CH2 1NN")
    finding = hub_finding(school=upton)
    assert finding.hub is not None and finding.hub.slug == "cheshire-and-wirral"
    assert finding.year is not None and finding.year.slug == "2024-25"
    response = client.get("/schools/your-hub/", {"urn": "111422"})
    assert response.status_code == 302
    assert response["Location"] == "/hubs/cheshire-and-wirral/2024-25/?area=896"
    catalogue = client.get(response["Location"])
    assert "meet in or near Cheshire West and Chester" in catalogue.text
    assert '<option value="896" selected>Cheshire West and Chester</option>' in catalogue.text


def test_the_home_page_asks_for_a_school_and_the_search_lists_choices(
        client, django_assert_max_num_queries, settings):
    # The home page's cached content lives in the shared cache (the database's in tests): in
    # memory here, so only the page's own queries are counted.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    factories.school(111417, "Ruskin Community High School", town="Crewe", postcode="CW2 7JT")
    with django_assert_max_num_queries(2):  # the hubs and their areas
        home = client.get("/")
    assert 'action="/schools/your-hub/"' in home.text and 'name="q"' in home.text
    with django_assert_max_num_queries(1):
        page = client.get("/schools/your-hub/", {"q": "crewe"})
    assert "Ruskin Community High School" in page.text
    assert 'href="?q=crewe&amp;urn=111417"' in page.text


@pytest.mark.parametrize("urn", ["²", "999999", "1" * 40, "abc", ""])
def test_an_unusable_choice_asks_again(client, urn):
    page = client.get("/schools/your-hub/", {"q": "crewe", "urn": urn})
    assert page.status_code == 200
    assert "Choose your school from the list" in page.text


def test_no_hub_serves_the_school_s_area(client, pinned_clock):
    factories.hub(slug="cw").areas.add(factories.local_authority(code=896, name="Cheshire W"))
    factories.school(100000, "The Aldgate School", la_code=201, la_name="City of London",
                     postcode="EC3A 5DE")
    page = client.get("/schools/your-hub/", {"urn": "100000"})
    assert page.status_code == 200
    assert "No hub here covers City of London yet" in page.text
    assert "https://www.ncetm.org.uk/maths-hubs/" in page.text


def test_the_hub_has_not_published_this_year(client, pinned_clock,
                                             django_assert_max_num_queries):
    hub = factories.hub(slug="ce", name="Cheshire East Maths Hub",
                        website="https://hub.example.org/")
    hub.areas.add(factories.local_authority(code=895, name="Cheshire East"))
    factories.offering(hub=hub, academic_year=factories.academic_year(2023))
    factories.school(111417, "Ruskin Community High School", la_code=895,
                     la_name="Cheshire East", postcode="CW2 7JT")
    with django_assert_max_num_queries(3):  # the school, its hub, the hub's years
        page = client.get("/schools/your-hub/", {"urn": "111417"})
    assert "has not published its Work Groups for 2024/25 yet" in page.text
    assert 'href="/hubs/ce/2023-24/?area=895">See its Work Groups for 2023/24' in page.text


# --- The catalogue filtered to a local authority ---------------------------------------------

@pytest.fixture
def hub_with_work_groups(pinned_clock):
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    east = factories.local_authority(code=895, name="Cheshire East")
    wirral = factories.local_authority(code=344, name="Wirral")
    hub.areas.add(east, wirral)
    # The register places Cheshire East in CW1 and CW2 and Wirral in CH41; one stray Cheshire
    # East record in CH41 does not make it a Cheshire East district.
    for urn, postcode, la in [(111061, "CW1 2AZ", east), (111080, "CW1 5SD", east),
                              (111417, "CW2 7JT", east), (111342, "CW2 8AD", east),
                              (105000, "CH41 1AA", wirral), (105001, "CH41 2BB", wirral),
                              (111999, "CH41 3CC", east)]:
        factories.school(urn, f"School {urn}", la_code=la.code, la_name=la.name,
                         postcode=postcode)
    crewe = factories.venue(hub, name="Crewe venue", postcode="CW1 9ZZ")
    birkenhead = factories.venue(hub, name="Birkenhead venue", postcode="ch41 9zz")
    made = {}
    for slug, mode, place, cancelled in [
            ("crewe", DeliveryMode.FACE_TO_FACE, crewe, False),
            ("birkenhead", DeliveryMode.FACE_TO_FACE, birkenhead, False),
            ("online", DeliveryMode.ONLINE, None, False),
            ("crewe-cancelled", DeliveryMode.FACE_TO_FACE, crewe, True),
            ("blended-birkenhead", DeliveryMode.BLENDED, birkenhead, False)]:
        offering = factories.offering(hub=hub, programme=factories.programme(
            slug=slug, title=f"Programme {slug}"))
        work_group = factories.work_group(offering, delivery_mode=mode)
        if place is not None:
            session = factories.session(work_group, day=date(2024, 11, 5), venue=place)
            if cancelled:
                session.cancelled_at = pinned_clock
                session.save()
        made[slug] = offering
    return hub, east, wirral


def test_districts_of_an_authority_need_two_of_its_schools(hub_with_work_groups):
    assert la_postcode_districts(la_code=895) == {"CW1", "CW2"}
    assert la_postcode_districts(la_code=344) == {"CH41"}


@pytest.mark.parametrize(("area", "expected"), [
    ("895", ["Programme crewe", "Programme online"]),
    ("344", ["Programme birkenhead", "Programme blended-birkenhead", "Programme online"]),
    # Unknown or malformed areas are ignored, like any other unknown filter.
    ("999", None), ("²", None), ("1" * 40, None), ("", None),
])
def test_the_catalogue_filters_to_work_groups_in_or_near_an_area(
        client, hub_with_work_groups, area, expected):
    every = ["Programme birkenhead", "Programme blended-birkenhead", "Programme crewe",
             "Programme crewe-cancelled", "Programme online"]
    page = client.get("/hubs/cw/2024-25/", {"area": area})
    assert page.status_code == 200
    listed = [title for title in every if f">{title}</a>" in page.text]
    assert listed == (expected or every)
    assert ("meet in or near" in page.text) == (expected is not None)


def test_the_catalogue_filter_offers_the_hub_s_areas(client, hub_with_work_groups):
    page = client.get("/hubs/cw/2024-25/")
    assert '<option value="895">Cheshire East</option>' in page.text
    assert '<option value="344">Wirral</option>' in page.text
    assert '<option value="" selected>Anywhere</option>' in page.text
