"""The pages: write, see who will receive it, send; the message's page. Hub staff and the Work
Group's own lead may write to its participants; staff who decide applications to applicants;
anyone else gets a 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.crawl import read_page
from tests.factories import sign_in
from tests.messaging.world import build
from workgroups.accounts.models import Role
from workgroups.messaging.models import Message, MessageRecipient
from workgroups.messaging.panel import messages_panel
from workgroups.messaging.services import message_send

pytestmark = pytest.mark.django_db

TEXT: dict[str, Any] = {"subject": "Bring a calculator",
                        "body": "See you on Tuesday.\nBring a calculator."}


@pytest.fixture
def world(pinned_clock):
    found = build()
    hub, group = found["hub"], found["group"]
    found["staff"] = factories.member(hub, Role.HUB_STAFF)
    found["lead"] = factories.member(hub, Role.WORK_GROUP_LEAD)
    group.leads.add(found["lead"])
    found["other_lead"] = factories.member(hub, Role.WORK_GROUP_LEAD)
    found["other_group"].leads.add(found["other_lead"])
    found["elsewhere"] = factories.member(factories.hub(slug="elsewhere"), Role.HUB_LEAD)
    found["viewer"] = factories.member(factories.hub(slug="national", is_national=True),
                                       Role.NATIONAL_VIEWER)
    return found


def text(response) -> str:
    return read_page(response.content.decode())[0]


def urls(world) -> dict[str, str]:
    group, offering = world["group"], world["offering"]
    return {"staff_wg": f"/staff/hubs/cw/work-groups/{group.pk}/messages/new/",
            "staff_offering": f"/staff/hubs/cw/offerings/{offering.pk}/messages/new/",
            "lead_wg": f"/lead/work-groups/{group.pk}/messages/new/"}


def a_message(world, *, to_applicants: bool = False) -> Message:
    if to_applicants:
        return message_send(actor=world["staff"], hub=world["hub"], offering=world["offering"],
                            status="waitlisted", **TEXT)
    return message_send(actor=world["staff"], hub=world["hub"], work_group=world["group"],
                        **TEXT)


def test_staff_write_preview_and_send_to_a_work_group(client, world,
                                                      django_capture_on_commit_callbacks):
    sign_in(client, world["staff"])
    url = urls(world)["staff_wg"]
    assert client.get(url).status_code == 200
    preview = client.post(url, {**TEXT, "copy_supporters": "on", "step": "preview"})
    assert preview.status_code == 200
    words = text(preview)
    assert "4 people will receive it" in words
    assert "2 participants, 2 supporters copied in" in words
    assert "Headteacher or a senior leader at Oak Academy" in words
    assert not Message.objects.exists() and not mail.outbox  # nothing sent yet
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {**TEXT, "copy_supporters": "True", "step": "send"})
    message = Message.objects.get()
    assert sent.status_code == 302 and sent["Location"] == f"/staff/hubs/cw/messages/{message.pk}/"
    assert len(mail.outbox) == 4
    page = client.get(sent["Location"])
    assert page.status_code == 200
    words = text(page)
    assert "head@oak.example.org" in words and "Sent" in words
    assert "cat@elm.example.org" not in words
    assert message.author == world["staff"]


def test_staff_write_to_the_waiting_list(client, world, django_capture_on_commit_callbacks):
    sign_in(client, world["staff"])
    url = urls(world)["staff_offering"]
    page = client.get(url)
    assert page.status_code == 200 and "Everyone on the waiting list" in text(page)
    preview = client.post(url, {**TEXT, "status": "waitlisted", "step": "preview"})
    assert "2 people will receive it" in text(preview)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**TEXT, "status": "waitlisted", "step": "send"})
    assert sorted(m.to[0] for m in mail.outbox) == ["wes@example.org", "wyn@example.org"]


def test_the_lead_of_this_work_group_writes_from_their_pages(client, world,
                                                              django_capture_on_commit_callbacks):
    sign_in(client, world["lead"])
    url = urls(world)["lead_wg"]
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {**TEXT, "step": "send"})
    message = Message.objects.get()
    assert sent.status_code == 302 and sent["Location"] == f"/lead/messages/{message.pk}/"
    assert client.get(sent["Location"]).status_code == 200
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("who", ["other_lead", "elsewhere", "viewer", "lead"])
def test_others_get_a_404(client, world, who):
    group_message = a_message(world)
    applicants_message = a_message(world, to_applicants=True)
    sign_in(client, world[who])
    address = urls(world)
    pages = [address["staff_wg"], address["staff_offering"],
             f"/staff/hubs/cw/messages/{group_message.pk}/",
             f"/staff/hubs/cw/messages/{applicants_message.pk}/",
             f"/lead/messages/{applicants_message.pk}/"]
    if who != "lead":  # the lead of this Work Group may use the lead's pages for it
        pages += [address["lead_wg"], f"/lead/messages/{group_message.pk}/"]
    assert {page: client.get(page).status_code for page in pages} == dict.fromkeys(pages, 404)
    posted = client.post(address["staff_wg"], {**TEXT, "step": "send"})
    assert posted.status_code == 404
    assert Message.objects.count() == 2


def test_another_hub_s_objects_are_404_for_staff(client, world):
    other = factories.hub(slug="north")
    other_offering = factories.offering(hub=other)
    other_group = factories.work_group(other_offering)
    sign_in(client, world["staff"])
    for page in [f"/staff/hubs/cw/work-groups/{other_group.pk}/messages/new/",
                 f"/staff/hubs/cw/offerings/{other_offering.pk}/messages/new/",
                 f"/staff/hubs/north/work-groups/{other_group.pk}/messages/new/",
                 "/staff/hubs/cw/messages/999999/", "/lead/messages/999999/",
                 "/lead/work-groups/999999/messages/new/"]:
        assert client.get(page).status_code == 404, page


@pytest.mark.parametrize(("data", "problem"), [
    ({"subject": "", "body": "Hello"}, "Enter a subject"),
    ({"subject": "x" * 151, "body": "Hello"}, "The subject must be 150 characters or fewer"),
    ({"subject": "Hi", "body": ""}, "Enter the message"),
    ({"subject": "Hi", "body": "x" * 5001}, "The message must be 5,000 characters or fewer"),
    ({"subject": "Hi", "body": "Hello", "status": "draft"}, "Choose who to write to"),
    ({"subject": "Hi", "body": "Hello", "status": "declined"}, "Nobody would receive this"),
    ({"subject": "Hi", "body": "Hello"}, "Choose who to write to"),
])
@pytest.mark.parametrize("step", ["preview", "send"])
def test_bad_input_is_a_form_error_and_nothing_is_sent(client, world, data, problem, step):
    sign_in(client, world["staff"])
    if problem.startswith("Nobody"):
        data = {**data, "status": "waitlisted"}
        world["applicants"]["wes"].delete()
        world["applicants"]["wyn"].delete()
    response = client.post(urls(world)["staff_offering"], {**data, "step": step})
    assert response.status_code == 422
    assert problem in text(response)
    assert not Message.objects.exists() and not mail.outbox


def test_nobody_in_the_work_group_is_a_clear_message(client, world):
    empty = factories.work_group(world["offering"], name="Empty")
    sign_in(client, world["staff"])
    for step in ("preview", "send"):
        response = client.post(f"/staff/hubs/cw/work-groups/{empty.pk}/messages/new/",
                               {**TEXT, "step": step})
        assert response.status_code == 422
        assert "Nobody would receive this message" in text(response)
    assert not MessageRecipient.objects.exists()


def test_the_message_page_s_queries_do_not_grow_with_its_recipients(client, world):
    small = a_message(world)
    for n in range(30):
        factories.user(f"extra{n}@example.org")
    big = message_send(actor=world["staff"], hub=world["hub"], offering=world["offering"],
                       copy_supporters=True, **TEXT)
    MessageRecipient.objects.bulk_create([
        MessageRecipient(message=big, name=f"Extra {n}", email=f"extra{n}@example.org",
                         role="Participant") for n in range(30)])
    sign_in(client, world["staff"])
    counts = []
    for message in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/staff/hubs/cw/messages/{message.pk}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert big.recipients.count() > 30 > small.recipients.count()


def test_the_panel_lists_messages_with_links_for_staff_and_the_lead(world,
                                                                     django_assert_num_queries):
    message = a_message(world)
    with django_assert_num_queries(1):
        staff = messages_panel(work_group=world["group"], hub_slug="cw")
    assert staff.write_url == urls(world)["staff_wg"]
    assert [(row.url, row.message.recipient_count)  # type: ignore[attr-defined]
            for row in staff.rows] == [
        (f"/staff/hubs/cw/messages/{message.pk}/", 2)]
    lead = messages_panel(work_group=world["group"])
    assert lead.write_url == urls(world)["lead_wg"]
    assert lead.rows[0].url == f"/lead/messages/{message.pk}/"
    offering = messages_panel(offering=world["offering"], hub_slug="cw")
    assert offering.rows == [] and offering.write_url == urls(world)["staff_offering"]


def test_staff_text_is_shown_as_text(client, world):
    message = message_send(actor=world["staff"], hub=world["hub"], work_group=world["group"],
                           subject="<i>Tuesday</i>", body="<script>alert(1)</script>\nBye")
    sign_in(client, world["staff"])
    html = client.get(f"/staff/hubs/cw/messages/{message.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html and "<i>Tuesday</i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Bye" in html


def test_the_panel_renders_in_a_page(world, rf):
    from django.template.loader import render_to_string

    message = a_message(world)
    html = render_to_string("messaging/_messages_panel.html", {
        "messages_panel": messages_panel(work_group=world["group"], hub_slug="cw")})
    words = read_page(html)[0]
    assert "Write to the participants" in words
    assert "Bring a calculator" in words and "2 of 2 sent" not in words  # not sent: no commit
    assert "0 of 2 sent" in words
    assert f'href="/staff/hubs/cw/messages/{message.pk}/"' in html


def test_sending_the_confirm_page_twice_sends_one_message(client, world,
                                                          django_capture_on_commit_callbacks):
    import re

    sign_in(client, world["staff"])
    url = urls(world)["staff_wg"]
    preview = client.post(url, {**TEXT, "step": "preview"}).content.decode()
    once = re.search(r'name="once" value="([^"]+)"', preview)
    assert once is not None
    changed = client.post(url, {**TEXT, "once": once.group(1), "step": "change"})
    assert changed.status_code == 200 and once.group(1) in changed.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, {**TEXT, "once": once.group(1), "step": "send"})
        again = client.post(url, {**TEXT, "once": once.group(1), "step": "send"})
    assert first.status_code == 302
    assert again.status_code == 422 and "already been sent" in text(again)
    assert Message.objects.count() == 1 and len(mail.outbox) == 2


def test_a_message_rewritten_after_its_preview_gets_a_new_key_and_is_sent(
        client, world, django_capture_on_commit_callbacks):
    """Send one message, go back, write a different one: the key the first confirm page
    drew rides along in the form, but the second is not refused as already sent."""
    import re

    def key(page) -> str:
        found = re.search(r'name="once" value="([^"]+)"', page.content.decode())
        assert found is not None
        return found.group(1)

    sign_in(client, world["staff"])
    url = urls(world)["staff_wg"]
    first = key(client.post(url, {**TEXT, "step": "preview"}))
    assert key(client.post(url, {**TEXT, "once": first, "step": "preview"})) == first
    other = {"subject": "Room change", "body": "We meet in room 4."}
    second = key(client.post(url, {**other, "once": first, "step": "preview"}))
    assert second != first
    copied = key(client.post(url, {**TEXT, "copy_supporters": "on", "once": first,
                                   "step": "preview"}))
    assert copied not in {first, second}  # a different audience is a different message
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**TEXT, "once": first, "step": "send"}).status_code == 302
        assert client.post(url, {**other, "once": second, "step": "send"}).status_code == 302
        # Even a stale key (the page sent without a new preview) refuses only the same text.
        stale = {"subject": "Parking", "body": "Park at the back."}
        assert client.post(url, {**stale, "once": first, "step": "send"}).status_code == 302
        again = client.post(url, {**other, "once": second, "step": "send"})
    assert again.status_code == 422 and "already been sent" in text(again)
    assert sorted(Message.objects.values_list("subject", flat=True)) == [
        "Bring a calculator", "Parking", "Room change"]


def test_the_staff_work_group_page_shows_its_messages_and_evaluation_results(client, world,
                                                                              monkeypatch):
    from workgroups.accounts.capabilities import ROLE_CAPABILITIES, Capability

    message = a_message(world)
    group = world["group"]
    sign_in(client, world["staff"])
    page = client.get(f"/staff/hubs/cw/work-groups/{group.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "Bring a calculator" in text(page)
    assert f'href="{urls(world)["staff_wg"]}"' in html
    assert f'href="/staff/hubs/cw/messages/{message.pk}/"' in html
    evaluation = f'href="/staff/hubs/cw/evaluation/work-groups/{group.pk}/"'
    assert evaluation in html and "Evaluation results" in text(page)
    monkeypatch.setitem(ROLE_CAPABILITIES, Role.HUB_STAFF,
                        ROLE_CAPABILITIES[Role.HUB_STAFF] - {Capability.REPORTS_VIEW})
    assert "Evaluation results" not in text(client.get(f"/staff/hubs/cw/work-groups/{group.pk}/"))


def test_the_lead_s_work_group_page_shows_its_messages(client, world):
    message = a_message(world)
    sign_in(client, world["lead"])
    page = client.get(f"/lead/work-groups/{world['group'].pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "Bring a calculator" in text(page)
    assert f'href="{urls(world)["lead_wg"]}"' in html
    assert f'href="/lead/messages/{message.pk}/"' in html
    assert "/staff/" not in html.split("<main", 1)[1]


def test_the_applications_page_shows_the_messages_to_applicants(client, world):
    message = a_message(world, to_applicants=True)
    a_message(world)  # to the Work Group: not listed here
    sign_in(client, world["staff"])
    page = client.get(f"/staff/hubs/cw/offerings/{world['offering'].pk}/applications/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="{urls(world)["staff_offering"]}"' in html
    assert f'href="/staff/hubs/cw/messages/{message.pk}/"' in html
    assert html.count('href="/staff/hubs/cw/messages/') == 1


@pytest.mark.parametrize("who", ["staff", "lead"])
def test_the_work_group_pages_queries_do_not_grow_with_its_messages(client, world, who):
    group = world["group"]
    page = (f"/staff/hubs/cw/work-groups/{group.pk}/" if who == "staff"
            else f"/lead/work-groups/{group.pk}/")
    sign_in(client, world[who])
    counts = []
    for _ in range(2):
        for _ in range(3):
            a_message(world)
        client.get(page)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert Message.objects.count() == 6
