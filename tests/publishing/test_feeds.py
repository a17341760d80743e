"""The catalogue's feeds (workgroups/publishing/feeds/): Atom per hub and per programme, read as
a feed reader reads them (feedparser), a hub's year of sessions as a calendar, and a hub's year
as the API's JSON."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

import feedparser  # type: ignore[import-untyped]  # ships no type hints
import pytest
from django.conf import settings
from django.db.models.signals import post_init
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from icalendar import Calendar

from tests import factories
from tests.factories import london
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.catalogue import services as catalogue_services
from workgroups.catalogue.models import Offering, OfferingStatus, Programme
from workgroups.core import clock
from workgroups.hubs.models import Hub
from workgroups.publishing.feeds import entries

pytestmark = pytest.mark.django_db

HUB_FEED = "/hubs/cw/feed.atom"
PROGRAMME_FEED = "/programmes/geometry/feed.atom"
SESSIONS = "/hubs/cw/2024-25/sessions.ics"
CATALOGUE_JSON = "/hubs/cw/2024-25/catalogue.json"
API_OFFERINGS = "/api/v1/hubs/cw/offerings?year=2024-25"
BEFORE = datetime(2024, 9, 1, 9, 0, tzinfo=clock.LONDON)


def backdate(offering: Offering, moment: datetime = BEFORE) -> None:
    """Rows are stamped with the real time, the windows read the pinned clock: move the row's
    own times back before the pinned moment (an update() leaves auto_now alone)."""
    Offering.objects.filter(pk=offering.pk).update(created_at=moment, updated_at=moment)


@pytest.fixture
def world(pinned_clock) -> dict[str, Any]:
    """Hub "cw" with a recruiting Geometry offering whose window opens on 5 October 2024 (the
    clock says 1 October), a draft, and another hub's Geometry offering."""
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    geometry = factories.programme(slug="geometry", title="Geometry in depth",
                                   time_commitment="Three days over the year.")
    offering = factories.offering(
        hub=hub, programme=geometry, slug="geometry", status=OfferingStatus.RECRUITING,
        applications_open=date(2024, 10, 5), applications_close=date(2024, 10, 31))
    backdate(offering)
    draft = factories.offering(hub=hub, status=OfferingStatus.DRAFT,
                               programme=factories.programme(title="Secret draft"))
    other_hub = factories.hub(slug="gm", name="Greater Manchester Maths Hub")
    elsewhere = factories.offering(hub=other_hub, programme=geometry, slug="geometry",
                                   status=OfferingStatus.EXPRESSION_OF_INTEREST)
    return {"hub": hub, "offering": offering, "draft": draft, "elsewhere": elsewhere,
            "programme": geometry}


def parse(client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    for entry in feed.entries:
        assert entry.id and entry.link and entry.updated and entry.title and entry.author
    return feed


def test_a_hub_feed_is_valid_atom_with_one_entry_per_published_offering(client, world):
    feed = parse(client, HUB_FEED)
    [entry] = feed.entries
    offering = world["offering"]
    assert entry.title == "New: Geometry in depth (2024/25)"
    assert entry.id == f"tag:localhost,2024:offering/{offering.pk}"
    assert entry.link == settings.WORKGROUPS_SITE_URL + "/hubs/cw/2024-25/geometry/"
    assert entry.author == "Cheshire and Wirral Maths Hub"
    assert entry.updated == "2024-09-01T09:00:00+01:00"
    assert "Now recruiting" in entry.summary
    assert "5 October 2024" in entry.summary and "31 October 2024" in entry.summary
    assert "Three days over the year." in entry.summary
    # The feed's own: its id, the hub's page, and as new as its newest entry.
    assert feed.feed.id.startswith("tag:localhost,2024:hub/")
    assert feed.feed.link == settings.WORKGROUPS_SITE_URL + "/hubs/cw/"
    assert feed.feed.updated == entry.updated


@pytest.mark.parametrize(("site", "authority"), [
    ("https://workgroups.example.org", "workgroups.example.org"),
    ("http://127.0.0.1:8000", "localhost"), ("http://[::1]:8000", "localhost")])
def test_ids_are_tag_uris_of_the_sites_host_name(client, world, settings, site, authority):
    settings.WORKGROUPS_SITE_URL = site
    [entry] = parse(client, HUB_FEED).entries
    assert entry.id == f"tag:{authority},2024:offering/{world['offering'].pk}"
    assert entry.link == f"{site}/hubs/cw/2024-25/geometry/"


def test_drafts_and_other_hubs_offerings_are_not_in_a_hub_feed(client, world):
    body = client.get(HUB_FEED).content.decode()
    assert "Secret draft" not in body
    assert f"offering/{world['draft'].pk}<" not in body
    assert f"offering/{world['elsewhere'].pk}<" not in body


def test_ids_stay_the_same_across_fetches_and_unrelated_changes(client, world):
    first = [entry.id for entry in parse(client, HUB_FEED).entries]
    assert [entry.id for entry in parse(client, HUB_FEED).entries] == first
    catalogue_services.offering_update(actor=None, offering=world["elsewhere"],
                                       data={"title": "Elsewhere"})
    factories.offering(hub=world["hub"], slug="another")
    again = parse(client, HUB_FEED).entries
    assert len(again) == 2
    assert first[0] in [entry.id for entry in again]


# A feed renders whatever staff typed: one control character would make it a 500 for everyone.
@hypothesis_settings(max_examples=40, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
# Never NUL: no form lets it through and PostgreSQL refuses to store it (the hostile-input tests
# hold the forms to that), so no feed can meet it.
@given(text=st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"),
                   max_size=200))
@example(text="Line one\x0bline two")  # Word's line break, which the staff form lets through
@example(text="\x01\x1f\ufffe")
def test_any_staff_text_gives_a_valid_feed(client, world, text):
    Offering.objects.filter(pk=world["offering"].pk).update(title=text or "x",
                                                             time_commitment=text)
    Offering.objects.filter(pk=world["elsewhere"].pk).update(title=text or "x")
    # A name still says something after cleaning (every entry has an author).
    Hub.objects.filter(pk=world["hub"].pk).update(name=f"Hub {text}")
    Programme.objects.filter(pk=world["programme"].pk).update(title=f"Programme {text}")
    assert len(parse(client, HUB_FEED).entries) == 1
    assert len(parse(client, PROGRAMME_FEED).entries) == 2


def test_a_change_to_an_offering_moves_its_entry(client, world):
    before = parse(client, HUB_FEED).entries[0]
    catalogue_services.offering_update(actor=None, offering=world["offering"],
                                       data={"title": "Geometry and measures"})
    after = parse(client, HUB_FEED).entries[0]
    assert after.id == before.id
    assert after.title == "Updated: Geometry and measures (2024/25)"
    assert after.updated_parsed > before.updated_parsed


def test_a_draft_published_later_is_new_and_published_then(client, world):
    """Offerings start as drafts (rollover copies too): publishing one long after it was made
    is its news, and a change after that is an update."""
    draft = world["draft"]
    backdate(draft)  # made weeks before it is published
    catalogue_services.offering_update(actor=None, offering=draft,
                                       data={"status": OfferingStatus.RECRUITING})
    publication = AuditEvent.objects.get(object_id=str(draft.pk),
                                         action=AuditAction.OFFERING_UPDATED)
    [entry] = [e for e in parse(client, HUB_FEED).entries if e.id.endswith(f"/{draft.pk}")]
    assert entry.title == "New: Secret draft (2024/25)"
    assert entry.published_parsed[:6] == publication.at.utctimetuple()[:6]

    AuditEvent.objects.filter(pk=publication.pk).update(at=publication.at - timedelta(hours=1))
    catalogue_services.offering_update(actor=None, offering=draft,
                                       data={"title": "No longer secret"})
    [entry] = [e for e in parse(client, HUB_FEED).entries if e.id.endswith(f"/{draft.pk}")]
    assert entry.title == "Updated: No longer secret (2024/25)"


def test_a_feed_is_last_modified_at_its_newest_entry_and_answers_304_until_then(client, world):
    first = client.get(HUB_FEED)
    assert first["Last-Modified"] == "Sun, 01 Sep 2024 08:00:00 GMT"  # 09:00 in London
    repeat = client.get(HUB_FEED, headers={"If-Modified-Since": first["Last-Modified"]})
    assert repeat.status_code == 304
    catalogue_services.offering_update(actor=None, offering=world["offering"],
                                       data={"title": "Geometry and measures"})
    changed = client.get(HUB_FEED, headers={"If-Modified-Since": first["Last-Modified"]})
    assert changed.status_code == 200
    assert client.get(PROGRAMME_FEED, headers={
        "If-Modified-Since": client.get(PROGRAMME_FEED)["Last-Modified"]}).status_code == 304


def test_the_window_opening_and_closing_are_entries_of_their_own(client, world, settings):
    settings.WORKGROUPS_PINNED_NOW = datetime(2024, 10, 6, 10, 0, tzinfo=clock.LONDON)
    entry = parse(client, HUB_FEED).entries[0]
    assert entry.title == "Applications open: Geometry in depth (2024/25)"
    assert entry.updated == "2024-10-05T00:00:00+01:00"

    settings.WORKGROUPS_PINNED_NOW = datetime(2024, 11, 2, 10, 0, tzinfo=clock.LONDON)
    entry = parse(client, HUB_FEED).entries[0]
    assert entry.title == "Applications closed: Geometry in depth (2024/25)"
    assert entry.updated == "2024-11-01T00:00:00+00:00"  # GMT by then
    assert "Closed" in entry.summary


def test_expressions_of_interest_have_not_opened_whatever_their_dates(client, world, settings):
    offering = world["offering"]
    Offering.objects.filter(pk=offering.pk).update(
        status=OfferingStatus.EXPRESSION_OF_INTEREST)
    settings.WORKGROUPS_PINNED_NOW = datetime(2024, 10, 6, 10, 0, tzinfo=clock.LONDON)
    backdate(offering)
    assert parse(client, HUB_FEED).entries[0].title.startswith("New: ")


def test_a_programme_feed_has_its_offerings_in_every_hub(client, world):
    feed = parse(client, PROGRAMME_FEED)
    titles = sorted(entry.title for entry in feed.entries)
    assert titles == ["New: Geometry in depth (2024/25, Cheshire and Wirral Maths Hub)",
                      "New: Geometry in depth (2024/25, Greater Manchester Maths Hub)"]
    assert {entry.author for entry in feed.entries} == {"Cheshire and Wirral Maths Hub",
                                                        "Greater Manchester Maths Hub"}
    assert feed.feed.id.startswith("tag:localhost,2024:programme/")


def test_unknown_hubs_and_unpublished_programmes_have_no_feed(client, world):
    assert client.get("/hubs/nowhere/feed.atom").status_code == 404
    assert client.get("/programmes/nothing/feed.atom").status_code == 404
    draft_only = world["draft"].programme.slug
    assert client.get(f"/programmes/{draft_only}/feed.atom").status_code == 404
    assert client.post(HUB_FEED).status_code == 405


def test_an_empty_hub_feed_is_valid_and_dated_by_the_domain_clock(client, pinned_clock):
    factories.hub(slug="empty")
    feed = parse(client, "/hubs/empty/feed.atom")
    assert feed.entries == []
    assert feed.feed.updated == "2024-10-01T09:00:00+01:00"


# --- The hub's year as a calendar --------------------------------------------------------------

@pytest.fixture
def sessions(world) -> dict[str, Any]:
    group = factories.work_group(world["offering"])
    in_person = factories.session(group, day=date(2024, 11, 5))
    online = factories.session(group, day=date(2024, 12, 3), online=True,
                               online_link="https://meet.example.org/secret-room")
    factories.session(factories.work_group(world["draft"]), day=date(2024, 11, 6))
    factories.session(factories.work_group(world["elsewhere"]), day=date(2024, 11, 7))
    next_year = factories.offering(hub=world["hub"], academic_year=factories.academic_year(2025))
    factories.session(factories.work_group(next_year), day=date(2025, 11, 4))
    return {"in_person": in_person, "online": online}


def test_the_hubs_year_is_one_calendar_of_its_public_sessions(client, sessions):
    response = client.get(SESSIONS)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    assert sorted(str(event["UID"]) for event in events) == sorted(
        f"session-{s.pk}@127.0.0.1" for s in sessions.values())
    assert events[0].decoded("DTSTART") == london(date(2024, 11, 5), "09:00")
    assert b"secret-room" not in response.content
    assert b"joining link is sent to participants" in response.content


def test_a_calendar_for_an_unknown_hub_or_year_is_not_found(client, world):
    assert client.get("/hubs/nowhere/2024-25/sessions.ics").status_code == 404
    assert client.get("/hubs/cw/1999-00/sessions.ics").status_code == 404
    assert client.get("/hubs/cw/not-a-year/sessions.ics").status_code == 404


def test_a_calendar_for_a_year_the_hub_has_not_published_is_not_found(client, world):
    factories.academic_year(2025)
    factories.offering(hub=world["hub"], academic_year=factories.academic_year(2026),
                       status=OfferingStatus.DRAFT)
    assert client.get("/hubs/cw/2025-26/sessions.ics").status_code == 404
    assert client.get("/hubs/cw/2026-27/sessions.ics").status_code == 404
    # A published year with no sessions yet is an empty calendar.
    assert client.get(SESSIONS).status_code == 200


def test_the_json_for_a_year_the_hub_has_not_published_is_the_apis_empty_list(client, world):
    factories.academic_year(2025)
    api = client.get("/api/v1/hubs/cw/offerings?year=2025-26")
    ours = client.get("/hubs/cw/2025-26/catalogue.json")
    assert (ours.status_code, ours.content) == (api.status_code, api.content) == (200, b"[]")


# --- The hub's year as JSON --------------------------------------------------------------------

def test_the_json_is_the_apis_answer_for_the_hubs_year(client, sessions):
    api = client.get(API_OFFERINGS)
    ours = client.get(CATALOGUE_JSON)
    assert ours.status_code == 200
    assert ours["Content-Type"].startswith("application/json")
    assert ours["Access-Control-Allow-Origin"] == "*"
    assert ours.content == api.content
    assert [row["slug"] for row in json.loads(ours.content)] == ["geometry"]


def test_the_json_answers_304_to_its_etag(client, world):
    first = client.get(CATALOGUE_JSON)
    repeat = client.get(CATALOGUE_JSON, headers={"If-None-Match": first["ETag"]})
    assert repeat.status_code == 304
    assert repeat["Access-Control-Allow-Origin"] == "*"
    catalogue_services.offering_update(actor=None, offering=world["offering"],
                                       data={"title": "Geometry and measures"})
    changed = client.get(CATALOGUE_JSON, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert json.loads(changed.content)[0]["title"] == "Geometry and measures"


def test_unknown_hubs_and_years_are_the_apis_json_404(client, world):
    for ours, api in [("/hubs/nowhere/2024-25/catalogue.json",
                       "/api/v1/hubs/nowhere/offerings?year=2024-25"),
                      ("/hubs/cw/1999-00/catalogue.json",
                       "/api/v1/hubs/cw/offerings?year=1999-00")]:
        response = client.get(ours)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert json.loads(response.content) == json.loads(client.get(api).content)


def test_a_feed_reads_only_the_offerings_that_can_be_its_latest_entries(
        client, pinned_clock, monkeypatch):
    """Any number of offerings: the feed reads at most the latest few of each kind of event,
    and keeps the same entries as reading them all would."""
    hub = factories.hub(slug="cw")
    for n in range(12):  # changes, openings and closings spread over the weeks before
        offering = factories.offering(
            hub=hub, slug=f"offering-{n}",
            status=(OfferingStatus.EXPRESSION_OF_INTEREST if n % 4 == 3
                    else OfferingStatus.RECRUITING),
            applications_open=date(2024, 8, 1) + timedelta(days=5 * n),
            applications_close=(date(2024, 9, 1) + timedelta(days=3 * n) if n % 2 else None))
        backdate(offering, BEFORE - timedelta(days=(7 * n) % 30))
    monkeypatch.setattr(entries, "MAX_ENTRIES", 1000)
    everything = [entry.id for entry in parse(client, HUB_FEED).entries]
    assert len(everything) == 12

    monkeypatch.setattr(entries, "MAX_ENTRIES", 3)
    loaded: list[Offering] = []

    def count(sender: type[Offering], instance: Offering, **kwargs: Any) -> None:
        loaded.append(instance)

    post_init.connect(count, sender=Offering)
    try:
        latest = [entry.id for entry in parse(client, HUB_FEED).entries]
    finally:
        post_init.disconnect(count, sender=Offering)
    assert latest == everything[:3]
    assert len(loaded) <= 3 * 3


# --- Queries -----------------------------------------------------------------------------------

@pytest.fixture
def busy_hub(pinned_clock) -> None:
    hub = factories.hub(slug="cw")
    shared = factories.programme(slug="geometry")
    for n in range(25):
        offering = factories.offering(
            hub=hub, programme=shared if n == 0 else factories.programme(),
            slug=f"offering-{n}", applications_open=date(2024, 9, 1))
        group = factories.work_group(offering, delivery_mode="online")
        factories.session(group, day=date(2024, 11, 5))
        factories.session(group, day=date(2025, 1, 14))
    for _ in range(3):  # the programme feed's across hubs
        factories.offering(hub=factories.hub(), programme=shared)


@pytest.mark.parametrize(("url", "queries"), [
    (HUB_FEED, 3), (PROGRAMME_FEED, 3), (SESSIONS, 3),
    # The API's builder's own reads, and the cache's (in the database in tests).
    (CATALOGUE_JSON, 9)])
def test_each_feed_reads_a_fixed_number_of_times(client, busy_hub, url, queries,
                                                 django_assert_max_num_queries):
    with django_assert_max_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
