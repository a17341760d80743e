"""Wrong passwords are throttled per account and per client address, in the shared cache, for
the staff sign-in and the Django admin alike; failures on other accounts from one shared address
do not lock a real person out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from tests import factories
from workgroups.accounts.signin import PASSWORDS_PER_ACCOUNT, PASSWORDS_PER_ADDRESS

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/django-admin/login/"
PASSWORD = "correct-horse-battery"
TOO_MANY = "Too many attempts"


@pytest.fixture(autouse=True)
def empty_cache(pinned_clock):
    cache.clear()  # Redis (REDIS_URL) outlives the test's transaction
    yield
    cache.clear()


def person(email, **kwargs):
    user = factories.user(email=email, **kwargs)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def sign_in(client, email, password):
    return client.post(LOGIN, {"login": email, "password": password})


def admin_sign_in(client, email, password):
    return client.post(ADMIN_LOGIN, {"username": email, "password": password,
                                     "next": "/django-admin/"})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_right_password_is_refused_after_five_wrong_ones_then_works_later(
        client, settings, pinned_clock):
    staff = person("staff@hub.example.org")
    for _ in range(PASSWORDS_PER_ACCOUNT.limit):
        response = sign_in(client, staff.email, "wrong-password-here")
        assert response.status_code == 200 and TOO_MANY not in response.text
    response = sign_in(client, staff.email, PASSWORD)
    assert TOO_MANY in response.text and not signed_in(client)
    settings.WORKGROUPS_PINNED_NOW = pinned_clock + PASSWORDS_PER_ACCOUNT.window
    sign_in(client, staff.email, PASSWORD)
    assert signed_in(client)


def test_a_right_password_does_not_use_up_the_allowance(client):
    staff = person("staff@hub.example.org")
    for _ in range(PASSWORDS_PER_ACCOUNT.limit + 2):
        sign_in(client, staff.email, PASSWORD)
        assert signed_in(client)
        client.logout()


def test_failures_on_other_accounts_from_a_shared_address_do_not_lock_a_real_person_out(client):
    staff = person("staff@hub.example.org")
    for n in range(44):
        response = sign_in(client, f"nobody{n}@example.org", "wrong-password-here")
        assert response.status_code == 200
    assert not PASSWORDS_PER_ADDRESS.allows("127.0.0.1")
    sign_in(client, staff.email, PASSWORD)
    assert signed_in(client)


def test_past_the_address_limit_an_account_that_has_failed_gets_no_more_tries(client):
    staff = person("staff@hub.example.org")
    sign_in(client, staff.email, "wrong-password-here")
    for n in range(PASSWORDS_PER_ADDRESS.limit):
        sign_in(client, f"nobody{n}@example.org", "wrong-password-here")
    response = sign_in(client, staff.email, PASSWORD)
    assert TOO_MANY in response.text and not signed_in(client)


def test_the_django_admin_signs_in_only_through_the_throttled_sign_in(client, settings,
                                                                     pinned_clock):
    """The admin has no password form of its own, so no password is ever checked there: it
    sends people to the one sign-in, whose counts it therefore shares."""
    admin = person("admin@example.org", is_staff=True, is_superuser=True)
    login = client.get(ADMIN_LOGIN)
    assert login.status_code == 302 and login["Location"].startswith(LOGIN + "?next=")
    response = admin_sign_in(client, admin.email, PASSWORD)
    assert response.status_code == 302 and not signed_in(client)
    for _ in range(PASSWORDS_PER_ACCOUNT.limit):
        sign_in(client, admin.email, "wrong-password-here")
    client.post(LOGIN, {"login": admin.email, "password": PASSWORD})
    assert not signed_in(client)
    settings.WORKGROUPS_PINNED_NOW = pinned_clock + timedelta(minutes=5)
    client.post(LOGIN, {"login": admin.email, "password": PASSWORD})
    assert signed_in(client)


def test_the_trusted_proxy_setting_gives_each_person_behind_the_proxy_their_own_count(
        client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    staff = person("staff@hub.example.org")
    for n in range(PASSWORDS_PER_ADDRESS.limit + 5):
        client.post(LOGIN, {"login": f"nobody{n}@example.org", "password": "wrong-password-x"},
                    HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert not PASSWORDS_PER_ADDRESS.allows("203.0.113.9")
    assert PASSWORDS_PER_ADDRESS.allows("127.0.0.1")
    sign_in(client, staff.email, "wrong-password-here")  # from another address: not refused
    client.post(LOGIN, {"login": staff.email, "password": PASSWORD},
                HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert signed_in(client)


def test_a_forwarded_header_that_does_not_fit_the_setting_is_no_server_error(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 3
    response = client.post(LOGIN, {"login": "a@example.org", "password": "wrong-password-x"},
                           HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert response.status_code == 200
