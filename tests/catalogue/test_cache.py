"""The public pages' cache (workgroups/catalogue/cache.py): every write to what a cached page
shows changes the page at once, repeat visits get 304, and no visitor is ever served another's
nonce, CSRF token or signed-in header."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.conf import settings

from tests import factories
from tests.factories import london, sign_in
from workgroups.catalogue import cache as cache_module
from workgroups.catalogue import services as catalogue_services
from workgroups.catalogue.models import Audience, InterestRegistration, OfferingStatus
from workgroups.delivery import services as delivery_services
from workgroups.delivery.models import SessionKind
from workgroups.hubs import services as hub_services

pytestmark = pytest.mark.django_db

CATALOGUE = "/hubs/cw/2024-25/"
OFFERING = "/hubs/cw/2024-25/geometry/"
HOME = "/"
API_OFFERINGS = "/api/v1/hubs/cw/offerings?year=2024-25"
API_HUBS = "/api/v1/hubs"


@pytest.fixture
def catalogue(pinned_clock) -> dict[str, Any]:
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    offering = factories.offering(
        hub=hub, programme=factories.programme(slug="geometry", title="Geometry in depth"),
        slug="geometry", status=OfferingStatus.RECRUITING,
        applications_open=date(2024, 6, 1), applications_close=date(2024, 10, 18))
    venue = factories.venue(hub, name="Lowther Centre")
    work_group = factories.work_group(offering, name="Group Alpha")
    session = factories.session(work_group, day=date(2024, 11, 5), venue=venue)
    return {"hub": hub, "offering": offering, "venue": venue, "work_group": work_group,
            "session": session, "staff": factories.member(hub)}


@dataclass(frozen=True)
class Write:
    """One write service, the page it should change, and the words that show it did."""
    url: str
    write: Callable[[dict[str, Any]], Any]
    shows: str = ""
    hides: str = ""


WRITES = {
    "offering_update": Write(OFFERING, lambda c: catalogue_services.offering_update(
        actor=c["staff"], offering=c["offering"], data={"title": "Geometry, renamed"}),
        shows="Geometry, renamed"),
    "offering_update (catalogue)": Write(CATALOGUE, lambda c: catalogue_services.offering_update(
        actor=c["staff"], offering=c["offering"], data={"title": "Geometry, renamed"}),
        shows="Geometry, renamed"),
    "offering_update (API)": Write(API_OFFERINGS, lambda c: catalogue_services.offering_update(
        actor=c["staff"], offering=c["offering"], data={"title": "Geometry, renamed"}),
        shows="Geometry, renamed"),
    "offering_create": Write(CATALOGUE, lambda c: catalogue_services.offering_create(
        actor=c["staff"], hub=c["hub"], academic_year=c["offering"].academic_year,
        programme=factories.programme(slug="algebra", title="Algebra for all"), slug="algebra",
        status=OfferingStatus.RECRUITING, code="", applications_open=date(2024, 6, 1),
        applications_close=date(2024, 10, 18), how_to_apply="", year_notes="",
        contact_email="", decisions_by=None), shows="Algebra for all"),
    "programme_upsert": Write(CATALOGUE, lambda c: catalogue_services.programme_upsert(
        actor=c["staff"], slug="geometry", data={"title": "Geometry, deeper"}),
        shows="Geometry, deeper"),
    "work_group_create": Write(OFFERING, lambda c: delivery_services.work_group_create(
        actor=c["staff"], offering=c["offering"], name="Group Beta", capacity_schools=7,
        capacity_participants=14), shows="Group Beta"),
    "work_group_update": Write(OFFERING, lambda c: delivery_services.work_group_update(
        actor=c["staff"], work_group=c["work_group"], data={"name": "Group Gamma"}),
        shows="Group Gamma", hides="Group Alpha"),
    "session_create": Write(OFFERING, lambda c: delivery_services.session_create(
        actor=c["staff"], work_group=c["work_group"], kind=SessionKind.WORKSHOP,
        starts_at=london(date(2025, 1, 14), "09:00"), ends_at=london(date(2025, 1, 14), "15:30"),
        venue=c["venue"]), shows="Tue 14 Jan 2025"),
    "session_update": Write(OFFERING, lambda c: delivery_services.session_update(
        actor=c["staff"], session=c["session"],
        data={"starts_at": london(date(2024, 11, 6), "09:00"),
              "ends_at": london(date(2024, 11, 6), "15:30")}),
        shows="Wed 6 Nov 2024", hides="Tue 5 Nov 2024"),
    "session_delete": Write(OFFERING, lambda c: delivery_services.session_delete(
        actor=c["staff"], session=c["session"]), hides="Tue 5 Nov 2024"),
    "venue_update": Write(OFFERING, lambda c: delivery_services.venue_update(
        actor=c["staff"], venue=c["venue"], data={"name": "Brunner Centre"}),
        shows="Brunner Centre", hides="Lowther Centre"),
    "hub_upsert": Write(CATALOGUE, lambda c: hub_services.hub_upsert(
        actor=None, slug="cw", name="Cheshire, Wirral and Chester Maths Hub", area_codes=[]),
        shows="Cheshire, Wirral and Chester Maths Hub"),
    "hub_upsert (home)": Write(HOME, lambda c: hub_services.hub_upsert(
        actor=None, slug="cw", name="Cheshire, Wirral and Chester Maths Hub", area_codes=[]),
        shows="Cheshire, Wirral and Chester Maths Hub"),
    "hub_upsert (API)": Write(API_HUBS, lambda c: hub_services.hub_upsert(
        actor=None, slug="cw", name="Cheshire, Wirral and Chester Maths Hub", area_codes=[]),
        shows="Cheshire, Wirral and Chester Maths Hub"),
}


def without_nonces(response) -> str:
    return re.sub(r'nonce="[^"]+"', "", response.content.decode())


@pytest.mark.parametrize("name", list(WRITES))
def test_a_write_changes_the_cached_page_at_once(client, catalogue,
                                                  django_capture_on_commit_callbacks, name):
    case = WRITES[name]
    before = client.get(case.url)
    assert before.status_code == 200
    assert without_nonces(client.get(case.url)) == without_nonces(before)  # from the cache now
    if case.shows:
        assert case.shows not in before.text
    if case.hides:
        assert case.hides in before.text
    with django_capture_on_commit_callbacks(execute=True):
        case.write(catalogue)
    after = client.get(case.url)
    assert after.status_code == 200
    if case.shows:
        assert case.shows in after.text
    if case.hides:
        assert case.hides not in after.text


def test_a_write_outside_the_services_changes_the_page_too(client, catalogue):
    """The admin or a shell saves models directly: the page follows those writes as well."""
    assert "Group Delta" not in client.get(OFFERING).text
    work_group = catalogue["work_group"]
    work_group.name = "Group Delta"
    work_group.save()
    assert "Group Delta" in client.get(OFFERING).text


def test_the_catalogue_depends_on_the_day(client, catalogue, settings):
    """A window that closes overnight closes on the cached page the next morning."""
    tag = '<strong class="govuk-tag govuk-tag--green">Now recruiting</strong>'
    assert tag in client.get(CATALOGUE).text
    settings.WORKGROUPS_PINNED_NOW = london(date(2024, 10, 19), "09:00")
    assert tag not in client.get(CATALOGUE).text


def test_filters_are_part_of_the_key(client, catalogue):
    factories.offering(hub=catalogue["hub"], programme=factories.programme(
        title="Leading maths departments", audience=Audience.HEADS_OF_DEPARTMENT))
    everyone = client.get(CATALOGUE).text
    filtered = client.get(CATALOGUE + "?audience=teachers").text
    assert "Leading maths departments" in everyone
    assert "Leading maths departments" not in filtered


@pytest.mark.parametrize("url", [CATALOGUE, OFFERING, HOME, API_OFFERINGS])
def test_a_repeat_visit_gets_304_until_the_catalogue_changes(client, catalogue, url,
                                                              django_capture_on_commit_callbacks):
    first = client.get(url)
    etag = first["ETag"]
    assert first["Last-Modified"]
    repeat = client.get(url, headers={"If-None-Match": etag})
    assert repeat.status_code == 304
    assert repeat["ETag"] == etag
    # The browser keeps the policy that matches the nonce in the page it holds.
    assert "Content-Security-Policy" not in repeat
    with django_capture_on_commit_callbacks(execute=True):
        delivery_services.work_group_update(actor=catalogue["staff"],
                                            work_group=catalogue["work_group"],
                                            data={"name": "Group Gamma"})
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_signing_in_changes_the_etag(client, catalogue):
    """The page holds the signed-in header, so a copy taken signed out is not reused."""
    etag = client.get(CATALOGUE)["ETag"]
    sign_in(client, catalogue["staff"])
    assert client.get(CATALOGUE, headers={"If-None-Match": etag}).status_code == 200


def test_someone_signed_in_never_gets_a_304(client, catalogue):
    """Their copy holds a sign-out form's CSRF token and a header from their roles; signing
    in again rotates the token while the catalogue stays as it was."""
    sign_in(client, catalogue["staff"])
    etag = client.get(CATALOGUE)["ETag"]
    assert client.get(CATALOGUE, headers={"If-None-Match": etag}).status_code == 200


def test_a_new_csrf_cookie_is_a_new_etag(client, catalogue):
    """A page holding a form is only good with the CSRF cookie it was sent with."""
    etag = client.get(OFFERING)["ETag"]
    client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    assert client.get(OFFERING, headers={"If-None-Match": etag}).status_code == 200


@pytest.mark.parametrize("header", ['W/{etag}', '"other", W/{etag}', '{etag}, "other"'])
def test_a_weak_or_listed_etag_still_gets_a_304(client, catalogue, header):
    """nginx's gzip marks the tag weak (W/); a browser may send several."""
    etag = client.get(CATALOGUE)["ETag"]
    sent = header.format(etag=etag)
    assert client.get(CATALOGUE, headers={"If-None-Match": sent}).status_code == 304


def test_a_release_with_other_code_does_not_reuse_what_an_older_one_cached(client, catalogue,
                                                                          monkeypatch):
    """Redis and the cache table outlive a deploy: the key holds a digest of the code."""
    first = client.get(CATALOGUE)
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "another-release")
    again = client.get(CATALOGUE, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200 and again["ETag"] != first["ETag"]


def nonce_of(response) -> str:
    found = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert found, response["Content-Security-Policy"]
    return found.group(1)


def csrf_tokens(text: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', text))


@pytest.mark.parametrize("url", [CATALOGUE, OFFERING, HOME])
@pytest.mark.parametrize("staff_first", [True, False], ids=["signed-in-first", "stranger-first"])
def test_no_visitor_gets_another_visitors_nonce_token_or_header(client, catalogue, url,
                                                                staff_first):
    from django.test import Client

    staff, stranger = Client(), client
    sign_in(staff, catalogue["staff"])
    order = [(staff, "staff"), (stranger, "stranger")]
    if not staff_first:
        order.reverse()
    seen = {who: visitor.get(url) for visitor, who in order}
    seen_again = {who: visitor.get(url) for visitor, who in order}  # both from the cache now
    for responses in (seen, seen_again):
        mine, theirs = responses["staff"], responses["stranger"]
        for response in (mine, theirs):
            assert response.status_code == 200
            nonces = set(re.findall(r'nonce="([^"]+)"', response.text))
            assert nonces == {nonce_of(response)}  # every script carries this response's own
        assert nonce_of(mine) != nonce_of(theirs)
        assert "Sign out" in mine.text and "Sign out" not in theirs.text
        assert "Sign in" in theirs.text
        assert catalogue["staff"].email not in theirs.text
        assert csrf_tokens(mine.text) and not csrf_tokens(theirs.text)
    assert not csrf_tokens(seen["staff"].text) & csrf_tokens(seen_again["stranger"].text)


def test_a_public_interest_registration_leaves_the_cache_alone(catalogue):
    """Anyone can register interest: if that emptied the cache, anyone could keep it empty."""
    before = cache_module.version()
    InterestRegistration.objects.create(offering=catalogue["offering"], name="Ada Byron",
                                        email="ada@example.org")
    assert cache_module.version() == before


def test_bulk_deletes_keep_their_fast_path():
    """The cache listens to the models the public pages show, not to every model: a receiver
    for any sender would make every bulk delete load and signal its rows one by one."""
    from django.db.models.signals import post_delete

    from workgroups.core.models import FailedEmail

    assert not post_delete.has_listeners(FailedEmail)


# --- The whole page kept for signed-out visitors with no message waiting --------------------

PAGES = [CATALOGUE, OFFERING, HOME]


def message_cookie(text: str) -> str:
    """The messages cookie a redirect leaves for someone signed out, holding ``text``."""
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse
    from django.test import RequestFactory

    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.SUCCESS, text)
    response = HttpResponse()
    storage.update(response)
    return response.cookies[CookieStorage.cookie_name].value


@pytest.mark.parametrize("url", PAGES)
def test_signed_out_visitors_each_get_their_own_nonce_from_the_kept_page(catalogue, url):
    from django.test import Client

    first = Client().get(url)  # renders, and keeps the whole page
    responses = [Client().get(url) for _ in range(3)]  # served whole from the cache
    nonces = set()
    for response in [first, *responses]:
        assert response.status_code == 200
        in_body = set(re.findall(r'nonce="([^"]+)"', response.text))
        assert in_body == {nonce_of(response)}
        assert cache_module.NONCE_PLACEHOLDER not in response.text
        nonces.add(nonce_of(response))
    assert len(nonces) == 4


@pytest.mark.parametrize("url", PAGES)
def test_the_kept_page_is_the_page_the_layout_renders(client, catalogue, url):
    """The whole page kept for signed-out visitors is byte for byte (nonce aside) the page
    rendered with a fresh layout for a signed-out visitor the cache cannot serve whole (one
    whose session cookie no longer names a session): nothing a layout shows is lost."""
    from django.test import Client

    client.get(url)
    kept = client.get(url)
    fresh_visitor = Client()
    fresh_visitor.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    fresh = fresh_visitor.get(url)
    assert without_nonces(kept) == without_nonces(fresh)
    for header in ("ETag", "Last-Modified", "Cache-Control", "Vary", "X-Frame-Options",
                   "Content-Type"):
        assert kept[header] == fresh[header], header
    assert "Cookie" in kept["Vary"]


def test_the_kept_page_depends_on_nothing_else_of_the_request(client, catalogue):
    """The whole page is kept per page and its parameters, not per request: a layout showing
    the query string, a header or a cookie would show one visitor's to the next."""
    from django.test import Client

    client.get(OFFERING)
    kept = client.get(OFFERING)
    other = Client(headers={"Accept-Language": "cy", "User-Agent": "Another browser",
                            "Referer": "https://example.org/elsewhere"})
    other.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"  # a fresh layout
    other.cookies[settings.CSRF_COOKIE_NAME] = "b" * 32
    fresh = other.get(OFFERING + "?utm_source=newsletter")
    assert without_nonces(kept) == without_nonces(fresh)


@pytest.mark.parametrize("url", PAGES)
def test_a_visitor_with_a_message_waiting_sees_it_and_others_do_not(catalogue, url):
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import Client

    Client().get(url)  # the whole page is kept
    told = Client()
    told.cookies[CookieStorage.cookie_name] = message_cookie("Your interest is registered.")
    with_message = told.get(url)
    assert "Your interest is registered." in with_message.text
    assert set(re.findall(r'nonce="([^"]+)"', with_message.text)) == {nonce_of(with_message)}
    assert "Your interest is registered." not in Client().get(url).text
    # Read once, the message is gone: the next visit is the page everyone gets.
    assert "Your interest is registered." not in told.get(url).text


def test_someone_signed_in_with_a_message_waiting_sees_both(client, catalogue):
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import Client

    Client().get(CATALOGUE)  # the whole page is kept
    sign_in(client, catalogue["staff"])
    client.cookies[CookieStorage.cookie_name] = message_cookie("Offering saved.")
    page = client.get(CATALOGUE).text
    assert "Offering saved." in page and "Sign out" in page
    assert "Offering saved." not in Client().get(CATALOGUE).text


def test_signing_out_gives_the_signed_out_page(client, catalogue):
    from django.test import Client

    sign_in(client, catalogue["staff"])
    assert "Sign out" in client.get(HOME).text  # a fresh layout, not the kept page
    client.logout()
    Client().get(HOME)
    page = client.get(HOME).text
    assert "Sign out" not in page and "Sign in" in page
    assert catalogue["staff"].email not in page


def test_the_demonstration_clock_banner_follows_the_pinned_time(client, catalogue, settings):
    """The banner is the one part of the signed-out layout that is not the page's own."""
    assert "Tuesday 1 October 2024, 09:00" in client.get(HOME).text
    assert "Tuesday 1 October 2024, 09:00" in client.get(HOME).text  # kept
    settings.WORKGROUPS_PINNED_NOW = london(date(2024, 10, 1), "10:30")
    assert "Tuesday 1 October 2024, 10:30" in client.get(HOME).text
    settings.WORKGROUPS_PINNED_NOW = None
    assert "Demonstration" not in client.get(HOME).text


def test_a_page_holding_a_csrf_token_is_never_kept_whole(catalogue, monkeypatch):
    """No signed-out page holds a form that posts today; if one ever does, its token is the
    visitor's own (good only with their CSRF cookie), so that page is rendered for each."""
    from django.middleware.csrf import (  # type: ignore[attr-defined]  # Django's own check
        _unmask_cipher_token,
        get_token,
    )
    from django.template.loader import render_to_string as rendered
    from django.test import Client


    def with_a_form(template, context=None, request=None):
        html = rendered(template, context, request)
        if request is None:
            return html
        return html.replace("</main>", '<input name="csrfmiddlewaretoken" '
                                       f'value="{get_token(request)}"></main>')

    monkeypatch.setattr(cache_module, "render_to_string", with_a_form)
    for _ in range(3):
        response = Client().get(CATALOGUE)
        (token,) = csrf_tokens(response.text)
        assert _unmask_cipher_token(token) == response.cookies[settings.CSRF_COOKIE_NAME].value


def test_a_hit_reads_the_cache_once(client, catalogue, django_assert_num_queries):
    """The version and the page come in one read (the database cache: one query)."""
    for url in [*PAGES, API_OFFERINGS]:
        client.get(url)
        with django_assert_num_queries(1):
            assert client.get(url).status_code == 200


def test_an_entry_of_another_version_is_never_served(client, catalogue):
    """Entries are kept under a key without the version and hold the version they were
    rendered under: one left from an older version is rendered again."""
    assert "Group Alpha" in client.get(OFFERING).text
    work_group = catalogue["work_group"]
    type(work_group).objects.filter(pk=work_group.pk).update(name="Group Epsilon")  # no signal
    assert "Group Alpha" in client.get(OFFERING).text  # still the kept page
    cache_module.bump()
    assert "Group Epsilon" in client.get(OFFERING).text
