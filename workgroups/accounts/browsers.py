"""Browsers people sign in from: a sign-in from one not seen before is emailed to the person.

The browser keeps a random value in a cookie (``settings.WORKGROUPS_BROWSER_COOKIE``); only its
hash is stored, with a few words saying what the browser is. Nobody is told about their very
first sign-in (there is nothing to compare with), nor about one by emailed code alone when they
hold no role: the code email itself has just told them. Everyone with a role or a password is
told, so a stolen staff password used elsewhere is noticed.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from workgroups.accounts.models import KnownBrowser, User
from workgroups.accounts.second_factor import needs_second_factor
from workgroups.core import clock
from workgroups.core.queue import enqueue_with_change

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")
_REQUEST_ATTRIBUTE = "_workgroups_new_browser_cookie"

# Most specific first: Edge and Opera say "Chrome" too, and Chrome says "Safari".
_BROWSERS = [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
             ("Chrome/", "Chrome"), ("Safari/", "Safari")]
_SYSTEMS = [("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"),
            ("Windows", "Windows"), ("Mac OS X", "a Mac"), ("CrOS", "ChromeOS"),
            ("Linux", "Linux")]


def browser_description(user_agent: str) -> str:
    """A few words from a fixed list (never the header's own text, which anyone can type)."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), "A browser")
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), "")
    return f"{browser} on {system}" if system else browser


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def known_browser_record(*, user: User, token: str, user_agent: str) -> bool:
    """Remember that ``user`` signed in from the browser holding ``token``; True when the person
    should be told (a browser new to them, and not their first sign-in)."""
    now = clock.now()
    with transaction.atomic():
        known = KnownBrowser.objects.filter(user=user, digest=_digest(token))
        if known.update(last_seen_at=now):
            return False
        seen_before = KnownBrowser.objects.filter(user=user).exists()
        KnownBrowser.objects.create(user=user, digest=_digest(token),
                                    description=browser_description(user_agent),
                                    first_seen_at=now, last_seen_at=now)
        return seen_before


def on_signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """``user_logged_in`` receiver."""
    if request is None or not isinstance(user, User):
        return
    token = request.COOKIES.get(settings.WORKGROUPS_BROWSER_COOKIE, "")
    if not _TOKEN.match(token):
        token = secrets.token_urlsafe(32)
        setattr(request, _REQUEST_ATTRIBUTE, token)
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:500]
    if not known_browser_record(user=user, token=token, user_agent=user_agent):
        return
    if not (needs_second_factor(user) or user.has_usable_password()):
        return
    from workgroups.accounts.tasks import send_new_browser_email

    enqueue_with_change(send_new_browser_email, user_id=user.pk,
                        description=browser_description(user_agent), at=clock.now().isoformat())


def set_browser_cookie(request: HttpRequest, response: HttpResponse) -> None:
    """Give a browser its cookie on the response to the sign-in that made one."""
    token = getattr(request, _REQUEST_ATTRIBUTE, None)
    if token:
        response.set_cookie(
            settings.WORKGROUPS_BROWSER_COOKIE, token,
            max_age=settings.WORKGROUPS_BROWSER_COOKIE_DAYS * 86400,
            secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax")
