"""Browser journeys for running Work Groups (Chromium, axe on every page): staff offer places
from the applications table; the applicant accepts from the email's link and subscribes to
their calendar feed; a Work Group lead sees their own Work Group and no other."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    assert_accessible,
    assert_no_horizontal_scroll,
    pass_second_factor,
    tab_to,
)
from tests.browser.test_apply_journey import press, type_into
from workgroups.applications.models import Application
from workgroups.delivery.models import WorkGroup
from workgroups.demo.loader import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HUB = "/staff/hubs/cheshire-and-wirral"
OFFER_LINK = re.compile(r"http://\S+(/applications/\d+/offer/)")


def staff_sign_in(page: Page, base_url: str, address: str) -> None:
    page.goto(base_url + "/accounts/login/")
    tab_to(page, "Email address")
    page.keyboard.type(address)
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    pass_second_factor(page)


def test_staff_offer_places_and_the_applicant_accepts_and_subscribes(page: Page, demo_site):
    base = demo_site.url
    staff_sign_in(page, base, "staff@cheshire-and-wirral.demo.example.org")
    page.goto(base + f"{HUB}/")
    press(page, "Applications and places in 2024/25")
    expect(page.get_by_role("heading", name="Applications and places, 2024/25")).to_be_visible()
    assert_accessible(page, "dashboard")
    page.get_by_role("link", name=re.compile(r"Early Career Teachers, Phase 1$")).click()
    expect(page.get_by_role("heading", name="Applications", exact=True)).to_be_visible()
    assert_accessible(page, "applications table")

    ready = list(Application.objects.filter(offering__slug="sktm-ect-phase-1",
                                            offering__academic_year__slug="2024-25",
                                            status="ready_for_review").order_by("pk"))
    assert len(ready) == 3
    # Nothing chosen: the page says what is missing.
    page.get_by_role("button", name="Apply to selected applications").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "bulk decision with errors")
    for application in ready:
        page.locator(f"#select-{application.pk}").check()
    page.get_by_label("Offer places in a Work Group").check()
    group = WorkGroup.objects.get(name="Chester ECT Phase 1 Work Group",
                                  offering__academic_year__slug="2024-25")
    page.get_by_label("Work Group", exact=True).select_option(value=str(group.pk))
    mail.outbox.clear()
    page.get_by_role("button", name="Apply to selected applications").click()
    expect(page.get_by_text("3 applications offered a place.")).to_be_visible()
    assert_accessible(page, "table after offers")
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # The applicant follows the link in their email, signs in with a code, and accepts.
    applicant = ready[0].applicant
    # The demo gives its applicants their confirmed address, as signing in by code would.
    EmailAddress.objects.update_or_create(user=applicant, email=applicant.email,
                                          defaults={"verified": True, "primary": True})
    offer_email = next(m for m in mail.outbox if m.to == [applicant.email])
    link = OFFER_LINK.search(str(offer_email.body))
    assert link, offer_email.body
    page.context.clear_cookies()
    page.goto(base + link.group(1))
    type_into(page, "Email address", applicant.email)
    press(page, "Continue with your email")
    code = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", str(mail.outbox[-1].body), re.M)
    assert code
    type_into(page, "Code", code.group(1))
    press(page, "Continue")
    expect(page.get_by_role("heading", name=re.compile("A place in"))).to_be_visible()
    assert_accessible(page, "offer")
    tab_to(page, "Yes, accept the place")
    page.keyboard.press("Space")
    press(page, "Send your answer")
    expect(page.get_by_text("Your place is confirmed.")).to_be_visible()
    assert_accessible(page, "application with its sessions")
    assert Application.objects.get(pk=ready[0].pk).status == "accepted"

    press(page, "Add all your sessions to your calendar")
    expect(page.get_by_role("heading", name="Your calendar")).to_be_visible()
    assert_accessible(page, "calendar page")
    feed_url = page.get_by_label("Your private calendar address").input_value()
    assert "/calendar/feed/" in feed_url
    feed = page.request.get(feed_url)
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    events = list(Calendar.from_ical(feed.body()).walk("VEVENT"))
    assert len(events) == group.sessions.count() > 0


def test_a_lead_sees_only_their_own_work_group(page: Page, demo_site):
    base = demo_site.url
    staff_sign_in(page, base, "wglead@cheshire-and-wirral.demo.example.org")
    page.goto(base + "/lead/")
    expect(page.get_by_role("heading", name="Your Work Groups")).to_be_visible()
    assert_accessible(page, "lead home")
    expect(page.get_by_role("link", name="Wirral and Halton Development Work Group")
           ).to_have_count(0)
    press(page, "Chester Development Work Group")
    expect(page.get_by_role("heading", name="Participants and schools")).to_be_visible()
    # Five school teams of two (the register is not loaded here, so schools show by URN).
    expect(page.get_by_role("table").filter(has_text="participants").get_by_role(
        "row")).to_have_count(11)
    expect(page.get_by_text("URN 138148").first).to_be_visible()
    assert_accessible(page, "lead's Work Group")
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_horizontal_scroll(page)
    other = WorkGroup.objects.get(name="Wirral and Halton Development Work Group",
                                  offering__academic_year__slug="2024-25")
    response = page.goto(base + f"/lead/work-groups/{other.pk}/")
    assert response is not None and response.status == 404
    staff_page = page.goto(base + f"{HUB}/work-groups/{other.pk}/")
    assert staff_page is not None and staff_page.status == 404
