"""One "Continue with your email" way in: the same pages and a code for every address, the
account made when a new address's code is typed, ``next`` kept throughout, a real way to start
again, and a hint that shows the code as it really is."""

from __future__ import annotations

import re

import pytest
from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.core import mail

from tests import factories
from workgroups.accounts.forms import code_format_hint
from workgroups.accounts.models import User
from workgroups.applications.models import ApplicantProfile
from workgroups.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

START = "/accounts/login/code/"
CONFIRM = "/accounts/login/code/confirm/"
NEXT = "/hubs/cheshire-and-wirral/2024-25/sktm-ect-phase-1/apply/"


def code_in(message) -> str:
    found = re.search(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]+)*)\s*$", str(message.body), re.M)
    assert found, message.body
    return found.group(1)


def known(email: str = "back@school.example.org") -> User:
    person = factories.user(email=email)
    EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
    return person


def continue_with(client, on_commit, email, next_url=None):
    data = {"email": email}
    url = START
    if next_url:
        data["next"] = next_url
        url = f"{START}?next={next_url}"
    sent = len(mail.outbox)
    response = on_commit(client.post, url, data)
    return response, mail.outbox[sent:]


def page_text(response) -> str:
    """The page as a person reads it, without the form's one-time token and the address."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.text)
    text = re.sub(r'nonce="[^"]+"', "", text)
    return text


def test_known_and_unknown_addresses_get_the_same_answer_and_one_code_each(client, on_commit):
    known("back@school.example.org")
    answers, pages, emails = [], [], []
    for email in ["back@school.example.org", "new@school.example.org"]:
        client.logout()
        client.cookies.clear()
        response, sent = continue_with(client, on_commit, email)
        answers.append((response.status_code, response["Location"]))
        page = client.get(response["Location"])
        pages.append(page_text(page).replace(email, "ADDRESS"))
        assert len(sent) == 1 and sent[0].to == [email]
        emails.append((sent[0].subject, sent[0].body.replace(code_in(sent[0]), "CODE")))
    assert answers[0] == answers[1] == (302, CONFIRM)
    assert pages[0] == pages[1]
    assert emails[0] == emails[1]
    assert "has no account" not in emails[1][1]


def test_a_new_address_s_code_creates_the_account_and_signs_in(client, on_commit):
    response, sent = continue_with(client, on_commit, "New.Teacher@School.example.org")
    assert not User.objects.filter(email__iexact="new.teacher@school.example.org").exists()
    done = client.post(response["Location"], {"code": code_in(sent[0])})
    assert done.status_code == 302 and done["Location"] == "/applications/"
    user = User.objects.get(email="new.teacher@school.example.org")
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/applications/").status_code == 200  # signed in
    created = AuditEvent.objects.get(action="accounts.account.created")
    assert created.object_id == str(ApplicantProfile.objects.get(user=user).pk)
    assert "school.example.org" not in created.object_repr  # no address in the audit


def test_a_returning_applicant_signs_in_with_their_code(client, on_commit):
    person = known()
    response, sent = continue_with(client, on_commit, person.email)
    wrong = client.post(CONFIRM, {"code": "XXXX-XXXX"})
    assert "The code is not right" in wrong.text and 'href="#id_code"' in wrong.text
    done = client.post(response["Location"], {"code": code_in(sent[0])})
    assert done.status_code == 302 and done["Location"] == "/applications/"
    assert User.objects.count() == 1


@pytest.mark.parametrize("email", ["back@school.example.org", "first@school.example.org"])
def test_next_is_kept_all_the_way_through(client, on_commit, email):
    known()
    form = client.get(f"{START}?next={NEXT}")
    assert f'name="next" value="{NEXT}"' in form.text
    response, sent = continue_with(client, on_commit, email, next_url=NEXT)
    assert response["Location"] == f"{CONFIRM}?next={NEXT.replace('/', '%2F')}"
    page = client.get(response["Location"])
    assert f'name="next" value="{NEXT}"' in page.text
    resent = on_commit(client.post, response["Location"], {"action": "resend", "next": NEXT})
    assert "next=" in resent["Location"]
    done = client.post(response["Location"], {"code": code_in(mail.outbox[-1]), "next": NEXT})
    assert done.status_code == 302 and done["Location"] == NEXT


def test_old_create_an_account_links_lead_to_the_same_way_in_with_next(client):
    response = client.get(f"/accounts/signup/?next={NEXT}")
    assert response.status_code == 302
    assert response["Location"] == f"{START}?next={NEXT.replace('/', '%2F')}"


def test_a_different_address_really_starts_again(client, on_commit):
    response, _sent = continue_with(client, on_commit, "typo@school.exmaple.org", next_url=NEXT)
    # Before: the sign-in page sent people straight back to the code page for the old address.
    restart = client.post("/accounts/login/restart/", {"next": NEXT})
    assert restart.status_code == 302
    assert restart["Location"] == f"{START}?next={NEXT.replace('/', '%2F')}"
    form = client.get(restart["Location"])
    assert form.status_code == 200 and 'name="email"' in form.text
    assert "typo@school.exmaple.org" not in form.text
    assert client.get(CONFIRM).status_code == 302  # nothing pending any more
    again, sent = continue_with(client, on_commit, "right@school.example.org", next_url=NEXT)
    assert sent[0].to == ["right@school.example.org"]
    done = client.post(again["Location"], {"code": code_in(sent[0]), "next": NEXT})
    assert done["Location"] == NEXT


def test_the_code_page_links_to_starting_again(client, on_commit):
    response, _sent = continue_with(client, on_commit, "someone@school.example.org")
    page = client.get(response["Location"]).text
    assert 'action="/accounts/login/restart/"' in page and "Use a different email address" in page


def test_the_hint_shows_the_code_as_it_really_is(client, on_commit):
    response, sent = continue_with(client, on_commit, "someone@school.example.org")
    page = client.get(response["Location"]).text
    hint = re.search(r"like ([A-Z0-9-]+)", page)
    assert hint, page
    shape = re.compile(r"[A-Z]" if not allauth_settings.LOGIN_BY_CODE_FORMAT.get("numeric")
                       else r"[0-9]")
    # The example has the real code's length, letters or digits, and dashes where it has them.
    real = code_in(sent[0])
    assert shape.sub("x", hint.group(1)) == shape.sub("x", real)
    assert "ABC-123" not in page
    assert "15 minutes" in page


@pytest.mark.parametrize("code_format", [{}, {"numeric": True}, {"length": 6, "dashed": False},
                                         {"length": 12}])
def test_the_hint_follows_every_code_format(code_format, settings):
    settings.ACCOUNT_LOGIN_BY_CODE_FORMAT = code_format
    real = get_adapter().generate_login_code()
    hint = code_format_hint(code_format, 300)
    example = re.search(r"like ([A-Z0-9-]+)", hint)
    assert example
    assert re.sub(r"[A-Z0-9]", "x", example.group(1)) == re.sub(r"[A-Z0-9]", "x", real.upper())
    assert ("digits" in hint) == bool(code_format.get("numeric"))
    assert "5 minutes" in hint


def test_staff_keep_the_password_page_linked_both_ways(client):
    code_page = client.get(f"{START}?next=/staff/").text
    assert 'href="/accounts/login/?next=%2Fstaff%2F"' in code_page
    password_page = client.get("/accounts/login/?next=/staff/").text
    assert 'href="/accounts/login/code/?next=%2Fstaff%2F"' in password_page
    staff = factories.user(email="staff@hub.example.org")
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    done = client.post("/accounts/login/", {"login": staff.email,
                                            "password": "correct-horse-battery",
                                            "next": "/staff/"})
    assert done.status_code == 302 and done["Location"] == "/staff/"


def test_sign_in_pages_show_errors_in_a_linked_summary(client):
    for url, field in [(START, "email"), ("/accounts/login/", "login")]:
        page = client.post(url, {}).text
        assert "govuk-error-summary" in page, url
        assert f'href="#id_{field}"' in page and f'id="id_{field}"' in page, url


def test_staff_confirming_their_address_can_start_again_at_the_password_page(client, on_commit):
    """A staff member's first password sign-in asks them to confirm their address by code;
    starting again from there goes back to the password page, not round to the code page."""
    staff = factories.user(email="new.staff@hub.example.org")
    signed = on_commit(client.post, "/accounts/login/",
                       {"login": staff.email, "password": "correct-horse-battery"})
    assert signed.status_code == 302 and signed["Location"] == "/accounts/confirm-email/"
    page = client.get(signed["Location"]).text
    assert 'name="via" value="password"' in page
    assert re.search(r"like [A-Z]{4}-[A-Z]{4}", page)
    restart = client.post("/accounts/login/restart/", {"via": "password"})
    assert restart["Location"] == "/accounts/login/"
    assert client.get("/accounts/login/").status_code == 200  # the form, not the code page


def test_a_code_to_an_account_s_other_confirmed_address_signs_into_that_account(client,
                                                                                 on_commit):
    person = known("first@school.example.org")
    EmailAddress.objects.create(user=person, email="second@school.example.org", verified=True,
                                primary=False)
    response, sent = continue_with(client, on_commit, "second@school.example.org")
    done = client.post(response["Location"], {"code": code_in(sent[0])})
    assert done.status_code == 302
    assert User.objects.count() == 1  # no second account for the address
    assert int(client.session["_auth_user_id"]) == person.pk


def test_an_address_held_unconfirmed_on_an_account_never_signs_into_it(client, on_commit):
    """Someone added another person's address to their account without confirming it: that
    person's code makes or finds their own account, never the other one (found in review)."""
    holder = known("holder@school.example.org")
    EmailAddress.objects.create(user=holder, email="victim@school.example.org", verified=False,
                                primary=False)
    response, sent = continue_with(client, on_commit, "victim@school.example.org")
    done = client.post(response["Location"], {"code": code_in(sent[0])})
    assert done.status_code == 302
    signed_in = int(client.session["_auth_user_id"])
    assert signed_in != holder.pk
    assert not EmailAddress.objects.filter(user=holder, email="victim@school.example.org",
                                           verified=True).exists()
