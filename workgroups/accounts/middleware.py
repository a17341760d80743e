"""Staff sessions end after a working day without activity; sign-ins leave a browser cookie.

Anyone who must have a second factor (``second_factor.needs_second_factor``) is signed out once
``WORKGROUPS_STAFF_IDLE_HOURS`` pass with no request from them; applicants stay remembered for the
session cookie's full age. The last-seen time is written at most every few minutes, so browsing
does not save the session on every request. (Someone given a role while signed in is timed from
their next sign-in; the staff gates ask for their second factor straight away.)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from workgroups.accounts.browsers import set_browser_cookie
from workgroups.accounts.second_factor import needs_second_factor

SEEN_KEY = "workgroups_staff_seen"
# How stale the recorded last-seen time may get before it is written again.
SEEN_PRECISION_SECONDS = 5 * 60


def staff_session_start(sender: Any, request: HttpRequest | None, user: Any,
                        **kwargs: Any) -> None:
    """``user_logged_in`` receiver: note at sign-in (while the session is being saved anyway)
    whether this is a staff session, so later requests need no query to know."""
    if request is not None and hasattr(request, "session"):
        request.session[SEEN_KEY] = time.time() if needs_second_factor(user) else False
        if needs_second_factor(user):
            request.session.set_expiry(settings.WORKGROUPS_STAFF_IDLE_HOURS * 3600)


def staff_session_confirm(request: HttpRequest) -> None:
    """On a staff page, after the second factor: a session marked at sign-in as having no role
    (the role came later) is timed as a staff session from now on."""
    if request.session.get(SEEN_KEY) is False:
        request.session[SEEN_KEY] = time.time()
        request.session.set_expiry(settings.WORKGROUPS_STAFF_IDLE_HOURS * 3600)


class StaffSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self._expire_idle_staff(request)
        response = self.get_response(request)
        set_browser_cookie(request, response)
        return response

    def _expire_idle_staff(self, request: HttpRequest) -> None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        seen = request.session.get(SEEN_KEY)
        if seen is False:
            return  # someone without a role, found so earlier in this session
        if seen is None and not needs_second_factor(user):
            request.session[SEEN_KEY] = False
            return
        idle_limit = settings.WORKGROUPS_STAFF_IDLE_HOURS * 3600
        now = time.time()
        if isinstance(seen, (int, float)) and now - seen > idle_limit:
            logout(request)
            messages.info(request, "You were signed out after "
                          f"{settings.WORKGROUPS_STAFF_IDLE_HOURS} hours without activity. "
                          "Sign in again to carry on.")
            return
        if not isinstance(seen, (int, float)) or now - seen > SEEN_PRECISION_SECONDS:
            request.session[SEEN_KEY] = now
            # The session row itself goes too when it is left idle, not only the browser's view.
            request.session.set_expiry(idle_limit)
