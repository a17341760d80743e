"""Scenario tables: every programme's rules, from plain data (no database)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workgroups.eligibility.defaults import DEFAULT_RULES
from workgroups.eligibility.rules import (
    FACT_KEYS,
    RULES,
    Context,
    OfferingFacts,
    Participation,
    SchoolFacts,
    evaluate,
    needed_facts,
    validate_config,
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
