"""What the Atom feeds say about each published offering: its latest event (new or changed, its
application window opening or closing), when that happened, and a stable id.

Built from stored rows alone, so the same rows give the same feed on every render and machine:
the ids come from the site's configured address (never a request's Host header) and the
offering's primary key, and the times from the rows, their audit trail (when each was
published) and the domain clock."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.formats import date_format
from django.utils.html import format_html_join

from workgroups.catalogue.addresses import offering_address_maker
from workgroups.catalogue.models import Offering, OfferingQuerySet, OfferingStatus
from workgroups.core import clock
from workgroups.core.clock import london_midnight
from workgroups.core.email import absolute, header_text
from workgroups.publishing.feeds.selectors import offerings_latest_events, offerings_published_at

# A feed lists the most recent events only; a reader keeps what it has already seen.
MAX_ENTRIES = 100
# The date in the tag URIs (RFC 4151): any fixed day the site's host belonged to it. It must
# never change, or every reader sees every entry again as new.
TAG_DATE = "2024"
# An offering changed within this long of being published is still new: staff publish one
# and then correct it, and followers have not seen it yet.
STILL_NEW = timedelta(minutes=5)


class Event(StrEnum):
    NEW = "New"
    UPDATED = "Updated"
    OPENED = "Applications open"
    CLOSED = "Applications closed"


@dataclass(frozen=True, slots=True)
class OfferingEntry:
    """One offering as a feed entry."""

    id: str
    title: str
    summary: str  # HTML
    link: str
    published: datetime
    updated: datetime
    author: str


def tag_authority() -> str:
    """Who mints the tag URIs: the site's host name (RFC 4151 wants a domain name or an email
    address, never an IP address). A development site reached at an IP address is "localhost":
    it has no name of its own, and its ids are never the real site's."""
    host = urlsplit(settings.WORKGROUPS_SITE_URL).hostname or "localhost"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host
    return "localhost"


def tag_uri(what: str) -> str:
    """A stable id such as ``tag:example.org,2024:offering/123``."""
    return f"tag:{tag_authority()},{TAG_DATE}:{what}"


def latest_event(*, published_at: datetime, updated_at: datetime, status_now: OfferingStatus,
                 opens: date | None, closes: date | None,
                 today: date) -> tuple[Event, datetime]:
    """The offering's latest event and when it happened. Its own last change; the window's
    opening once that day has come; its closing once the last day has passed (at the start of
    the day after, when applications stopped). An offering still taking expressions of interest
    has not opened for applications, whatever its dates say."""
    change = Event.NEW if updated_at - published_at < STILL_NEW else Event.UPDATED
    events: list[tuple[datetime, Event]] = [(updated_at, change)]
    if status_now != OfferingStatus.EXPRESSION_OF_INTEREST:
        if opens is not None and opens <= today:
            events.append((london_midnight(opens), Event.OPENED))
        if closes is not None and closes < today:
            events.append((london_midnight(closes + timedelta(days=1)), Event.CLOSED))
    # On a tie the change wins: it is the one that says what happened in words.
    when, event = max(events, key=lambda pair: (pair[0], pair[1] in (Event.NEW,
                                                                      Event.UPDATED)))
    return event, when


def _day(day: date) -> str:
    return date_format(day, "j F Y")


def _window(opens: date | None, closes: date | None) -> str:
    if opens and closes:
        return f"Applications open {_day(opens)} and close {_day(closes)}."
    if opens:
        return f"Applications open {_day(opens)}."
    if closes:
        return f"Applications close {_day(closes)}."
    return "Application dates to be announced."


def _summary(offering: Offering, status_now: OfferingStatus) -> str:
    lines = [f"{header_text(offering.hub.name)}, {offering.academic_year.label}.",
             f"Status: {status_now.label}.",
             _window(offering.applications_open, offering.applications_close)]
    if time_commitment := offering.text.time_commitment:
        lines.append(f"Time commitment: {header_text(time_commitment)}")
    return str(format_html_join("", "<p>{}</p>", ((line,) for line in lines)))


def offering_entries(offerings: OfferingQuerySet, *, hub_in_title: bool) -> list[OfferingEntry]:
    """``offerings`` (public ones: feeds.selectors) as entries, latest event first, at most
    MAX_ENTRIES, from two bounded queries: the offerings that can have the latest events with
    their hub, year and programme, and when they were published."""
    today = clock.today()
    addresses: dict[tuple[str, str], Callable[[str], str]] = {}
    rows = list(offerings_latest_events(offerings, today=today, limit=MAX_ENTRIES)
                .select_related("hub", "academic_year", "programme"))
    publications = offerings_published_at(offering_ids=[offering.pk for offering in rows])
    entries = []
    for offering in rows:
        status_now = offering.status_on(today)
        # Published no later than its last change (the audit event is written just after the
        # row); an offering with no record of it counts from its creation.
        published_at = min(publications.get(offering.pk, offering.created_at),
                           offering.updated_at)
        event, when = latest_event(
            published_at=published_at, updated_at=offering.updated_at,
            status_now=status_now, opens=offering.applications_open,
            closes=offering.applications_close, today=today)
        # Staff text can hold control characters (Word's line break passes the forms) that
        # XML cannot: the feed would not render at all. A space does instead.
        hub_name = header_text(offering.hub.name)
        where = (offering.academic_year.label if not hub_in_title
                 else f"{offering.academic_year.label}, {hub_name}")
        key = (offering.hub.slug, offering.academic_year.slug)
        if key not in addresses:
            addresses[key] = offering_address_maker(hub=key[0], year=key[1])
        entries.append(OfferingEntry(
            id=tag_uri(f"offering/{offering.pk}"),
            title=f"{event}: {header_text(offering.text.title)} ({where})",
            summary=_summary(offering, status_now),
            link=absolute(addresses[key](offering.slug)),
            # In London time, as the windows are (the database hands back UTC).
            published=published_at.astimezone(clock.LONDON),
            updated=when.astimezone(clock.LONDON), author=hub_name))
    entries.sort(key=lambda entry: (entry.updated, entry.id), reverse=True)
    return entries[:MAX_ENTRIES]

