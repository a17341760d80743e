"""Item 2 and 3 journeys at a phone's and a laptop's width: one "Continue with your email" way
in that keeps where the person was going and really starts again; each role landing where its
work is, with the header linking exactly its areas. axe-clean on every page, no sideways
scroll."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    assert_accessible,
    assert_no_horizontal_scroll,
    pass_second_factor,
)
from workgroups.accounts.models import User
from workgroups.demo.loader import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

APPLY = "/hubs/cheshire-and-wirral/2024-25/sktm-ect-phase-1/apply/"
WIDTHS = [320, 375, 1280]


def check(page: Page, label: str) -> None:
    assert_accessible(page, label)
    assert_no_horizontal_scroll(page)


def latest_code(address: str) -> str:
    message = next(m for m in reversed(mail.outbox) if m.to == [address])
    found = re.search(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]+)*)\s*$", str(message.body), re.M)
    assert found, message.body
    return found.group(1)


def header_areas(page: Page) -> list[str]:
    nav = page.get_by_role("navigation", name="Your areas")
    return [text.strip() for text in nav.get_by_role("link").all_inner_texts()]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_new_teacher_continues_with_their_email_and_lands_where_they_were_going(
        page: Page, demo_site, width: int):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(demo_site.url + APPLY)
    page.get_by_role("button", name="Sign in and start").click()
    expect(page.get_by_role("heading", name="Sign in or create an account")).to_be_visible()
    check(page, "sign in or create an account")

    page.get_by_role("button", name="Continue with your email").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check(page, "sign in with an error")

    # A typo: the code goes nowhere useful, so they start again with the right address.
    page.get_by_label("Email address").fill("new.ect@school.exmaple.org")
    page.get_by_role("button", name="Continue with your email").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.get_by_text(re.compile(r"like [A-Z]{4}-[A-Z]{4}"))).to_be_visible()
    check(page, "check your email")
    page.get_by_role("button", name="Use a different email address").click()
    expect(page.get_by_role("heading", name="Sign in or create an account")).to_be_visible()

    page.get_by_label("Email address").fill("new.ect@school.example.org")
    page.get_by_role("button", name="Continue with your email").click()
    page.get_by_label("Code").fill("WRONG-CODE")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check(page, "check your email with an error")
    page.get_by_label("Code").fill(latest_code("new.ect@school.example.org"))
    page.get_by_role("button", name="Continue").click()

    # The code made the account and they are back on the page they were going to.
    page.wait_for_url("**" + APPLY)
    assert User.objects.filter(email="new.ect@school.example.org").exists()
    check(page, "apply start, signed in")
    assert not mail.outbox or all("has no account" not in str(m.body) for m in mail.outbox)


@pytest.mark.parametrize("width", WIDTHS)
def test_each_role_lands_where_its_work_is(page: Page, demo_site, width: int):
    page.set_viewport_size({"width": width, "height": 900})
    journeys = [
        ("wglead@cheshire-and-wirral.demo.example.org", "/lead/", "Your Work Groups",
         ["Your Work Groups", "Your applications", "Your account"]),
        ("viewer@national.demo.example.org", "/national/", "National overview",
         ["National overview", "Your applications", "Your account"]),
        ("staff@cheshire-and-wirral.demo.example.org", "/staff/hubs/cheshire-and-wirral/",
         "Cheshire and Wirral Maths Hub", ["Staff area", "Your applications", "Your account"]),
    ]
    for address, lands_on, heading, areas in journeys:
        page.context.clear_cookies()
        page.goto(demo_site.url + "/accounts/login/")
        page.get_by_label("Email address").fill(address)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        pass_second_factor(page)
        page.wait_for_url("**" + lands_on)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert header_areas(page) == areas, address
        check(page, f"landing of {address}")

    # A Work Group lead who opens the staff area is linked onwards, not stopped.
    page.context.clear_cookies()
    page.goto(demo_site.url + "/accounts/login/?next=/staff/")
    page.get_by_label("Email address").fill("wglead@cheshire-and-wirral.demo.example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page)
    page.wait_for_url("**/staff/")
    check(page, "staff area for a Work Group lead")
    page.get_by_role("main").get_by_role("link", name="Your Work Groups").click()
    page.wait_for_url("**/lead/")
