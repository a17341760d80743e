"""Who must have a second factor, and whether this session has passed one.

Everyone with a role (at a hub, as a Work Group lead, or nationally) and every superuser or Django
staff user can see other people's personal data, so their password (or an emailed code) is not
enough: before any staff page they must have set up a second factor (an authenticator app, or a
security key / passkey) and have used it in this session. allauth records each way a person
proved who they are in the session (``"mfa"`` once they typed an authenticator code, used a
recovery code or a security key); that record is what is checked here, so a sign-in by emailed
code alone, or a session from before the second factor existed, never opens a staff page.

The staff gates (``gate.py``) and the Django admin ask :func:`second_factor_response` first.
"""

from __future__ import annotations

import time
from typing import Any

from allauth.account.app_settings import REAUTHENTICATION_TIMEOUT
from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from workgroups.accounts.models import HubMembership, User

# The kinds that can stand on their own; recovery codes only back one of them up.
FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def needs_second_factor(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return HubMembership.objects.filter(user_id=user.pk).exists()


def has_second_factor(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and Authenticator.objects.filter(
        user_id=user.pk, type__in=FACTOR_TYPES).exists())


def passed_second_factor(request: HttpRequest) -> bool:
    """Whether the person signed in on ``request`` used a second factor in this session."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return any(record.get("method") == "mfa"
               for record in get_authentication_records(request, user))


def signed_in_recently(request: HttpRequest, *, method: str | None = None) -> bool:
    """Whether the person proved who they are in this session (by ``method``, if given) within
    allauth's reauthentication window (5 minutes by default)."""
    records = get_authentication_records(request, request.user)
    return any(time.time() - float(record.get("at", 0)) < REAUTHENTICATION_TIMEOUT
               for record in records if method is None or record.get("method") == method)


def second_factor_response(request: HttpRequest) -> HttpResponse | None:
    """None when the signed-in person may go on to a staff page; otherwise where they must go
    first: setting up a second factor (they have none), or using it (they signed in without)."""
    user = request.user
    if passed_second_factor(request) or not needs_second_factor(user):
        return None  # the session is asked first: no query for staff who have passed
    next_query = urlencode({"next": request.get_full_path()})
    kinds = set(Authenticator.objects.filter(user_id=user.pk, type__in=FACTOR_TYPES)
                .values_list("type", flat=True))
    if Authenticator.Type.TOTP in kinds:
        where = "mfa_reauthenticate"  # the app's code (or a recovery code, or a key there)
    elif Authenticator.Type.WEBAUTHN in kinds:
        where = "mfa_reauthenticate_webauthn"
    else:
        where = "accounts:second-factor"
    return HttpResponseRedirect(f"{reverse(where)}?{next_query}")


def second_factor_added(request: HttpRequest, user: User, authenticator: Any) -> None:
    """Setting up an authenticator app or security key means typing a code from it (or
    touching the key) there and then: that is using the second factor in this session."""
    if authenticator.type in FACTOR_TYPES and request.user.pk == user.pk:
        record_authentication(request, user, "mfa", type=authenticator.type, id=authenticator.pk)
