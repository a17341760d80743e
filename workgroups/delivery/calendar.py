"""iCalendar files for sessions: one session, one Work Group, or a participant's private feed.

Times are Europe/London with a VTIMEZONE. Each session keeps one UID for life; a change raises
its SEQUENCE (the session row counts them), and a cancelled session is still sent, as
STATUS:CANCELLED, so calendars that subscribed remove it. Public files leave out the online
joining link: only participants' own feeds carry it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings

from workgroups.core import clock
from workgroups.delivery.models import Session

if TYPE_CHECKING:  # icalendar is imported where a file is made, not when the URLs load
    from icalendar import Event

PRODID = "-//Maths Hub Work Groups//Sessions//EN"


def session_uid(session: Session) -> str:
    host = urlsplit(settings.WORKGROUPS_SITE_URL).hostname or "workgroups.local"
    return f"session-{session.pk}@{host}"


def _event(session: Session, *, with_online_link: bool) -> Event:
    work_group = session.work_group
    offering = work_group.offering
    from icalendar import Event

    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", (session.updated_at or clock.now()).astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(clock.LONDON))
    event.add("dtend", session.ends_at.astimezone(clock.LONDON))
    event.add("sequence", session.sequence)
    event.add("summary", f"{offering.programme.title}: {session.get_kind_display()}")
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    lines = [f"{work_group.name}, run by {offering.hub.name}."]
    if not session.required:
        lines.append("This session is optional.")
    if session.online and session.online_link and with_online_link:
        lines.append(f"Join online: {session.online_link}")
        event.add("url", session.online_link)
    elif session.online:
        lines.append("Online: the joining link is sent to participants.")
    if session.is_cancelled:
        lines.insert(0, "This session has been cancelled.")
    event.add("description", "\n".join(lines))
    event.add("location", session.place)
    return event


def sessions_calendar(sessions: Iterable[Session], *, name: str,
                      with_online_links: bool = False) -> bytes:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # One line: icalendar writes this property unescaped, so a line break typed into a programme
    # or Work Group name would otherwise break the file.
    calendar.add("x-wr-calname", " ".join(name.split()))
    calendar.add("x-wr-timezone", "Europe/London")
    years: list[int] = []
    for session in sessions:
        calendar.add_component(_event(session, with_online_link=with_online_links))
        years.append(session.starts_at.astimezone(clock.LONDON).year)
    # A VTIMEZONE for Europe/London covering the sessions' years (not 1970-2038 in full).
    first = min(years, default=clock.today().year)
    last = max(years, default=first)
    calendar.add_missing_timezones(first_date=date(first - 1, 1, 1),
                                   last_date=date(last + 1, 12, 31))
    return bytes(calendar.to_ical())

