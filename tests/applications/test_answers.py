"""An application's answers read once into a typed value: named parts typed, anything missing
or of the wrong shape read as not answered, and parsing never fails."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workgroups.applications.answers import ApplicationAnswers, Supporter, TeamMember
from workgroups.applications.models import Application

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=10)


def test_the_named_answers_are_typed():
    answers = ApplicationAnswers.parse({
        "first_name": "Sam", "last_name": "Okafor", "role": "head_of_department", "urn": 100001,
        "eligibility_seen": True, "teaches_maths": "now", "q7": ["a", "b"],
        "team": [{"name": "Ada", "email": "ada@example.org", "role": "Teacher"}],
        "supporters": {"headteacher": {"name": "Hal", "email": "hal@example.org"}}})
    assert answers.full_name == "Sam Okafor"
    assert answers.role == "head_of_department"
    assert answers.urn == 100001
    assert answers.eligibility_seen is True
    assert answers.team == (TeamMember("Ada", "ada@example.org", "Teacher"),)
    assert answers.supporter("headteacher") == Supporter("Hal", "hal@example.org")
    assert answers.supporter("head_of_maths") is None
    assert answers.value("q7") == ["a", "b"]
    assert answers.has("teaches_maths") and not answers.has("years_teaching")
    assert answers.facts() == {"urn": 100001, "role": "head_of_department",
                               "teaches_maths": "now"}


def test_missing_and_malformed_answers_read_as_not_answered():
    answers = ApplicationAnswers.parse({"first_name": 7, "role": "", "urn": "100001",
                                        "eligibility_seen": "yes", "team": "Ada",
                                        "supporters": ["Hal"], "unknown": {"x": 1}})
    assert (answers.first_name, answers.last_name, answers.role, answers.urn) == ("", "", None,
                                                                                 None)
    assert answers.eligibility_seen is False
    assert answers.team is None and answers.supporters is None
    assert answers.value("unknown") == {"x": 1}
    assert ApplicationAnswers.parse(None) == ApplicationAnswers.parse({})
    assert ApplicationAnswers.parse({"urn": 10**40}).urn is None
    assert ApplicationAnswers.parse({"urn": True}).urn is None


def test_a_team_member_or_supporter_half_named_is_not_complete():
    answers = ApplicationAnswers.parse({
        "team": [{"name": "Ada", "email": "", "role": "Teacher"}, "junk"],
        "supporters": {"headteacher": {"name": "Hal"}, "head_of_maths": "junk"}})
    assert answers.team is not None
    assert [m.complete for m in answers.team] == [False]
    assert answers.supporter("headteacher") == Supporter("Hal", "")
    assert not Supporter("Hal", "").complete
    assert answers.supporter("head_of_maths") is None


@given(JSON)
def test_any_json_parses(data):
    answers = ApplicationAnswers.parse(data)
    assert isinstance(answers.full_name, str)
    assert answers.role is None or isinstance(answers.role, str)
    assert answers.urn is None or isinstance(answers.urn, int)
    dict(answers.items())
    answers.facts()


def test_an_application_parses_its_answers_once_and_again_when_they_are_replaced():
    application = Application(answers={"first_name": "Sam"})
    first = application.parsed_answers
    assert application.parsed_answers is first
    application.answers = {**application.answers, "first_name": "Alex"}
    assert application.parsed_answers.first_name == "Alex"
