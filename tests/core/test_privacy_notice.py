"""Issue 14 item 6: the privacy notice is written from the settings the service runs on, and
lists every cookie a person is actually given."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.test_sign_in import code_in, continue_with

pytestmark = pytest.mark.django_db


# The "how long" cell of a row of the retention table.
KEPT_CELL = '<td class="govuk-table__cell" data-label="How long we keep it">{}</td>'


def listed_cookies(client) -> set[str]:
    page = client.get("/privacy/").text
    return set(re.findall(r"<code data-cookie>([^<]+)</code>", page))


def test_every_cookie_set_on_a_sign_in_journey_is_listed_on_the_privacy_page(client, on_commit):
    set_names: set[str] = set()

    def seen(response):
        set_names.update(name for name, morsel in response.cookies.items() if morsel.value)
        return response

    for url in ["/", "/privacy/", "/accounts/login/code/"]:
        seen(client.get(url))
    response, sent = continue_with(client, on_commit, "cookie.walk@school.example.org")
    seen(response)
    seen(client.get(response["Location"]))
    seen(client.post(response["Location"], {"code": code_in(sent[0])}))
    seen(client.get("/applications/"))
    seen(client.post(reverse("accounts:profile-forget")))  # leaves a message for the next page
    seen(client.get(reverse("accounts:profile")))
    seen(client.post("/accounts/logout/"))
    # the journey reached them all
    assert {"sessionid", "csrftoken", "messages", "workgroups_browser"} <= set_names
    assert set_names <= listed_cookies(client)
    assert len(mail.outbox) == 1


def test_the_cookie_list_follows_the_cookie_settings(client, settings):
    settings.SESSION_COOKIE_NAME = "wg_session"
    settings.SESSION_COOKIE_AGE = 8 * 3600
    page = client.get("/privacy/").text
    assert "<code data-cookie>wg_session</code>" in page
    assert "8 hours, or until you sign out" in page
    assert "sessionid" not in page


def test_the_privacy_page_reads_its_periods_from_the_retention_settings(client, settings):
    page = client.get("/privacy/").text
    for words in ["12 months after the end of the academic year it was for",
                  "Until 3 months after applications for that year open",
                  KEPT_CELL.format("7 days."), "6 years. After that",
                  "controller of your data", "the NCETM"]:
        assert words in page, words
    settings.WORKGROUPS_RETENTION = {**settings.WORKGROUPS_RETENTION,
                                     "unsuccessful_application_months": 18,
                                     "email_task_days": 1, "audit_event_years": 7}
    page = client.get("/privacy/").text
    assert "18 months after the end of the academic year it was for" in page
    assert KEPT_CELL.format("1 day.") in page
    assert "7 years. After that" in page and "6 years" not in page
