from __future__ import annotations

from django.http import HttpRequest

from workgroups.accounts.models import User


class AuthedHttpRequest(HttpRequest):
    """A request behind ``login_required``: ``user`` is a real account."""

    user: User
