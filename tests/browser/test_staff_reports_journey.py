"""Issue 15's other staff pages in Chromium, axe clean at 375 and 1280 px: hub staff read the
dashboard and the evaluation pages, and write to a Work Group's participants (preview, send,
the message's page); national staff read the national evaluation pages and edit a programme's
evaluation questions."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.browser.test_layout_journey import signed_in
from workgroups.delivery.models import WorkGroup
from workgroups.messaging.models import Message

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HUB = "/staff/hubs/cheshire-and-wirral"
WIDTHS = (375, 1280)


def check(page: Page, label: str) -> None:
    assert_accessible(page, label)
    assert_no_horizontal_scroll(page)


def demo_work_group() -> WorkGroup:
    work_group = (WorkGroup.objects.filter(offering__hub__slug="cheshire-and-wirral",
                                           offering__academic_year__slug="2024-25",
                                           enrolments__isnull=False)
                  .select_related("offering").order_by("pk").first())
    assert work_group is not None, "the demo has a Work Group with participants"
    return work_group


def test_hub_staff_read_reports_and_write_to_a_work_group(browser: Browser, demo_site) -> None:
    work_group = demo_work_group()
    offering = work_group.offering
    context = signed_in(browser, demo_site.url, "staff@cheshire-and-wirral.demo.example.org")
    page = context.new_page()
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for path, heading in [
                (f"{HUB}/years/2024-25/", None),
                (f"{HUB}/evaluation/2024-25/", "Evaluations 2024/25"),
                (f"{HUB}/evaluation/offerings/{offering.pk}/", None),
                (f"{HUB}/evaluation/work-groups/{work_group.pk}/", None),
                (f"{HUB}/offerings/{offering.pk}/evaluation/", "Evaluation questions"),
            ]:
                response = page.goto(demo_site.url + path)
                assert response is not None and response.ok, path
                if heading:
                    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
                check(page, f"{path} at {width}px")

        page.set_viewport_size({"width": 375, "height": 900})
        page.goto(demo_site.url + f"{HUB}/work-groups/{work_group.pk}/")
        page.get_by_role("link", name="Write to the participants").click()
        expect(page.get_by_role("heading", level=1,
                                name=f"Write to the participants of {work_group.name}")
               ).to_be_visible()
        check(page, "write a message")
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
        check(page, "write a message, with errors")
        page.get_by_label("Subject").fill("Room change for the next session")
        page.get_by_label("Message").fill("We meet in the library this time.")
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", name="Check your message before sending")
               ).to_be_visible()
        check(page, "check the message")
        mail.outbox.clear()
        page.get_by_role("button", name="Send to").click()
        expect(page.get_by_role("heading", level=1, name="Room change for the next session")
               ).to_be_visible()
        check(page, "the message sent")
        message = Message.objects.get(subject="Room change for the next session")
        participants = work_group.enrolments.exclude(outcome="withdrawn").count()
        assert message.recipients.count() == participants
        assert len(mail.outbox) == participants
    finally:
        context.close()


def test_national_staff_read_national_evaluation_and_edit_questions(browser: Browser,
                                                                    demo_site) -> None:
    slug = demo_work_group().offering.programme.slug
    context = signed_in(browser, demo_site.url, "staff@national.demo.example.org")
    page = context.new_page()
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for path in ["/national/hubs/?year=2024-25", "/staff/national/evaluation/2024-25/",
                         f"/staff/national/evaluation/2024-25/{slug}/",
                         f"/staff/programmes/{slug}/evaluation/"]:
                response = page.goto(demo_site.url + path)
                assert response is not None and response.ok, path
                check(page, f"{path} at {width}px")
    finally:
        context.close()
