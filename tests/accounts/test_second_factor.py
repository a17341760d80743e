"""Issue 14 item 1: everyone with a role must have a second factor and have used it in this
session before any staff page; an emailed code alone never opens one; the Django admin signs in
through the same flow; staff sessions end after 8 idle hours; a new browser is emailed."""

from __future__ import annotations

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests import factories
from tests.accounts.test_sign_in import code_in, continue_with
from tests.factories import sign_in
from tests.test_permissions import PAGES, POST_ORDER, build_world, page_post, page_url
from workgroups.accounts.browsers import browser_description
from workgroups.accounts.middleware import SEEN_KEY
from workgroups.accounts.models import HubMembership, KnownBrowser, Role
from workgroups.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    """The permission matrix's world: a hub, its pages' objects, and one person per role."""
    return build_world(settings)

PASSWORD = "correct-horse-battery"
ROLE_HOLDERS = ["other_hub_staff", "work_group_lead", "lead_of_this_work_group",
                "national_viewer", "national_staff", "hub_staff", "hub_lead", "superuser"]
SET_UP = "/account/second-factor/"
USE_IT = "/accounts/2fa/reauthenticate/"


def every_page(ids):
    return [page_url(name, ids) for name, page in PAGES.items() if page.get]


@pytest.mark.parametrize("role", ROLE_HOLDERS)
def test_without_a_second_factor_no_staff_page_opens_and_no_post_acts(client, world, role):
    _, people, ids = world
    client.force_login(people[role])  # a password (or a code) alone
    for url in every_page(ids):
        response = client.get(url)
        assert response.status_code == 302, (role, url)
        assert response["Location"].startswith(SET_UP + "?next="), (role, url)
    before = AuditEvent.objects.count()
    for name in POST_ORDER:
        response = client.post(page_url(name, ids), page_post(name, ids))
        assert response.status_code == 302, (role, name)
    assert AuditEvent.objects.count() == before
    page = client.get(SET_UP)
    assert page.status_code == 200
    assert "Before you use the staff pages" in page.text


@pytest.mark.parametrize("role", ["hub_staff", "national_viewer", "superuser"])
def test_with_a_second_factor_unused_this_session_staff_pages_ask_for_it(client, world, role):
    _, people, ids = world
    factories.second_factor(people[role])
    client.force_login(people[role])
    for url in every_page(ids):
        response = client.get(url)
        assert response["Location"].startswith(USE_IT + "?next="), (role, url)


def test_people_without_a_role_need_no_second_factor(client, world):
    _, people, _ids = world
    client.force_login(people["applicant"])
    assert client.get("/applications/").status_code == 200
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_an_emailed_code_alone_never_opens_a_staff_page(client, on_commit):
    hub = factories.hub(slug="cheshire")
    staff = factories.member(hub, Role.HUB_STAFF, email="staff@hub.example.org")
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    # No second factor yet: the code signs them in, but staff pages send them to set one up.
    response, sent = continue_with(client, on_commit, staff.email)
    response = client.post(response["Location"], {"code": code_in(sent[0])})
    staff_page = client.get("/staff/hubs/cheshire/")
    assert staff_page["Location"].startswith(SET_UP)
    # ...and choosing one asks for their password first: the mailbox alone is not enough.
    activate = client.get("/accounts/2fa/totp/activate/")
    assert activate["Location"].startswith("/accounts/reauthenticate/")
    client.post("/accounts/logout/")
    # With one: the code is followed by the second factor before they are signed in at all.
    factories.second_factor(staff)
    response, sent = continue_with(client, on_commit, staff.email)
    response = client.post(response["Location"], {"code": code_in(sent[-1])})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    staff_page = client.get("/staff/hubs/cheshire/")
    assert staff_page["Location"].startswith("/accounts/login/")
    response = client.post("/accounts/2fa/authenticate/", {"code": factories.totp_code()})
    assert client.get("/staff/hubs/cheshire/").status_code == 200


def test_setting_up_an_authenticator_app_opens_the_staff_pages(
        client, django_capture_on_commit_callbacks):
    hub = factories.hub(slug="cheshire")
    staff = factories.member(hub, Role.HUB_STAFF)
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    response = client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert client.get(response["Location"])["Location"].startswith(SET_UP)
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200, page.get("Location")
    secret = page.context["form"].secret
    from allauth.mfa.totp.internal.auth import hotp_value

    code = f"{hotp_value(secret, int(time.time() // 30)):06d}"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/staff/hubs/cheshire/").status_code == 200
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.RECOVERY_CODES).exists()


def test_someone_with_a_role_cannot_remove_their_only_second_factor(client):
    staff = factories.member(factories.hub(), Role.HUB_STAFF)
    sign_in(client, staff)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})  # as allauth asks first
    client.post("/accounts/2fa/totp/deactivate/")
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    applicant = factories.user()
    EmailAddress.objects.create(user=applicant, email=applicant.email, verified=True,
                                primary=True)
    factories.second_factor(applicant)
    client.post("/accounts/logout/")
    password_sign_in(client, applicant)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    client.post("/accounts/2fa/totp/deactivate/")
    assert not Authenticator.objects.filter(user=applicant, type=Authenticator.Type.TOTP).exists()


def test_wrong_second_factor_codes_are_limited_per_account(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/key"}
    hub = factories.hub(slug="cheshire")
    staff = factories.member(hub, Role.HUB_STAFF)
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    factories.second_factor(staff)
    response = client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    right = factories.totp_code()
    wrong = f"{(int(right) + 1) % 1000000:06d}"
    for _ in range(5):
        assert "not right" in client.post("/accounts/2fa/authenticate/", {"code": wrong}).text
    refused = client.post("/accounts/2fa/authenticate/", {"code": right})
    assert refused.status_code == 200
    assert "Too many" in refused.text
    assert client.get("/staff/hubs/cheshire/").status_code == 302


# --- The Django admin ------------------------------------------------------------------------

def test_the_django_admin_has_no_password_form_of_its_own(client):
    admin_user = factories.user(is_superuser=True, is_staff=True)
    response = client.get("/django-admin/")
    assert response["Location"].startswith("/django-admin/login/")
    login = client.get(response["Location"])
    assert login["Location"].startswith("/accounts/login/?next=")
    # Posting a password to the admin's old form signs nobody in.
    client.post("/django-admin/login/", {"username": admin_user.email, "password": PASSWORD})
    assert client.get("/django-admin/").status_code == 302


def test_the_django_admin_needs_the_second_factor_too(client):
    admin_user = factories.user(is_superuser=True, is_staff=True)
    client.force_login(admin_user)
    response = client.get("/django-admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(SET_UP)
    sign_in(client, admin_user)
    assert client.get("/django-admin/").status_code == 200


def test_a_signed_in_person_who_may_not_use_the_admin_is_told_so(client):
    staff = factories.member(factories.hub(), Role.HUB_STAFF)
    sign_in(client, staff)
    assert client.get("/django-admin/login/").status_code == 403


# --- Idle staff sessions -----------------------------------------------------------------------

def test_a_staff_session_ends_after_8_idle_hours(client, settings):
    hub = factories.hub(slug="cheshire")
    sign_in(client, factories.member(hub, Role.HUB_STAFF))
    assert client.get("/staff/hubs/cheshire/").status_code == 200
    session = client.session
    session[SEEN_KEY] = time.time() - 7.9 * 3600
    session.save()
    assert client.get("/staff/hubs/cheshire/").status_code == 200  # still within 8 hours
    session = client.session
    session[SEEN_KEY] = time.time() - 8.1 * 3600
    session.save()
    response = client.get("/staff/hubs/cheshire/")
    assert response["Location"].startswith("/accounts/login/")
    assert client.session.get_expiry_age() <= settings.SESSION_COOKIE_AGE


def test_a_staff_session_is_kept_for_8_hours_from_the_last_request(client):
    hub = factories.hub(slug="cheshire")
    sign_in(client, factories.member(hub, Role.HUB_STAFF))
    client.get("/staff/hubs/cheshire/")
    assert client.session.get_expiry_age() == 8 * 3600


def test_someone_given_a_role_while_signed_in_is_timed_as_staff(client):
    hub = factories.hub(slug="cheshire")
    person = factories.user()
    client.force_login(person)  # no role yet: their session is not timed
    assert client.session[SEEN_KEY] is False
    HubMembership.objects.create(user=person, hub=hub, role=Role.HUB_STAFF)
    sign_in(client, person)
    session = client.session
    session[SEEN_KEY] = False  # as it was noted at their sign-in, before the role
    session.save()
    assert client.get("/staff/hubs/cheshire/").status_code == 200
    assert client.session[SEEN_KEY] is not False
    assert client.session.get_expiry_age() == 8 * 3600


def test_applicants_are_not_timed_out(client):
    applicant = factories.user()
    sign_in(client, applicant)
    client.get("/applications/")
    assert client.session[SEEN_KEY] is False
    assert client.get("/applications/").status_code == 200


# --- New browsers ------------------------------------------------------------------------------

def password_sign_in(client, person):
    cache.clear()  # an authenticator code works once: forget that this test used it already
    browser = "Mozilla/5.0 (Windows NT 10.0) Firefox/130.0"
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD},
                           HTTP_USER_AGENT=browser)
    if response["Location"] == "/accounts/2fa/authenticate/":
        client.post(response["Location"], {"code": factories.totp_code()},
                    HTTP_USER_AGENT=browser)


def test_a_sign_in_from_a_new_browser_is_emailed(client, django_capture_on_commit_callbacks):
    from django.test import Client

    staff = factories.member(factories.hub(), Role.HUB_STAFF)
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    factories.second_factor(staff)
    with django_capture_on_commit_callbacks(execute=True):
        password_sign_in(client, staff)  # the first ever: nothing to compare with
    assert mail.outbox == []
    client.post("/accounts/logout/")
    with django_capture_on_commit_callbacks(execute=True):
        password_sign_in(client, staff)  # the same browser again
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        password_sign_in(Client(), staff)  # another browser
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [staff.email]
    assert message.subject == "New sign-in to your Maths Hub Work Groups account"
    assert "Firefox on Windows" in message.body
    assert KnownBrowser.objects.filter(user=staff).count() == 2


def test_an_applicant_signing_in_by_code_is_not_emailed_twice(client, on_commit):
    from django.test import Client

    for browser in (client, Client()):
        response, sent = continue_with(browser, on_commit, "teacher@school.example.org")
        on_commit(browser.post, response["Location"], {"code": code_in(sent[-1])})
    assert [m.subject for m in mail.outbox].count(
        "New sign-in to your Maths Hub Work Groups account") == 0


@pytest.mark.parametrize("agent, words", [
    ("Mozilla/5.0 (Windows NT 10.0; Win64) AppleWebKit/537.36 Chrome/130 Safari/537.36 Edg/130",
     "Edge on Windows"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Safari/604.1",
     "Safari on iPhone"),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36",
     "Chrome on Linux"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Gecko/20100101 Firefox/130.0",
     "Firefox on a Mac"),
    ("<script>alert(1)</script> Click http://evil.example", "A browser"),
    ("", "A browser"),
])
def test_a_browser_is_described_from_a_fixed_list_of_words(agent, words):
    assert browser_description(agent) == words


@pytest.mark.parametrize("role", ["lead_of_this_work_group", "hub_staff"])
def test_the_api_asks_a_session_for_the_second_factor_too(client, world, role):
    _, people, ids = world
    url = f"/api/v1/work-groups/{ids['work_group']}/sessions/{ids['session']}/register"
    factories.second_factor(people[role])
    client.force_login(people[role])  # a password or code alone
    assert client.get(url).status_code == 401
    sign_in(client, people[role])
    assert client.get(url).status_code == 200
