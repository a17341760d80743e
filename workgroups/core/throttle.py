"""Counting in fixed windows of the product clock, in the cache every process shares.

A throttle is a scope ("interest-email", "password-account"…), a key within it (an email
address, a client address) and a limit per window. The window is found from
``workgroups.core.clock.now()``, so moving the product clock a day on opens the next one. Keys
are hashed: no email address is written into the cache's keys."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache

from workgroups.core import clock


@dataclass(frozen=True)
class Throttle:
    scope: str
    limit: int
    window: timedelta

    def _cache_key(self, key: str) -> str:
        seconds = int(self.window.total_seconds())
        bucket = int(clock.now().timestamp()) // seconds
        digest = hashlib.sha256(key.strip().lower().encode()).hexdigest()[:32]
        return f"throttle:{self.scope}:{bucket}:{digest}"

    def _timeout(self) -> int:
        return int(self.window.total_seconds()) + 60

    def count(self, key: str) -> int:
        value = cache.get(self._cache_key(key), 0)
        return int(value) if isinstance(value, int) else 0

    def allows(self, key: str) -> bool:
        """Whether one more would be within the limit (counts nothing)."""
        return self.count(key) < self.limit

    def consume(self, key: str) -> bool:
        """Count one; False (and the count unchanged) when the limit was already reached."""
        cache_key = self._cache_key(key)
        cache.add(cache_key, 0, self._timeout())
        try:
            used = cache.incr(cache_key)
        except ValueError:  # expired between the add and the incr
            cache.set(cache_key, 1, self._timeout())
            used = 1
        cache.touch(cache_key, self._timeout())  # the database cache's incr resets the expiry
        if used > self.limit:
            self.release(key)
            return False
        return True

    def release(self, key: str) -> None:
        """Take back one counted (a password that turned out right)."""
        cache_key = self._cache_key(key)
        try:
            if cache.decr(cache_key) < 0:
                cache.set(cache_key, 0, self._timeout())
            else:
                cache.touch(cache_key, self._timeout())
        except ValueError:
            pass


def throttle_consume_all(*pairs: tuple[Throttle, str]) -> bool:
    """Count one in every (throttle, key) pair, or in none of them when any is full."""
    done: list[tuple[Throttle, str]] = []
    for throttle, key in pairs:
        if not throttle.consume(key):
            for taken, taken_key in done:
                taken.release(taken_key)
            return False
        done.append((throttle, key))
    return True
