"""A teacher's own data, end to end in Chromium with axe-core on every page: they sign in with an
emailed code, open "Your data" from their account, download it as JSON, delete their account
and land on the page that says it is done."""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail
from django.test import override_settings
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, tab_to
from tests.conftest import DEMO_NOW
from tests.personaldata.test_export import ANSWER, EMAIL, QUESTION, person_with_everything
from workgroups.accounts.models import User
from workgroups.applications.models import Application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_with_code(page: Page, base: str, address: str) -> None:
    page.goto(base + "/accounts/login/code/?next=/account/")
    tab_to(page, "Email address")
    page.keyboard.type(address)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    found = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", str(mail.outbox[-1].body), re.M)
    assert found, mail.outbox[-1].body
    tab_to(page, "Code")
    page.keyboard.type(found.group(1))
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_teacher_downloads_their_data_and_deletes_their_account(page: Page, live_server,
                                                                 tmp_path):
    with override_settings(WORKGROUPS_PINNED_NOW=DEMO_NOW):
        world = person_with_everything()
        person = world["person"]
        person.set_unusable_password()  # a teacher: signs in with an emailed code, no password
        person.save()
        base = live_server.url
        sign_in_with_code(page, base, EMAIL)
        expect(page.get_by_role("heading", name="Your account")).to_be_visible()

        page.get_by_role("link", name="See everything we hold about you, or download it").click()
        expect(page.get_by_role("heading", name="Your data", exact=True)).to_be_visible()
        expect(page.get_by_text(QUESTION)).to_be_visible()
        expect(page.get_by_text(ANSWER)).to_be_visible()
        assert_accessible(page, "your data")

        with page.expect_download() as waiting:
            page.get_by_role("link", name="Download your data (JSON)").click()
        download = waiting.value
        assert re.fullmatch(r"your-data-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        data = json.loads(saved.read_text(encoding="utf-8"))
        assert data["account"]["email"] == EMAIL
        assert ANSWER in json.dumps(data, ensure_ascii=False)

        page.get_by_role("link", name="Delete your account").last.click()
        expect(page.get_by_role("heading", name="Delete your account")).to_be_visible()
        assert_accessible(page, "delete your account")
        # Without ticking the box: a clear error, nothing deleted.
        page.get_by_role("button", name="Delete your account").click()
        expect(page.get_by_role("link", name="Tick the box to confirm you want to delete "
                                            "your account")).to_be_visible()
        assert_accessible(page, "delete your account, with an error")
        assert User.objects.get(pk=person.pk).email == EMAIL

        page.get_by_label(re.compile("I understand that my account")).check()
        page.get_by_role("button", name="Delete your account").click()
        expect(page.get_by_role("heading", name="Your account has been deleted")).to_be_visible()
        assert page.url == base + "/account/deleted/"
        assert_accessible(page, "account deleted")

        erased = User.objects.get(pk=person.pk)
        assert erased.email != EMAIL and not erased.is_active
        assert ANSWER not in json.dumps(Application.objects.get(
            pk=world["application"].pk).answers)
        page.goto(base + "/account/data/")
        assert "/accounts/login" in page.url  # signed out
