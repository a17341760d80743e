from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests import factories
from tests.browser.conftest import (
    assert_accessible,
    assert_accessible_without_javascript,
    tab_to,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHECK = "/hubs/cheshire-and-wirral/2024-25/secondary-tfm-development/check/"


@pytest.fixture
def schools(demo_site):
    factories.school(111422, "Upton-by-Chester High School", town="Chester",
                     postcode="CH2 1NN")
    factories.school(111424, "Bishop Heber High School", town="Malpas", postcode="SY14 8JD")
    return demo_site


def answer_by_keyboard(page: Page, option: str) -> None:
    tab_to(page, option)
    page.keyboard.press("Space")
    tab_to(page, "Continue")
    page.keyboard.press("Enter")


def find_school_and_get_a_verdict(page: Page, base_url: str, javascript: bool) -> None:
    check = assert_accessible if javascript else assert_accessible_without_javascript

    page.goto(base_url + CHECK)
    check(page, "check start")
    tab_to(page, "Start now")
    page.keyboard.press("Enter")
    page.wait_for_url("**/check/urn/")
    check(page, "school question")
    tab_to(page, "Which school do you work at?")  # the search box, labelled by the heading
    page.keyboard.type("upton by")
    if javascript:
        expect(page.get_by_text("Choose your school (1 found)")).to_be_visible()
    else:
        page.keyboard.press("Enter")  # submits the search form
        page.wait_for_url("**/check/urn/?q=upton+by")
    check(page, f"school results ({'with' if javascript else 'without'} JS)")
    answer_by_keyboard(page, "Upton-by-Chester High School")
    page.wait_for_url("**/check/role/")
    check(page, "role question")
    answer_by_keyboard(page, "Classroom teacher")
    page.wait_for_url("**/check/teaches_maths/")
    answer_by_keyboard(page, "Yes, I teach maths now")
    page.wait_for_url("**/check/result/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You can apply")
    expect(page.get_by_text("Upton-by-Chester High School")).to_be_visible()
    # "You can apply" comes with the way to apply, which starts from these answers.
    expect(page.get_by_role("button", name="Apply for Secondary Teaching for Mastery "
                                          "Development")).to_be_visible()
    check(page, "verdict")


def test_a_teacher_finds_their_school_and_gets_a_verdict_with_javascript(page: Page, schools):
    find_school_and_get_a_verdict(page, schools.url, javascript=True)


def test_a_teacher_finds_their_school_and_gets_a_verdict_without_javascript(browser: Browser,
                                                                           schools):
    context = browser.new_context(java_script_enabled=False)
    try:
        find_school_and_get_a_verdict(context.new_page(), schools.url, javascript=False)
    finally:
        context.close()


def test_an_ineligible_verdict_explains_itself_accessibly(page: Page, schools):
    factories.school(100001, "City of London School for Girls", la_code=201,
                     la_name="City of London", phase="Not applicable", state_funded=False,
                     secondary=False, town="London", postcode="EC2Y 8BB")
    page.goto(schools.url + CHECK + "urn/?q=city+of+london")
    page.get_by_label("City of London School for Girls").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Classroom teacher").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Yes, I teach maths now").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You cannot apply for this Work Group")
    expect(page.locator('[data-code="school_not_state_funded"]')).to_be_visible()
    assert_accessible(page, "not eligible verdict")


def test_school_search_page_is_accessible_with_results(page: Page, schools):
    page.goto(schools.url + "/schools/")
    page.get_by_label("School name, town, postcode or URN").fill("chester")
    expect(page.get_by_text("1 school found")).to_be_visible()
    assert_accessible(page, "school search")
