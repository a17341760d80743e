from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, tab_to
from workgroups.catalogue.models import Offering, OfferingStatus
from workgroups.catalogue.services import offering_update

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEXT_YEAR = "/hubs/cheshire-and-wirral/2025-26/mastery-specialists/"


def test_someone_registers_interest_and_hears_once_when_applications_open(page: Page,
                                                                         demo_site):
    page.goto(demo_site.url + NEXT_YEAR)
    tab_to(page, "Register your interest")
    page.keyboard.press("Enter")
    page.wait_for_url("**/interest/")
    assert_accessible(page, "interest form")

    tab_to(page, "Email address")
    page.keyboard.type("not an address")
    tab_to(page, "Register interest")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "interest form with errors")

    page.get_by_label("Email address").fill("ada.teacher@school.example.org")
    page.get_by_label("Your name (optional)").fill("Ada")
    tab_to(page, "Register interest")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page, "check your email")

    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+(/interest/confirm/\S+/)", str(mail.outbox[0].body))
    assert link
    page.goto(demo_site.url + link.group(1))
    assert_accessible(page, "confirm")
    tab_to(page, "Confirm")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your interest is registered")).to_be_visible()
    assert_accessible(page, "confirmed")

    offering = Offering.objects.get(hub__slug="cheshire-and-wirral",
                                    academic_year__slug="2025-26", slug="mastery-specialists")
    for status in [OfferingStatus.RECRUITING, OfferingStatus.CLOSED, OfferingStatus.RECRUITING]:
        offering_update(actor=None, offering=offering, data={"status": status})
    openings = [m for m in mail.outbox if "is open for applications" in str(m.subject)]
    assert len(openings) == 1
    unsubscribe = re.search(r"http://\S+(/interest/unsubscribe/\S+/)", str(openings[0].body))
    assert unsubscribe
    page.goto(demo_site.url + unsubscribe.group(1))
    assert_accessible(page, "unsubscribe")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
