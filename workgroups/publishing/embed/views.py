"""The catalogue on a hub's own website (ADR 22): the hub-year catalogue in a frame, which only
the hub's listed websites may show, and the script those websites load to fit the frame to it."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.csp import CSP
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from workgroups.catalogue import selectors as catalogue_selectors
from workgroups.catalogue.cache import cached_page
from workgroups.catalogue.views import hub_year_cache_params, hub_year_context
from workgroups.hubs.selectors import embed_origins

HOST_SCRIPT = "embed/catalogue.js"


@require_safe
@xframe_options_exempt  # framing is governed by the CSP's frame-ancestors set below instead
def catalogue(request: HttpRequest, hub: str, year: str) -> HttpResponse:
    return _framed(request, hub, year, name="embed", clear_filters_url=reverse(
        "embed:catalogue", kwargs={"hub": hub, "year": year}))


@require_safe
@xframe_options_exempt  # as catalogue() above
def current(request: HttpRequest, hub: str) -> HttpResponse:
    """The year the hub's catalogue opens on now (the catalogue's own choice, as at
    /hubs/<hub>/), so a hub's website moves on to the new year by itself. Shown here rather than
    redirected to: a redirect inside someone else's frame is fragile."""
    hub_obj = catalogue_selectors.hub_get_public(slug=hub)
    year = catalogue_selectors.current_catalogue_year(
        hub=hub_obj, years=catalogue_selectors.catalogue_years(hub=hub_obj))
    if year is None:
        raise Http404("This hub has not published any Work Groups yet.")
    # Its own cache name: its filters clear back to this address, not the year's.
    return _framed(request, hub, year.slug, name="embed-current",
                   clear_filters_url=reverse("embed:hub", kwargs={"hub": hub}))


def _framed(request: HttpRequest, hub: str, year: str, *, name: str,
            clear_filters_url: str) -> HttpResponse:
    # The site's address is in the key: the "View and apply" links are absolute.
    params = {**hub_year_cache_params(request, hub, year), "site": settings.WORKGROUPS_SITE_URL}
    # Read on every request, not kept with the body, so a website added or removed is let in or
    # shut out at once; a body rendered now is told the same list.
    origins = embed_origins(hub_slug=hub)
    response = cached_page(request, name=name, params=params, template="embed/catalogue.html",
                           dated=True, layout="embed/cached_page.html",
                           context=lambda: _context(request, hub, year, clear_filters_url,
                                                    origins))
    # A 304 keeps the cache's empty policy: the browser then keeps the header it stored with
    # the body (whose nonce the body holds), and the version in the ETag moves with every
    # change to the list (hubs.embedorigin is one of the cache's SHOWN_MODELS).
    if response.status_code != 304:
        response._csp_config = framed_by(origins)  # type: ignore[attr-defined]
    return response


def framed_by(origins: list[str]) -> dict[str, Any]:
    """The site's policy with framing allowed to the service itself (the staff page's preview)
    and exactly ``origins``."""
    return {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF, *origins]}


def _context(request: HttpRequest, hub: str, year: str, clear_filters_url: str,
             origins: list[str]) -> dict[str, Any]:
    data = hub_year_context(request, hub, year)  # the catalogue page's own rows and filters
    return {
        **data,
        "site_url": settings.WORKGROUPS_SITE_URL,
        # Where the frame's script may post its height (besides the service itself).
        "embed_origins": origins,
        "clear_filters_url": clear_filters_url,
    }


@require_safe
def script(request: HttpRequest) -> HttpResponse:
    """The host page's script, at a fixed address a hub can paste into its website (the static
    file's own address changes with each release)."""
    response = HttpResponse(_host_script(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@functools.cache
def _host_script() -> bytes:
    found = finders.find(HOST_SCRIPT)
    if not isinstance(found, str):
        raise LookupError(f"static file {HOST_SCRIPT} is missing")
    with open(found, "rb") as source:
        return source.read()
