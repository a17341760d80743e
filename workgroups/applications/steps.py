"""The pages of an application, in order, and what is still missing: pure functions over plain
data (the answers as an ApplicationAnswers), so the journey, the check-your-answers page and
the submit service agree on one list."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from workgroups.applications.answers import ApplicationAnswers
from workgroups.eligibility.rules import needed_facts

StepKind = Literal["name", "fact", "eligibility", "question", "team", "support"]

# A role that is itself the support a programme asks for: a head of department applying does
# not need to ask their head of maths (they are it).
ROLE_GIVES_SUPPORT = {
    "head_of_department": "head_of_maths",
    "headteacher": "headteacher",
    "senior_leader": "headteacher",
    "trust_maths_lead": "trust_lead",
}


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    text: str
    required: bool


@dataclass(frozen=True)
class Step:
    slug: str  # the page's URL part
    kind: StepKind
    title: str


def supports_needed(required: Sequence[str], applicant_role: Any) -> list[str]:
    """The supports the applicant must ask others for: the programme's, less their own role's."""
    own = ROLE_GIVES_SUPPORT.get(applicant_role) if isinstance(applicant_role, str) else None
    return [role for role in required if role != own]


def application_steps(*, rules: Any, questions: Sequence[QuestionSpec], is_school_team: bool,
                      required_supports: Sequence[str], answers: ApplicationAnswers,
                      fact_titles: Mapping[str, str]) -> list[Step]:
    steps = [Step("name", "name", "Your name")]
    steps += [Step(fact, "fact", fact_titles.get(fact, fact))
              for fact in needed_facts(rules) if fact != "email"]
    steps.append(Step("eligibility", "eligibility", "Whether you can apply"))
    steps += [Step(question.key, "question", question.text) for question in questions]
    if is_school_team:
        steps.append(Step("team", "team", "Your school's team"))
    if supports_needed(required_supports, answers.role):
        steps.append(Step("support", "support", "Who supports your application"))
    return steps


def step_done(step: Step, answers: ApplicationAnswers) -> bool:
    if step.kind == "name":
        return bool(answers.first_name) and bool(answers.last_name)
    if step.kind == "eligibility":
        return answers.eligibility_seen
    if step.kind == "team":
        return answers.team is not None
    if step.kind == "support":
        return answers.supporters is not None
    return answers.has(step.slug)


def first_missing(steps: Sequence[Step], answers: ApplicationAnswers) -> Step | None:
    return next((step for step in steps if not step_done(step, answers)), None)


def missing_required(questions: Sequence[QuestionSpec],
                     answers: ApplicationAnswers) -> list[str]:
    """The required questions with no real answer (an empty string or list is no answer)."""
    return [question.text for question in questions
            if question.required and answers.value(question.key) in (None, "", [])]
