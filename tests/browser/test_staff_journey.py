from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll, tab_to
from workgroups.core.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_sign_in_and_manage_pages_are_accessible(page: Page, demo_site):
    page.goto(demo_site.url + "/accounts/sign-in/")
    tab_to(page, "Email address")
    page.keyboard.type("staff@cheshire-and-wirral.demo.example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")
    assert_accessible(page, "staff home")

    tab_to(page, "Cheshire and Wirral Maths Hub")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/hubs/cheshire-and-wirral/")
    assert_accessible(page, "staff hub")

    page.get_by_role("link", name="Secondary Teaching for Mastery Embedding").first.click()
    expect(page.get_by_role("heading", name="Work Groups")).to_be_visible()
    assert_accessible(page, "staff offering")

    page.get_by_role("link", name="Change offering details").click()
    page.get_by_label("Applications close (optional)").fill("2024-01-01")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "offering form with errors")

    page.goto(demo_site.url + "/staff/hubs/cheshire-and-wirral/venues/new/")
    assert_accessible(page, "venue form")
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_horizontal_scroll(page)
