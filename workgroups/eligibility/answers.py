"""The answers of a “check if you can apply”, kept in the person's session per offering.

Nothing is stored in the database until the person applies: then the well-formed answers become
the first answers of their application, so nobody is asked the same question twice.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from workgroups.catalogue.models import Offering
from workgroups.eligibility import rules


def _key(offering: Offering) -> str:
    return f"eligibility:{offering.pk}"


def checked_answers(request: HttpRequest, offering: Offering) -> dict[str, Any]:
    stored = request.session.get(_key(offering), {})
    return dict(stored) if isinstance(stored, dict) else {}


def checked_answer_save(request: HttpRequest, offering: Offering, fact: str, value: Any) -> None:
    answers = checked_answers(request, offering)
    answers[fact] = value
    request.session[_key(offering)] = answers


def checked_answers_clear(request: HttpRequest, offering: Offering) -> None:
    request.session.pop(_key(offering), None)


def answers_for_application(request: HttpRequest, offering: Offering) -> dict[str, Any]:
    """The check's answers an application can start from: only the facts the rules can read
    (a malformed value is left for the application to ask again), and never the email
    address, which an application takes from the applicant's account."""
    answers = checked_answers(request, offering)
    usable: dict[str, Any] = {}
    for key in rules.FACT_KEYS:
        if key == "email" or key not in answers:
            continue
        value = rules.fact(answers, key)
        if value is not None:
            usable[key] = list(value) if isinstance(value, tuple) else value
    return usable
