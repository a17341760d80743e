"""Pages read well at 320, 375 and 1280 px: staff decide from the dashboard and the
applications table on a phone (sorting by a heading, selecting all), words never break inside
themselves, the catalogue's filters fold away on a phone, and hubs' text is GOV.UK body text."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.factories import sign_in
from workgroups.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 375, 1280)
HUB = "/staff/hubs/cheshire-and-wirral"
# Headings and links whose words a browser could split mid-word ("Applica nt").
WORDS_SPLIT = """() => Array.from(document.querySelectorAll(
    '.govuk-table__header, .govuk-table__cell a:not([href^="mailto:"]),'
    + ' .govuk-summary-list__key'))
  .filter(el => { const s = getComputedStyle(el);
    return s.overflowWrap === 'anywhere' || s.wordBreak === 'break-all'; })
  .map(el => el.innerText.trim())"""


def signed_in(browser: Browser, base_url: str, address: str) -> BrowserContext:
    """A browser context signed in as ``address`` (the session made by Django's test client)."""
    client = Client()
    sign_in(client, User.objects.get(email=address))
    context = browser.new_context()
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                          "url": base_url}])
    return context


def check_layout(page: Page, label: str) -> None:
    assert_accessible(page, label)
    assert_no_horizontal_scroll(page)
    assert page.evaluate(WORDS_SPLIT) == [], f"{label}: words may break inside themselves"


def test_staff_decide_on_a_phone_and_a_laptop(browser: Browser, demo_site) -> None:
    context = signed_in(browser, demo_site.url, "staff@cheshire-and-wirral.demo.example.org")
    page = context.new_page()
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(demo_site.url + f"{HUB}/years/2024-25/")
            expect(page).to_have_title(
                "Applications and places, 2024/25 – Cheshire and Wirral Maths Hub")
            check_layout(page, f"dashboard at {width}px")
            page.get_by_role("link", name="Secondary Teaching for Mastery Development",
                             exact=True).click()
            expect(page.get_by_role("heading", name="Applications", exact=True)).to_be_visible()
            check_layout(page, f"applications table at {width}px")

            school = page.get_by_role("columnheader", name="School")
            expect(school).to_have_attribute("aria-sort", "none")
            school.get_by_role("link").click()
            expect(page.get_by_role("columnheader", name="School")).to_have_attribute(
                "aria-sort", "ascending")
            page.get_by_role("columnheader", name="School").get_by_role("link").click()
            expect(page.get_by_role("columnheader", name="School")).to_have_attribute(
                "aria-sort", "descending")

            boxes = page.locator("input[name=applications]")
            assert boxes.count() > 1
            page.get_by_role("link", name="Select all").click()
            for index in range(boxes.count()):
                expect(boxes.nth(index)).to_be_checked()
            check_layout(page, f"applications all selected at {width}px")
    finally:
        context.close()


def test_the_catalogue_folds_its_filters_on_a_phone_and_sets_text_as_body_text(
        page: Page, demo_site) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(demo_site.url + "/hubs/cheshire-and-wirral/2024-25/")
        filters = page.get_by_role("group", name="Who it is for")
        if width < 641:
            expect(filters).to_be_hidden()
            page.get_by_text("Filter Work Groups").click()
        expect(filters).to_be_visible()
        check_layout(page, f"catalogue at {width}px")

        page.goto(demo_site.url + "/hubs/cheshire-and-wirral/2024-25/secondary-tfm-embedding/")
        check_layout(page, f"offering at {width}px")
        fonts = page.evaluate("() => Array.from(document.querySelectorAll('main p'),"
                              " p => getComputedStyle(p).fontFamily)")
        assert fonts and all(font.startswith("system-ui") for font in fonts), fonts
