"""A Work Group lead takes a register on a phone-sized screen (360 px), keyboard only, with
each mark saved as it is made; axe-core finds nothing, with or without JavaScript."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import override_settings
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    assert_accessible,
    assert_accessible_without_javascript,
    assert_no_horizontal_scroll,
    tab_to,
)
from tests.browser.test_allocation_journey import staff_sign_in
from tests.browser.test_apply_journey import press
from workgroups.core import clock
from workgroups.delivery.models import Attendance, AttendanceChange, Session, WorkGroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# A register opens when its session starts: on the demo's 1 October nothing has happened yet,
# so the lead takes the first session's register an hour into it (5 November 2024, 10:00).
FIRST_SESSION_UNDER_WAY = datetime(2024, 11, 5, 10, 0, tzinfo=clock.LONDON)


@override_settings(WORKGROUPS_PINNED_NOW=FIRST_SESSION_UNDER_WAY)
def test_a_lead_takes_a_register_on_a_phone_keyboard_only(page: Page, demo_site):
    page.set_viewport_size({"width": 360, "height": 740})
    staff_sign_in(page, demo_site.url, "wglead@cheshire-and-wirral.demo.example.org")
    page.goto(demo_site.url + "/lead/")
    press(page, "Chester Development Work Group")
    assert_accessible(page, "lead's Work Group on a phone")
    assert_no_horizontal_scroll(page)
    group = WorkGroup.objects.get(name="Chester Development Work Group",
                                  offering__academic_year__slug="2024-25")
    first = Session.objects.filter(work_group=group).order_by("starts_at").first()
    assert first is not None
    press(page, "Take the register")  # the first session's
    expect(page.get_by_role("heading", name="Register:")).to_be_visible()
    assert_accessible(page, "register")
    assert_no_horizontal_scroll(page)

    participants = list(group.enrolments.order_by("name", "pk"))
    # Tab into the first participant's marks and choose Present with the space bar.
    tab_to(page, "Present")
    page.keyboard.press("Space")
    expect(page.locator(f"#saved-{participants[0].pk}")).to_have_text("Saved: Present")
    # The next participant: Tab into their group, arrow to Absent.
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    expect(page.locator(f"#saved-{participants[1].pk}")).to_have_text("Saved: Absent")
    # Corrected: back to Present.
    page.keyboard.press("ArrowLeft")
    expect(page.locator(f"#saved-{participants[1].pk}")).to_have_text("Saved: Present")
    assert_accessible(page, "register with marks saved")
    marks = dict(Attendance.objects.filter(session=first)
                 .values_list("enrolment_id", "status"))
    assert marks == {participants[0].pk: "present", participants[1].pk: "present"}
    assert AttendanceChange.objects.filter(attendance__session=first).count() == 4

    # The whole form still works too (what a phone without JavaScript sends).
    press(page, "Save the register")  # the marks are already saved: it says so, not "Success"
    expect(page.get_by_text("Nothing changed: the register already had these marks.")
           ).to_be_visible()
    assert_accessible_without_javascript(page, "register without JavaScript")
    assert_no_horizontal_scroll(page)
