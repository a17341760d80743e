"""Reach journey (Chromium, axe on every page, 375 and 1280 px): the hub lead reads the hub's
reach, lists the disadvantaged schools not reached yet and notes a contact; the national viewer
compares hubs and opens one hub's reach, read-only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, expect

from tests import factories
from tests.browser.conftest import SCREENSHOTS, assert_accessible, assert_no_horizontal_scroll
from tests.browser.test_layout_journey import signed_in
from workgroups.demo.loader import DEMO_SCHOOLS
from workgroups.reports.models import SchoolContactNote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HUB = "/staff/hubs/cheshire-and-wirral"
WIDTHS = (375, 1280)
# The demo's applicants come from these Cheshire West and Chester schools (the first five have
# places); the register is not part of the demo, so the journey adds the schools it needs.
NAMES = ["Bishops' Blue Coat Academy", "Christleton High School", "Blacon High School",
         "The Catholic High School", "Ellesmere Port Academy", "Neston High School",
         "Helsby High School", "Tarporley High School", "Hartford Church of England School"]
HIGH_PP = {DEMO_SCHOOLS[2], DEMO_SCHOOLS[6], DEMO_SCHOOLS[7]}


def seed_schools() -> None:
    for index, (urn, name) in enumerate(zip(DEMO_SCHOOLS, NAMES, strict=True)):
        factories.school(urn, name, high_pupil_premium=urn in HIGH_PP,
                         sparse=index == 7, pupil_premium_pct=Decimal(12 + 5 * index))


def check(page: Page, label: str) -> None:
    assert_accessible(page, label)
    assert_no_horizontal_scroll(page)


def test_a_hub_lead_reads_reach_and_notes_a_contact(browser: Browser, demo_site) -> None:
    seed_schools()
    context = signed_in(browser, demo_site.url, "lead@cheshire-and-wirral.demo.example.org")
    page = context.new_page()
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(demo_site.url + f"{HUB}/reports/reach/?year=2024-25")
            expect(page.get_by_role("heading", name="Reach into schools, 2024/25")).to_be_visible()
            expect(page.get_by_role("img", name="Schools engaged by local authority, 2024/25")
                   ).to_be_visible()
            check(page, f"reach at {width}px")
            if width == 1280:
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SCREENSHOTS / "reach.png"), full_page=True)

        page.get_by_role("link", name="Schools not reached yet").click()
        expect(page.get_by_role("heading", name="Schools not reached yet, 2024/25")
               ).to_be_visible()
        check(page, "schools not reached")
        page.get_by_text("Filter the schools").click()
        page.get_by_text("High pupil premium only", exact=True).click()
        page.get_by_role("button", name="Show schools").click()
        shown = page.locator("h3.govuk-heading-s").all_inner_texts()
        assert shown == ["Helsby High School", "Tarporley High School"]
        check(page, "high pupil premium schools not reached")

        page.get_by_text("Add a note on Helsby High School").click()
        page.get_by_label("Note on Helsby High School").fill(
            "Phoned 5 Nov: head of maths keen to join next year")
        page.get_by_role("button", name="Save the note on Helsby High School").click()
        expect(page.get_by_text("Note added on Helsby High School.")).to_be_visible()
        expect(page.get_by_text("Phoned 5 Nov: head of maths keen to join next year")
               ).to_be_visible()
        assert SchoolContactNote.objects.filter(school_urn=DEMO_SCHOOLS[6]).count() == 1
        check(page, "a note added")
    finally:
        context.close()


def test_the_national_viewer_compares_hubs(browser: Browser, demo_site) -> None:
    seed_schools()
    context = signed_in(browser, demo_site.url, "viewer@national.demo.example.org")
    page = context.new_page()
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(demo_site.url + "/national/")
            page.get_by_role("link", name="Every hub side by side").click()
            page.get_by_label("Academic year").select_option("2024-25")
            page.get_by_role("button", name="Show").click()
            expect(page.get_by_role("heading", name="Every hub, 2024/25")).to_be_visible()
            check(page, f"every hub at {width}px")
            page.get_by_role("link", name="Cheshire and Wirral Maths Hub").click()
            expect(page.get_by_role("heading", name="Reach into schools, 2024/25")).to_be_visible()
            expect(page.get_by_role("link", name="Schools not reached yet")).to_have_count(0)
            check(page, f"a hub's reach, read-only, at {width}px")
    finally:
        context.close()
