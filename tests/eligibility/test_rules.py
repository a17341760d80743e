"""Scenario tables: every programme's rules, from plain data (no database)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workgroups.eligibility.defaults import DEFAULT_RULES
from workgroups.eligibility.rules import (
    BOOLEAN_FACTS,
    FACT_KEYS,
    FACT_LABELS,
    INTEGER_FACTS,
    RULES,
    Context,
    OfferingFacts,
    Participation,
    Reason,
    SchoolFacts,
    Suggestion,
    Verdict,
    evaluate,
    fact,
    missing,
    needed_facts,
    programme_slugs_in,
    validate_config,
    verdict_as_dict,
)

YEAR = 2024
GOOD = SchoolFacts(urn=111422, name="Upton High", is_open=True, in_england=True,
                   state_funded=True, secondary=True, special=False, post16=False,
                   primary=False, la_code=896, hub=("cheshire-and-wirral", "Cheshire and Wirral"))
CLOSED = replace(GOOD, urn=100100, name="Old High", is_open=False,
                 successor=(140000, "New Academy"))
INDEPENDENT = replace(GOOD, urn=100001, name="Private School", state_funded=False,
                      secondary=False)
SPECIAL_SECONDARY = replace(GOOD, urn=111494, name="Dee Banks", secondary=True, special=True)
SPECIAL_PRIMARY_ONLY = replace(GOOD, urn=111499, name="Small Special", secondary=False,
                               special=True, primary=False)
SIXTH_FORM_COLLEGE = replace(GOOD, urn=130411, name="Sixth Form College", secondary=False,
                             post16=True)
PRIMARY = replace(GOOD, urn=111000, name="Primary", secondary=False, primary=True)
OUT_OF_AREA = replace(GOOD, urn=100500, name="London High", la_code=201,
                      hub=("london-central", "London Central Maths Hub"))
WELSH = replace(GOOD, urn=400000, name="Ysgol", in_england=False)

TEACHER: dict[str, Any] = {"email": "t@example.org", "urn": 111422,
                           "role": "classroom_teacher", "years_teaching": 5,
                           "teaches_maths": "now"}


def p(programme: str, year: int, scope: Literal["school", "person"] = "school",
      outcome: str = "completed"):
    return Participation(programme=programme, year_start=year, outcome=outcome, scope=scope)


def verdict(programme: str, facts: dict[str, Any], school: SchoolFacts | None = GOOD,
            history=(), trust=(), accepting=True):
    offering = OfferingFacts(
        hub_slug="cheshire-and-wirral", hub_name="Cheshire and Wirral Maths Hub",
        hub_la_codes=frozenset({895, 896, 876, 344}), programme=programme,
        programme_title=programme.replace("-", " ").title(), year_start=YEAR,
        accepting=accepting,
        offering_urls={"sktm-ect-phase-1": "/hubs/cw/2024-25/sktm-ect-phase-1/",
                       "secondary-tfm-development": "/hubs/cw/2024-25/secondary-tfm-development/",
                       "pd-lead": "/hubs/cw/2025-26/pd-lead/"},
        interest_url="/hubs/cw/2025-26/" + programme + "/")
    context = Context(facts=facts, school=school, history=tuple(history),
                      trust_schools=tuple(trust), offering=offering)
    return evaluate(DEFAULT_RULES[programme], context)


def codes(result) -> set[str]:
    return {reason.code for reason in result.reasons}


# (programme, facts, school, history, trust, accepting, outcome, codes)
SCENARIOS = [
    # Teaching for Mastery Development
    ("secondary-tfm-development", TEACHER, GOOD, (), (), True, "eligible", set()),
    ("secondary-tfm-development", TEACHER, CLOSED, (), (), True, "not_eligible",
     {"school_closed"}),
    ("secondary-tfm-development", TEACHER, INDEPENDENT, (), (), True, "not_eligible",
     {"school_not_state_funded", "school_not_secondary"}),
    ("secondary-tfm-development", TEACHER, OUT_OF_AREA, (), (), True, "eligible_with_notes",
     {"school_outside_hub_area"}),
    ("secondary-tfm-development", TEACHER, GOOD, (p("secondary-tfm-development", 2022),), (),
     True, "not_eligible", {"already_completed"}),
    ("secondary-tfm-development", TEACHER, GOOD, (), (), False, "not_eligible",
     {"applications_closed"}),
    ("secondary-tfm-development", TEACHER, WELSH, (), (), True, "not_eligible",
     {"school_not_in_england"}),
    # Development for special schools
    ("secondary-tfm-development-special-schools", TEACHER, SPECIAL_SECONDARY, (), (), True,
     "eligible", set()),
    ("secondary-tfm-development-special-schools", TEACHER, SPECIAL_PRIMARY_ONLY, (), (), True,
     "eligible", set()),
    ("secondary-tfm-development-special-schools", TEACHER, GOOD, (), (), True, "not_eligible",
     {"school_not_special"}),
    ("secondary-tfm-development-special-schools", TEACHER, None, (), (), True, "not_eligible",
     {"school_not_found"}),
    # Embedding
    ("secondary-tfm-embedding", TEACHER, GOOD,
     (p("secondary-tfm-development", 2023), p("secondary-tfm-development", 2023, "person")), (),
     True, "eligible", set()),
    ("secondary-tfm-embedding", TEACHER, GOOD, (), (), True, "not_eligible",
     {"prerequisite_missing", "prerequisite_recommended"}),
    ("secondary-tfm-embedding", TEACHER, GOOD, (p("secondary-tfm-development", 2023),), (),
     True, "eligible_with_notes", {"prerequisite_recommended"}),
    ("secondary-tfm-embedding", TEACHER, GOOD,
     (p("secondary-tfm-development", 2021), p("secondary-tfm-development", 2021, "person")), (),
     True, "not_eligible", {"prerequisite_missing"}),
    ("secondary-tfm-embedding", TEACHER, GOOD,
     (p("secondary-tfm-development", 2023, outcome="withdrawn"),), (), True, "not_eligible",
     {"prerequisite_missing", "prerequisite_recommended"}),
    # Sustaining
    ("secondary-tfm-sustaining", TEACHER, GOOD, (p("secondary-tfm-embedding", 2022),), (), True,
     "eligible", set()),
    ("secondary-tfm-sustaining", TEACHER, GOOD, (), (), True, "not_eligible",
     {"prerequisite_missing"}),
    ("secondary-tfm-sustaining", {**TEACHER, "teaches_maths": "no"}, GOOD,
     (p("secondary-tfm-embedding", 2022),), (), True, "not_eligible", {"not_teaching_maths"}),
    ("secondary-tfm-sustaining", TEACHER, PRIMARY, (p("secondary-tfm-embedding", 2022),), (),
     True, "not_eligible", {"school_not_secondary"}),
    # Subject leaders
    ("subject-leaders-community", {**TEACHER, "role": "head_of_department"}, GOOD, (), (), True,
     "eligible", set()),
    ("subject-leaders-community", {**TEACHER, "role": "aspiring_head_of_department"}, GOOD, (),
     (), True, "not_eligible", {"role_not_eligible"}),
    ("subject-leaders-community", TEACHER, GOOD, (), (), True, "not_eligible",
     {"role_not_eligible"}),
    ("subject-leaders-community", {**TEACHER, "role": "head_of_department"}, CLOSED, (), (),
     True, "not_eligible", {"school_closed"}),
    # MAT maths leaders
    ("mat-maths-leaders", {"role": "trust_maths_lead", "urn": 111422,
                           "trust_urns": [111422, 111000]}, GOOD,
     (p("secondary-tfm-development", 2024),), (GOOD, PRIMARY), True, "eligible", set()),
    ("mat-maths-leaders", {"role": "trust_maths_lead", "urn": 111000,
                           "trust_urns": [111000, 111001]}, PRIMARY, (),
     (PRIMARY, replace(PRIMARY, urn=111001)), True, "not_eligible",
     {"trust_has_no_secondary", "school_not_in_tfm_work_group"}),
    ("mat-maths-leaders", {"role": "trust_maths_lead", "urn": 111422, "trust_urns": [111422]},
     GOOD, (p("secondary-tfm-development", 2024),), (GOOD,), True, "not_eligible",
     {"trust_too_small"}),
    ("mat-maths-leaders", {"role": "trust_maths_lead", "urn": 111422,
                           "trust_urns": [111422, 111000]}, GOOD, (), (GOOD, PRIMARY), True,
     "eligible_with_notes", {"school_not_in_tfm_work_group"}),
    ("mat-maths-leaders", {"role": "head_of_department", "urn": 111422,
                           "trust_urns": [111422, 111000]}, GOOD,
     (p("secondary-tfm-development", 2024),), (GOOD, PRIMARY), True, "not_eligible",
     {"role_not_eligible"}),
    # Securing Foundations at Year 7
    ("securing-foundations-year-7", {**TEACHER, "teaches_year7_below_expected": True}, GOOD, (),
     (), True, "eligible", set()),
    ("securing-foundations-year-7", {**TEACHER, "teaches_year7_below_expected": False}, GOOD,
     (), (), True, "not_eligible", {"not_teaching_target_group"}),
    ("securing-foundations-year-7", TEACHER, GOOD, (), (), True, "not_eligible",
     {"missing_fact"}),
    ("securing-foundations-year-7", {**TEACHER, "teaches_year7_below_expected": True},
     INDEPENDENT, (), (), True, "not_eligible",
     {"school_not_state_funded", "school_not_secondary"}),
    # Cross-phase Level 2
    ("cross-phase-level-2", {**TEACHER, "teaches_ks4": True, "teaches_post16_resit": False},
     GOOD, (), (), True, "eligible", set()),
    ("cross-phase-level-2", {**TEACHER, "urn": 130411, "teaches_ks4": False,
                             "teaches_post16_resit": True}, SIXTH_FORM_COLLEGE, (), (), True,
     "eligible", set()),
    ("cross-phase-level-2", {**TEACHER, "teaches_ks4": False, "teaches_post16_resit": False},
     GOOD, (), (), True, "not_eligible", {"not_teaching_target_group"}),
    ("cross-phase-level-2", {**TEACHER, "teaches_ks4": True, "teaches_post16_resit": False},
     PRIMARY, (), (), True, "not_eligible", {"school_not_secondary"}),
    # SKTM non-specialists
    ("sktm-non-specialist", {**TEACHER, "maths_itt": False}, GOOD, (), (), True, "eligible",
     set()),
    ("sktm-non-specialist", {**TEACHER, "maths_itt": False, "teaches_maths": "within_year"},
     SIXTH_FORM_COLLEGE, (), (), True, "eligible", set()),
    ("sktm-non-specialist", {**TEACHER, "maths_itt": True}, GOOD, (), (), True, "not_eligible",
     {"has_maths_itt"}),
    ("sktm-non-specialist", {**TEACHER, "maths_itt": False, "teaches_maths": "no"}, GOOD, (), (),
     True, "not_eligible", {"not_teaching_maths"}),
    # SKTM ECT Phase 1
    ("sktm-ect-phase-1", {**TEACHER, "years_teaching": 1}, GOOD, (), (), True, "eligible",
     set()),
    ("sktm-ect-phase-1", {**TEACHER, "years_teaching": 2}, GOOD, (), (), True, "eligible",
     set()),
    ("sktm-ect-phase-1", {**TEACHER, "years_teaching": 3}, GOOD, (), (), True, "not_eligible",
     {"not_early_career"}),
    ("sktm-ect-phase-1", {**TEACHER, "years_teaching": 2}, GOOD,
     (p("sktm-ect-phase-1", 2023, "person"),), (), True, "not_eligible", {"already_completed"}),
    ("sktm-ect-phase-1", {**TEACHER, "years_teaching": 1}, GOOD,
     (p("sktm-ect-phase-1", 2024, "person", "incomplete"),), (), True, "not_eligible",
     {"already_participating"}),
    # SKTM ECT Phase 2
    ("sktm-ect-phase-2", {**TEACHER, "years_teaching": 2}, GOOD,
     (p("sktm-ect-phase-1", 2023, "person"),), (), True, "eligible", set()),
    ("sktm-ect-phase-2", {**TEACHER, "years_teaching": 2}, GOOD, (), (), True, "not_eligible",
     {"prerequisite_missing"}),
    ("sktm-ect-phase-2", {**TEACHER, "years_teaching": 6}, GOOD,
     (p("sktm-ect-phase-1", 2020, "person"),), (), True, "eligible_with_notes",
     {"not_early_career"}),
    ("sktm-ect-phase-2", {**TEACHER, "years_teaching": 2}, GOOD,
     (p("sktm-ect-phase-1", 2023, "school"),), (), True, "not_eligible",
     {"prerequisite_missing"}),
    # SKTM teaching assistants
    ("sktm-teaching-assistants", {**TEACHER, "role": "teaching_assistant",
                                  "works_in_ks3_maths": True}, GOOD,
     (p("secondary-tfm-development", 2024),), (), True, "eligible", set()),
    ("sktm-teaching-assistants", {**TEACHER, "role": "teaching_assistant",
                                  "works_in_ks3_maths": True}, GOOD, (), (), True,
     "not_eligible", {"school_not_in_tfm_work_group"}),
    ("sktm-teaching-assistants", {**TEACHER, "works_in_ks3_maths": True}, GOOD,
     (p("secondary-tfm-embedding", 2023),), (), True, "not_eligible", {"role_not_eligible"}),
    ("sktm-teaching-assistants", {**TEACHER, "role": "teaching_assistant",
                                  "works_in_ks3_maths": False}, GOOD,
     (p("secondary-tfm-development", 2024),), (), True, "not_eligible",
     {"not_teaching_target_group"}),
    # ITT partnerships
    ("itt-partnerships", {"role": "itt_lead", "in_england": True}, None, (), (), True,
     "eligible", set()),
    ("itt-partnerships", {"role": "itt_lead", "in_england": False}, None, (), (), True,
     "not_eligible", {"not_in_england"}),
    ("itt-partnerships", {"role": "classroom_teacher", "in_england": True}, None, (), (), True,
     "not_eligible", {"role_not_eligible"}),
    ("itt-partnerships", {"role": "itt_lead"}, None, (), (), True, "not_eligible",
     {"missing_fact"}),
    # Mastery Specialists
    ("mastery-specialists", {**TEACHER, "years_teaching": 4}, GOOD, (), (), False,
     "not_eligible", {"applications_closed"}),
    ("mastery-specialists", {**TEACHER, "years_teaching": 2}, GOOD, (), (), True,
     "not_eligible", {"is_early_career"}),
    ("mastery-specialists", {**TEACHER, "years_teaching": 4}, GOOD, (), (), True, "eligible",
     set()),
    ("mastery-specialists", {**TEACHER, "years_teaching": 4}, INDEPENDENT, (), (), True,
     "not_eligible", {"school_not_state_funded", "school_not_secondary"}),
    # PD Lead
    ("pd-lead", {"email": "t@example.org", "in_england": True,
                 "leads_pd_beyond_own_institution": True}, None, (), (), True, "eligible",
     set()),
    ("pd-lead", {"email": "t@example.org", "in_england": True,
                 "leads_pd_beyond_own_institution": False}, None, (), (), True,
     "not_eligible", {"not_leading_pd"}),
    ("pd-lead", {"email": "t@example.org", "in_england": False,
                 "leads_pd_beyond_own_institution": True}, None, (), (), True, "not_eligible",
     {"not_in_england"}),
    ("pd-lead", {"email": "t@example.org", "in_england": True,
                 "leads_pd_beyond_own_institution": True}, None, (p("pd-lead", 2022, "person"),),
     (), True, "not_eligible", {"already_completed"}),
    # School Development Lead
    ("school-development-lead", {"email": "t@example.org", "in_england": True}, None,
     (p("pd-lead", 2023, "person"),), (), True, "eligible", set()),
    ("school-development-lead", {"email": "t@example.org", "in_england": True}, None, (), (),
     True, "eligible_with_notes", {"prerequisite_recommended"}),
    ("school-development-lead", {"email": "t@example.org", "in_england": False}, None,
     (p("pd-lead", 2023, "person"),), (), True, "not_eligible", {"not_in_england"}),
    ("school-development-lead", {"email": "t@example.org", "in_england": True}, None,
     (p("pd-lead", 2023, "person"),), (), False, "not_eligible", {"applications_closed"}),
    # Years 5 to 8 continuity (cross-phase)
    ("years-5-8-continuity", TEACHER, PRIMARY, (), (), True, "eligible", set()),
    ("years-5-8-continuity", TEACHER, GOOD, (), (), True, "eligible", set()),
    ("years-5-8-continuity", TEACHER, SIXTH_FORM_COLLEGE, (), (), True, "not_eligible",
     {"school_not_secondary"}),
    ("years-5-8-continuity", {**TEACHER, "teaches_maths": "no"}, GOOD, (), (), True,
     "not_eligible", {"not_teaching_maths"}),
    # Years 7 to 11 coherence
    ("years-7-11-coherence", TEACHER, GOOD, (), (), True, "eligible", set()),
    ("years-7-11-coherence", TEACHER, SPECIAL_SECONDARY, (), (), True, "eligible", set()),
    ("years-7-11-coherence", TEACHER, SIXTH_FORM_COLLEGE, (), (), True, "not_eligible",
     {"school_not_secondary"}),
    ("years-7-11-coherence", TEACHER, OUT_OF_AREA, (), (), False, "not_eligible",
     {"school_outside_hub_area", "applications_closed"}),
    # Developing mathematical thinking
    ("developing-mathematical-thinking", TEACHER, GOOD, (), (), True, "eligible", set()),
    ("developing-mathematical-thinking", TEACHER, CLOSED, (), (), True, "not_eligible",
     {"school_closed"}),
    ("developing-mathematical-thinking", TEACHER, INDEPENDENT, (), (), True, "not_eligible",
     {"school_not_state_funded", "school_not_secondary"}),
    ("developing-mathematical-thinking", {"urn": 111422}, GOOD, (), (), True, "not_eligible",
     {"missing_fact"}),
    # Core Maths
    ("developing-core-maths-pedagogy", {"urn": 130411, "core_maths_years": 2},
     SIXTH_FORM_COLLEGE, (), (), True, "eligible", set()),
    ("developing-core-maths-pedagogy", {"urn": 130411, "core_maths_years": 1},
     SIXTH_FORM_COLLEGE, (), (), True, "not_eligible", {"core_maths_too_new"}),
    ("developing-core-maths-pedagogy", {"urn": 111422, "core_maths_years": 3}, GOOD, (), (),
     True, "eligible", set()),
    ("developing-core-maths-pedagogy", {"urn": 111000, "core_maths_years": 3}, PRIMARY, (), (),
     True, "not_eligible", {"school_not_secondary"}),
]


@pytest.mark.parametrize(
    ("programme", "facts", "school", "history", "trust", "accepting", "outcome", "expected"),
    SCENARIOS, ids=[f"{row[0]}-{i}" for i, row in enumerate(SCENARIOS)])
def test_programme_scenarios(programme, facts, school, history, trust, accepting, outcome,
                             expected):
    result = verdict(programme, facts, school, history, trust, accepting)
    assert (result.outcome, codes(result)) == (outcome, expected), result.reasons


def test_every_programme_has_at_least_four_scenarios():
    counts = {slug: sum(1 for row in SCENARIOS if row[0] == slug) for slug in DEFAULT_RULES}
    assert min(counts.values()) >= 4, counts


def test_a_closed_school_points_to_its_successor():
    result = verdict("secondary-tfm-development", TEACHER, CLOSED)
    [closed] = [r for r in result.reasons if r.code == "school_closed"]
    assert closed.suggestion is not None and "URN 140000" in closed.suggestion.text


def test_out_of_area_suggests_the_right_hub():
    result = verdict("secondary-tfm-development", TEACHER, OUT_OF_AREA)
    [reason] = result.reasons
    assert not reason.hard
    assert reason.suggestion is not None and reason.suggestion.url == "/hubs/london-central/"


def test_phase_2_without_phase_1_says_apply_for_phase_1_first_with_a_link():
    result = verdict("sktm-ect-phase-2", {**TEACHER, "years_teaching": 2})
    [reason] = result.reasons
    assert reason.suggestion is not None
    assert reason.suggestion.url == "/hubs/cw/2024-25/sktm-ect-phase-1/"
    assert reason.suggestion.text.startswith("Apply for")


def test_closed_applications_suggest_registering_interest():
    result = verdict("pd-lead", {"email": "t@example.org", "in_england": True,
                                 "leads_pd_beyond_own_institution": True}, accepting=False)
    [reason] = result.reasons
    assert reason.suggestion is not None and reason.suggestion.url == "/hubs/cw/2025-26/pd-lead/"


def test_missing_facts_are_named():
    result = verdict("sktm-non-specialist", {"urn": 111422})
    assert {r.fact for r in result.reasons} >= {"teaches_maths", "maths_itt", "email"}
    messages = " ".join(r.message for r in result.reasons)
    assert "whether you teach maths" in messages and "your email address" in messages
    assert "(" not in messages and "_" not in messages  # words, not codes


def test_needed_facts_are_those_of_the_rules_only():
    assert needed_facts(DEFAULT_RULES["pd-lead"]) == [
        "in_england", "leads_pd_beyond_own_institution", "email"]
    assert needed_facts(DEFAULT_RULES["sktm-ect-phase-1"]) == [
        "urn", "teaches_maths", "years_teaching", "email"]


def test_every_default_configuration_is_valid():
    for slug, config in DEFAULT_RULES.items():
        assert validate_config(config) == [], slug


@pytest.mark.parametrize(("config", "problem"), [
    ({"rule": "school"}, "must be a list"),
    ([{"rule": "made-up"}], "not a known rule"),
    ([{"rule": "school", "hard": "yes"}], "must be true or false"),
    ([{"rule": "school", "params": []}], "must be an object"),
    ([{"rule": "school", "extra": 1}], "unknown keys extra"),
    ([{"rule": "prerequisite", "params": {}}], "“programme” is required"),
    ([{"rule": "role", "params": {"roles": ["wizard"]}}], "has wizard, which is not one of"),
    ([{"rule": "role", "params": {"roles": []}}], "must be a list of one or more names"),
    ([{"rule": "role", "params": {"roles": "classroom_teacher"}}], "must be a list"),
    ([{"rule": "role"}], "“roles” is required"),
    ([{"rule": "early_career", "params": {"max": "two"}}], "must be a whole number"),
    ([{"rule": "early_career", "params": {"max": True}}], "must be a whole number"),
    ([{"rule": "early_career", "params": {"max": 99}}], "from 0 to 50"),
    ([{"rule": "prerequisite", "params": {"programme": "x", "scope": "trust"}}],
     "must be one of school, person"),
    ([{"rule": "school", "params": {"state_funded": "no"}}], "must be true or false"),
    ([{"rule": "hub_area", "params": {"radius": 5}}], "“radius” is not a parameter"),
    ([{"rule": "target_group", "params": {"any_of": ["teaches_ks4"], "message": ""}}],
     "must be some text"),
])
def test_invalid_configurations_are_explained(config, problem):
    assert any(problem in message for message in validate_config(config))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["rule", "hard", "params", "roles", "programme", "min", "x"]), inner,
        max_size=4),
    max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(config=st.one_of(json_values, st.lists(st.fixed_dictionaries(
    {"rule": st.sampled_from(sorted(RULES) + ["nope"]) | json_values},
    optional={"hard": json_values, "params": st.dictionaries(
        st.sampled_from(["roles", "programme", "programmes", "min", "max", "scope", "any_of",
                         "phases", "next", "message", "state_funded"]), json_values)}))))
def test_any_configuration_is_validated_without_raising(config):
    problems = validate_config(config)
    assert all(isinstance(problem, str) and problem for problem in problems)


fact_values = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**7), st.text(max_size=12),
                        st.lists(st.integers(-5, 10**6), max_size=4),
                        st.sampled_from(["now", "no", "within_year", "head_of_department",
                                         "teaching_assistant", "itt_lead", "t@example.org"]))


@settings(max_examples=300, deadline=None)
@given(programme=st.sampled_from(sorted(DEFAULT_RULES)),
       facts=st.dictionaries(st.sampled_from(FACT_KEYS + ("junk",)), fact_values),
       school=st.sampled_from([None, GOOD, CLOSED, INDEPENDENT, SPECIAL_SECONDARY, PRIMARY,
                               SIXTH_FORM_COLLEGE, OUT_OF_AREA, WELSH]),
       accepting=st.booleans())
def test_any_facts_give_a_verdict_never_an_exception(programme, facts, school, accepting):
    result = verdict(programme, facts, school, accepting=accepting)
    assert result.outcome in {"eligible", "eligible_with_notes", "not_eligible"}
    assert all(reason.message for reason in result.reasons)
    if any(reason.hard for reason in result.reasons):
        assert result.outcome == "not_eligible"


# --- Issue 18: rows that kill the wrong rules mutation testing found -----------------------------

OFFERING = OfferingFacts(
    hub_slug="cheshire-and-wirral", hub_name="Cheshire and Wirral Maths Hub",
    hub_la_codes=frozenset({895, 896, 876, 344}), programme="sktm-ect-phase-1",
    programme_title="SKTM ECT Phase 1", year_start=YEAR, accepting=True,
    offering_urls={"sktm-ect-phase-1": "/hubs/cw/2024-25/sktm-ect-phase-1/",
                   "sktm-ect-phase-2": "/hubs/cw/2024-25/sktm-ect-phase-2/",
                   "secondary-tfm-development": "/hubs/cw/2024-25/secondary-tfm-development/",
                   "secondary-tfm-embedding": "/hubs/cw/2024-25/secondary-tfm-embedding/"},
    programme_titles={"sktm-ect-phase-2": "SKTM ECT Phase 2",
                      "secondary-tfm-development": "TfM Development"})

# A school that fails exactly one hard rule of the school rule, everything else as GOOD.
NOT_STATE_FUNDED_SECONDARY = replace(GOOD, urn=100002, name="Private High", state_funded=False)
CLOSED_NO_SUCCESSOR = replace(GOOD, urn=100101, name="Gone High", is_open=False)
LEVEL_2_TEACHER = {**TEACHER, "teaches_ks4": True, "teaches_post16_resit": False}


def run(config: list[dict[str, Any]], facts: dict[str, Any] | None = None,
        school: SchoolFacts | None = GOOD, history=(), trust=(), **offering: Any):
    """Any configuration (not only the shipped ones) against the facts: for the rules' defaults."""
    context = Context(facts=TEACHER if facts is None else facts, school=school,
                      history=tuple(history), trust_schools=tuple(trust),
                      offering=replace(OFFERING, **offering))
    return evaluate(config, context)


def flagged(result) -> set[tuple[str, bool]]:
    """Each reason's code with whether it is hard: a soft rule made hard (or back) shows here."""
    return {(reason.code, reason.hard) for reason in result.reasons}


# (programme, facts, school, outcome, (code, hard) pairs): each hard school rule failing alone.
ONE_HARD_RULE_AT_A_TIME = [
    ("secondary-tfm-development", TEACHER, NOT_STATE_FUNDED_SECONDARY, "not_eligible",
     {("school_not_state_funded", True)}),
    ("mastery-specialists", {**TEACHER, "years_teaching": 4}, NOT_STATE_FUNDED_SECONDARY,
     "not_eligible", {("school_not_state_funded", True)}),
    ("cross-phase-level-2", LEVEL_2_TEACHER, NOT_STATE_FUNDED_SECONDARY,
     "not_eligible", {("school_not_state_funded", True)}),
    # special but not secondary: a secondary programme refuses it
    ("secondary-tfm-development", TEACHER, SPECIAL_PRIMARY_ONLY, "not_eligible",
     {("school_not_secondary", True)}),
    ("years-7-11-coherence", TEACHER, SPECIAL_PRIMARY_ONLY, "not_eligible",
     {("school_not_secondary", True)}),
    ("cross-phase-level-2", LEVEL_2_TEACHER, SPECIAL_PRIMARY_ONLY,
     "not_eligible", {("school_not_secondary", True)}),
    ("years-5-8-continuity", TEACHER, SPECIAL_PRIMARY_ONLY, "not_eligible",
     {("school_not_secondary", True)}),
    ("secondary-tfm-development", TEACHER, CLOSED_NO_SUCCESSOR, "not_eligible",
     {("school_closed", True)}),
    ("developing-core-maths-pedagogy", {"urn": 130411, "core_maths_years": 2},
     replace(SIXTH_FORM_COLLEGE, is_open=False), "not_eligible", {("school_closed", True)}),
    ("sktm-non-specialist", {**TEACHER, "maths_itt": False}, WELSH, "not_eligible",
     {("school_not_in_england", True)}),
    ("secondary-tfm-development-special-schools", TEACHER, replace(SPECIAL_SECONDARY,
                                                                   in_england=False),
     "not_eligible", {("school_not_in_england", True)}),
    ("secondary-tfm-development-special-schools", TEACHER,
     replace(SPECIAL_SECONDARY, state_funded=False), "not_eligible",
     {("school_not_state_funded", True)}),
    # the hub area is soft on every shipped programme that checks it
    ("sktm-ect-phase-1", {**TEACHER, "years_teaching": 1}, OUT_OF_AREA, "eligible_with_notes",
     {("school_outside_hub_area", False)}),
]


@pytest.mark.parametrize(("programme", "facts", "school", "outcome", "expected"),
                         ONE_HARD_RULE_AT_A_TIME)
def test_a_school_failing_one_hard_rule(programme, facts, school, outcome, expected):
    result = verdict(programme, facts, school)
    assert (result.outcome, flagged(result)) == (outcome, expected), result.reasons


def test_a_closed_school_without_a_successor_has_no_suggestion():
    [reason] = verdict("secondary-tfm-development", TEACHER, CLOSED_NO_SUCCESSOR).reasons
    assert (reason.code, reason.suggestion) == ("school_closed", None)
    assert "Gone High is closed" in reason.message


# Every year and count threshold in the shipped rules, on both sides.
# (programme, facts, outcome, (code, hard) pairs)
YEAR_BOUNDARIES = [
    # ECT Phase 1: years 1 to 2, hard; 0 is a real answer (not teaching yet), not a missing one
    ("sktm-ect-phase-1", {**TEACHER, "years_teaching": 0}, "not_eligible",
     {("not_early_career", True)}),
    ("sktm-ect-phase-1", {**TEACHER, "years_teaching": 1}, "eligible", set()),
    ("sktm-ect-phase-1", {**TEACHER, "years_teaching": 2}, "eligible", set()),
    ("sktm-ect-phase-1", {**TEACHER, "years_teaching": 3}, "not_eligible",
     {("not_early_career", True)}),
    # ECT Phase 2: years 1 to 4, soft
    ("sktm-ect-phase-2", {**TEACHER, "years_teaching": 0}, "eligible_with_notes",
     {("not_early_career", False)}),
    ("sktm-ect-phase-2", {**TEACHER, "years_teaching": 1}, "eligible", set()),
    ("sktm-ect-phase-2", {**TEACHER, "years_teaching": 4}, "eligible", set()),
    ("sktm-ect-phase-2", {**TEACHER, "years_teaching": 5}, "eligible_with_notes",
     {("not_early_career", False)}),
    # Mastery Specialists: not in the first two years
    ("mastery-specialists", {**TEACHER, "years_teaching": 0}, "not_eligible",
     {("is_early_career", True)}),
    ("mastery-specialists", {**TEACHER, "years_teaching": 2}, "not_eligible",
     {("is_early_career", True)}),
    ("mastery-specialists", {**TEACHER, "years_teaching": 3}, "eligible", set()),
    # the largest count read as a career, and the first read as not given
    ("mastery-specialists", {**TEACHER, "years_teaching": 100}, "eligible", set()),
    ("mastery-specialists", {**TEACHER, "years_teaching": 101}, "not_eligible",
     {("missing_fact", True)}),
    ("mastery-specialists", {**TEACHER, "years_teaching": -1}, "not_eligible",
     {("missing_fact", True)}),
    ("mastery-specialists", {**TEACHER, "years_teaching": True}, "not_eligible",
     {("missing_fact", True)}),
    ("mastery-specialists", {**TEACHER, "years_teaching": "4"}, "not_eligible",
     {("missing_fact", True)}),
    # Core Maths: at least year 2; 0 is an answer
    ("developing-core-maths-pedagogy", {"urn": 111422, "core_maths_years": 0}, "not_eligible",
     {("core_maths_too_new", True)}),
    ("developing-core-maths-pedagogy", {"urn": 111422, "core_maths_years": 1}, "not_eligible",
     {("core_maths_too_new", True)}),
    ("developing-core-maths-pedagogy", {"urn": 111422, "core_maths_years": 2}, "eligible",
     set()),
]


@pytest.mark.parametrize(("programme", "facts", "outcome", "expected"), YEAR_BOUNDARIES)
def test_year_thresholds_of_the_shipped_rules(programme, facts, outcome, expected):
    # Phase 2 needs Phase 1 first: give it, so only the years decide.
    history = (p("sktm-ect-phase-1", 2023, "person"),) if programme == "sktm-ect-phase-2" else ()
    result = verdict(programme, facts, GOOD, history)
    assert (result.outcome, flagged(result)) == (outcome, expected), result.reasons


# Earlier participation by year, for the shipped configurations (the offering is 2024/25).
# (programme, facts, history, outcome, codes)
HISTORY_BOUNDARIES = [
    # Embedding: the school's Development must be last year's (previous_year_only)
    ("secondary-tfm-embedding", TEACHER,
     (p("secondary-tfm-development", 2022), p("secondary-tfm-development", 2022, "person")),
     "not_eligible", {"prerequisite_missing"}),
    ("secondary-tfm-embedding", TEACHER,
     (p("secondary-tfm-development", 2024), p("secondary-tfm-development", 2024, "person")),
     "not_eligible", {"prerequisite_missing"}),
    # an incomplete year still counts as taking part
    ("secondary-tfm-embedding", TEACHER,
     (p("secondary-tfm-development", 2023, outcome="incomplete"),
      p("secondary-tfm-development", 2023, "person", "incomplete")), "eligible", set()),
    # the person's own Development: any year
    ("secondary-tfm-embedding", TEACHER,
     (p("secondary-tfm-development", 2023), p("secondary-tfm-development", 2019, "person")),
     "eligible", set()),
    # Sustaining: Embedding in any year
    ("secondary-tfm-sustaining", TEACHER, (p("secondary-tfm-embedding", 2015),), "eligible",
     set()),
    ("secondary-tfm-sustaining", TEACHER, (p("secondary-tfm-embedding", 2022, "person"),),
     "not_eligible", {"prerequisite_missing"}),
    # Teaching assistants: the school in a TfM Work Group this year or last (years_back 1)
    ("sktm-teaching-assistants", {**TEACHER, "role": "teaching_assistant",
                                  "works_in_ks3_maths": True},
     (p("secondary-tfm-sustaining", 2023),), "eligible", set()),
    ("sktm-teaching-assistants", {**TEACHER, "role": "teaching_assistant",
                                  "works_in_ks3_maths": True},
     (p("secondary-tfm-development-special-schools", 2022),), "not_eligible",
     {"school_not_in_tfm_work_group"}),
    # MAT leaders: this year only (years_back 0), soft
    ("mat-maths-leaders", {"role": "trust_maths_lead", "urn": 111422,
                           "trust_urns": [111422, 111000]},
     (p("secondary-tfm-embedding", 2023),), "eligible_with_notes",
     {"school_not_in_tfm_work_group"}),
    ("mat-maths-leaders", {"role": "trust_maths_lead", "urn": 111422,
                           "trust_urns": [111422, 111000]},
     (p("secondary-tfm-embedding", 2024),), "eligible", set()),
    # Not already: this year's place in any state but withdrawn; earlier only if completed
    ("sktm-non-specialist", {**TEACHER, "maths_itt": False},
     (p("sktm-non-specialist", 2024, "person", "withdrawn"),), "eligible", set()),
    ("sktm-non-specialist", {**TEACHER, "maths_itt": False},
     (p("sktm-non-specialist", 2024, "person"),), "not_eligible", {"already_participating"}),
    ("sktm-non-specialist", {**TEACHER, "maths_itt": False},
     (p("sktm-non-specialist", 2022, "person", "incomplete"),), "eligible", set()),
    ("sktm-non-specialist", {**TEACHER, "maths_itt": False},
     (p("sktm-non-specialist", 2023, "person"),), "not_eligible", {"already_completed"}),
    # a school's completion does not stop a person (scope person)
    ("sktm-non-specialist", {**TEACHER, "maths_itt": False},
     (p("sktm-non-specialist", 2023, "school"),), "eligible", set()),
    # a later year's record is not an earlier completion
    ("sktm-non-specialist", {**TEACHER, "maths_itt": False},
     (p("sktm-non-specialist", 2025, "person"),), "eligible", set()),
    # Development is per school: the school's place this year
    ("secondary-tfm-development", TEACHER, (p("secondary-tfm-development", 2024),),
     "not_eligible", {"already_participating"}),
    ("secondary-tfm-development", TEACHER, (p("secondary-tfm-development", 2023, "person"),),
     "eligible", set()),
]


@pytest.mark.parametrize(("programme", "facts", "history", "outcome", "expected"),
                         HISTORY_BOUNDARIES)
def test_history_thresholds_of_the_shipped_rules(programme, facts, history, outcome, expected):
    result = verdict(programme, facts, GOOD, history, trust=(GOOD, PRIMARY))
    assert (result.outcome, codes(result)) == (outcome, expected), result.reasons


# Each rule with its parameters left out (the documented defaults) or set, on any configuration.
# (config, facts, school, history, trust, outcome, (code, hard) pairs)
RULE_DEFAULTS = [
    # school: state-funded and secondary by default
    ([{"rule": "school"}], TEACHER, GOOD, (), (), "eligible", set()),
    ([{"rule": "school"}], TEACHER, NOT_STATE_FUNDED_SECONDARY, (), (), "not_eligible",
     {("school_not_state_funded", True)}),
    ([{"rule": "school"}], TEACHER, PRIMARY, (), (), "not_eligible",
     {("school_not_secondary", True)}),
    ([{"rule": "school"}], TEACHER, SPECIAL_PRIMARY_ONLY, (), (), "not_eligible",
     {("school_not_secondary", True)}),
    ([{"rule": "school", "params": {"state_funded": False}}], TEACHER,
     NOT_STATE_FUNDED_SECONDARY, (), (), "eligible", set()),
    ([{"rule": "school", "params": {"state_funded": True}}], TEACHER,
     NOT_STATE_FUNDED_SECONDARY, (), (), "not_eligible", {("school_not_state_funded", True)}),
    # the school's own facts are hard even on a soft school rule
    ([{"rule": "school", "hard": False}], TEACHER, CLOSED_NO_SUCCESSOR, (), (), "not_eligible",
     {("school_closed", True)}),
    ([{"rule": "school", "hard": False}], TEACHER, None, (), (), "not_eligible",
     {("school_not_found", True)}),
    # phases
    ([{"rule": "school", "params": {"phases": ["any"]}}], TEACHER, SPECIAL_PRIMARY_ONLY, (), (),
     "eligible", set()),
    ([{"rule": "school", "params": {"phases": ["any"]}}], TEACHER, NOT_STATE_FUNDED_SECONDARY,
     (), (), "not_eligible", {("school_not_state_funded", True)}),
    ([{"rule": "school", "params": {"phases": ["primary"]}}], TEACHER, PRIMARY, (), (),
     "eligible", set()),
    ([{"rule": "school", "params": {"phases": ["primary"]}}], TEACHER, GOOD, (), (),
     "not_eligible", {("school_not_secondary", True)}),
    ([{"rule": "school", "params": {"phases": ["post16"]}}], TEACHER, SIXTH_FORM_COLLEGE, (), (),
     "eligible", set()),
    ([{"rule": "school", "params": {"phases": ["post16"]}}], TEACHER, GOOD, (), (),
     "not_eligible", {("school_not_secondary", True)}),
    # special among other phases: a special school fits, whatever else it is
    ([{"rule": "school", "params": {"phases": ["special", "primary"]}}], TEACHER,
     SPECIAL_PRIMARY_ONLY, (), (), "eligible", set()),
    ([{"rule": "school", "params": {"phases": ["special", "primary"]}}], TEACHER, GOOD, (), (),
     "not_eligible", {("school_not_secondary", True)}),
    ([{"rule": "school", "params": {"phases": ["special"]}}], TEACHER, PRIMARY, (), (),
     "not_eligible", {("school_not_special", True)}),
    # hub area: hard by default (a spec's hard defaults to true)
    ([{"rule": "hub_area"}], TEACHER, OUT_OF_AREA, (), (), "not_eligible",
     {("school_outside_hub_area", True)}),
    ([{"rule": "hub_area", "hard": False}], TEACHER, OUT_OF_AREA, (), (), "eligible_with_notes",
     {("school_outside_hub_area", False)}),
    ([{"rule": "hub_area"}], TEACHER, GOOD, (), (), "eligible", set()),
    # a school we cannot place is not refused by area
    ([{"rule": "hub_area"}], TEACHER, None, (), (), "eligible", set()),
    ([{"rule": "hub_area"}], TEACHER, replace(OUT_OF_AREA, la_code=None), (), (), "eligible",
     set()),
    # role: no roles accepted by default
    ([{"rule": "role"}], TEACHER, GOOD, (), (), "not_eligible", {("role_not_eligible", True)}),
    ([{"rule": "role", "hard": False, "params": {"roles": ["headteacher"]}}], TEACHER, GOOD, (),
     (), "eligible_with_notes", {("role_not_eligible", False)}),
    # teaches_maths: "now" only by default
    ([{"rule": "teaches_maths"}], {**TEACHER, "teaches_maths": "within_year"}, GOOD, (), (),
     "not_eligible", {("not_teaching_maths", True)}),
    ([{"rule": "teaches_maths", "params": {"accept": ["within_year"]}}], TEACHER, GOOD, (), (),
     "not_eligible", {("not_teaching_maths", True)}),
    ([{"rule": "teaches_maths", "hard": False}], {**TEACHER, "teaches_maths": "no"}, GOOD, (), (),
     "eligible_with_notes", {("not_teaching_maths", False)}),
    # no_maths_itt
    ([{"rule": "no_maths_itt", "hard": False}], {**TEACHER, "maths_itt": True}, GOOD, (), (),
     "eligible_with_notes", {("has_maths_itt", False)}),
    ([{"rule": "no_maths_itt"}], {**TEACHER, "maths_itt": "no"}, GOOD, (), (), "not_eligible",
     {("missing_fact", True)}),
    # early_career: years 1 to 2 by default
    ([{"rule": "early_career"}], {**TEACHER, "years_teaching": 0}, GOOD, (), (), "not_eligible",
     {("not_early_career", True)}),
    ([{"rule": "early_career"}], {**TEACHER, "years_teaching": 1}, GOOD, (), (), "eligible",
     set()),
    ([{"rule": "early_career"}], {**TEACHER, "years_teaching": 2}, GOOD, (), (), "eligible",
     set()),
    ([{"rule": "early_career"}], {**TEACHER, "years_teaching": 3}, GOOD, (), (), "not_eligible",
     {("not_early_career", True)}),
    ([{"rule": "early_career", "params": {"min": 0, "max": 0}}],
     {**TEACHER, "years_teaching": 0}, GOOD, (), (), "eligible", set()),
    # not_early_career: past year 2 by default
    ([{"rule": "not_early_career"}], {**TEACHER, "years_teaching": 2}, GOOD, (), (),
     "not_eligible", {("is_early_career", True)}),
    ([{"rule": "not_early_career"}], {**TEACHER, "years_teaching": 3}, GOOD, (), (), "eligible",
     set()),
    ([{"rule": "not_early_career", "params": {"max": 3}}], {**TEACHER, "years_teaching": 3}, GOOD,
     (), (), "not_eligible", {("is_early_career", True)}),
    ([{"rule": "not_early_career", "hard": False}], {**TEACHER, "years_teaching": 1}, GOOD, (),
     (), "eligible_with_notes", {("is_early_career", False)}),
    # prerequisite: the school's history by default, any year, incomplete counts
    ([{"rule": "prerequisite", "params": {"programme": "secondary-tfm-development"}}], TEACHER,
     GOOD, (p("secondary-tfm-development", 2010),), (), "eligible", set()),
    ([{"rule": "prerequisite", "params": {"programme": "secondary-tfm-development"}}], TEACHER,
     GOOD, (p("secondary-tfm-development", 2023, "person"),), (), "not_eligible",
     {("prerequisite_missing", True)}),
    ([{"rule": "prerequisite", "params": {"programme": "secondary-tfm-development"}}], TEACHER,
     GOOD, (p("secondary-tfm-development", 2023, outcome="withdrawn"),), (), "not_eligible",
     {("prerequisite_missing", True)}),
    ([{"rule": "prerequisite", "params": {"programme": "secondary-tfm-development",
                                          "previous_year_only": True}}], TEACHER, GOOD,
     (p("secondary-tfm-development", 2023, outcome="incomplete"),), (), "eligible", set()),
    ([{"rule": "prerequisite", "params": {"programme": "secondary-tfm-development",
                                          "previous_year_only": False}}], TEACHER, GOOD,
     (p("secondary-tfm-development", 2020),), (), "eligible", set()),
    ([{"rule": "prerequisite", "hard": False, "params": {"programme": "pd-lead",
                                                         "scope": "person"}}], TEACHER, GOOD,
     (p("pd-lead", 2023, "school"),), (), "eligible_with_notes",
     {("prerequisite_recommended", False)}),
    # not_already: the person's history by default
    ([{"rule": "not_already"}], TEACHER, GOOD, (p("sktm-ect-phase-1", 2024, "person"),), (),
     "not_eligible", {("already_participating", True)}),
    ([{"rule": "not_already"}], TEACHER, GOOD, (p("sktm-ect-phase-1", 2024, "school"),), (),
     "eligible", set()),
    ([{"rule": "not_already", "params": {"scope": "school"}}], TEACHER, GOOD,
     (p("sktm-ect-phase-1", 2022, "school"),), (), "not_eligible", {("already_completed", True)}),
    ([{"rule": "not_already", "hard": False}], TEACHER, GOOD,
     (p("sktm-ect-phase-1", 2022, "person"),), (), "eligible_with_notes",
     {("already_completed", False)}),
    # another programme's record is not this one's
    ([{"rule": "not_already"}], TEACHER, GOOD, (p("sktm-ect-phase-2", 2024, "person"),), (),
     "eligible", set()),
    # school_in_programmes: this year or last by default
    ([{"rule": "school_in_programmes", "params": {"programmes": ["secondary-tfm-embedding"]}}],
     TEACHER, GOOD, (p("secondary-tfm-embedding", 2023),), (), "eligible", set()),
    ([{"rule": "school_in_programmes", "params": {"programmes": ["secondary-tfm-embedding"]}}],
     TEACHER, GOOD, (p("secondary-tfm-embedding", 2024),), (), "eligible", set()),
    ([{"rule": "school_in_programmes", "params": {"programmes": ["secondary-tfm-embedding"]}}],
     TEACHER, GOOD, (p("secondary-tfm-embedding", 2022),), (), "not_eligible",
     {("school_not_in_tfm_work_group", True)}),
    ([{"rule": "school_in_programmes", "params": {"programmes": ["secondary-tfm-embedding"],
                                                  "years_back": 2}}],
     TEACHER, GOOD, (p("secondary-tfm-embedding", 2022),), (), "eligible", set()),
    ([{"rule": "school_in_programmes", "params": {"programmes": ["secondary-tfm-embedding"]}}],
     TEACHER, GOOD, (p("secondary-tfm-embedding", 2024, "person"),), (), "not_eligible",
     {("school_not_in_tfm_work_group", True)}),
    # trust: two schools by default, one of them open and secondary
    ([{"rule": "trust"}], {"trust_urns": [111422]}, GOOD, (), (GOOD,), "not_eligible",
     {("trust_too_small", True)}),
    ([{"rule": "trust"}], {"trust_urns": [111422, 111000]}, GOOD, (), (GOOD, PRIMARY),
     "eligible", set()),
    ([{"rule": "trust", "params": {"min_schools": 3}}], {"trust_urns": [111422, 111000]}, GOOD,
     (), (GOOD, PRIMARY), "not_eligible", {("trust_too_small", True)}),
    ([{"rule": "trust", "params": {"min_schools": 1}}], {"trust_urns": [111422]}, GOOD, (),
     (GOOD,), "eligible", set()),
    ([{"rule": "trust"}], {"trust_urns": [100100, 111000]}, GOOD, (), (CLOSED, PRIMARY),
     "not_eligible", {("trust_has_no_secondary", True)}),
    ([{"rule": "trust", "hard": False}], {"trust_urns": [111000]}, GOOD, (), (PRIMARY,),
     "eligible_with_notes", {("trust_too_small", False), ("trust_has_no_secondary", False)}),
    # target_group: any one of the facts true is enough
    ([{"rule": "target_group", "params": {"any_of": ["teaches_ks4", "teaches_post16_resit"]}}],
     {"teaches_ks4": False, "teaches_post16_resit": True}, GOOD, (), (), "eligible", set()),
    ([{"rule": "target_group", "hard": False, "params": {"any_of": ["teaches_ks4"]}}],
     {"teaches_ks4": False}, GOOD, (), (), "eligible_with_notes",
     {("not_teaching_target_group", False)}),
    # leads_pd and in_england take hard from the spec
    ([{"rule": "leads_pd", "hard": False}], {"leads_pd_beyond_own_institution": False}, GOOD, (),
     (), "eligible_with_notes", {("not_leading_pd", False)}),
    ([{"rule": "in_england", "hard": False}], {"in_england": False}, GOOD, (), (),
     "eligible_with_notes", {("not_in_england", False)}),
    # core_maths: at least 2 years by default
    ([{"rule": "core_maths"}], {"core_maths_years": 1}, GOOD, (), (), "not_eligible",
     {("core_maths_too_new", True)}),
    ([{"rule": "core_maths"}], {"core_maths_years": 2}, GOOD, (), (), "eligible", set()),
    ([{"rule": "core_maths", "params": {"min": 3}}], {"core_maths_years": 2}, GOOD, (), (),
     "not_eligible", {("core_maths_too_new", True)}),
    ([{"rule": "core_maths", "hard": False}], {"core_maths_years": 0}, GOOD, (), (),
     "eligible_with_notes", {("core_maths_too_new", False)}),
    # unknown rules and malformed specs are skipped; the same reason is given once
    ([{"rule": "made-up"}, "not a spec", {"rule": 7}], TEACHER, GOOD, (), (), "eligible", set()),
    ([{"rule": "made-up"}, {"rule": "role"}], TEACHER, GOOD, (), (), "not_eligible",
     {("role_not_eligible", True)}),
    ([{"rule": "school", "params": "not a mapping"}], TEACHER, PRIMARY, (), (), "not_eligible",
     {("school_not_secondary", True)}),
    ([{"rule": "role"}, {"rule": "role"}], TEACHER, GOOD, (), (), "not_eligible",
     {("role_not_eligible", True)}),
    # hard is read for its truth: 0 is soft, and a missing fact is hard whatever the rule says
    ([{"rule": "in_england", "hard": 0}], {"in_england": False}, GOOD, (), (),
     "eligible_with_notes", {("not_in_england", False)}),
    ([{"rule": "in_england", "hard": False}], {}, GOOD, (), (), "not_eligible",
     {("missing_fact", True)}),
    ([], {}, None, (), (), "eligible", set()),
    # required parameters left out (validate_config refuses these): a verdict, not an exception
    ([{"rule": "school_in_programmes"}], TEACHER, GOOD, (p("secondary-tfm-development", 2024),),
     (), "not_eligible", {("school_not_in_tfm_work_group", True)}),
    ([{"rule": "target_group"}], TEACHER, GOOD, (), (), "not_eligible",
     {("not_teaching_target_group", True)}),
]


@pytest.mark.parametrize(("config", "facts", "school", "history", "trust", "outcome", "expected"),
                         RULE_DEFAULTS)
def test_rule_defaults_and_parameters(config, facts, school, history, trust, outcome, expected):
    result = run(config, facts, school, history, trust)
    assert (result.outcome, flagged(result)) == (outcome, expected), result.reasons


def test_the_same_reason_is_given_once():
    result = run([{"rule": "role"}, {"rule": "role"}])
    assert len(result.reasons) == 1


# How each fact is read: well-formed, or None (which the engine reports as missing).
# (key, value given, value read)
FACT_READINGS = [
    ("maths_itt", True, True),
    ("maths_itt", False, False),
    ("maths_itt", 1, None),            # a number is not a yes/no answer
    ("in_england", "yes", None),
    ("urn", 111422, 111422),
    ("urn", "111422", None),           # parsed at the boundary, never here
    ("urn", 10**40, None),             # out of the URN range
    ("years_teaching", 0, 0),          # a real answer: not yet teaching
    ("years_teaching", 100, 100),      # MAX_COUNT
    ("years_teaching", 101, None),
    ("years_teaching", -1, None),
    ("years_teaching", False, None),   # a bool is an int in Python, not a count
    ("core_maths_years", 0, 0),
    ("core_maths_years", 2.0, None),
    ("role", "itt_lead", "itt_lead"),
    ("role", "wizard", None),
    ("role", ["itt_lead"], None),
    ("teaches_maths", "within_year", "within_year"),
    ("teaches_maths", "sometimes", None),
    ("email", "  T@Example.ORG ", "t@example.org"),
    ("email", "no-at-sign", None),
    ("email", 5, None),
    ("trust_urns", [111422, 111000], (111422, 111000)),
    ("trust_urns", (111422,), (111422,)),
    ("trust_urns", [], None),
    ("trust_urns", [111422, "111000"], None),
    ("trust_urns", [111422, 10**40], None),
    ("trust_urns", 111422, None),
    ("claimed_participation", {"pd-lead": " Hub X, 2022 "}, {"pd-lead": "Hub X, 2022"}),
    ("claimed_participation", {"pd-lead": "x" * 300}, {"pd-lead": "x" * 300}),  # the limit
    ("claimed_participation", {"pd-lead": "x" * 301}, None),
    ("claimed_participation", {"pd-lead": " x "}, {"pd-lead": "x"}),  # one letter is enough
    ("claimed_participation", {"pd-lead": "   "}, None),
    ("claimed_participation", {"": "Hub X"}, None),
    ("claimed_participation", {"pd-lead": 2022}, None),
    ("claimed_participation", {1: "Hub X"}, None),
    ("claimed_participation", ["pd-lead"], None),
    ("claimed_participation", {}, {}),
    ("not_a_fact", "anything", None),
    ("role", None, None),
]


@pytest.mark.parametrize(("key", "given", "read"), FACT_READINGS)
def test_facts_are_read_safely(key, given, read):
    assert fact({key: given}, key) == read


def test_facts_that_are_not_a_mapping_read_as_missing():
    assert fact(["urn"], "urn") is None  # type: ignore[arg-type]


def test_the_fact_vocabulary_covers_every_fact_a_shipped_rule_needs():
    needed = {key for config in DEFAULT_RULES.values() for key in needed_facts(config)}
    assert needed <= set(FACT_KEYS)
    assert set(BOOLEAN_FACTS) | set(INTEGER_FACTS) <= set(FACT_KEYS)
    # Every fact has words for a person, and asking for it names it for the API.
    assert set(FACT_LABELS) == set(FACT_KEYS)
    for key in FACT_KEYS:
        reason = missing(key)
        assert (reason.code, reason.hard, reason.fact) == ("missing_fact", True, key)
        assert FACT_LABELS[key] in reason.message


def test_an_unknown_fact_is_asked_for_in_plain_words():
    reason = missing("shoe_size")
    assert (reason.code, reason.hard, reason.fact) == ("missing_fact", True, "shoe_size")
    assert reason.message == "We need to know one more answer."


# (config, facts needed, in the order first needed)
NEEDED = [
    ([{"rule": "prerequisite", "params": {"programme": "x"}}], ["urn"]),
    ([{"rule": "prerequisite", "params": {"programme": "x", "scope": "school"}}], ["urn"]),
    ([{"rule": "prerequisite", "params": {"programme": "x", "scope": "person"}}], ["email"]),
    ([{"rule": "not_already"}], ["email"]),
    ([{"rule": "not_already", "params": {"scope": "school"}}], ["urn"]),
    ([{"rule": "not_already", "params": {"scope": "person"}}], ["email"]),
    ([{"rule": "target_group", "params": {"any_of": ["teaches_ks4", "teaches_post16_resit"]}}],
     ["teaches_ks4", "teaches_post16_resit"]),
    ([{"rule": "target_group"}], []),
    ([{"rule": "applications_open"}], []),
    ([{"rule": "made-up"}, {"rule": "school"}, {"rule": "hub_area"}, {"rule": "trust"}],
     ["urn", "trust_urns"]),
    ([{"rule": "core_maths"}, {"rule": "leads_pd"}, {"rule": "in_england"},
      {"rule": "no_maths_itt"}, {"rule": "early_career"}, {"rule": "not_early_career"},
      {"rule": "role"}, {"rule": "teaches_maths"}, {"rule": "school_in_programmes"}],
     ["core_maths_years", "leads_pd_beyond_own_institution", "in_england", "maths_itt",
      "years_teaching", "role", "teaches_maths", "urn"]),
]


@pytest.mark.parametrize(("config", "needed"), NEEDED)
def test_needed_facts(config, needed):
    assert needed_facts(config) == needed


# (config, programme slugs it refers to)
SLUGS = [
    ([], set()),
    ([{"rule": "prerequisite", "params": {"programme": "pd-lead"}},
      {"rule": "early_career", "params": {"next": "sktm-ect-phase-2"}},
      {"rule": "not_already", "params": {"next": "secondary-tfm-sustaining"}},
      {"rule": "school_in_programmes",
       "params": {"programmes": ["secondary-tfm-development", 7, "secondary-tfm-embedding"]}}],
     {"pd-lead", "sktm-ect-phase-2", "secondary-tfm-sustaining", "secondary-tfm-development",
      "secondary-tfm-embedding"}),
    # not slugs: text parameters, other kinds, malformed values, unknown rules
    ([{"rule": "target_group", "params": {"any_of": ["teaches_ks4"], "message": "Hi"}},
      {"rule": "role", "params": {"roles": ["itt_lead"]}},
      {"rule": "prerequisite", "params": {"programme": ["pd-lead"], "scope": "person"}},
      {"rule": "school_in_programmes", "params": {"programmes": "pd-lead"}},
      {"rule": "made-up", "params": {"programme": "pd-lead"}}], set()),
    # an unknown rule does not stop the reading
    ([{"rule": "made-up"}, {"rule": "prerequisite", "params": {"programme": "pd-lead"}}],
     {"pd-lead"}),
]


@pytest.mark.parametrize(("config", "slugs"), SLUGS)
def test_programme_slugs_in(config, slugs):
    assert programme_slugs_in(config) == slugs


def test_the_shipped_rules_refer_to_shipped_programmes():
    for config in DEFAULT_RULES.values():
        assert programme_slugs_in(config) <= set(DEFAULT_RULES)
    assert programme_slugs_in(DEFAULT_RULES["sktm-ect-phase-1"]) == {"sktm-ect-phase-2"}


def test_verdict_as_dict():
    result = verdict("sktm-ect-phase-2", {"urn": 111422, "years_teaching": 2,
                                          "teaches_maths": "now", "email": "t@example.org"})
    [reason] = result.reasons
    assert verdict_as_dict(result) == {
        "outcome": "not_eligible",
        "reasons": [{"code": "prerequisite_missing", "message": reason.message, "hard": True,
                     "suggestion": {
                         "text": "Apply for the programme that comes before this one first",
                         "url": "/hubs/cw/2024-25/sktm-ect-phase-1/"},
                     "fact": None}]}
    notes = Verdict("eligible_with_notes", (
        Reason("school_outside_hub_area", "Outside.", False, Suggestion("Look elsewhere")),
        missing("email")))
    assert verdict_as_dict(notes) == {
        "outcome": "eligible_with_notes",
        "reasons": [
            {"code": "school_outside_hub_area", "message": "Outside.", "hard": False,
             "suggestion": {"text": "Look elsewhere", "url": None}, "fact": None},
            {"code": "missing_fact", "message": "We need to know your email address.",
             "hard": True, "suggestion": None, "fact": "email"}]}
    assert verdict_as_dict(Verdict("eligible", ())) == {"outcome": "eligible", "reasons": []}


# validate_config's limits, each on both sides. (config, every problem, exactly)
CONFIG_LIMITS = [
    ([], []),
    # whole numbers: 0 to 50
    ([{"rule": "early_career", "params": {"min": 0, "max": 50}}], []),
    ([{"rule": "early_career", "params": {"max": 51}}],
     ["Rule 1 (early_career): “max” must be a whole number from 0 to 50."]),
    # a range the wrong way round (with the defaults, min 1 and max 2, filling in)
    ([{"rule": "early_career", "params": {"min": 2, "max": 2}}], []),
    ([{"rule": "early_career", "params": {"min": 3, "max": 2}}],
     ["Rule 1 (early_career): the first year accepted (3) is after the last (2), so nobody "
      "could join."]),
    ([{"rule": "early_career", "params": {"min": 3}}],
     ["Rule 1 (early_career): the first year accepted (3) is after the last (2), so nobody "
      "could join."]),
    ([{"rule": "early_career", "params": {"max": 0}}],
     ["Rule 1 (early_career): the first year accepted (1) is after the last (0), so nobody "
      "could join."]),
    ([{"rule": "early_career", "params": {"min": 0, "max": 0}}], []),
    ([{"rule": "trust", "params": {"min_schools": -1}}],
     ["Rule 1 (trust): “min_schools” must be a whole number from 0 to 50."]),
    ([{"rule": "core_maths", "params": {"min": 2.0}}],
     ["Rule 1 (core_maths): “min” must be a whole number from 0 to 50."]),
    # true or false
    ([{"rule": "school", "hard": False, "params": {"state_funded": False}}], []),
    ([{"rule": "prerequisite", "params": {"programme": "pd-lead", "previous_year_only": 1}}],
     ["Rule 1 (prerequisite): “previous_year_only” must be true or false."]),
    ([{"rule": "school", "hard": 1}], ["Rule 1: “hard” must be true or false."]),
    # text and programme slugs
    ([{"rule": "prerequisite", "params": {"programme": "  "}}],
     ["Rule 1 (prerequisite): “programme” must be some text."]),
    ([{"rule": "early_career", "params": {"next": 5}}],
     ["Rule 1 (early_career): “next” must be some text."]),
    ([{"rule": "target_group", "params": {"any_of": ["teaches_ks4"], "message": "Hi"}}], []),
    # one of
    ([{"rule": "not_already", "params": {"scope": "school"}}], []),
    ([{"rule": "not_already", "params": {"scope": ["school"]}}],
     ["Rule 1 (not_already): “scope” must be one of school, person."]),
    # lists of names
    ([{"rule": "school_in_programmes", "params": {"programmes": ["any-slug"]}}], []),
    ([{"rule": "school_in_programmes", "params": {"programmes": []}}],
     ["Rule 1 (school_in_programmes): “programmes” must be a list of one or more names."]),
    ([{"rule": "school_in_programmes", "params": {"programmes": ["a", 1]}}],
     ["Rule 1 (school_in_programmes): “programmes” must be a list of one or more names."]),
    ([{"rule": "school", "params": {"phases": ["secondary", "sixth", "nursery"]}}],
     ["Rule 1 (school): “phases” has sixth, nursery, which is not one of secondary, post16, "
      "special, primary, any."]),
    ([{"rule": "teaches_maths", "params": {"accept": ["now", "within_year", "no"]}}], []),
    # required parameters, in the rule's own words
    ([{"rule": "school_in_programmes"}],
     ["Rule 1 (school_in_programmes): “programmes” is required (the programmes)."]),
    ([{"rule": "target_group", "params": {}}],
     ["Rule 1 (target_group): “any_of” is required (the facts, any of which qualifies)."]),
    # parameters a rule does not take
    ([{"rule": "applications_open", "params": {"when": 1}}],
     ["Rule 1 (applications_open): “when” is not a parameter of this rule; it takes no "
      "parameters."]),
    ([{"rule": "core_maths", "params": {"max": 3, "min": 2, "extra": 1}}],
     ["Rule 1 (core_maths): “extra” is not a parameter of this rule; it takes min.",
      "Rule 1 (core_maths): “max” is not a parameter of this rule; it takes min."]),
    # the shape of each spec, numbered from 1
    ([{"rule": "in_england"}, "in_england", {"rule": None, "hard": "no", "params": [],
                                             "when": 1, "why": 2},
      {"rule": "role"}],
     ["Rule 2 must be an object with a “rule” name.",
      "Rule 3: “None” is not a known rule. Known rules: " + ", ".join(sorted(RULES)) + ".",
      "Rule 3: “hard” must be true or false.",
      "Rule 3: “params” must be an object.",
      "Rule 3: unknown keys when, why.",
      "Rule 4 (role): “roles” is required (the roles accepted)."]),
    ([{"rule": "made-up"}],
     ["Rule 1: “made-up” is not a known rule. Known rules: " + ", ".join(sorted(RULES)) + "."]),
    ([{"rule": "early_career", "params": {"radius": 5}}],
     ["Rule 1 (early_career): “radius” is not a parameter of this rule; it takes min, max, "
      "next."]),
    ("school", ["The rules must be a list."]),
    (None, ["The rules must be a list."]),
]


@pytest.mark.parametrize(("config", "problems"), CONFIG_LIMITS)
def test_validate_config_limits(config, problems):
    assert validate_config(config) == problems


DEV, EMB = "secondary-tfm-development", "secondary-tfm-embedding"


def spec(rule: str, hard: bool = True, **params: Any) -> dict[str, Any]:
    return {"rule": rule, "hard": hard, "params": params}


# Each reason in full, as a person sees it.
# (config, facts, school, history, trust, offering changes,
#  [(code, hard, message, suggestion text, suggestion url, claim programmes, claim question)])
REASONS_IN_FULL = [
    pytest.param([spec("school")], TEACHER, CLOSED, (), (), {},
                 [
                  ("school_closed", True,
                   "Old High is closed.",
                   "Old High closed and became New Academy (URN 140000): apply with that school",
                   None,
                   None, None),
                 ], id="closed_successor"),
    pytest.param([spec("school")], TEACHER, None, (), (), {},
                 [
                  ("school_not_found", True,
                   "We cannot find a school with URN 111422 in the national register.",
                   "Search for your school by name, town or postcode",
                   None,
                   None, None),
                 ], id="not_found"),
    pytest.param([spec("school")], TEACHER, replace(WELSH, state_funded=False), (), (), {},
                 [
                  ("school_not_in_england", True,
                   "Ysgol is not in England. Maths Hubs serve schools in England.",
                   None, None,
                   None, None),
                  ("school_not_state_funded", True,
                   "Ysgol is not state-funded. This programme is funded for state-funded schools "
                   "only.",
                   None, None,
                   None, None),
                 ], id="welsh_independent"),
    pytest.param([spec("school", phases=["special"])], TEACHER, GOOD, (), (), {},
                 [
                  ("school_not_special", True,
                   "This Work Group is for special schools, and Upton High is not one.",
                   "Look at the Teaching for Mastery Development Work Group for mainstream schools",
                   "/hubs/cw/2024-25/secondary-tfm-development/",
                   None, None),
                 ], id="not_special"),
    pytest.param([spec("school", phases=["secondary", "post16", "special", "primary"])], TEACHER,
                 replace(GOOD, secondary=False), (), (), {},
                 [
                  ("school_not_secondary", True,
                   "This programme is for post-16 colleges or primary schools or secondary "
                   "schools or special schools, and Upton High is not one.",
                   None, None,
                   None, None),
                 ], id="not_phase"),
    pytest.param([spec("hub_area")], TEACHER, OUT_OF_AREA, (), (), {},
                 [
                  ("school_outside_hub_area", True,
                   "London High is outside the area Cheshire and Wirral Maths Hub serves. Hubs "
                   "normally take schools from their own area.",
                   "Your school is in the area of London Central Maths Hub: look at its Work "
                   "Groups",
                   "/hubs/london-central/",
                   None, None),
                 ], id="out_of_area"),
    pytest.param([spec("hub_area")], TEACHER,
                 replace(OUT_OF_AREA, hub=("cheshire-and-wirral", "C")), (), (), {},
                 [
                  ("school_outside_hub_area", True,
                   "London High is outside the area Cheshire and Wirral Maths Hub serves. Hubs "
                   "normally take schools from their own area.",
                   None, None,
                   None, None),
                 ], id="out_of_area_same_hub"),
    pytest.param([spec("role", roles=["head_of_department"])],
                 {**TEACHER, "role": "aspiring_head_of_department"}, GOOD, (), (), {},
                 [
                  ("role_not_eligible", True,
                   "This programme is for serving heads of department and subject leaders. "
                   "Aspiring heads of department cannot take part yet.",
                   None, None,
                   None, None),
                 ], id="role_aspiring"),
    pytest.param([spec("role", roles=["head_of_department", "senior_leader"])], TEACHER, GOOD, (),
                 (), {},
                 [
                  ("role_not_eligible", True,
                   "This programme is for a head of department or subject leader, a senior "
                   "leader; you told us you are a classroom teacher.",
                   None, None,
                   None, None),
                 ], id="role"),
    pytest.param([spec("teaches_maths")], {**TEACHER, "teaches_maths": "no"}, GOOD, (), (), {},
                 [
                  ("not_teaching_maths", True,
                   "This programme is for people who teach maths.",
                   None, None,
                   None, None),
                 ], id="teaches_now"),
    pytest.param([spec("teaches_maths", accept=["now", "within_year"])],
                 {**TEACHER, "teaches_maths": "no"}, GOOD, (), (), {},
                 [
                  ("not_teaching_maths", True,
                   "This programme is for people who teach maths now or will within the next year.",
                   None, None,
                   None, None),
                 ], id="teaches_within"),
    pytest.param([spec("no_maths_itt")], {**TEACHER, "maths_itt": True}, GOOD, (), (), {},
                 [
                  ("has_maths_itt", True,
                   "This programme is for teachers whose initial teacher training was not in "
                   "maths. As a maths specialist, look at the other Work Groups.",
                   None, None,
                   None, None),
                 ], id="itt"),
    pytest.param([spec("early_career", next="sktm-ect-phase-2")], {**TEACHER, "years_teaching": 3},
                 GOOD, (), (), {},
                 [
                  ("not_early_career", True,
                   "This programme is for teachers in years 1 to 2 of their career; you are in "
                   "year 3.",
                   "Look at SKTM ECT Phase 2",
                   "/hubs/cw/2024-25/sktm-ect-phase-2/",
                   None, None),
                 ], id="ect_past"),
    pytest.param([spec("early_career", hard=False, min=1, max=4, next="x")],
                 {**TEACHER, "years_teaching": 5}, GOOD, (), (), {},
                 [
                  ("not_early_career", False,
                   "This programme is for teachers in years 1 to 4 of their career, normally; you"
                   " are in year 5.",
                   "Look at the next stage of this programme",
                   None,
                   None, None),
                 ], id="ect_soft_untitled"),
    pytest.param([spec("early_career", next="sktm-ect-phase-2")], {**TEACHER, "years_teaching": 0},
                 GOOD, (), (), {},
                 [
                  ("not_early_career", True,
                   "This programme is for teachers in years 1 to 2 of their career; you are in "
                   "year 0.",
                   None, None,
                   None, None),
                 ], id="ect_before"),
    pytest.param([spec("not_early_career")], {**TEACHER, "years_teaching": 1}, GOOD, (), (), {},
                 [
                  ("is_early_career", True,
                   "Early career teachers (in their first two years) cannot take part in this "
                   "programme yet.",
                   "Look at the Specialist Knowledge for Teaching Mathematics programme for early"
                   " career teachers",
                   "/hubs/cw/2024-25/sktm-ect-phase-1/",
                   None, None),
                 ], id="is_ect"),
    pytest.param([spec("prerequisite", programme=DEV, previous_year_only=True)], TEACHER, GOOD, (),
                 (), {},
                 [
                  ("prerequisite_missing", True,
                   "This programme follows on from TfM Development, and our records do not show "
                   "your school taking part in it last year.",
                   "Apply for TfM Development first",
                   "/hubs/cw/2024-25/secondary-tfm-development/",
                   ("secondary-tfm-development",),
                   "Did your school take part in TfM Development last year with another Maths "
                   "Hub, or in a year our records do not cover?"),
                 ], id="prereq_school_last_year"),
    pytest.param([spec("prerequisite", hard=False, programme="pd-lead", scope="person")], TEACHER,
                 GOOD, (), (), {},
                 [
                  ("prerequisite_recommended", False,
                   "Participants normally take part in the programme that comes before this one "
                   "first; our records do not show you doing so.",
                   "Apply for the programme that comes before this one first",
                   None,
                   ("pd-lead",),
                   "Did you take part in the programme that comes before this one with another "
                   "Maths Hub, or in a year our records do not cover?"),
                 ], id="prereq_person_soft"),
    pytest.param([spec("prerequisite", programme=DEV, scope="person")],
                 {**TEACHER, "claimed_participation": {DEV: "Hub X, 2022"}}, GOOD, (), (), {},
                 [
                  ("prerequisite_claimed", False,
                   "You told us you took part in TfM Development (“Hub X, 2022”). Our records do "
                   "not show it, so the hub will check before offering a place.",
                   None, None,
                   ("secondary-tfm-development",),
                   "Did you take part in TfM Development with another Maths Hub, or in a year our"
                   " records do not cover?"),
                 ], id="prereq_claimed"),
    pytest.param([spec("prerequisite", programme=DEV, previous_year_only=True)],
                 {**TEACHER, "claimed_participation": {"other": "y", DEV: "Hub X"}}, GOOD, (), (),
                 {},
                 [
                  ("prerequisite_claimed", False,
                   "You told us your school took part in TfM Development last year (“Hub X”). Our"
                   " records do not show it, so the hub will check before offering a place.",
                   None, None,
                   ("secondary-tfm-development",),
                   "Did your school take part in TfM Development last year with another Maths "
                   "Hub, or in a year our records do not cover?"),
                 ], id="prereq_claimed_school"),
    pytest.param([spec("not_already", scope="school")], TEACHER, GOOD,
                 (p("sktm-ect-phase-1", 2024),), (), {},
                 [
                  ("already_participating", True,
                   "Your school is already taking part in SKTM ECT Phase 1 this year.",
                   None, None,
                   None, None),
                 ], id="already_participating_school"),
    pytest.param([spec("not_already")], TEACHER, GOOD, (p("sktm-ect-phase-1", 2024, "person"),), (),
                 {},
                 [
                  ("already_participating", True,
                   "You are already taking part in SKTM ECT Phase 1 this year.",
                   None, None,
                   None, None),
                 ], id="already_participating"),
    pytest.param([spec("not_already", next="sktm-ect-phase-2")], TEACHER, GOOD,
                 (p("sktm-ect-phase-1", 2022, "person"),), (), {},
                 [
                  ("already_completed", True,
                   "You have already completed SKTM ECT Phase 1.",
                   "Look at SKTM ECT Phase 2",
                   "/hubs/cw/2024-25/sktm-ect-phase-2/",
                   None, None),
                 ], id="completed_next"),
    pytest.param([spec("not_already", scope="school", next=EMB)], TEACHER, GOOD,
                 (p("sktm-ect-phase-1", 2022),), (), {},
                 [
                  ("already_completed", True,
                   "Your school has already completed SKTM ECT Phase 1.",
                   "Look at the next stage of this programme",
                   "/hubs/cw/2024-25/secondary-tfm-embedding/",
                   None, None),
                 ], id="completed_school_untitled"),
    pytest.param([spec("school_in_programmes", programmes=[EMB])], TEACHER, GOOD, (), (), {},
                 [
                  ("school_not_in_tfm_work_group", True,
                   "Your school needs to be in a Teaching for Mastery Work Group already.",
                   "Look at the Teaching for Mastery Development Work Group",
                   "/hubs/cw/2024-25/secondary-tfm-development/",
                   ("secondary-tfm-embedding",),
                   "Is your school in a Teaching for Mastery Work Group with another Maths Hub, "
                   "or one our records do not cover?"),
                 ], id="not_in_tfm"),
    pytest.param([spec("school_in_programmes", hard=False, programmes=[EMB])], TEACHER, GOOD, (),
                 (), {},
                 [
                  ("school_not_in_tfm_work_group", False,
                   "Participants are encouraged to have a school in a Teaching for Mastery Work "
                   "Group; our records show none.",
                   "Look at the Teaching for Mastery Development Work Group",
                   "/hubs/cw/2024-25/secondary-tfm-development/",
                   ("secondary-tfm-embedding",),
                   "Is your school in a Teaching for Mastery Work Group with another Maths Hub, "
                   "or one our records do not cover?"),
                 ], id="not_in_tfm_soft"),
    pytest.param([spec("school_in_programmes", programmes=[EMB, DEV])],
                 {**TEACHER, "claimed_participation": {DEV: "Hub Y"}}, GOOD, (), (), {},
                 [
                  ("prerequisite_claimed", False,
                   "You told us your school is in TfM Development (“Hub Y”). Our records do not "
                   "show it, so the hub will check before offering a place.",
                   None, None,
                   ("secondary-tfm-embedding", "secondary-tfm-development"),
                   "Is your school in a Teaching for Mastery Work Group with another Maths Hub, "
                   "or one our records do not cover?"),
                 ], id="in_tfm_claimed"),
    pytest.param([spec("school_in_programmes", programmes=[EMB])],
                 {**TEACHER, "claimed_participation": {EMB: "Hub Y"}}, GOOD, (), (), {},
                 [
                  ("prerequisite_claimed", False,
                   "You told us your school is in a Teaching for Mastery Work Group (“Hub Y”). "
                   "Our records do not show it, so the hub will check before offering a place.",
                   None, None,
                   ("secondary-tfm-embedding",),
                   "Is your school in a Teaching for Mastery Work Group with another Maths Hub, "
                   "or one our records do not cover?"),
                 ], id="in_tfm_claimed_untitled"),
    pytest.param([spec("trust")], {"trust_urns": [111422]}, GOOD, (), (CLOSED,), {},
                 [
                  ("trust_too_small", True,
                   "This programme is for people who lead maths across several schools in a trust.",
                   None, None,
                   None, None),
                  ("trust_has_no_secondary", True,
                   "None of the schools you listed is an open secondary school; the trust needs "
                   "at least one.",
                   None, None,
                   None, None),
                 ], id="trust"),
    pytest.param([spec("target_group", any_of=["teaches_ks4"])], {"teaches_ks4": False}, GOOD, (),
                 (), {},
                 [
                  ("not_teaching_target_group", True,
                   "This programme is for people who teach its target group of pupils.",
                   None, None,
                   None, None),
                 ], id="target_default"),
    pytest.param([spec("target_group", any_of=["teaches_ks4"], message="Only KS4.")],
                 {"teaches_ks4": False}, GOOD, (), (), {},
                 [
                  ("not_teaching_target_group", True,
                   "Only KS4.",
                   None, None,
                   None, None),
                 ], id="target_message"),
    pytest.param([spec("leads_pd")], {"leads_pd_beyond_own_institution": False}, GOOD, (), (), {},
                 [
                  ("not_leading_pd", True,
                   "This programme is for people who design and lead maths professional "
                   "development for teachers beyond their own school.",
                   None, None,
                   None, None),
                 ], id="leads_pd"),
    pytest.param([spec("in_england")], {"in_england": False}, GOOD, (), (), {},
                 [
                  ("not_in_england", True,
                   "This programme is for people who work in England.",
                   None, None,
                   None, None),
                 ], id="in_england"),
    pytest.param([spec("applications_open")], {}, GOOD, (), (),
                 {"accepting": False, "interest_url": "/hubs/cw/2025-26/x/"},
                 [
                  ("applications_closed", True,
                   "Applications for this Work Group are not open.",
                   "Register your interest for next year",
                   "/hubs/cw/2025-26/x/",
                   None, None),
                 ], id="closed_interest"),
    pytest.param([spec("applications_open")], {}, GOOD, (), (), {"accepting": False},
                 [
                  ("applications_closed", True,
                   "Applications for this Work Group are not open.",
                   None, None,
                   None, None),
                 ], id="closed_no_interest"),
    pytest.param([spec("core_maths", min=3)], {"core_maths_years": 1}, GOOD, (), (), {},
                 [
                  ("core_maths_too_new", True,
                   "This Work Group is for schools and colleges in at least year 3 of teaching "
                   "Core Maths.",
                   None, None,
                   None, None),
                 ], id="core_maths"),
    # no roles listed (validate_config requires some): the message still reads
    pytest.param([spec("role")], TEACHER, GOOD, (), (), {},
                 [
                  ("role_not_eligible", True,
                   "This programme is for another role; you told us you are a classroom teacher.",
                   None, None,
                   None, None),
                 ], id="role_none_accepted"),
    # a backwards range (validate_config refuses it now; one saved before would still be read)
    # refuses everyone; only those past it are pointed onwards, and year 1 is not past year 1
    pytest.param([spec("early_career", min=2, max=1, next="sktm-ect-phase-2")],
                 {**TEACHER, "years_teaching": 1}, GOOD, (), (), {},
                 [
                  ("not_early_career", True,
                   "This programme is for teachers in years 2 to 1 of their career; you are in "
                   "year 1.",
                   None, None,
                   None, None),
                 ], id="ect_backwards_range"),
    pytest.param([spec("prerequisite", hard=False, programme=DEV)], TEACHER, GOOD, (), (), {},
                 [
                  ("prerequisite_recommended", False,
                   "Participants normally take part in TfM Development first; our records do not "
                   "show your school doing so.",
                   "Apply for TfM Development first",
                   "/hubs/cw/2024-25/secondary-tfm-development/",
                   ("secondary-tfm-development",),
                   "Did your school take part in TfM Development with another Maths Hub, or in a "
                   "year our records do not cover?"),
                 ], id="prereq_school_soft_titled"),
    # nothing to suggest when the rule names no next stage
    pytest.param([spec("not_already")], TEACHER, GOOD, (p("sktm-ect-phase-1", 2022, "person"),),
                 (), {},
                 [
                  ("already_completed", True,
                   "You have already completed SKTM ECT Phase 1.",
                   None, None,
                   None, None),
                 ], id="completed_no_next"),
    pytest.param([spec("core_maths")], {"core_maths_years": 1}, GOOD, (), (), {},
                 [
                  ("core_maths_too_new", True,
                   "This Work Group is for schools and colleges in at least year 2 of teaching "
                   "Core Maths.",
                   None, None,
                   None, None),
                 ], id="core_maths_default"),
]


@pytest.mark.parametrize(("config", "facts", "school", "history", "trust", "offering", "reasons"),
                         REASONS_IN_FULL)
def test_reasons_in_full(config, facts, school, history, trust, offering, reasons):
    result = run(config, facts, school, history, trust, **offering)
    assert [(r.code, r.hard, r.message, r.suggestion and r.suggestion.text,
             r.suggestion and r.suggestion.url, r.claim and r.claim.programmes,
             r.claim and r.claim.question) for r in result.reasons] == reasons


# The hub's area, where the offering or the school says too little to tell.
# (school, offering changes, outcome, (code, hard) pairs, where the suggestion points)
HUB_AREAS = [
    (OUT_OF_AREA, {}, "not_eligible", {("school_outside_hub_area", True)},
     ["/hubs/london-central/"]),
    # a hub with no local authorities listed takes any school
    (OUT_OF_AREA, {"hub_la_codes": frozenset()}, "eligible", set(), []),
    # our own school, outside a hub's listed area: no other hub to point to
    (GOOD, {"hub_la_codes": frozenset({201})}, "not_eligible",
     {("school_outside_hub_area", True)}, [None]),
    # a school with no hub of its own: outside, with nowhere to point
    (replace(OUT_OF_AREA, hub=None), {}, "not_eligible", {("school_outside_hub_area", True)},
     [None]),
]


@pytest.mark.parametrize(("school", "offering", "outcome", "expected", "urls"), HUB_AREAS)
def test_hub_area(school, offering, outcome, expected, urls):
    result = run([{"rule": "hub_area"}], TEACHER, school, **offering)
    assert (result.outcome, flagged(result)) == (outcome, expected), result.reasons
    assert [r.suggestion and r.suggestion.url for r in result.reasons] == urls
