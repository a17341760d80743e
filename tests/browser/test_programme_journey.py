"""National staff add a programme with a prerequisite and a completion rule, on forms (no JSON);
a hub offers it; and its eligibility check asks exactly the questions those rules need. Every
page is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    assert_accessible,
    assert_no_horizontal_scroll,
    pass_second_factor,
)
from workgroups.catalogue.models import Programme
from workgroups.demo.loader import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ECT_PHASE_1 = ("Specialist Knowledge for Teaching Mathematics: Secondary Early Career Teachers, "
               "Phase 1")


def sign_in(page: Page, base_url: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page)
    page.wait_for_load_state()


def test_national_staff_add_a_programme_that_a_hub_offers_and_the_check_asks_its_questions(
        page: Page, demo_site):
    base = demo_site.url
    sign_in(page, base, "staff@national.demo.example.org")
    page.goto(base + "/staff/programmes/")
    assert_accessible(page, "programmes")

    # The programme itself, on its form: a problem first, then put right.
    page.get_by_role("link", name="Add a programme").click()
    assert_accessible(page, "programme form")
    page.get_by_label("Title").fill("Mastery Readiness")
    page.get_by_role("button", name="Add the programme").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "programme form with errors")
    page.get_by_label("Teachers", exact=True).check()
    page.get_by_label("Summary").fill("A year that gets teachers ready for mastery.")
    page.get_by_label("Who can take part").fill("Teachers who completed ECT Phase 1.")
    page.get_by_label("What is involved").fill("Four workshops in a local Work Group.")
    page.get_by_label("Time commitment").fill("Four afternoons.")
    page.get_by_label("Equivalent days").fill("2")
    page.get_by_label("Cost", exact=True).fill("Fully funded.")
    page.get_by_role("button", name="Add the programme").click()
    expect(page.get_by_text("Mastery Readiness is added.")).to_be_visible()
    expect(page.get_by_role("heading", name="Eligibility rules")).to_be_visible()
    assert_accessible(page, "new programme's page")

    # A prerequisite, picked from the programmes by title, on the prerequisite rule's own form.
    page.get_by_role("link", name="Add a rule").click()
    page.get_by_label("Took part in another programme first").check()
    assert_accessible(page, "choose a kind of rule")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Add the rule").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "prerequisite form with errors")
    page.get_by_label("Which programme must come first?").select_option(label=ECT_PHASE_1)
    page.get_by_label("The applicant’s own").check()
    page.get_by_label("Must: people who do not meet it cannot apply").check()
    page.get_by_role("button", name="Add the rule").click()
    expect(page.get_by_text("Rule added to Mastery Readiness")).to_be_visible()

    page.get_by_role("link", name="Add a rule").click()
    page.get_by_label("Works in England").check()
    page.get_by_role("button", name="Continue").click()
    assert_accessible(page, "a rule with no settings")
    page.get_by_role("button", name="Add the rule").click()
    # The preview: the questions these rules will ask.
    questions = page.locator("#check-questions li")
    expect(questions).to_have_text(["What is your email address?", "Do you work in England?"])
    assert_accessible(page, "programme page with rules")

    # How participants complete it: the form for "at least a number of days".
    page.get_by_role("link", name="Change how participants complete it").click()
    assert_accessible(page, "completion forms")
    days = page.locator("#min_days-threshold")
    days.fill("0")
    page.get_by_role("button", name="Attend at least a number of equivalent days").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "completion forms with errors")
    page.locator("#min_days-threshold").fill("1.5")
    page.get_by_role("button", name="Attend at least a number of equivalent days").click()
    expect(page.get_by_text("How participants complete Mastery Readiness is saved.")
           ).to_be_visible()
    expect(page.get_by_text("attend at least a number of equivalent days: 1.5 days")
           ).to_be_visible()

    page.get_by_role("link", name="Change where it leads").click()
    assert_accessible(page, "routes")
    page.goto(base + "/staff/programmes/mastery-readiness/history/")
    expect(page.get_by_text("Rule added: Took part in another programme first")).to_be_visible()
    assert_accessible(page, "history")
    # On a phone every programme page reflows (WCAG 1.4.10): nothing wider than the screen.
    page.set_viewport_size({"width": 320, "height": 800})
    for path in ["", "mastery-readiness/eligibility/", "mastery-readiness/edit/",
                 "mastery-readiness/eligibility/add/",
                 "mastery-readiness/eligibility/add/prerequisite/",
                 "mastery-readiness/eligibility/1/change/", "mastery-readiness/completion/",
                 "mastery-readiness/routes/", "mastery-readiness/history/"]:
        page.goto(f"{base}/staff/programmes/{path}")
        assert_no_horizontal_scroll(page)
    assert_accessible(page, "history on a phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    programme = Programme.objects.get(slug="mastery-readiness")
    assert [rule["rule"] for rule in programme.eligibility_rules] == [
        "prerequisite", "in_england"]
    assert (programme.completion_rule, str(programme.completion_threshold)) == (
        "min_days", "1.5")

    # A hub offers it for 2024/25.
    sign_in(page, base, "staff@cheshire-and-wirral.demo.example.org")
    page.goto(base + "/staff/hubs/cheshire-and-wirral/offerings/new/")
    page.get_by_label("Programme").select_option(label="Mastery Readiness")
    page.get_by_label("Academic year").select_option(label="2024/25")
    page.get_by_label("Web address name").fill("mastery-readiness")
    page.get_by_label("Now recruiting").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Mastery Readiness added to 2024/25.")).to_be_visible()

    # The check asks exactly what the rules need: an email address, then England.
    page.context.clear_cookies()
    page.goto(base + "/hubs/cheshire-and-wirral/2024-25/mastery-readiness/check/")
    expect(page.locator("main ul.govuk-list--bullet li")).to_have_text(
        ["your email address", "whether you work in England"])
    assert_accessible(page, "check start")
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url("**/check/email/")
    page.get_by_label("What is your email address?").fill("new.teacher@school.example.org")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/check/in_england/")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/check/result/")
    # No record of ECT Phase 1: the prerequisite says so; nothing else was asked.
    expect(page.get_by_role("heading", name="You cannot apply for this Work Group")
           ).to_be_visible()
    expect(page.get_by_text("our records do not show you taking part in it")).to_be_visible()
    expect(page.locator("main dt")).to_have_text(["Your email address",
                                                  "Whether you work in England"])
    assert_accessible(page, "check result")
