"""Hub staff are told on their hub's page that emails could not be sent, read the list and send
one again: accessible at 1280 px and without sideways scrolling at 320 px."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    assert_accessible,
    assert_no_horizontal_scroll,
    pass_second_factor,
)
from workgroups.applications.models import Application
from workgroups.core import clock
from workgroups.core.models import FailedEmail
from workgroups.demo.loader import DEMO_PASSWORD
from workgroups.hubs.models import Hub

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_see_failed_emails_and_send_one_again(page: Page, demo_site):
    hub = Hub.objects.get(slug="cheshire-and-wirral")
    application = (Application.objects.filter(offering__hub=hub, submitted_at__isnull=False)
                   .select_related("applicant").order_by("pk").first())
    assert application is not None
    FailedEmail.objects.create(
        hub=hub, task_path="workgroups.applications.tasks.send_application_email",
        arguments={"args": [application.pk, "submitted"], "kwargs": {}},
        recipient=application.applicant.email,
        subject="Your application for a long programme title has been sent",
        reason="We could not reach the mail server.", attempts=4, failed_at=clock.now())
    page.goto(demo_site.url + "/accounts/login/")
    page.get_by_label("Email address").fill("staff@cheshire-and-wirral.demo.example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page)
    page.wait_for_url("**/staff/hubs/cheshire-and-wirral/")
    expect(page.get_by_text("1 email could not be sent.")).to_be_visible()
    assert_accessible(page, "staff hub with failed emails")

    page.get_by_role("link", name="See it and send again").click()
    expect(page.get_by_role("heading", name="Emails that could not be sent")).to_be_visible()
    assert_accessible(page, "failed emails")
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Send again").click()
    expect(page.get_by_text("is queued to send again")).to_be_visible()
    expect(page.get_by_text("Sent again")).to_be_visible()
    assert_accessible(page, "failed emails after sending again")
    assert [m.to for m in mail.outbox] == [[application.applicant.email]]
