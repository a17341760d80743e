"""Counting in fixed windows of the product clock, in the cache every process shares.

A throttle is a scope ("interest-email", "password-account"…), a key within it (an email
address, a client address) and a limit per window. The window is found from
``workgroups.core.clock.now()``, so moving the product clock a day on opens the next one. Keys
are hashed: no email address is written into the cache's keys."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest

from workgroups.core import clock
from workgroups.core.email import email_once


def _digest(key: str) -> str:
    return hashlib.sha256(key.strip().lower().encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Throttle:
    scope: str
    limit: int
    window: timedelta

    def _cache_key(self, key: str) -> str:
        seconds = int(self.window.total_seconds())
        bucket = int(clock.now().timestamp()) // seconds
        return f"throttle:{self.scope}:{bucket}:{_digest(key)}"

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


def client_address(request: HttpRequest) -> str:
    """The client's address as the throttles see it: allauth's reading of the trusted proxy
    settings (ALLAUTH_TRUSTED_PROXY_COUNT / _CLIENT_IP_HEADER), or the connection's own address
    when a forwarded header does not fit them."""
    try:
        return str(get_adapter(request).get_client_ip(request))
    except (ImproperlyConfigured, PermissionDenied):
        return str(request.META.get("REMOTE_ADDR") or "unknown")


# Forms that send an email to an address the requester typed: at most this many a day from one
# client address, whatever the addresses (each address gets at most one a day on its own).
REQUESTS_PER_REQUESTER = Throttle("emailing-requester", limit=10, window=timedelta(days=1))
TOO_MANY_REQUESTS = ("You have sent this form too many times today. Nothing has been sent. "
                     "Try again tomorrow.")


def requester_allowed(request: HttpRequest) -> bool:
    """Count one emailing request from this client; False once today's allowance is used."""
    return REQUESTS_PER_REQUESTER.consume(client_address(request))


def email_once_a_day(*, scope: str, address: str, limit: int = 1) -> bool:
    """Claim one of today's (product clock) ``limit`` emails of ``scope`` to ``address``: False
    once they are all claimed. Call it in the transaction that queues the email, so the claim
    commits (or rolls back) with it. The address is hashed."""
    day = clock.today().isoformat()
    return any(email_once(f"{scope}:{_digest(address)}:{day}:{slot}") for slot in range(limit))
