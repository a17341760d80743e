"""Find your Maths Hub from your school: home → search → choose → the hub's catalogue, filtered
to Work Groups near the school, by keyboard, at a phone's and a desktop's width, axe-clean."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.conftest import (
    assert_accessible,
    assert_accessible_without_javascript,
    assert_no_horizontal_scroll,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [320, 1280])
def test_a_teacher_finds_their_hub_from_their_school(page: Page, demo_site, width):
    for urn, name, postcode in [(111422, "Upton-by-Chester High School", "CH2 1NN"),
                                (111396, "Bishops' Blue Coat Church of England High School",
                                 "CH3 5XF"),
                                (136184, "The Catholic High School, Chester", "CH2 1EW")]:
        factories.school(urn, name, la_code=896, la_name="Cheshire West and Chester",
                         town="Chester", postcode=postcode)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(demo_site.url + "/")
    page.get_by_label("Find your Maths Hub from your school").fill("upton")
    page.get_by_role("button", name="Find your hub").press("Enter")
    page.wait_for_url("**/schools/your-hub/?q=upton")
    expect(page.get_by_role("heading", level=2, name="Choose your school")).to_be_visible()
    assert_accessible(page, f"find your hub results at {width}px")
    assert_no_horizontal_scroll(page)

    page.get_by_role("link", name="Upton-by-Chester High School").press("Enter")
    page.wait_for_url(re.compile(r".*/hubs/cheshire-and-wirral/2024-25/\?area=896$"))
    expect(page.get_by_text("meet in or near Cheshire West and Chester")).to_be_visible()
    expect(page.get_by_label("Where it meets")).to_have_value("896")
    assert_accessible(page, f"catalogue near a school at {width}px")
    assert_no_horizontal_scroll(page)


def test_find_your_hub_works_without_javascript(page: Page, demo_site):
    factories.school(111422, "Upton-by-Chester High School", la_code=896,
                     la_name="Cheshire West and Chester", town="Chester", postcode="CH2 1NN")
    page.goto(demo_site.url + "/schools/your-hub/?q=chester")
    assert_accessible_without_javascript(page, "find your hub without JavaScript")
