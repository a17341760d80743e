"""Feeds of the public catalogue, for readers and for hubs' own websites: Atom per hub and per
programme, a hub's year of sessions as a calendar, and a hub's year as the API's JSON."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.urls import reverse
from django.utils.decorators import decorator_from_middleware
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from workgroups.api.api import not_found, offerings_answer
from workgroups.catalogue import selectors
from workgroups.catalogue.models import Programme
from workgroups.core import clock
from workgroups.core.email import absolute, header_text
from workgroups.delivery.calendar import sessions_calendar
from workgroups.hubs.models import Hub
from workgroups.publishing.feeds.entries import OfferingEntry, offering_entries, tag_uri
from workgroups.publishing.feeds.selectors import (
    hub_offerings,
    hub_year_public_sessions,
    hub_year_published,
    programme_get_published,
    programme_offerings,
)


class _AtomFeed(Atom1Feed):
    def latest_post_date(self) -> datetime:
        # An empty feed is as new as the domain clock says, not the machine's.
        return super().latest_post_date() if self.items else clock.now()


class _OfferingFeed[Subject](Feed[OfferingEntry, Subject]):
    """What both Atom feeds share: one entry per published offering (entries.py)."""

    feed_type = _AtomFeed
    language = "en-GB"

    def item_title(self, item: OfferingEntry) -> str:
        return item.title  # Atom text: the generator escapes it (RSS would need it twice)

    def item_description(self, item: OfferingEntry) -> str:
        return item.summary

    def item_link(self, item: OfferingEntry) -> str:
        return item.link

    def item_guid(self, item: OfferingEntry) -> str:
        return item.id

    def item_pubdate(self, item: OfferingEntry) -> datetime:
        return item.published

    def item_updateddate(self, item: OfferingEntry) -> datetime:
        return item.updated

    def item_author_name(self, item: OfferingEntry) -> str:
        return item.author


class HubFeed(_OfferingFeed[Hub]):
    def get_object(self, request: HttpRequest, hub: str) -> Hub:
        return selectors.hub_get_public(slug=hub)

    def title(self, obj: Hub) -> str:
        return f"{header_text(obj.name)}: Work Groups"

    def subtitle(self, obj: Hub) -> str:
        return (f"New and changed Work Groups from {header_text(obj.name)}, and their "
                "applications opening and closing.")

    def link(self, obj: Hub) -> str:
        return absolute(obj.get_absolute_url())

    def feed_url(self, obj: Hub) -> str:
        return absolute(reverse("feeds:hub", kwargs={"hub": obj.slug}))

    def feed_guid(self, obj: Hub) -> str:
        return tag_uri(f"hub/{obj.pk}/offerings")

    def author_name(self, obj: Hub) -> str:
        return header_text(obj.name)

    def items(self, obj: Hub) -> list[OfferingEntry]:
        return offering_entries(hub_offerings(hub=obj), hub_in_title=False)


class ProgrammeFeed(_OfferingFeed[Programme]):
    def get_object(self, request: HttpRequest, programme: str) -> Programme:
        return programme_get_published(slug=programme)

    def title(self, obj: Programme) -> str:
        return f"{header_text(obj.title)}: Work Groups in every Maths Hub"

    def subtitle(self, obj: Programme) -> str:
        return (f"New and changed {header_text(obj.title)} Work Groups from every Maths Hub, "
                "and their applications opening and closing.")

    def link(self, obj: Programme) -> str:
        return absolute(reverse("pages:home"))

    def feed_url(self, obj: Programme) -> str:
        return absolute(reverse("feeds:programme", kwargs={"programme": obj.slug}))

    def feed_guid(self, obj: Programme) -> str:
        return tag_uri(f"programme/{obj.pk}/offerings")

    def author_name(self, obj: Programme) -> str:
        return "Maths Hubs"

    def items(self, obj: Programme) -> list[OfferingEntry]:
        return offering_entries(programme_offerings(programme=obj), hub_in_title=True)


# Feed readers poll: Feed sets Last-Modified (the newest entry's update), and the middleware
# answers an unchanged feed's If-Modified-Since (or the ETag it adds) with a 304.
_conditional = decorator_from_middleware(ConditionalGetMiddleware)
hub_feed = require_safe(_conditional(HubFeed()))
programme_feed = require_safe(_conditional(ProgrammeFeed()))


@require_safe
def sessions_ics(request: HttpRequest, hub: str, year: str) -> HttpResponse:
    """Every session of the hub's published offerings in the year, without joining links."""
    found = selectors.hub_get_public(slug=hub)
    academic_year = selectors.academic_year_get(slug=year)
    sessions = hub_year_public_sessions(hub=found, year=academic_year)
    # As the catalogue page, its embed and CSV: a year the hub has not published is not found
    # (a published one with no sessions yet is an empty calendar to subscribe to).
    if not sessions and not hub_year_published(hub=found, year=academic_year):
        raise Http404("This hub has no catalogue for that year.")
    body = sessions_calendar(sessions, name=f"{found.name}: Work Group sessions "
                                            f"{academic_year.label}")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="{found.slug}-'
                                       f'{academic_year.slug}-sessions.ics"')
    return response


@require_safe
def catalogue_json(request: HttpRequest, hub: str, year: str) -> HttpResponse:
    """The API's answer for the hub's year, byte for byte and from the same cache entry (so
    with the same ETag), open to any website's scripts: it is the public catalogue."""
    try:
        response = offerings_answer(request, hub=hub, year=year, status=None)
    except Http404 as exc:
        response = not_found(request, exc)
    response["Access-Control-Allow-Origin"] = "*"
    return response
