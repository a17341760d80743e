"""A hub lead invites a Work Group lead by email; the new lead signs in with an emailed code,
accepts, is made lead of a Work Group and takes its register. axe-core finds nothing."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from django.core import mail
from django.test import override_settings
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    assert_accessible,
    assert_no_horizontal_scroll,
    authenticator_code,
)
from tests.browser.test_allocation_journey import staff_sign_in
from tests.browser.test_sign_in_journey import latest_code
from workgroups.accounts.models import HubMembership, Role
from workgroups.core import clock
from workgroups.delivery.models import Attendance, Session, WorkGroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HUB = "cheshire-and-wirral"
NEW_LEAD = "new.lead@school.example.org"
# The first session of the demo's Chester Work Group is under way, so its register is open.
FIRST_SESSION_UNDER_WAY = datetime(2024, 11, 5, 10, 0, tzinfo=clock.LONDON)


def invitation_path() -> str:
    message = next(m for m in reversed(mail.outbox) if m.to == [NEW_LEAD])
    found = re.search(r"https?://[^/\s]+(/account/team-invitations/\S+/)", str(message.body))
    assert found, message.body
    return found.group(1)


@override_settings(WORKGROUPS_PINNED_NOW=FIRST_SESSION_UNDER_WAY)
def test_a_hub_lead_invites_a_work_group_lead_who_accepts_and_takes_a_register(
        page: Page, demo_site):
    base = demo_site.url
    # The hub lead invites them.
    staff_sign_in(page, base, f"lead@{HUB}.demo.example.org")
    page.wait_for_url(f"**/staff/hubs/{HUB}/")
    page.get_by_role("link", name="Team", exact=True).click()
    expect(page.get_by_role("heading", name="Team")).to_be_visible()
    assert_accessible(page, "team")
    page.get_by_role("link", name="Invite someone").click()
    assert_accessible(page, "invite someone")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "invite someone with errors")
    page.get_by_label("Email address").fill(NEW_LEAD)
    page.get_by_label("Work Group lead").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent. It works for 14 days.")).to_be_visible()
    expect(page.get_by_role("cell", name=NEW_LEAD, exact=True)).to_be_visible()
    assert_accessible(page, "team with an invitation")
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # The new lead opens the emailed link, signs in with a code and accepts.
    browser = page.context.browser
    assert browser is not None
    newcomer = browser.new_context(viewport={"width": 375, "height": 800})
    lead_page = newcomer.new_page()
    lead_page.goto(base + invitation_path())
    expect(lead_page.get_by_role("heading", name="Sign in or create an account")
           ).to_be_visible()
    lead_page.get_by_label("Email address").fill(NEW_LEAD)
    lead_page.get_by_role("button", name="Continue with your email").click()
    lead_page.get_by_label("Code").fill(latest_code(NEW_LEAD))
    lead_page.get_by_role("button", name="Continue").click()
    expect(lead_page.get_by_role("heading", name="Join Cheshire and Wirral Maths Hub")
           ).to_be_visible()
    expect(lead_page.get_by_text("as work group lead")).to_be_visible()
    assert_accessible(lead_page, "accept an invitation")
    assert_no_horizontal_scroll(lead_page)
    assert not HubMembership.objects.filter(user__email=NEW_LEAD).exists()
    lead_page.get_by_role("button", name="Accept and join").click()
    # Their new role needs a second factor before its pages: they set up an authenticator app.
    lead_page.wait_for_url(re.compile(r"/account/second-factor/"))
    expect(lead_page.get_by_text("You are now work group lead at")).to_be_visible()
    assert_accessible(lead_page, "second factor needed after accepting")
    lead_page.get_by_role("link", name="Set up an authenticator app").click()
    secret = lead_page.locator("#authenticator-key").inner_text().replace(" ", "")
    lead_page.get_by_label(re.compile("Enter the 6-digit code")).fill(authenticator_code(secret))
    lead_page.get_by_role("button", name="Set up authenticator app").click()
    expect(lead_page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    lead_page.get_by_role("link", name="Continue").click()
    lead_page.wait_for_url("**/lead/")
    assert_accessible(lead_page, "lead home after accepting")
    assert HubMembership.objects.filter(user__email=NEW_LEAD, hub__slug=HUB,
                                        role=Role.WORK_GROUP_LEAD).exists()

    # The hub lead makes them lead of a Work Group.
    group = WorkGroup.objects.get(name="Chester Development Work Group",
                                  offering__academic_year__slug="2024-25")
    page.goto(f"{base}/staff/hubs/{HUB}/work-groups/{group.pk}/")
    page.get_by_label("Email address of the new lead").fill(NEW_LEAD)
    page.get_by_role("button", name="Add lead").click()
    expect(page.get_by_text(f"now leads {group.name}")).to_be_visible()

    # The new lead takes its first session's register.
    lead_page.goto(base + "/lead/")
    lead_page.get_by_role("link", name=group.name).click()
    lead_page.get_by_role("link", name="Take the register").first.click()
    expect(lead_page.get_by_role("heading", name="Register:")).to_be_visible()
    assert_accessible(lead_page, "register taken by the new lead")
    first = Session.objects.filter(work_group=group).order_by("starts_at").first()
    assert first is not None
    participant = group.enrolments.order_by("name", "pk").first()
    assert participant is not None
    lead_page.locator(f"#mark-{participant.pk}-present").check()
    expect(lead_page.locator(f"#saved-{participant.pk}")).to_have_text("Saved: Present")
    assert Attendance.objects.get(session=first, enrolment=participant).status == "present"
    newcomer.close()
