"""The catalogue on a hub's own website (workgroups/publishing/embed/views.py): the embed page
may be framed by exactly the hub's listed websites, a change to the list works at once (also
when the body comes from the cache), and no other page may be framed at all."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from unittest import mock

import pytest
from django.test import override_settings

from tests import factories
from workgroups.catalogue import cache as cache_module
from workgroups.catalogue.models import Audience, OfferingStatus
from workgroups.hubs.models import EmbedOrigin
from workgroups.hubs.services import embed_origin_add, embed_origin_remove
from workgroups.publishing.embed import views as embed_views

pytestmark = pytest.mark.django_db

EMBED = "/hubs/cw/2024-25/embed/"
SITE = "https://workgroups.example.test"
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                      "LOCATION": "embed-tests"}}


@pytest.fixture
def catalogue(pinned_clock, settings) -> dict[str, Any]:
    settings.WORKGROUPS_SITE_URL = SITE
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    offering = factories.offering(
        hub=hub, programme=factories.programme(slug="geometry", title="Geometry in depth"),
        slug="geometry", status=OfferingStatus.RECRUITING,
        applications_open=date(2024, 6, 1), applications_close=date(2024, 10, 18))
    other = factories.hub(slug="lancs", name="Lancashire Maths Hub")
    embed_origin_add(actor=None, hub=hub, address="https://www.cw-mathshub.example.org")
    embed_origin_add(actor=None, hub=other, address="https://lancs.example.org")
    return {"hub": hub, "offering": offering, "other": other}


def frame_ancestors(response) -> list[str]:
    """The sources of the enforced policy's frame-ancestors directive."""
    directives = [part.strip().split() for part in
                  response["Content-Security-Policy"].split(";") if part.strip()]
    found: list[list[str]] = [values for name, *values in directives
                              if name == "frame-ancestors"]
    assert len(found) == 1, response["Content-Security-Policy"]
    return found[0]


def test_the_embed_page_shows_the_catalogue_compactly(client, catalogue):
    response = client.get(EMBED)
    assert response.status_code == 200
    text = response.text
    assert "Cheshire and Wirral Maths Hub: Work Groups 2024/25" in text
    assert "Geometry in depth" in text
    assert "Now recruiting" in text
    assert "Apply by 18 October 2024" in text
    assert 'name="audience"' in text and 'method="get"' in text  # the catalogue's filters
    # No service header, phase banner or footer: it sits in the hub's own page.
    assert "govuk-phase-banner" not in text
    assert "govuk-footer" not in text
    assert "govuk-service-navigation" not in text


def test_view_and_apply_opens_the_full_page_in_a_new_tab(client, catalogue):
    text = client.get(EMBED).text
    assert (f'<a class="govuk-link" href="{SITE}/hubs/cw/2024-25/geometry/" target="_blank" '
            'rel="noopener">View and apply<span class="govuk-visually-hidden">: Geometry in '
            "depth (opens in new tab)</span></a>") in text


def test_filters_stay_in_the_frame(client, catalogue):
    factories.offering(hub=catalogue["hub"], programme=factories.programme(
        title="Leading maths departments", audience=Audience.HEADS_OF_DEPARTMENT))
    assert "Leading maths departments" in client.get(EMBED).text
    filtered = client.get(EMBED + "?audience=teachers").text
    assert "Leading maths departments" not in filtered
    assert f'href="{EMBED}">Clear filters' in filtered


def test_the_frame_script_posts_to_the_listed_websites(client, catalogue):
    text = client.get(EMBED).text
    assert 'data-origins="https://www.cw-mathshub.example.org"' in text
    assert "https://lancs.example.org" not in text


@pytest.mark.parametrize("url", ["/hubs/nowhere/2024-25/embed/", "/hubs/cw/2031-32/embed/",
                                 "/hubs/cw/not-a-year/embed/"])
def test_an_unknown_hub_or_year_is_a_404(client, catalogue, url):
    response = client.get(url)
    assert response.status_code == 404
    assert frame_ancestors(response) == ["'none'"]


def test_frame_ancestors_lists_exactly_the_hubs_websites(client, catalogue):
    embed_origin_add(actor=None, hub=catalogue["hub"], address="http://127.0.0.1:8123")
    response = client.get(EMBED)
    assert sorted(frame_ancestors(response)) == sorted(
        ["'self'", "http://127.0.0.1:8123", "https://www.cw-mathshub.example.org"])
    assert "https://lancs.example.org" not in response["Content-Security-Policy"]
    # Framing is governed by the CSP alone here; the rest of the policy is the site's.
    assert "X-Frame-Options" not in response
    assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"]


def test_a_hub_with_no_websites_is_framed_by_the_service_alone(client, catalogue):
    EmbedOrigin.objects.filter(hub=catalogue["hub"]).delete()
    assert frame_ancestors(client.get(EMBED)) == ["'self'"]


def assert_add_and_remove_work_at_once(client, catalogue) -> None:
    hub = catalogue["hub"]
    with mock.patch.object(embed_views, "_context", wraps=embed_views._context) as built:
        first = client.get(EMBED)
        assert "https://new.example.org" not in frame_ancestors(first)
        cached = client.get(EMBED)
    assert built.call_count == 1  # the second body came from the cache, not a new render
    assert cached.status_code == 200 and "Geometry in depth" in cached.text
    added = embed_origin_add(actor=None, hub=hub, address="https://new.example.org")
    assert "https://new.example.org" in frame_ancestors(client.get(EMBED))
    assert "https://new.example.org" in frame_ancestors(client.get(EMBED))  # cached again
    embed_origin_remove(actor=None, hub=hub, pk=added.pk)
    assert "https://new.example.org" not in frame_ancestors(client.get(EMBED))
    # Even with the body straight from the cache, the header is this request's: a list changed
    # behind the cache's back (no new version) still shows at once.
    with mock.patch.object(cache_module, "changed"):
        EmbedOrigin.objects.filter(hub=hub).delete()
    assert frame_ancestors(client.get(EMBED)) == ["'self'"]


def test_adding_and_removing_a_website_works_at_once(client, catalogue,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert_add_and_remove_work_at_once(client, catalogue)


def test_adding_and_removing_a_website_works_at_once_with_an_in_memory_cache(
        client, catalogue, django_capture_on_commit_callbacks):
    with override_settings(CACHES=LOCMEM), django_capture_on_commit_callbacks(execute=True):
        assert_add_and_remove_work_at_once(client, catalogue)


def test_a_repeat_visit_gets_304_and_a_new_website_gets_a_fresh_page(
        client, catalogue, django_capture_on_commit_callbacks):
    first = client.get(EMBED)
    repeat = client.get(EMBED, headers={"If-None-Match": first["ETag"]})
    assert repeat.status_code == 304
    # The browser keeps the stored policy, whose nonce matches the page it holds.
    assert "Content-Security-Policy" not in repeat
    assert "X-Frame-Options" not in repeat
    with django_capture_on_commit_callbacks(execute=True):
        embed_origin_add(actor=None, hub=catalogue["hub"], address="https://new.example.org")
    changed = client.get(EMBED, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert "https://new.example.org" in frame_ancestors(changed)


@pytest.mark.parametrize("url", ["/", "/hubs/cw/2024-25/", "/hubs/cw/2024-25/geometry/",
                                 "/embed/catalogue.js"])
def test_no_other_page_may_be_framed(client, catalogue, url):
    response = client.get(url)
    assert response.status_code == 200
    assert frame_ancestors(response) == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_host_script_is_served_as_javascript(client, catalogue):
    response = client.get("/embed/catalogue.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "public, max-age=3600"
    script = response.content.decode()
    assert "event.origin !== service" in script
    assert "frame.contentWindow === event.source" in script


def test_the_embed_page_only_answers_reads(client, catalogue):
    assert client.post(EMBED).status_code == 405
    assert client.post("/embed/catalogue.js").status_code == 405


# --- /hubs/<hub>/embed/: the year the catalogue opens on now, for a snippet that never dates ---

CURRENT = "/hubs/cw/embed/"


def normalised_csp(response) -> str:
    return re.sub(r"'nonce-[^']+'", "'nonce-N'", response["Content-Security-Policy"])


def test_the_year_less_embed_shows_the_year_the_catalogue_opens_on(client, catalogue):
    factories.offering(hub=catalogue["hub"], academic_year=factories.academic_year(2023),
                       status=OfferingStatus.COMPLETED, programme=factories.programme(
                           title="Last year's reasoning"))
    response = client.get(CURRENT)
    assert response.status_code == 200  # shown, not redirected: it sits in a frame
    assert "Cheshire and Wirral Maths Hub: Work Groups 2024/25" in response.text
    assert "Geometry in depth" in response.text
    assert "Last year's reasoning" not in response.text
    filtered = client.get(CURRENT + "?audience=teachers").text
    assert f'href="{CURRENT}">Clear filters' in filtered
    # The same policy, framing and caching as the year's own page.
    year_page = client.get(EMBED)
    assert normalised_csp(response) == normalised_csp(year_page)
    assert sorted(frame_ancestors(response)) == [
        "'self'", "https://www.cw-mathshub.example.org"]
    assert "X-Frame-Options" not in response
    assert response["Cache-Control"] == year_page["Cache-Control"]


def test_the_year_less_embed_of_a_hub_with_nothing_published_is_a_404(client, catalogue):
    factories.offering(hub=factories.hub(slug="quiet"), status=OfferingStatus.DRAFT)
    for url in ("/hubs/quiet/embed/", "/hubs/nowhere/embed/"):
        response = client.get(url)
        assert response.status_code == 404
        assert frame_ancestors(response) == ["'none'"]


def test_the_catalogue_page_and_the_embed_fold_their_filters_with_one_script(client, catalogue):
    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    script = f'<script src="{static("catalogue/filters.js")}" nonce="'
    for url in ("/hubs/cw/2024-25/", EMBED):
        text = client.get(url).text
        assert text.count(script) == 1, url
        assert "matchMedia" not in text, url  # no inline copy of it
    frame_script = finders.find("embed/frame.js")
    assert isinstance(frame_script, str)
    with open(frame_script) as source:
        assert "catalogue-filters" not in source.read()


def test_the_offering_list_is_the_catalogue_page_s_with_the_embed_s_link(client, catalogue):
    page = client.get("/hubs/cw/2024-25/").text
    embed = client.get(EMBED).text
    tag = '<strong class="govuk-tag govuk-tag--'
    assert page.count(tag) == embed.count(tag) == 1
    assert '<a class="govuk-link" href="/hubs/cw/2024-25/geometry/">Geometry in depth</a>' in page
    assert "View and apply" not in page
    assert '<h3 class="govuk-heading-s govuk-!-margin-bottom-1">Geometry in depth</h3>' in embed
