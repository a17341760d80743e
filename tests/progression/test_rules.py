"""Scenario tables for the completion rules and every progression route."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workgroups.progression.defaults import DEFAULT_ROUTES
from workgroups.progression.rules import (
    Route,
    SessionMark,
    Taken,
    attended,
    completion_outcome,
    due_next_stages,
    outcomes_refusal,
)

D = Decimal


def marks(*spec):
    """'P' present, 'A' absent, 'X' apologies, '-' unmarked; lower case = optional session;
    '!' prefix = cancelled. Each session is worth one day unless ':0.5' follows."""
    result = []
    for item in spec:
        cancelled = item.startswith("!")
        item = item.lstrip("!")
        code, _, days = item.partition(":")
        status = {"p": "present", "a": "absent", "x": "apologies", "-": None}[code.lower()]
        result.append(SessionMark(required=code.isupper() or code == "-",
                                  equivalent_days=D(days or "1"), status=status,
                                  cancelled=cancelled))
    return result


@pytest.mark.parametrize(("rule", "threshold", "sessions", "expected"), [
    # Every required session
    ("all_required", None, ["P", "P", "P"], "completed"),
    ("all_required", None, ["P", "A", "P"], "incomplete"),
    ("all_required", None, ["P", "X", "P"], "incomplete"),          # apologies are not presence
    ("all_required", None, ["P", "-", "P"], "incomplete"),          # unmarked is not presence
    ("all_required", None, ["P", "a", "P"], "completed"),           # an optional one missed
    ("all_required", None, ["P", "!A", "P"], "completed"),          # a cancelled one missed
    ("all_required", None, ["!P"], "incomplete"),                   # nothing was held
    ("all_required", None, [], "incomplete"),
    ("all_required", None, ["a", "x"], "incomplete"),               # only optional, none came
    # At least N equivalent days
    ("min_days", D("3"), ["P", "P", "P", "A"], "completed"),
    ("min_days", D("3"), ["P", "P", "A", "A"], "incomplete"),
    ("min_days", D("2.5"), ["P", "P", "p:0.5"], "completed"),      # optional days count
    ("min_days", D("2.5"), ["P", "P", "!P:0.5"], "incomplete"),     # cancelled days do not
    ("min_days", D("1"), ["X", "p"], "completed"),
    # At least P per cent of the sessions held
    ("min_percent", D("75"), ["P", "P", "P", "A"], "completed"),     # exactly 75
    ("min_percent", D("75"), ["P", "P", "A", "A"], "incomplete"),
    ("min_percent", D("75"), ["P", "P", "P", "!A"], "completed"),    # 3 of 3 held
    ("min_percent", D("100"), ["P", "p"], "completed"),
    ("min_percent", D("100"), ["P", "a"], "incomplete"),            # optional sessions count here
    # Every percentage threshold just under / at / just over (no shipped programme uses
    # min_percent yet, so the usual ones a programme page offers): 2 of 3 is 66.67 %.
    ("min_percent", D("67"), ["P", "P", "A"], "incomplete"),        # 66.67 just under 67
    ("min_percent", D("66.67"), ["P", "P", "A"], "incomplete"),     # 66.666… still under
    ("min_percent", D("66"), ["P", "P", "A"], "completed"),         # just over 66
    ("min_percent", D("75"), ["P", "P", "P", "a", "A"], "incomplete"),  # 60 %, under 75
    ("min_percent", D("80"), ["P", "P", "P", "P", "A"], "completed"),   # exactly 80
    ("min_percent", D("81"), ["P", "P", "P", "P", "A"], "incomplete"),  # 80 just under 81
    ("min_percent", D("79"), ["P", "P", "P", "P", "A"], "completed"),   # 80 just over 79
    ("min_percent", D("50"), ["P", "A"], "completed"),              # exactly half
    ("min_percent", D("50.5"), ["P", "A"], "incomplete"),           # half, just under 50.5
    ("min_percent", D("100"), ["P"] * 99 + ["A"], "incomplete"),    # 99 %, just under 100
    # Every day threshold just under / at / just over
    ("min_days", D("3"), ["P", "P", "P:0.5", "A"], "incomplete"),   # 2.5 just under 3
    ("min_days", D("2.5"), ["P", "P", "P"], "completed"),           # 3 just over 2.5
    ("min_days", D("2.5"), ["P", "P", "P:0.4"], "incomplete"),      # 2.4 just under 2.5
    ("min_days", D("0.5"), ["P:0.5", "A"], "completed"),            # exactly half a day
])
def test_completion_rules(rule, threshold, sessions, expected):
    assert completion_outcome(rule=rule, threshold=threshold, marks=marks(*sessions)) == expected


def test_a_withdrawn_participant_is_withdrawn_whatever_they_attended():
    assert completion_outcome(rule="all_required", threshold=None, marks=marks("P", "P"),
                              withdrawn=True) == "withdrawn"


def test_counts_of_what_was_attended():
    counts = attended(marks("P", "a", "P:0.5", "!P", "X"))
    assert (counts.sessions_attended, counts.sessions_required, counts.days_attended,
            counts.sessions_held) == (2, 3, D("1.5"), 4)


def test_counts_when_nothing_was_attended_are_decimal_days():
    # The sum of no days is still a Decimal (Decimal("0")), not the integer 0.
    counts = attended(marks("A", "x"))
    assert counts.days_attended == D("0") and isinstance(counts.days_attended, Decimal)


@pytest.mark.parametrize(("rule", "threshold", "says"), [
    ("min_days", None, "needs a threshold"),
    ("min_percent", None, "needs a threshold"),
    ("most_sessions", D("50"), "Unknown completion rule 'most_sessions'"),  # not a rule
])
def test_a_rule_that_cannot_be_applied_is_a_configuration_error(rule, threshold, says):
    with pytest.raises(ValueError, match=says):
        completion_outcome(rule=rule, threshold=threshold, marks=marks("P"))


@given(st.lists(st.tuples(st.booleans(), st.sampled_from(["present", "absent", "apologies",
                                                          None]), st.booleans()),
                max_size=12),
       st.sampled_from(["all_required", "min_days", "min_percent"]),
       st.decimals(min_value=D("0.5"), max_value=D("100"), places=1))
def test_the_outcome_is_always_completed_or_incomplete(sessions, rule, threshold):
    given_marks = [SessionMark(required=r, equivalent_days=D(1), status=s, cancelled=c)
                   for r, s, c in sessions]
    outcome = completion_outcome(rule=rule, threshold=threshold, marks=given_marks)
    assert outcome in {"completed", "incomplete"}
    if outcome == "completed":
        assert any(m.status == "present" and not m.cancelled for m in given_marks)


ROUTES = [Route(a, b, n) for a, b, n, _ in DEFAULT_ROUTES]


def done(programme, year, outcome="completed"):
    return Taken(programme, year, outcome)


@pytest.mark.parametrize(("history", "next_year", "expected"), [
    # Development → Embedding → Sustaining
    ([done("secondary-tfm-development", 2023)], 2024, ["secondary-tfm-embedding"]),
    ([done("secondary-tfm-development-special-schools", 2023)], 2024,
     ["secondary-tfm-embedding"]),
    ([done("secondary-tfm-development", 2023, "incomplete")], 2024, []),
    ([done("secondary-tfm-development", 2022)], 2024, []),           # not last year
    ([done("secondary-tfm-development", 2022), done("secondary-tfm-embedding", 2023)], 2024,
     ["secondary-tfm-sustaining"]),
    ([done("secondary-tfm-development", 2023), done("secondary-tfm-embedding", 2021)], 2024,
     []),                                                              # already embedded
    ([done("secondary-tfm-development", 2023), done("secondary-tfm-embedding", 2024,
                                                    "enrolled")], 2024, []),
    # ECT Phase 1 → Phase 2
    ([done("sktm-ect-phase-1", 2024)], 2025, ["sktm-ect-phase-2"]),
    ([done("sktm-ect-phase-1", 2024, "withdrawn")], 2025, []),
    # Subject Leaders: the first year's Work Group, then the community
    ([done("subject-leaders-community", 2023)], 2024, ["subject-leaders-community"]),
    ([done("subject-leaders-community", 2022), done("subject-leaders-community", 2023)], 2024,
     []),                                                              # already in it
    # New MAT maths leaders → continuing
    ([done("mat-maths-leaders", 2023)], 2024, ["mat-maths-leaders"]),
    # Mastery Specialists: year 1 → 2 (with PD Lead) → 3, then no fourth year
    ([done("mastery-specialists", 2022)], 2023, ["mastery-specialists", "pd-lead"]),
    ([done("mastery-specialists", 2022), done("mastery-specialists", 2023),
      done("pd-lead", 2023)], 2024, ["mastery-specialists", "school-development-lead"]),
    ([done("mastery-specialists", 2021), done("mastery-specialists", 2022),
      done("mastery-specialists", 2023)], 2024, []),
    # PD Lead → School Development Lead
    ([done("pd-lead", 2023)], 2024, ["school-development-lead"]),
    ([done("pd-lead", 2023), done("school-development-lead", 2020)], 2024, []),
    # Every year threshold: a Mastery Specialist streak of 1, 2 and 3 years, and a broken one.
    ([done("mastery-specialists", 2021), done("mastery-specialists", 2023)], 2024,
     ["mastery-specialists", "pd-lead"]),                             # the streak is 1 again
    ([done("mastery-specialists", 2022), done("mastery-specialists", 2023, "incomplete")], 2024,
     []),                                                              # last year not completed
    ([done("mastery-specialists", 2022), done("mastery-specialists", 2023)], 2024,
     ["mastery-specialists"]),                                         # year 3; PD Lead is year 2
    ([done("mastery-specialists", 2023), done("pd-lead", 2020)], 2024,
     ["mastery-specialists"]),                                         # PD Lead done already
    ([done("sktm-ect-phase-1", 2023), done("sktm-ect-phase-1", 2024)], 2025,
     []),                                                              # after 1 year, not 2
    # A route not due does not stop the routes after it (Development's comes before PD Lead's).
    ([done("secondary-tfm-development", 2023), done("secondary-tfm-embedding", 2021),
      done("pd-lead", 2023)], 2024, ["school-development-lead"]),
    # Nothing completed, nothing due
    ([], 2024, []),
])
def test_every_progression_route(history, next_year, expected):
    assert sorted(due_next_stages(history=history, routes=ROUTES, next_year=next_year)) == \
        sorted(expected)


def test_every_default_route_names_programmes_of_the_demo():
    from workgroups.demo.content import PROGRAMMES

    slugs = {p["slug"] for p in PROGRAMMES}
    for from_slug, to_slug, after_years, note in DEFAULT_ROUTES:
        assert from_slug in slugs and to_slug in slugs and after_years >= 1 and note


def test_a_route_is_after_one_year_unless_it_says_otherwise():
    assert Route("a", "b").after_years == 1
    assert due_next_stages(history=[done("a", 2023)], routes=[Route("a", "b")],
                           next_year=2024) == ["b"]


@pytest.fixture
def process_clock_in_utc() -> Iterator[None]:
    """The rule is pure: London time must come from the rule itself, not from the process's
    time zone (Django sets it to London; here it is UTC, as outside Django)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


YEAR_ENDS = date(2026, 7, 31)
NOW = datetime(2026, 7, 15, 14, 30, tzinfo=UTC)  # 15:30 in London (summer time)
NO_SESSIONS = "Outcomes can be recorded once the Work Group has met: it has no sessions yet."


def not_ended(shown: str) -> str:
    return (f"Outcomes can be recorded once the last session has ended, at {shown}, or once the "
            f"offering is marked completed.")


@pytest.mark.usefixtures("process_clock_in_utc")
@pytest.mark.parametrize(("last_ends", "offering_completed", "now", "expected"), [
    # The last session has ended: at this very moment, or a second ago.
    (NOW, False, NOW, None),
    (NOW - timedelta(seconds=1), False, NOW, None),
    # It ends a second from now: the time is shown in London time.
    (NOW + timedelta(seconds=1), False, NOW, not_ended("15:30 on Wednesday 15 July 2026")),
    (datetime(2026, 7, 20, 23, 30, tzinfo=UTC), False, NOW,
     not_ended("00:30 on Tuesday 21 July 2026")),                     # the next day in London
    # No session yet
    (None, False, NOW, NO_SESSIONS),
    # The offering is marked completed: whatever is left of its sessions
    (None, True, NOW, None),
    (NOW + timedelta(days=3), True, NOW, None),
    # The academic year: its last day in London is not over, the next day is.
    (None, False, datetime(2026, 7, 31, 22, 59, tzinfo=UTC), NO_SESSIONS),  # 23:59 on the 31st
    (None, False, datetime(2026, 7, 31, 23, 0, tzinfo=UTC), None),          # 00:00 on 1 August
    (datetime(2026, 9, 1, 10, 0, tzinfo=UTC), False, datetime(2026, 8, 1, 9, 0, tzinfo=UTC),
     None),                                                           # a session after the year
])
def test_when_outcomes_can_be_recorded(last_ends, offering_completed, now, expected):
    assert outcomes_refusal(last_session_ends_at=last_ends, offering_completed=offering_completed,
                            year_ends_on=YEAR_ENDS, now=now) == expected
