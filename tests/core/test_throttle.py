"""The shared throttle: counts per key in windows of the product clock, in the shared cache."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import caches

from workgroups.core.throttle import Throttle, throttle_consume_all

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    caches["default"].clear()  # Redis outlives the test's transaction

DAY = Throttle("test-day", limit=2, window=timedelta(days=1))


def test_the_cache_is_shared_not_per_process(settings):
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend in {"django.core.cache.backends.db.DatabaseCache",
                       "django.core.cache.backends.redis.RedisCache"}


def test_a_key_is_refused_past_its_limit_and_others_are_not(pinned_clock):
    assert DAY.consume("a@example.org")
    assert DAY.consume("A@Example.org ")
    assert not DAY.consume("a@example.org")
    assert DAY.count("a@example.org") == 2
    assert DAY.consume("b@example.org")


def test_the_next_window_on_the_product_clock_starts_again(pinned_clock, settings):
    DAY.consume("a@example.org")
    DAY.consume("a@example.org")
    assert not DAY.allows("a@example.org")
    settings.WORKGROUPS_PINNED_NOW = pinned_clock + timedelta(days=1)
    assert DAY.allows("a@example.org")


def test_release_gives_one_back_and_consume_all_takes_none_when_one_is_full(pinned_clock):
    other = Throttle("test-other", limit=1, window=timedelta(hours=1))
    assert throttle_consume_all((DAY, "a"), (other, "x"))
    assert not throttle_consume_all((DAY, "a"), (other, "x"))
    assert DAY.count("a") == 1
    DAY.release("a")
    assert DAY.count("a") == 0


def test_no_address_is_written_into_the_cache_keys(pinned_clock):
    DAY.consume("someone@example.org")
    key = DAY._cache_key("someone@example.org")
    assert "someone" not in key
    assert caches["default"].get(key) == 1
