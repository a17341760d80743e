"""The interest form cannot flood an inbox: at most one email a day to an address however often
it is posted, at most 3 a day to an address however many Work Groups, and a limit per requester,
with a clear message; every registration is kept. Days are the product clock's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache

from tests import factories
from workgroups.catalogue.interest.services import CONFIRMATIONS_PER_ADDRESS_A_DAY
from workgroups.catalogue.models import InterestRegistration, OfferingStatus
from workgroups.core.throttle import REQUESTS_PER_REQUESTER

pytestmark = pytest.mark.django_db

ADDRESS = "ada.teacher@school.example.org"


@pytest.fixture(autouse=True)
def empty_cache(pinned_clock):
    cache.clear()  # Redis (REDIS_URL) outlives the test's transaction
    yield
    cache.clear()


@pytest.fixture
def offerings(pinned_clock):
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub",
                        contact_email="hub@example.org")
    year = factories.academic_year(2024)
    return [factories.offering(hub=hub, programme=factories.programme(slug=f"p{n}",
                                                                      title=f"Programme {n}"),
                               academic_year=year, status=OfferingStatus.CLOSED)
            for n in range(CONFIRMATIONS_PER_ADDRESS_A_DAY + 2)]


def url(offering) -> str:
    return f"/hubs/cw/{offering.academic_year.slug}/{offering.slug}/interest/"


def post(client, on_commit, offering, email=ADDRESS, **extra):
    return on_commit(client.post, url(offering), {"email": email, "name": "Ada"}, **extra)


def test_ten_posts_send_one_email_and_more_work_groups_at_most_three_a_day(
        client, on_commit, offerings):
    for n in range(10):
        response = post(client, on_commit, offerings[0], REMOTE_ADDR=f"192.0.2.{n}")
        assert response.status_code == 200 and "Check your email" in response.text
        assert "at most one email a day" in response.text
    assert [m.to for m in mail.outbox] == [[ADDRESS]]
    for offering in offerings[1:]:
        post(client, on_commit, offering, REMOTE_ADDR="192.0.2.99")
    assert len(mail.outbox) == CONFIRMATIONS_PER_ADDRESS_A_DAY
    assert InterestRegistration.objects.filter(email=ADDRESS).count() == len(offerings)


def test_the_next_day_on_the_product_clock_sends_the_link_held_back(
        client, on_commit, offerings, settings, pinned_clock):
    for offering in offerings:
        post(client, on_commit, offering)
    assert len(mail.outbox) == CONFIRMATIONS_PER_ADDRESS_A_DAY
    settings.WORKGROUPS_PINNED_NOW = pinned_clock + timedelta(days=1)
    post(client, on_commit, offerings[-1])
    assert len(mail.outbox) == CONFIRMATIONS_PER_ADDRESS_A_DAY + 1
    assert f"Programme {len(offerings) - 1}" in f"{mail.outbox[-1].subject} {mail.outbox[-1].body}"


def test_one_requester_is_stopped_after_the_daily_allowance_with_a_clear_message(
        client, on_commit, offerings, settings, pinned_clock):
    for n in range(REQUESTS_PER_REQUESTER.limit):
        post(client, on_commit, offerings[0], email=f"person{n}@example.org")
    assert len(mail.outbox) == REQUESTS_PER_REQUESTER.limit
    response = post(client, on_commit, offerings[0], email="one.more@example.org")
    assert response.status_code == 429
    assert "too many times today" in response.text
    assert 'value="one.more@example.org"' in response.text  # what they typed is kept
    assert len(mail.outbox) == REQUESTS_PER_REQUESTER.limit
    assert not InterestRegistration.objects.filter(email="one.more@example.org").exists()
    other = post(client, on_commit, offerings[0], email="one.more@example.org",
                 REMOTE_ADDR="192.0.2.50")
    assert other.status_code == 200 and len(mail.outbox) == REQUESTS_PER_REQUESTER.limit + 1
    settings.WORKGROUPS_PINNED_NOW = pinned_clock + timedelta(days=1)
    assert post(client, on_commit, offerings[1], email="x@example.org").status_code == 200
