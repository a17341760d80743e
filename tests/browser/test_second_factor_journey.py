"""Issue 14: a member of a hub's staff with no second factor is sent to set one up, sets up an
authenticator app, reaches the staff pages, and later signs in with a code from it and with a
recovery code (each working once). Every page passes axe."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.conftest import assert_accessible, authenticator_code
from workgroups.accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def password_sign_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_staff_set_up_an_authenticator_app_and_sign_in_with_it(page: Page, live_server):
    base = live_server.url
    hub = factories.hub(slug="cheshire", name="Cheshire Maths Hub")
    staff = factories.member(hub, Role.HUB_STAFF, email="new.staff@hub.example.org")
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)

    # Their password alone: the staff page sends them to set up a second factor first.
    password_sign_in(page, base, staff.email)
    page.wait_for_url(re.compile(r"/account/second-factor/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Set up a second way to sign in")
    assert_accessible(page, "second factor needed")

    page.get_by_role("link", name="Set up an authenticator app").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    assert_accessible(page, "authenticator app set-up")
    secret = page.locator("#authenticator-key").inner_text().replace(" ", "")

    # A wrong code is refused with a message.
    right = authenticator_code(secret)
    page.get_by_label(re.compile("Enter the 6-digit code")).fill(
        f"{(int(right) + 1) % 1000000:06d}")
    page.get_by_role("button", name="Set up authenticator app").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "authenticator app set-up with an error")

    page.get_by_label(re.compile("Enter the 6-digit code")).fill(authenticator_code(secret))
    page.get_by_role("button", name="Set up authenticator app").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    assert_accessible(page, "recovery codes")
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10

    # The staff pages open now.
    page.goto(base + "/staff/hubs/cheshire/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cheshire Maths Hub")

    # Next time: the password, then the second factor; a recovery code works once.
    page.get_by_role("button", name="Sign out").click()
    page.context.clear_cookies()
    password_sign_in(page, base, staff.email)
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    assert_accessible(page, "second factor at sign-in")
    page.locator("input[name=code]").fill(codes[0])
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(re.compile(r"/staff/hubs/cheshire/"))

    page.get_by_role("button", name="Sign out").click()
    page.context.clear_cookies()
    password_sign_in(page, base, staff.email)
    page.locator("input[name=code]").fill(codes[0])
    page.locator("input[name=code]").press("Enter")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "second factor refused")
    page.locator("input[name=code]").fill(codes[1])
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(re.compile(r"/staff/hubs/cheshire/"))
