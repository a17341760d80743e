"""“Check if you can apply”: one question per page, then the verdict with reasons.

Answers live in the session, per offering, so the journey works without JavaScript and without
an account; nothing is stored in the database.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from workgroups.catalogue.models import Offering, Phase
from workgroups.core import clock
from workgroups.delivery import catalogue as delivery_catalogue
from workgroups.eligibility.answers import (
    checked_answer_save,
    checked_answers,
    checked_answers_clear,
)
from workgroups.eligibility.forms import (
    ClaimForm,
    FactForm,
    claim_form_for,
    claim_forms,
    display_answer,
)
from workgroups.eligibility.rules import FACT_LABELS, needed_facts
from workgroups.eligibility.selectors import eligibility_check
from workgroups.schools.models import School
from workgroups.schools.picker import school_question


def _answers(request: HttpRequest, offering: Offering) -> dict[str, Any]:
    return checked_answers(request, offering)


def _save(request: HttpRequest, offering: Offering, fact: str, value: Any) -> None:
    checked_answer_save(request, offering, fact, value)


def _url(offering: Offering, name: str, **extra: Any) -> str:
    kwargs = {"hub": offering.hub.slug, "year": offering.academic_year.slug,
              "offering": offering.slug, **extra}
    return reverse(f"eligibility:{name}", kwargs=kwargs)


def _next_url(offering: Offering, steps: list[str], answers: dict[str, Any]) -> str:
    for fact in steps:
        if fact not in answers:
            return _url(offering, "question", fact=fact)
    return _url(offering, "result")


def _back_url(offering: Offering, steps: list[str], fact: str) -> str:
    index = steps.index(fact)
    if index == 0:
        return _url(offering, "start")
    return _url(offering, "question", fact=steps[index - 1])


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, hub: str, year: str, offering: str) -> HttpResponse:
    """What the check asks. "Start now" (a POST: it forgets earlier answers) always begins a new
    check; a check already under way or finished can be resumed or its result seen again."""
    offering_obj = delivery_catalogue.offering_at(hub=hub, year=year, offering=offering)
    steps = needed_facts(offering_obj.programme.eligibility_rules)
    if request.method == "POST":
        checked_answers_clear(request, offering_obj)
        return redirect(_next_url(offering_obj, steps, {}))
    answers = _answers(request, offering_obj)
    answered = [fact for fact in steps if fact in answers]
    return render(request, "eligibility/start.html", {
        "hub": offering_obj.hub, "offering": offering_obj, "steps": steps,
        "questions": [FACT_LABELS[fact] for fact in steps],
        "resume_url": (_next_url(offering_obj, steps, answers)
                       if answered and len(answered) < len(steps) else None),
        "result_url": _url(offering_obj, "result") if steps and len(answered) == len(steps)
        else None,
    })


@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, hub: str, year: str, offering: str,
             fact: str) -> HttpResponse:
    offering_obj = delivery_catalogue.offering_at(hub=hub, year=year, offering=offering)
    steps = needed_facts(offering_obj.programme.eligibility_rules)
    if fact not in steps:
        raise Http404("This programme does not ask that question.")
    answers = _answers(request, offering_obj)
    changing = request.GET.get("change") == "1"
    context: dict[str, Any] = {
        "hub": offering_obj.hub, "offering": offering_obj, "fact": fact,
        "back_url": _url(offering_obj, "result") if changing else _back_url(
            offering_obj, steps, fact),
        "caption": f"Question {steps.index(fact) + 1} of {len(steps)} · "
                   f"{offering_obj.programme.title}",
        "changing": changing,
    }
    if fact == "urn":
        return _school_question(request, offering_obj, steps, answers, changing, context)
    form = FactForm(request.POST if request.method == "POST" else None, fact=fact)
    if request.method == "POST" and form.is_valid():
        _save(request, offering_obj, fact, form.cleaned_data["answer"])
        answers[fact] = form.cleaned_data["answer"]
        return redirect(_url(offering_obj, "result") if changing
                        else _next_url(offering_obj, steps, answers))
    if request.method == "GET":
        form.initial_from(answers.get(fact))
    return render(request, "includes/question_page.html", {**context, "form": form})


def _school_question(request: HttpRequest, offering: Offering, steps: list[str],
                     answers: dict[str, Any], changing: bool,
                     context: dict[str, Any]) -> HttpResponse:
    def chosen(school: School) -> HttpResponse:
        _save(request, offering, "urn", school.urn)
        answers["urn"] = school.urn
        return redirect(_url(offering, "result") if changing
                        else _next_url(offering, steps, answers))

    return school_question(request, context=context, current_urn=answers.get("urn"),
                           on_chosen=chosen,
                           secondary_first=offering.programme.phase == Phase.SECONDARY)


@require_safe
def result(request: HttpRequest, hub: str, year: str, offering: str) -> HttpResponse:
    offering_obj = delivery_catalogue.offering_at(hub=hub, year=year, offering=offering)
    return _result_page(request, offering_obj)


def _result_page(request: HttpRequest, offering_obj: Offering,
                 invalid_claim: ClaimForm | None = None) -> HttpResponse:
    steps = needed_facts(offering_obj.programme.eligibility_rules)
    answers = _answers(request, offering_obj)
    for fact in steps:
        if fact not in answers:
            return redirect(_url(offering_obj, "question", fact=fact))
    verdict, school = eligibility_check(offering=offering_obj, facts=answers)
    status = 200 if invalid_claim is None else 422
    rows = []
    for fact in steps:
        shown = (school.name if fact == "urn" and school else
                 display_answer(fact, answers[fact]))
        rows.append({"label": FACT_LABELS[fact][0].upper() + FACT_LABELS[fact][1:],
                     "value": shown,
                     "change_url": _url(offering_obj, "question", fact=fact) + "?change=1"})
    return render(request, "eligibility/result.html", {
        "hub": offering_obj.hub, "offering": offering_obj, "verdict": verdict,
        "school": school, "rows": rows,
        "hard_reasons": [r for r in verdict.reasons if r.hard],
        "notes": [r for r in verdict.reasons if not r.hard],
        "claim_forms": claim_forms(verdict, answers.get("claimed_participation"),
                                   invalid=invalid_claim),
        "claim_error": invalid_claim is not None,
        "claim_url": _url(offering_obj, "claim"),
        "open": offering_obj.accepts_applications_on(clock.today()),
        "apply_url": reverse("apply:start", kwargs={
            "hub": offering_obj.hub.slug, "year": offering_obj.academic_year.slug,
            "offering": offering_obj.slug}),
    }, status=status)


@require_http_methods(["POST"])
def claim(request: HttpRequest, hub: str, year: str, offering: str) -> HttpResponse:
    """The person says they took part in a programme our records do not show them in."""
    offering_obj = delivery_catalogue.offering_at(hub=hub, year=year, offering=offering)
    answers = _answers(request, offering_obj)
    verdict, _ = eligibility_check(offering=offering_obj, facts=answers)
    form = claim_form_for(verdict, request.POST)
    if form is None:
        # Nothing on this verdict can be claimed (an old page, or a tampered form).
        messages.error(request, "There is nothing to tell us about on this result any more.")
        return redirect(_url(offering_obj, "result"))
    if form.is_valid():
        _save(request, offering_obj, "claimed_participation",
              form.claims_after(answers.get("claimed_participation")))
        return redirect(_url(offering_obj, "result"))
    return _result_page(request, offering_obj, invalid_claim=form)
