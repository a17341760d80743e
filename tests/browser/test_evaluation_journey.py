"""A participant whose Work Group has ended opens the link in their email and answers the
evaluation, on a phone and on a laptop; the link then says it has been used."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db.models import Max
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from workgroups.delivery.models import WorkGroup
from workgroups.evaluations.models import EvaluationResponse
from workgroups.evaluations.services import evaluation_invitations_send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_participant_answers_the_evaluation_from_their_email(page: Page, demo_site):
    group = WorkGroup.objects.get(name="Chester ECT Phase 1 Work Group")
    last_end = group.sessions.filter(cancelled_at__isnull=True).aggregate(
        last=Max("ends_at"))["last"]
    evaluation_invitations_send(now=last_end + timedelta(hours=1))
    links = [re.search(r"http://\S+(/evaluation/\S+/)", str(m.body)) for m in mail.outbox
             if "How was" in str(m.subject)]
    assert len(links) == 2 and all(links)
    first, second = (link.group(1) for link in links if link)

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(demo_site.url + first)
    expect(page.get_by_role("heading", name=re.compile("How was"))).to_be_visible()
    assert_accessible(page, "evaluation form, 375 px")
    assert_no_horizontal_scroll(page)

    # Sent with nothing chosen: the errors say what to do.
    page.get_by_role("button", name="Send my evaluation").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "evaluation form with errors, 375 px")

    for group_box in page.locator("fieldset").all():
        group_box.get_by_label("Agree", exact=True).check()
    page.get_by_label(re.compile("What will you do differently")).fill(
        "Use more bar models with Year 7.")
    page.get_by_role("button", name="Send my evaluation").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert_accessible(page, "thank you, 375 px")
    assert EvaluationResponse.objects.filter(work_group=group).count() == 1

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(demo_site.url + first)
    expect(page.get_by_text("already been answered")).to_be_visible()
    assert_accessible(page, "used link, 1280 px")
    page.goto(demo_site.url + second)
    expect(page.get_by_role("heading", name=re.compile("How was"))).to_be_visible()
    assert_accessible(page, "evaluation form, 1280 px")
