"""The pages of an application, from plain data: which appear, in what order, and what is
still missing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workgroups.applications.answers import ApplicationAnswers
from workgroups.applications.steps import (
    QuestionSpec,
    Step,
    application_steps,
    first_missing,
    missing_required,
    step_done,
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
    # A role stored in the wrong shape (a list in the JSON) is no role: nothing is waived, and
    # the unhashable value is never used as a key.
    (["head_of_maths"], ["head_of_department"], ["head_of_maths"]),
    (["headteacher"], 7, ["headteacher"]),
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


NAME = ("name", "name", "Your name")
ELIGIBILITY = ("eligibility", "eligibility", "Whether you can apply")
TEAM = ("team", "team", "Your school's team")
SUPPORT = ("support", "support", "Who supports your application")


@pytest.mark.parametrize(("kwargs", "expected"), [
    # Every kind once, in order; a fact with no title given is shown by its key.
    ({"rules": ECT_RULES, "questions": [QUESTION], "is_school_team": True,
      "required_supports": ["headteacher"],
      "fact_titles": {"urn": "Your school", "years_teaching": "Years teaching"}},
     [NAME, ("urn", "fact", "Your school"), ("teaches_maths", "fact", "teaches_maths"),
      ("years_teaching", "fact", "Years teaching"), ELIGIBILITY,
      ("q7", "question", "Can you attend?"), TEAM, SUPPORT]),
    # An individual programme needing nobody's support: no team or support page.
    ({"rules": ECT_RULES, "fact_titles": {"urn": "Your school", "teaches_maths": "Maths",
                                          "years_teaching": "Years teaching"}},
     [NAME, ("urn", "fact", "Your school"), ("teaches_maths", "fact", "Maths"),
      ("years_teaching", "fact", "Years teaching"), ELIGIBILITY]),
    # A school-team programme whose supports the applicant's own role gives: team, no support.
    ({"is_school_team": True, "answers": {"role": "headteacher"},
      "required_supports": ["headteacher"]},
     [NAME, ELIGIBILITY, TEAM]),
    # An individual programme needing support: support, no team.
    ({"questions": [QuestionSpec(key="q9", text="Why join?", required=False)],
      "required_supports": ["head_of_maths"]},
     [NAME, ELIGIBILITY, ("q9", "question", "Why join?"), SUPPORT]),
])
def test_each_step_has_its_kind_and_title(kwargs, expected):
    defaults = {"rules": [], "questions": [], "is_school_team": False, "required_supports": [],
                "answers": {}, "fact_titles": {}}
    merged = {**defaults, **kwargs}
    merged["answers"] = ApplicationAnswers.parse(merged["answers"])
    steps = application_steps(**merged)
    assert [(step.slug, step.kind, step.title) for step in steps] == expected


@pytest.mark.parametrize(("step", "answers", "done"), [
    (Step("name", "name", "Your name"), {"first_name": "Sam", "last_name": "O"}, True),
    (Step("name", "name", "Your name"), {"last_name": "O"}, False),
    (Step("name", "name", "Your name"), {"first_name": "Sam", "last_name": ""}, False),
    # A fact counts as answered once given, whatever its value (even "no" or 0).
    (Step("urn", "fact", "Your school"), {"urn": 100000}, True),
    (Step("years_teaching", "fact", "Years"), {"years_teaching": 0}, True),
    (Step("urn", "fact", "Your school"), {}, False),
    (Step("eligibility", "eligibility", "Whether"), {"eligibility_seen": True}, True),
    # Only a real True marks the verdict as seen.
    (Step("eligibility", "eligibility", "Whether"), {"eligibility_seen": "yes"}, False),
    (Step("eligibility", "eligibility", "Whether"), {}, False),
    (Step("q7", "question", "Can you attend?"), {"q7": False}, True),
    (Step("q7", "question", "Can you attend?"), {}, False),
    (Step("team", "team", "Team"), {"team": [{"name": "A", "email": "a@x", "role": "t"}]}, True),
    # An empty team is an answer (the page was saved); a team of the wrong shape is not.
    (Step("team", "team", "Team"), {"team": []}, True),
    (Step("team", "team", "Team"), {"team": "three of us"}, False),
    (Step("team", "team", "Team"), {}, False),
    (Step("support", "support", "Support"), {"supporters": {"headteacher": {"name": "H"}}}, True),
    (Step("support", "support", "Support"), {"supporters": {}}, True),
    (Step("support", "support", "Support"), {"supporters": ["H"]}, False),
    (Step("support", "support", "Support"), {}, False),
])
def test_when_each_kind_of_step_is_done(step, answers, done):
    assert step_done(step, ApplicationAnswers.parse(answers)) is done


NAMED = {"first_name": "Sam", "last_name": "O"}
ECT_FACTS = {"urn": 100000, "teaches_maths": "now", "years_teaching": 1}
TFM_FACTS = {"urn": 100000, "role": "classroom_teacher", "teaches_maths": "now"}
SEEN = {"eligibility_seen": True}
ANSWERED = {"q7": "Yes"}
A_TEAM = {"team": [{"name": "Sam O", "email": "sam@example.org", "role": "teacher"}]}
SUPPORTED = {"supporters": {"head_of_maths": {"name": "H", "email": "h@example.org"},
                            "headteacher": {"name": "P", "email": "p@example.org"}}}
TFM_TEAM = {"rules": TFM_RULES, "is_school_team": True,
            "required_supports": ["head_of_maths", "headteacher"]}
ECT_SUPPORTED = {"rules": ECT_RULES, "required_supports": ["head_of_maths"]}


@pytest.mark.parametrize(("programme", "answers", "missing"), [
    # A school-team programme needing support, answered page by page.
    (TFM_TEAM, NAMED, "urn"),
    (TFM_TEAM, {**NAMED, "urn": 100000}, "role"),
    (TFM_TEAM, {**NAMED, **TFM_FACTS}, "eligibility"),
    (TFM_TEAM, {**NAMED, **TFM_FACTS, **SEEN}, "q7"),
    (TFM_TEAM, {**NAMED, **TFM_FACTS, **SEEN, **ANSWERED}, "team"),
    (TFM_TEAM, {**NAMED, **TFM_FACTS, **SEEN, **ANSWERED, **A_TEAM}, "support"),
    (TFM_TEAM, {**NAMED, **TFM_FACTS, **SEEN, **ANSWERED, **A_TEAM, **SUPPORTED}, None),
    # The team and support answered early do not hide a missing eligibility fact.
    (TFM_TEAM, {**NAMED, "urn": 100000, "role": "classroom_teacher", **SEEN, **ANSWERED,
                **A_TEAM, **SUPPORTED}, "teaches_maths"),
    # ... nor the unseen verdict.
    (TFM_TEAM, {**NAMED, **TFM_FACTS, **ANSWERED, **A_TEAM, **SUPPORTED}, "eligibility"),
    # Support given but no team yet: the team page is what is missing.
    (TFM_TEAM, {**NAMED, **TFM_FACTS, **SEEN, **ANSWERED, **SUPPORTED}, "team"),
    # A team programme needing no support ends at the team.
    ({**TFM_TEAM, "required_supports": []}, {**NAMED, **TFM_FACTS, **SEEN, **ANSWERED}, "team"),
    ({**TFM_TEAM, "required_supports": []},
     {**NAMED, **TFM_FACTS, **SEEN, **ANSWERED, **A_TEAM}, None),
    # An individual programme needing support: no team page, the support page is last.
    (ECT_SUPPORTED, {**NAMED, "urn": 100000, "teaches_maths": "now", **SEEN}, "years_teaching"),
    (ECT_SUPPORTED, {**NAMED, **ECT_FACTS, **SEEN, **ANSWERED}, "support"),
    (ECT_SUPPORTED, {**NAMED, **ECT_FACTS, **SEEN, **ANSWERED, **A_TEAM}, "support"),
    (ECT_SUPPORTED, {**NAMED, **ECT_FACTS, **SEEN, **ANSWERED, **SUPPORTED}, None),
    # A head of department is the head of maths: the support page is not there to miss.
    (ECT_SUPPORTED, {**NAMED, **ECT_FACTS, **SEEN, **ANSWERED, "role": "head_of_department"},
     None),
    # An individual programme needing no support ends at its questions.
    ({"rules": ECT_RULES}, {**NAMED, **ECT_FACTS, **SEEN, **ANSWERED}, None),
])
def test_the_first_missing_page_of_each_kind_of_programme(programme, answers, missing):
    answers = ApplicationAnswers.parse(answers)
    steps = application_steps(rules=programme["rules"], questions=[QUESTION],
                              is_school_team=programme.get("is_school_team", False),
                              required_supports=programme.get("required_supports", []),
                              answers=answers, fact_titles={})
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
