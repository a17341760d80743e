"""Scenario tables for the completion rules and every progression route."""

from __future__ import annotations

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


def test_a_threshold_rule_without_its_threshold_is_a_configuration_error():
    with pytest.raises(ValueError, match="threshold"):
        completion_outcome(rule="min_days", threshold=None, marks=marks("P"))


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
