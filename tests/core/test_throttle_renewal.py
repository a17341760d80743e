"""Support-link renewal cannot flood an inbox: one new link a day to an address however many
expired links ask for one, and a limit per requester, with a clear message; the expired link
still works for asking another day. Days are the product clock's."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache

from tests.applications.conftest import ect_offering  # noqa: F401  (a fixture)
from tests.applications.helpers import ECT, started
from workgroups.applications.services import application_submit
from workgroups.core.throttle import REQUESTS_PER_REQUESTER

pytestmark = pytest.mark.django_db

SUPPORTER = "hattie@school.example.org"


@pytest.fixture(autouse=True)
def empty_cache(pinned_clock):
    cache.clear()  # Redis (REDIS_URL) outlives the test's transaction
    yield
    cache.clear()


def expired_links(offering, on_commit, settings, count: int) -> list[str]:
    offering.programme.required_supports = ["head_of_maths"]
    offering.programme.save()
    tokens = []
    for _ in range(count):
        applicant, application = started(offering, {**ECT, "supporters": {"head_of_maths": {
            "name": "Hattie Head", "email": SUPPORTER}}})
        on_commit(application_submit, applicant=applicant, application=application)
        found = re.search(r"/support/([^/\s]+)/", str(mail.outbox[-1].body))
        assert found
        tokens.append(found.group(1))
    settings.WORKGROUPS_PINNED_NOW += timedelta(days=14, minutes=1)
    mail.outbox.clear()
    return tokens


def renew(client, on_commit, token, **extra):
    return on_commit(client.post, f"/support/{token}/", {"action": "renew"}, follow=True,
                     **extra)


def test_one_new_link_a_day_to_an_address_and_the_held_back_one_works_tomorrow(
        client, on_commit, settings, ect_offering):  # noqa: F811
    first, second = expired_links(ect_offering, on_commit, settings, 2)
    renew(client, on_commit, first)
    assert [m.to for m in mail.outbox] == [[SUPPORTER]]
    refused = renew(client, on_commit, second)
    assert "already sent a new link to this address today" in refused.text
    assert len(mail.outbox) == 1
    settings.WORKGROUPS_PINNED_NOW += timedelta(days=1)
    renew(client, on_commit, second)
    assert len(mail.outbox) == 2 and mail.outbox[1].to == [SUPPORTER]


def test_one_requester_is_stopped_after_the_daily_allowance(client, on_commit, settings,
                                                            ect_offering):  # noqa: F811
    [token] = expired_links(ect_offering, on_commit, settings, 1)
    for _ in range(REQUESTS_PER_REQUESTER.limit):
        assert REQUESTS_PER_REQUESTER.consume("127.0.0.1")
    refused = renew(client, on_commit, token)
    assert refused.status_code == 200 and "too many times today" in refused.text
    assert mail.outbox == []
