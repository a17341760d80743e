from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    SCREENSHOTS,
    assert_accessible,
    assert_no_horizontal_scroll,
    tab_to,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def walk_catalogue(page: Page, base_url: str, width: int) -> None:
    """home → hub → offering → earlier year, by keyboard alone, checking every page."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find Maths Hub Work Groups")
    assert_accessible(page, f"home at {width}px")
    assert_no_horizontal_scroll(page)

    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.innerText")
    assert focused == "Skip to main content"

    tab_to(page, "Cheshire and Wirral Maths Hub")
    page.keyboard.press("Enter")
    page.wait_for_url("**/hubs/cheshire-and-wirral/2024-25/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Secondary Work Groups 2024/25")
    assert_accessible(page, f"hub catalogue at {width}px")
    assert_no_horizontal_scroll(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"catalogue-{width}.png"), full_page=True)

    tab_to(page, "Secondary Teaching for Mastery Embedding")
    page.keyboard.press("Enter")
    page.wait_for_url("**/hubs/cheshire-and-wirral/2024-25/secondary-tfm-embedding/")
    expect(page.get_by_role("heading", name="Who can take part")).to_be_visible()
    expect(page.get_by_role("heading", name="Dates, times and venues")).to_be_visible()
    assert_accessible(page, f"offering at {width}px")
    assert_no_horizontal_scroll(page)

    tab_to(page, "Cheshire and Wirral Maths Hub 2024/25")  # breadcrumb back to the catalogue
    page.keyboard.press("Enter")
    page.wait_for_url("**/hubs/cheshire-and-wirral/2024-25/")
    tab_to(page, "2021/22")
    page.keyboard.press("Enter")
    page.wait_for_url("**/hubs/cheshire-and-wirral/2021-22/")
    expect(page.get_by_text("You are looking at 2021/22")).to_be_visible()
    assert_accessible(page, f"earlier year at {width}px")
    assert_no_horizontal_scroll(page)


def test_catalogue_journey_by_keyboard_on_a_desktop(page: Page, demo_site):
    walk_catalogue(page, demo_site.url, 1280)


def test_catalogue_journey_by_keyboard_at_320_pixels(page: Page, demo_site):
    walk_catalogue(page, demo_site.url, 320)


def test_filters_work_by_keyboard_and_stay_accessible(page: Page, demo_site):
    page.goto(demo_site.url + "/hubs/cheshire-and-wirral/2024-25/")
    tab_to(page, "Early career teachers")
    page.keyboard.press("Space")
    tab_to(page, "Apply filters")
    page.keyboard.press("Enter")
    # The "Where it meets" choice is sent too, as "Anywhere" (empty).
    page.wait_for_url(lambda url: url.endswith("/2024-25/?audience=early_career_teachers&area="))
    expect(page.get_by_role("heading", level=2, name="2 Work Groups match your filters")
           ).to_be_visible()
    assert_accessible(page, "filtered catalogue")


def test_other_public_pages_are_accessible(page: Page, demo_site):
    # One test for the lot: each test loads the demo afresh, which costs more than the pages.
    for path in ["/privacy/", "/accessibility/", "/accounts/login/", "/accounts/login/code/",
                 "/accounts/signup/", "/hubs/no-such-hub/"]:
        page.goto(demo_site.url + path)
        assert_accessible(page, path)
