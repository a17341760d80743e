from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.applications.helpers import ECT, started
from tests.browser.conftest import (
    assert_accessible,
    assert_no_horizontal_scroll,
    pass_second_factor,
    tab_to,
)
from workgroups.applications.services import application_submit
from workgroups.catalogue.models import Offering
from workgroups.demo.loader import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_sign_in_and_manage_pages_are_accessible(page: Page, demo_site):
    page.goto(demo_site.url + "/accounts/login/")
    tab_to(page, "Email address")
    page.keyboard.type("staff@cheshire-and-wirral.demo.example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    pass_second_factor(page)
    # Staff of one hub land on its staff page.
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


def test_national_staff_correct_a_programmes_rules_accessibly(page: Page, demo_site):
    page.goto(demo_site.url + "/accounts/login/")
    page.get_by_label("Email address").fill("staff@national.demo.example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page)
    page.wait_for_url("**/national/")  # national staff land on the national overview
    page.get_by_role("link", name="Staff area").click()
    page.get_by_role("link", name="Programmes and their eligibility rules").click()
    assert_accessible(page, "programmes")
    page.get_by_role("link", name="Secondary Teaching for Mastery Embedding").click()
    expect(page.get_by_role("heading", name="Eligibility rules")).to_be_visible()
    assert_accessible(page, "programme rules")

    # Issue 13: a rule is added on its kind's form, not typed as JSON.
    page.get_by_role("link", name="Add a rule").click()
    page.get_by_label("The applicant's role is one of these").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Add the rule").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "programme rules with errors")
    page.get_by_label("Head of department or subject leader").check()
    page.get_by_role("button", name="Add the rule").click()
    expect(page.get_by_text("Rule added to")).to_be_visible()
    # The rule is added after the programme's others (it no longer replaces them all).
    expect(page.get_by_role("cell", name="a head of department or subject leader").last
           ).to_be_visible()
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_horizontal_scroll(page)


def test_hub_staff_read_sent_applications_accessibly(page: Page, demo_site):
    factories.school(111422, "Upton-by-Chester High School")
    offering = Offering.objects.get(hub__slug="cheshire-and-wirral",
                                    academic_year__slug="2024-25", slug="sktm-ect-phase-1")
    applicant, draft = started(offering, {**ECT, "supporters": {"head_of_maths": {
        "name": "Hattie Head", "email": "hattie@school.example.org"}}})
    application_submit(applicant=applicant, application=draft)

    page.goto(demo_site.url + "/accounts/login/")
    page.get_by_label("Email address").fill("staff@cheshire-and-wirral.demo.example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page)
    page.wait_for_url("**/staff/hubs/cheshire-and-wirral/")
    page.goto(demo_site.url + f"/staff/hubs/cheshire-and-wirral/offerings/{offering.pk}/")
    tab_to(page, "Applications and decisions")
    page.keyboard.press("Enter")
    # The demo's five ECT applications and this one.
    expect(page.get_by_text("6 applications")).to_be_visible()
    assert_accessible(page, "applications list")
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name="Sam Okafor").click()  # the name given on the form
    expect(page.get_by_role("heading", name="Eligibility", exact=True)).to_be_visible()
    assert_accessible(page, "application")
    assert_no_horizontal_scroll(page)


def test_hub_staff_make_an_api_token_accessibly(page: Page, demo_site):
    page.goto(demo_site.url + "/accounts/login/")
    page.get_by_label("Email address").fill("lead@cheshire-and-wirral.demo.example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page)
    page.wait_for_url("**/staff/hubs/cheshire-and-wirral/")
    page.goto(demo_site.url + "/staff/hubs/cheshire-and-wirral/")
    page.get_by_role("link", name="API tokens").click()
    assert_accessible(page, "API tokens")
    page.get_by_label("Name").fill("Hub spreadsheet")
    page.get_by_role("button", name="Make token").click()
    expect(page.locator("#new-token")).to_contain_text("wgh_")
    assert_accessible(page, "new API token")
