"""The one clock domain code reads.

Production reads the real time. The demo pins it (settings.WORKGROUPS_PINNED_NOW) so the seed
catalogue stays live, and tests move it explicitly with ``override_settings`` or ``pinned``.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


def now() -> datetime:
    """Return the current moment as an aware datetime (London time when pinned)."""
    pinned: datetime | None = settings.WORKGROUPS_PINNED_NOW
    if pinned is not None:
        return pinned
    return timezone.now()


def is_pinned() -> bool:
    return settings.WORKGROUPS_PINNED_NOW is not None


def today() -> date:
    """Today's date in England, which is what application windows and academic years use."""
    return now().astimezone(LONDON).date()


def london_midnight(day: date) -> datetime:
    """The start of ``day`` in England, as an aware datetime (a date-only event, such as an
    application window opening, as a moment)."""
    return datetime.combine(day, time.min, tzinfo=LONDON)


def academic_year_start(day: date) -> int:
    """The calendar year in which the academic year containing ``day`` began (1 September)."""
    return day.year if day.month >= 9 else day.year - 1
