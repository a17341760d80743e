"""The second-factor pages (allauth.mfa's views, our GOV.UK templates) and signing in with one.

Every page is rendered from workgroups/templates (never allauth's own "element" templates), has one
h1, and speaks of an authenticator app, a security key or passkey and recovery codes, never of
TOTP, WebAuthn or 2FA. Codes are worked out for a moment pinned in allauth's TOTP module, so a test
never straddles the 30-second step of the app's codes.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import time as wallclock
import types
from html import unescape
from typing import Any

import pytest
from allauth.account.app_settings import REAUTHENTICATION_TIMEOUT
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal import auth as totp_auth
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from fido2.cose import ES256
from fido2.utils import websafe_encode
from fido2.webauthn import (
    Aaguid,
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import User
from workgroups.hubs.models import Hub

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
TEMPLATES_DIR = settings.BASE_DIR / "workgroups" / "templates"
JARGON = ("totp", "webauthn", "2fa", "two-factor", "master key", "incorrect code",
          "this field is required")

# Each test gets its own 30-second step, well inside it, so codes used in one test (allauth
# remembers them in the cache for a step) are never those of another.
_steps = itertools.count(1)
_first_step = int(wallclock.time()) // 30


@pytest.fixture
def moment(monkeypatch: pytest.MonkeyPatch) -> float:
    """The time allauth's TOTP checks see, pinned for the test."""
    at = float((_first_step + next(_steps)) * 30 + 12)
    monkeypatch.setattr(totp_auth, "time", types.SimpleNamespace(time=lambda: at))
    return at


@pytest.fixture
def hub() -> Hub:
    return factories.hub(slug="cheshire", name="Cheshire Maths Hub")


def verified(person: User) -> User:
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person


@pytest.fixture
def staff(hub: Hub) -> User:
    return verified(factories.member(hub))


def code_for(secret: str, at: float) -> str:
    return f"{totp_auth.hotp_value(secret, int(at // 30)):06d}"


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def security_key(person: User, name: str = "Blue USB key") -> Authenticator:
    """A security key as allauth stores one once added: its registration response (made here
    with a fresh key pair, "none" attestation) and its name."""
    credential_id = f"key-{person.pk}-{name}".encode()
    public_key = ES256.from_cryptography_key(ec.generate_private_key(ec.SECP256R1()).public_key())
    credential = AttestedCredentialData.create(Aaguid.NONE, credential_id, public_key)
    auth_data = AuthenticatorData.create(
        hashlib.sha256(b"testserver").digest(),
        AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.AT, 0, credential)
    attestation = AttestationObject.create("none", auth_data, {})
    client_data = CollectedClientData.create(
        CollectedClientData.TYPE.CREATE, b"challenge", "http://testserver")
    response = {
        "id": websafe_encode(credential_id), "rawId": websafe_encode(credential_id),
        "type": "public-key", "clientExtensionResults": {},
        "response": {"clientDataJSON": websafe_encode(bytes(client_data)),
                     "attestationObject": websafe_encode(bytes(attestation))}}
    return Authenticator.objects.create(user=person, type=Authenticator.Type.WEBAUTHN,
                                        data={"name": name, "credential": response})


def recovery_codes(person: User) -> list[str]:
    return list(RecoveryCodes.activate(person).get_unused_codes())


def reauthenticate(client: Client) -> None:
    """Enter the password again, as allauth asks before any change to a second factor."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content


def headings(html: str) -> list[str]:
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", h)).split())
            for h in re.findall(r"<h1[\s>].*?</h1>", html, flags=re.S)]


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def error_summary(html: str) -> list[str]:
    found = re.search(r'<div class="govuk-error-summary".*?</ul>', html, flags=re.S)
    if found is None:
        return []
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", item)).split())
            for item in re.findall(r"<li>(.*?)</li>", found.group(0), flags=re.S)]


def assert_our_page(response: Any, h1: str) -> str:
    """Rendered only from our templates, with the one h1 expected and none of allauth's words."""
    assert response.status_code == 200
    html = response.content.decode()
    assert headings(html) == [h1]
    for template in response.templates:
        if template.name.startswith(("mfa/", "account/", "allauth/")):
            assert str(template.origin.name).startswith(str(TEMPLATES_DIR)), template.name
    text = visible_text(html).lower()
    for word in JARGON:
        assert word not in text, word
    assert "Error: " not in html.split("</title>")[0] or error_summary(html)
    return str(html)


def password_sign_in(client: Client, person: User) -> Any:
    return client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})


# --- Each page, for someone with an authenticator app ----------------------------------------

PAGES_WITH_APP: list[tuple[str, dict[str, Any], str]] = [
    # (url name, kwargs, expected h1 or the url name it redirects to)
    ("mfa_index", {}, "Sign-in and security"),
    ("mfa_activate_totp", {}, "->mfa_deactivate_totp"),
    ("mfa_deactivate_totp", {}, "You cannot remove your authenticator app yet"),
    ("mfa_view_recovery_codes", {}, "Your recovery codes"),
    ("mfa_generate_recovery_codes", {}, "Make new recovery codes"),
    ("mfa_reauthenticate", {}, "Enter the 6-digit code from your authenticator app"),
    ("account_reauthenticate", {}, "Enter your password"),
    ("mfa_add_webauthn", {}, "Add a security key or passkey"),
    ("mfa_list_webauthn", {}, "Security keys and passkeys"),
]


@pytest.mark.parametrize(("name", "kwargs", "expected"), PAGES_WITH_APP)
def test_each_page_for_staff_with_an_authenticator_app(client, staff, name, kwargs, expected):
    sign_in(client, staff)
    recovery_codes(staff)
    reauthenticate(client)
    response = client.get(reverse(name, kwargs=kwargs))
    if expected.startswith("->"):
        assert response.status_code == 302
        assert response["Location"] == reverse(expected[2:])
    else:
        assert_our_page(response, expected)


def test_the_index_lists_what_is_set_up_with_its_actions(client, staff):
    sign_in(client, staff)
    recovery_codes(staff)
    security_key(staff)
    html = assert_our_page(client.get(reverse("mfa_index")), "Sign-in and security")
    rows = {key: " ".join(unescape(re.sub(r"<[^>]+>", " ", rest)).split())
            for key, rest in re.findall(
                r'<dt class="govuk-summary-list__key">(.*?)</dt>(.*?)</div>', html, flags=re.S)}
    assert rows["Authenticator app"].startswith("Set up on ")
    assert "Remove authenticator app" in rows["Authenticator app"]
    assert "1 added" in rows["Security keys and passkeys"]
    assert "Manage security keys and passkeys" in rows["Security keys and passkeys"]
    assert "10 of 10 unused" in rows["Recovery codes"]
    assert "View recovery codes" in rows["Recovery codes"]
    assert "Make new recovery codes" in rows["Recovery codes"]
    assert "warning" not in html.lower().split("<h2")[0]


def test_a_staff_member_may_remove_the_app_once_they_have_a_security_key(client, staff):
    sign_in(client, staff)
    security_key(staff)
    reauthenticate(client)
    html = assert_our_page(client.get(reverse("mfa_deactivate_totp")),
                           "Remove your authenticator app")
    assert "Remove authenticator app" in html
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    html = assert_our_page(client.get(response["Location"]), "Sign-in and security")
    assert "Your authenticator app has been removed." in html  # allauth's banner, in our words


def test_the_only_second_factor_of_a_staff_member_stays(client, staff):
    sign_in(client, staff)
    reauthenticate(client)
    html = assert_our_page(client.get(reverse("mfa_deactivate_totp")),
                           "You cannot remove your authenticator app yet")
    assert "Your role needs a second factor, and this is your only one" in html
    assert "<button" not in html.split("</main>")[0].split('id="main-content"')[1].replace(
        'class="govuk-service-navigation__link app-link-button"', "")
    response = client.post(reverse("mfa_deactivate_totp"))
    html = assert_our_page(response, "You cannot remove your authenticator app yet")
    assert error_summary(html) == [
        "Your role needs a second factor, and this is your only one. "
        "Add another before you remove it"]
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()


# --- Security keys and passkeys ---------------------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [
    ("mfa_list_webauthn", "Security keys and passkeys"),
    ("mfa_edit_webauthn", "Rename a security key or passkey"),
    ("mfa_remove_webauthn", "Remove Blue USB key"),
    ("mfa_reauthenticate_webauthn", "Use your security key or passkey"),
])
def test_each_security_key_page(client, staff, name, expected):
    sign_in(client, staff)
    key = security_key(staff)
    reauthenticate(client)
    kwargs = {"pk": key.pk} if name in {"mfa_edit_webauthn", "mfa_remove_webauthn"} else {}
    html = assert_our_page(client.get(reverse(name, kwargs=kwargs)), expected)
    if name == "mfa_reauthenticate_webauthn":
        assert '<script id="js_data" type="application/json">' in html
        assert 'data-allauth-onload="allauth.webauthn.forms.authenticateForm"' in html
        assert 'name="credential"' in html


def test_the_add_page_keeps_what_allauth_s_script_needs(client, staff):
    sign_in(client, staff)
    reauthenticate(client)
    html = assert_our_page(client.get(reverse("mfa_add_webauthn")), "Add a security key or passkey")
    assert '<input type="hidden" name="credential" value="null" id="id_credential">' in html
    assert '<script id="js_data" type="application/json">{"creation_options"' in html
    assert '"add": "mfa_webauthn_add"' in html and 'id="mfa_webauthn_add"' in html
    assert 'src="/static/mfa/js/webauthn.js"' in html
    # No executable inline script beyond the page frame's own (nonced) ones; no inline handlers.
    for attributes in re.findall(r"<script([^>]*)>", html):
        assert "src=" in attributes or 'type="application/json"' in attributes or \
            "nonce=" in attributes, attributes
    assert not re.search(r"\son[a-z]+=", html)
    # allauth's suggested name ("Master key") is not offered: the field starts empty.
    assert 'name="name" type="text" aria-describedby="id_name-hint">' in html


def test_a_security_key_can_be_renamed_and_removed(client, staff):
    sign_in(client, staff)
    key = security_key(staff)
    reauthenticate(client)
    response = client.post(reverse("mfa_edit_webauthn", kwargs={"pk": key.pk}), {"name": ""})
    html = assert_our_page(response, "Rename a security key or passkey")
    assert error_summary(html) == ["Enter a name"]
    assert "<title>Error: " in html
    response = client.post(reverse("mfa_edit_webauthn", kwargs={"pk": key.pk}),
                           {"name": "Work laptop"})
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.data["name"] == "Work laptop"
    assert client.post(reverse("mfa_remove_webauthn", kwargs={"pk": key.pk})).status_code == 302
    assert not Authenticator.objects.filter(pk=key.pk).exists()


def signed_in_long_ago(client: Client) -> None:
    """Move the session's sign-in (password and second factor) back beyond allauth's window for
    changing a second factor without confirming it is you again."""
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {**record, "at": record["at"] - REAUTHENTICATION_TIMEOUT - 60} for record in records]
    session.save()


def test_changing_a_second_factor_soon_after_signing_in_needs_no_password(client, staff):
    sign_in(client, staff)
    assert_our_page(client.get(reverse("mfa_generate_recovery_codes")), "Make new recovery codes")


def test_changing_a_second_factor_later_asks_for_the_password_again(client, staff):
    sign_in(client, staff)
    signed_in_long_ago(client)
    response = client.get(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 302
    assert response["Location"] == (reverse("account_reauthenticate") + "?next="
                                    + reverse("mfa_generate_recovery_codes").replace("/", "%2F"))
    html = assert_our_page(client.get(response["Location"]), "Enter your password")
    assert "<title>Confirm it is you" in html
    assert "Enter a code from your authenticator app or a recovery code instead" in html
    assert 'name="next" value="/accounts/2fa/recovery-codes/generate/"' in html
    response = client.post(response["Location"], {"password": "not-my-password"})
    html = assert_our_page(response, "Enter your password")
    assert error_summary(html) and "<title>Error: Confirm it is you" in html
    response = client.post(reverse("account_reauthenticate"),
                           {"password": PASSWORD, "next": reverse("mfa_generate_recovery_codes")})
    assert response["Location"] == reverse("mfa_generate_recovery_codes")
    assert_our_page(client.get(response["Location"]), "Make new recovery codes")


@pytest.mark.parametrize(("with_app", "warned"), [(False, True), (True, False)])
def test_removing_the_only_second_factor_is_warned_of(client, staff, with_app, warned):
    sign_in(client, staff)
    if not with_app:
        Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).delete()
    recovery_codes(staff)
    key = security_key(staff)
    html = assert_our_page(client.get(reverse("mfa_remove_webauthn", kwargs={"pk": key.pk})),
                           "Remove Blue USB key")
    assert ("It is your only second factor." in html) is warned


def test_the_only_security_key_of_a_staff_member_stays(client, staff):
    sign_in(client, staff)
    Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).delete()
    key = security_key(staff)
    client.post(reverse("mfa_remove_webauthn", kwargs={"pk": key.pk}))
    assert Authenticator.objects.filter(pk=key.pk).exists()


# --- Someone with no second factor ------------------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [
    ("mfa_index", "Sign-in and security"),
    ("mfa_activate_totp", "Set up an authenticator app"),
    ("mfa_deactivate_totp", 404),
    ("mfa_view_recovery_codes", 404),
    ("mfa_generate_recovery_codes", "Make new recovery codes"),
    ("mfa_add_webauthn", "Add a security key or passkey"),
    ("mfa_list_webauthn", "Security keys and passkeys"),
    ("account_reauthenticate", "Enter your password"),
])
def test_each_page_for_someone_without_a_second_factor(client, name, expected):
    person = verified(factories.user())
    sign_in(client, person)
    reauthenticate(client)
    response = client.get(reverse(name))
    if expected == 404:
        assert response.status_code == 404
    else:
        assert_our_page(response, expected)


def test_the_index_says_nothing_is_set_up(client):
    person = verified(factories.user())
    sign_in(client, person)
    html = assert_our_page(client.get(reverse("mfa_index")), "Sign-in and security")
    text = visible_text(html)
    assert "You have not set up a second factor." in text
    assert "Authenticator app Not set up Set up an authenticator app" in text
    assert "Security keys and passkeys None added Add a security key or passkey" in text
    assert "View recovery codes" not in text and "Make new recovery codes" not in text


def test_recovery_codes_cannot_be_made_without_a_second_factor(client):
    person = verified(factories.user())
    sign_in(client, person)
    reauthenticate(client)
    html = assert_our_page(client.post(reverse("mfa_generate_recovery_codes")),
                           "Make new recovery codes")
    assert error_summary(html) == [
        "Set up an authenticator app or a security key first: "
        "recovery codes are a back-up for one of them"]
    assert not Authenticator.objects.filter(user=person).exists()


def test_staff_without_a_second_factor_set_up_an_authenticator_app(
        client, staff, moment, django_capture_on_commit_callbacks):
    Authenticator.objects.filter(user=staff).delete()
    response = password_sign_in(client, staff)
    assert response.status_code == 302
    landing = response["Location"]
    response = client.get(landing)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second-factor"))

    # Minutes after signing in, the first second factor is set up without the password again.
    response = client.get(reverse("mfa_activate_totp"))
    html = assert_our_page(response, "Set up an authenticator app")
    secret = response.context["form"].secret
    assert 'alt="QR code for your authenticator app"' in html
    assert 'src="data:image/svg+xml;base64,' in html
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    assert f'<code id="authenticator-key">{grouped}</code>' in html

    right = code_for(secret, moment)
    for code, message in [("", "Enter the 6-digit code your authenticator app shows"),
                          (wrong(right), "The code is not right. Enter the code your "
                                         "authenticator app shows now")]:
        response = client.post(reverse("mfa_activate_totp"), {"code": code})
        html = assert_our_page(response, "Set up an authenticator app")
        assert "<title>Error: Set up an authenticator app" in html
        assert error_summary(html) == [message]
        assert 'href="#id_code"' in html and 'aria-describedby="id_code-hint id_code-error"' in html
        assert response.context["form"].secret == secret
    assert not Authenticator.objects.filter(user=staff).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": right})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert [message.subject for message in mail.outbox] == [
        "Authenticator app set up on your Maths Hub Work Groups account"]
    assert "An authenticator app was set up as a second factor for your account." in \
        str(mail.outbox[0].body)

    # Setting the app up was using it: the staff pages are open in this session.
    assert client.get(landing).status_code == 200


def activated(client: Client, person: User, at: float, capture: Any) -> str:
    """Sign ``person`` (with no second factor) in by password and set up an authenticator app,
    as the test above does; the landing page's address."""
    landing = password_sign_in(client, person)["Location"]
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    with capture(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": code_for(secret, at)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    return str(landing)


def test_the_recovery_codes_show_straight_after_setting_up_the_app(
        client, staff, moment, django_capture_on_commit_callbacks):
    Authenticator.objects.filter(user=staff).delete()
    activated(client, staff, moment, django_capture_on_commit_callbacks)
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200


def test_the_recovery_codes_page(client, staff, moment, django_capture_on_commit_callbacks):
    Authenticator.objects.filter(user=staff).delete()
    landing = activated(client, staff, moment, django_capture_on_commit_callbacks)
    html = assert_our_page(client.get(reverse("mfa_view_recovery_codes")), "Your recovery codes")
    codes = re.findall(r"<li><code>(\w+)</code></li>", html)
    assert len(codes) == 10
    assert codes == list(RecoveryCodes(Authenticator.objects.get(
        user=staff, type=Authenticator.Type.RECOVERY_CODES)).get_unused_codes())
    assert "Each code works once." in html
    assert "You have 10 unused codes of 10." in html
    assert f'href="{reverse("mfa_download_recovery_codes")}" download>' in html
    assert f'href="{landing}">Continue</a>' in html
    download = client.get(reverse("mfa_download_recovery_codes"))
    assert download.status_code == 200 and codes[0] in download.content.decode()


# --- Signing in with a second factor ----------------------------------------------------------

def test_staff_sign_in_asks_for_the_code_from_their_app(client, staff, moment):
    factories.second_factor(staff)
    response = password_sign_in(client, staff)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate") == "/accounts/2fa/authenticate/"
    html = assert_our_page(client.get(response["Location"]),
                           "Enter the 6-digit code from your authenticator app")
    assert "enter one of your recovery codes instead" in html
    assert "Use a security key instead" not in html
    assert 'form="logout-from-stage"' not in html and "Cancel and sign out" in html
    assert 'autocomplete="one-time-code"' in html

    right = factories.totp_code(at=moment)
    response = client.post(reverse("mfa_authenticate"), {"code": wrong(right)})
    html = assert_our_page(response, "Enter the 6-digit code from your authenticator app")
    assert error_summary(html) == ["The code is not right. Enter the code your authenticator "
                                   "app shows now, or an unused recovery code"]
    assert "<title>Error: " in html
    response = client.post(reverse("mfa_authenticate"), {"code": ""})
    assert error_summary(response.content.decode()) == [
        "Enter the 6-digit code from your authenticator app, or a recovery code"]
    assert client.get(reverse("staff:hub", kwargs={"hub": "cheshire"})).status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": right})
    assert response.status_code == 302
    assert response["Location"] == "/staff/hubs/cheshire/"
    assert client.get(response["Location"]).status_code == 200


def test_cancel_signs_out_from_the_code_page(client, staff):
    factories.second_factor(staff)
    password_sign_in(client, staff)
    html = client.get(reverse("mfa_authenticate")).content.decode()
    form = re.search(r'<form id="logout-from-stage" method="post" action="([^"]+)">', html)
    assert form is not None and form.group(1) == reverse("account_logout")
    response = client.post(reverse("account_logout"), {"next": reverse("account_login")})
    assert response.status_code == 302
    assert client.get(reverse("mfa_authenticate"))["Location"] == reverse("account_login")


def test_a_recovery_code_works_once(client, staff, moment):
    factories.second_factor(staff)
    code = recovery_codes(staff)[3]
    password_sign_in(client, staff)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    client.post(reverse("account_logout"))

    other = Client()
    password_sign_in(other, staff)
    response = other.post(reverse("mfa_authenticate"), {"code": code})
    html = assert_our_page(response, "Enter the 6-digit code from your authenticator app")
    assert error_summary(html) == ["The code is not right. Enter the code your authenticator "
                                   "app shows now, or an unused recovery code"]
    assert other.get("/staff/hubs/cheshire/").status_code == 302


def test_someone_with_a_security_key_is_offered_it_at_sign_in(client, staff):
    factories.second_factor(staff)
    security_key(staff)  # (and no recovery codes: the app is still seen)
    password_sign_in(client, staff)
    html = assert_our_page(client.get(reverse("mfa_authenticate")),
                           "Enter the 6-digit code from your authenticator app")
    assert "Use a security key instead" in html
    assert '<form id="webauthn_form" method="post" action="/accounts/2fa/authenticate/">' in html
    assert '<input type="hidden" name="credential" value="null" id="id_credential">' in html
    assert '"credential": "id_credential"' in html
    assert '<script id="js_data" type="application/json">{"request_options"' in html
    # A security key that is not one (no JSON from the browser) is an error, not a crash.
    response = client.post(reverse("mfa_authenticate"), {"credential": "not json"})
    html = assert_our_page(response, "Enter the 6-digit code from your authenticator app")
    assert error_summary(html) == [
        "Your security key or passkey was not recognised. Try again, or enter a code"]
    assert '<a href="#mfa_webauthn_authenticate">' in html


def test_someone_with_only_a_security_key_is_asked_for_it_first(client, staff):
    security_key(staff)
    code = recovery_codes(staff)[0]
    password_sign_in(client, staff)
    html = assert_our_page(client.get(reverse("mfa_authenticate")),
                           "Use your security key or passkey")
    assert "<title>Use your security key or passkey" in html
    assert 'id="mfa_webauthn_authenticate" class="govuk-button"' in html
    assert "authenticator app" not in visible_text(html)
    assert "Enter one of your recovery codes" in html
    response = client.post(reverse("mfa_authenticate"), {"code": wrong(code)})
    html = assert_our_page(response, "Use your security key or passkey")
    assert error_summary(html) == ["The code is not right. Enter an unused recovery code"]
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response["Location"] == "/staff/hubs/cheshire/"
    assert client.get("/staff/hubs/cheshire/").status_code == 200


def test_someone_with_only_a_security_key_confirms_with_a_recovery_code_or_the_key(client, staff):
    security_key(staff)
    code = recovery_codes(staff)[0]
    client.force_login(staff)
    response = client.get("/staff/hubs/cheshire/")
    # Straight to the key (the gate knows they have no app), with a recovery code offered too.
    assert response["Location"].startswith(reverse("mfa_reauthenticate_webauthn") + "?next=")
    html = assert_our_page(client.get(response["Location"]), "Use your security key or passkey")
    assert "authenticator app" not in visible_text(html)
    html = assert_our_page(client.get(reverse("mfa_reauthenticate")),
                           "Enter one of your recovery codes")
    response = client.post(reverse("mfa_reauthenticate"),
                           {"code": code, "next": "/staff/hubs/cheshire/"})
    assert response["Location"] == "/staff/hubs/cheshire/"


def test_staff_signed_in_without_their_second_factor_are_asked_for_it(client, staff, moment):
    """A session without the second factor (a sign-in from before it was needed) is sent to
    enter a code before any staff page, and then goes where it was going."""
    factories.second_factor(staff)
    client.force_login(staff)
    response = client.get("/staff/hubs/cheshire/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    html = assert_our_page(client.get(response["Location"]),
                           "Enter the 6-digit code from your authenticator app")
    assert 'name="next" value="/staff/hubs/cheshire/"' in html
    assert "Enter your password instead" not in html
    response = client.post(response["Location"],
                           {"code": factories.totp_code(at=moment),
                            "next": "/staff/hubs/cheshire/"})
    assert response.status_code == 302
    assert response["Location"] == "/staff/hubs/cheshire/"
    assert client.get("/staff/hubs/cheshire/").status_code == 200
