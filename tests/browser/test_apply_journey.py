"""Applying, end to end in Chromium, by keyboard alone, with axe-core on every page: an early
career teacher applies for SKTM ECT Phase 1; a head of department nominates two Mastery
Advocates for TfM Development and the headteacher confirms from the emailed link; an ineligible
applicant is stopped with the reasons."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.conftest import assert_accessible, tab_to
from workgroups.accounts.models import User
from workgroups.applications.models import Application, ApplicationStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ECT = "/hubs/cheshire-and-wirral/2024-25/sktm-ect-phase-1/"
TFM = "/hubs/cheshire-and-wirral/2024-25/secondary-tfm-development/"
SUPPORT_LINK = re.compile(r"http://\S+(/support/\S+/)")


@pytest.fixture
def site(demo_site):
    factories.school(111422, "Upton-by-Chester High School", town="Chester",
                     postcode="CH2 1NN")
    return demo_site


def press(page: Page, label: str) -> None:
    """Tab to a link or button and press Enter; wait for the page it leads to."""
    tab_to(page, label)
    with page.expect_navigation():
        page.keyboard.press("Enter")


FOCUSED_LABEL = ("() => { const el = document.activeElement; return el && el.labels && "
                 "el.labels.length ? el.labels[0].innerText : ''; }")


def choose(page: Page, option: str) -> None:
    """Pick a radio option as a keyboard user does: Tab into the group, arrow to the option."""
    for _ in range(100):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.type") == "radio":
            break
    for _ in range(20):
        if option in page.evaluate(FOCUSED_LABEL):
            page.keyboard.press("Space")
            break
        page.keyboard.press("ArrowDown")
    else:
        raise AssertionError(f"no option “{option}”")
    press(page, "Continue")


def type_into(page: Page, first_label: str, *values: str) -> None:
    """Type into the field labelled ``first_label`` and the fields that follow it by Tab."""
    tab_to(page, first_label)
    for number, value in enumerate(values):
        if number:
            page.keyboard.press("Tab")
        page.keyboard.type(value)


def latest_code() -> str:
    found = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", str(mail.outbox[-1].body), re.M)
    assert found, mail.outbox[-1].body
    return found.group(1)


def enter_code(page: Page) -> None:
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page, "check your email")
    type_into(page, "Code", latest_code())
    press(page, "Continue")


def sign_in_with_code(page: Page, offering_url: str, address: str) -> User:
    """A returning applicant signs in from the offering's apply page and starts a draft."""
    person = factories.user(email=address)
    EmailAddress.objects.create(user=person, email=address, verified=True, primary=True)
    page.goto(offering_url + "apply/")
    press(page, "Sign in and start")
    type_into(page, "Email address", address)
    press(page, "Continue with your email")
    enter_code(page)
    press(page, "Start now")
    return person


def find_school(page: Page) -> None:
    assert_accessible(page, "school question")
    tab_to(page, "Which school do you work at?")
    page.keyboard.type("upton by")
    expect(page.get_by_text("Choose your school (1 found)")).to_be_visible()
    assert_accessible(page, "school results")
    choose(page, "Upton-by-Chester High School")


def support_link_for(address: str) -> str:
    for message in reversed(mail.outbox):
        if message.to == [address]:
            found = SUPPORT_LINK.search(str(message.body))
            assert found
            return found.group(1)
    raise AssertionError(f"no email to {address}")


def answer_link(page: Page, base_url: str, address: str, label: str) -> None:
    page.goto(base_url + support_link_for(address))
    assert_accessible(page, f"link for {address}")
    tab_to(page, "Yes")
    page.keyboard.press("Space")
    press(page, "Send your answer")
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert_accessible(page, f"{label} thanked")


def test_an_early_career_teacher_applies_for_sktm_ect_phase_1(page: Page, site):
    page.goto(site.url + ECT)
    press(page, "Apply for Specialist Knowledge")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Apply for")
    assert_accessible(page, "apply start")
    press(page, "Sign in and start")
    # New and returning applicants alike continue with their email; the code makes the account.
    expect(page.get_by_role("heading", name="Sign in or create an account")).to_be_visible()
    assert_accessible(page, "sign in or create an account")
    type_into(page, "Email address", "new.ect@school.example.org")
    press(page, "Continue with your email")
    enter_code(page)

    # Back at the start page, signed in: start the draft.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Apply for")
    press(page, "Start now")
    expect(page.get_by_role("heading", name="What is your name?")).to_be_visible()
    press(page, "Continue")  # nothing typed: the error summary links to the field
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "name with errors")
    type_into(page, "First name", "Sam", "Okafor")
    press(page, "Continue")
    find_school(page)
    assert_accessible(page, "teaches maths")
    choose(page, "Yes, I teach maths now")
    assert_accessible(page, "year of teaching")
    type_into(page, "Which year of teaching are you in?", "1")
    press(page, "Continue")
    expect(page.get_by_role("heading", level=1)).to_contain_text("You can apply")
    assert_accessible(page, "eligibility")
    press(page, "Continue")
    # No page asks for anyone's support for SKTM ECT: no supporter to name.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your application")
    assert_accessible(page, "check your answers")
    press(page, "Send application")
    expect(page.get_by_role("heading", name="Application sent")).to_be_visible()
    assert_accessible(page, "application sent")
    press(page, "See where your application stands")
    assert_accessible(page, "your application")

    applicant = User.objects.get(email="new.ect@school.example.org")
    application = Application.objects.get(applicant=applicant)
    assert application.status == ApplicationStatus.READY_FOR_REVIEW
    assert not application.endorsements.exists()
    confirmation = [m for m in mail.outbox if m.to == [applicant.email]][-1]
    assert "What happens next" in str(confirmation.body)


def test_a_head_of_department_nominates_two_mastery_advocates_and_the_head_confirms(
        page: Page, site):
    hod = sign_in_with_code(page, site.url + TFM, "hod@school.example.org")
    type_into(page, "First name", "Priya", "Shah")
    press(page, "Continue")
    find_school(page)
    assert_accessible(page, "role")
    choose(page, "Head of department or subject leader")
    choose(page, "Yes, I teach maths now")
    expect(page.get_by_role("heading", level=1)).to_contain_text("You can apply")
    press(page, "Continue")
    # The hub's own questions: one required, one optional.
    assert_accessible(page, "hub question")
    type_into(page, "How many teachers teach maths in your school?", "9")
    press(page, "Continue")
    assert_accessible(page, "optional hub question")
    choose(page, "Wirral")
    expect(page.get_by_role("heading", name="Who is in your school’s team?")).to_be_visible()
    assert_accessible(page, "team")
    type_into(page, "Full name", "Ada Byron", "ada@school.example.org", "Teacher of maths",
              "Blaise Pascal", "blaise@school.example.org", "Teacher of maths")
    press(page, "Continue")
    expect(page.get_by_role("heading", name="Who supports your application?")).to_be_visible()
    expect(page.get_by_text("Your head of maths")).to_have_count(0)  # they are the head of maths
    type_into(page, "Full name", "Helen Head", "helen.head@school.example.org")
    press(page, "Continue")
    assert_accessible(page, "check your answers (team)")
    press(page, "Send application")
    expect(page.get_by_role("heading", name="Application sent")).to_be_visible()
    assert_accessible(page, "team application sent")

    application = Application.objects.get(applicant=hod)
    assert application.status == ApplicationStatus.AWAITING_SUPPORT
    for advocate in ["ada@school.example.org", "blaise@school.example.org"]:
        answer_link(page, site.url, advocate, "advocate")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_SUPPORT
    answer_link(page, site.url, "helen.head@school.example.org", "headteacher")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.READY_FOR_REVIEW


def test_an_ineligible_applicant_is_stopped_with_the_reasons(page: Page, site):
    teacher = sign_in_with_code(page, site.url + ECT, "experienced@school.example.org")
    type_into(page, "First name", "Jo", "Marsh")
    press(page, "Continue")
    find_school(page)
    choose(page, "Yes, I teach maths now")
    type_into(page, "Which year of teaching are you in?", "6")
    press(page, "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You cannot apply for this Work Group")
    expect(page.locator("#reasons li")).not_to_have_count(0)
    expect(page.get_by_role("button", name="Continue")).to_have_count(0)
    assert_accessible(page, "not eligible")
    assert Application.objects.get(applicant=teacher).status == ApplicationStatus.DRAFT
