"""The pages of an application, from plain data: which appear, in what order, and what is
still missing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workgroups.applications.answers import ApplicationAnswers
from workgroups.applications.steps import (
    QuestionSpec,
    application_steps,
    first_missing,
    missing_required,
    supports_needed,
)
from workgroups.eligibility.defaults import DEFAULT_RULES

ECT_RULES = DEFAULT_RULES["sktm-ect-phase-1"]
TFM_RULES = DEFAULT_RULES["secondary-tfm-development"]
QUESTION = QuestionSpec(key="q7", text="Can you attend?", required=True)


def slugs(**kwargs):
    defaults = {"rules": [], "questions": [], "is_school_team": False, "required_supports": [],
                "answers": {}, "fact_titles": {}}
    merged = {**defaults, **kwargs}
    merged["answers"] = ApplicationAnswers.parse(merged["answers"])
    return [step.slug for step in application_steps(**merged)]


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({}, ["name", "eligibility"]),
    ({"rules": ECT_RULES}, ["name", "urn", "teaches_maths", "years_teaching", "eligibility"]),
    ({"rules": ECT_RULES, "questions": [QUESTION], "required_supports": ["head_of_maths"]},
     ["name", "urn", "teaches_maths", "years_teaching", "eligibility", "q7", "support"]),
    ({"rules": TFM_RULES, "is_school_team": True,
      "required_supports": ["head_of_maths", "headteacher"]},
     ["name", "urn", "role", "teaches_maths", "eligibility", "team", "support"]),
    # A head of department is the head of maths; a headteacher still needed: the page stays.
    ({"rules": TFM_RULES, "is_school_team": True, "answers": {"role": "head_of_department"},
      "required_supports": ["head_of_maths", "headteacher"]},
     ["name", "urn", "role", "teaches_maths", "eligibility", "team", "support"]),
    # A headteacher applying for a programme that needs only the head's support asks nobody.
    ({"answers": {"role": "headteacher"}, "required_supports": ["headteacher"]},
     ["name", "eligibility"]),
])
def test_the_pages_of_an_application(kwargs, expected):
    assert slugs(**kwargs) == expected


@pytest.mark.parametrize(("required", "role", "needed"), [
    (["head_of_maths", "headteacher"], "classroom_teacher", ["head_of_maths", "headteacher"]),
    (["head_of_maths", "headteacher"], "head_of_department", ["headteacher"]),
    (["head_of_maths", "headteacher"], "senior_leader", ["head_of_maths"]),
    (["trust_lead"], "trust_maths_lead", []),
    (["head_of_maths"], None, ["head_of_maths"]),
    ([], "headteacher", []),
])
def test_supports_needed(required, role, needed):
    assert supports_needed(required, role) == needed


@pytest.mark.parametrize(("answers", "missing"), [
    ({}, "name"),
    ({"first_name": "Sam"}, "name"),
    ({"first_name": "Sam", "last_name": "O"}, "urn"),
    ({"first_name": "Sam", "last_name": "O", "urn": 1, "teaches_maths": "now",
      "years_teaching": 1}, "eligibility"),
    ({"first_name": "Sam", "last_name": "O", "urn": 1, "teaches_maths": "now",
      "years_teaching": 1, "eligibility_seen": True}, "q7"),
    ({"first_name": "Sam", "last_name": "O", "urn": 1, "teaches_maths": "now",
      "years_teaching": 1, "eligibility_seen": True, "q7": ""}, None),
])
def test_the_first_missing_page(answers, missing):
    answers = ApplicationAnswers.parse(answers)
    steps = application_steps(rules=ECT_RULES, questions=[QUESTION], is_school_team=False,
                              required_supports=[], answers=answers, fact_titles={})
    found = first_missing(steps, answers)
    assert (found.slug if found else None) == missing


@pytest.mark.parametrize(("value", "is_missing"), [
    (None, True), ("", True), ([], True), ("Yes", False), (False, False), (["a"], False)])
def test_a_required_question_needs_a_real_answer(value, is_missing):
    answers = ApplicationAnswers.parse({} if value is None else {"q7": value})
    assert missing_required([QUESTION], answers) == (["Can you attend?"] if is_missing else [])


@given(st.dictionaries(st.text(max_size=20), st.one_of(st.none(), st.booleans(), st.integers(),
                                                        st.text(max_size=20)), max_size=8))
def test_any_answers_give_a_well_formed_page_list(answers):
    answers = ApplicationAnswers.parse(answers)
    steps = application_steps(rules=TFM_RULES, questions=[QUESTION], is_school_team=True,
                              required_supports=["head_of_maths", "headteacher"],
                              answers=answers, fact_titles={})
    assert [s.slug for s in steps][:1] == ["name"]
    assert len({s.slug for s in steps}) == len(steps)
    first_missing(steps, answers)  # never raises
