"""Pure rules over plain data: whether an enrolment completed its programme, and which next
stages a school or a person is due. No database, no clock: the services gather the facts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

ALL_REQUIRED, MIN_DAYS, MIN_PERCENT = "all_required", "min_days", "min_percent"
COMPLETED, INCOMPLETE, WITHDRAWN = "completed", "incomplete", "withdrawn"


@dataclass(frozen=True)
class SessionMark:
    """One session of the Work Group, and the participant's mark at it (None: not marked)."""

    required: bool
    equivalent_days: Decimal
    status: str | None
    cancelled: bool = False


@dataclass(frozen=True)
class Attended:
    sessions_attended: int
    sessions_required: int
    days_attended: Decimal
    sessions_held: int


def attended(marks: Iterable[SessionMark]) -> Attended:
    """What the participant came to, counting only sessions that were held (not cancelled)."""
    held = [m for m in marks if not m.cancelled]
    present = [m for m in held if m.status == "present"]
    return Attended(
        sessions_attended=len(present),
        sessions_required=sum(1 for m in held if m.required),
        days_attended=sum((m.equivalent_days for m in present), Decimal(0)),
        sessions_held=len(held))


def completion_outcome(*, rule: str, threshold: Decimal | None, marks: Sequence[SessionMark],
                       withdrawn: bool = False) -> str:
    """``completed`` or ``incomplete`` by the programme's rule; ``withdrawn`` if they left.

    - all_required: present at every required session that was held (and at one at least);
    - min_days: present at sessions worth at least ``threshold`` equivalent days;
    - min_percent: present at at least ``threshold`` per cent of the sessions held.
    A Work Group with no session held cannot be completed.
    """
    if withdrawn:
        return WITHDRAWN
    counts = attended(marks)
    if counts.sessions_held == 0:
        return INCOMPLETE
    if rule == ALL_REQUIRED:
        missed = any(m.required and not m.cancelled and m.status != "present" for m in marks)
        return INCOMPLETE if missed or counts.sessions_attended == 0 else COMPLETED
    if threshold is None:
        raise ValueError(f"The completion rule {rule!r} needs a threshold.")
    if rule == MIN_DAYS:
        return COMPLETED if counts.days_attended >= threshold else INCOMPLETE
    if rule == MIN_PERCENT:
        share = Decimal(counts.sessions_attended * 100) / counts.sessions_held
        return COMPLETED if share >= threshold else INCOMPLETE
    raise ValueError(f"Unknown completion rule {rule!r}.")


LONDON = ZoneInfo("Europe/London")


def outcomes_refusal(*, last_session_ends_at: datetime | None, offering_completed: bool,
                     year_ends_on: date, now: datetime) -> str | None:
    """Why outcomes cannot be recorded yet, or None when they can: only once the Work Group is
    over — its last session (not cancelled) has ended, its offering is marked completed, or
    its academic year has ended. Outcomes written earlier would mark everyone "did not
    complete" for sessions that have not happened."""
    if offering_completed or now.astimezone(LONDON).date() > year_ends_on:
        return None
    if last_session_ends_at is None:
        return ("Outcomes can be recorded once the Work Group has met: it has no sessions "
                "yet.")
    if last_session_ends_at > now:
        ends = last_session_ends_at.astimezone(LONDON)
        return (f"Outcomes can be recorded once the last session has ended, at "
                f"{ends:%H:%M} on {ends:%A} {ends.day} {ends:%B %Y}, or once the offering "
                f"is marked completed.")
    return None


@dataclass(frozen=True)
class Route:
    from_slug: str
    to_slug: str
    after_years: int = 1


@dataclass(frozen=True)
class Taken:
    """One year of a programme in someone's record."""

    programme: str
    year_start: int
    outcome: str  # completed, incomplete, withdrawn, or "enrolled" for a place now held


def consecutive_completed_years(history: Iterable[Taken], programme: str, last_year: int) -> int:
    """How many years of ``programme`` were completed back to back, ending in ``last_year``."""
    done = {t.year_start for t in history if t.programme == programme
            and t.outcome == COMPLETED}
    years = 0
    while last_year - years in done:
        years += 1
    return years


def due_next_stages(*, history: Sequence[Taken], routes: Iterable[Route],
                    next_year: int) -> list[str]:
    """The programmes due in the year starting ``next_year``, by the routes from what was
    completed up to the year before: a route applies after exactly ``after_years`` completed
    years of its programme in a row, the last of them last year (so Mastery Specialists go on to
    a second and a third year, and not a fourth). A route to another programme is not due once
    that programme is completed or under way."""
    last_year = next_year - 1
    due: list[str] = []
    for route in routes:
        streak = consecutive_completed_years(history, route.from_slug, last_year)
        if streak == 0 or streak != route.after_years:
            continue
        if route.to_slug != route.from_slug and any(
                t.programme == route.to_slug and t.outcome in (COMPLETED, "enrolled")
                for t in history):
            continue
        if route.to_slug not in due:
            due.append(route.to_slug)
    return due
