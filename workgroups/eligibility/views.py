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

from workgroups.accounts.permissions import (
    can_manage_programmes,
    can_read_programmes,
    staff_login_required,
)
from workgroups.catalogue import selectors as catalogue_selectors
from workgroups.catalogue.models import Offering
from workgroups.core.forms import add_domain_error
from workgroups.core.services import DomainError
from workgroups.core.types import AuthedHttpRequest
from workgroups.eligibility import selectors
from workgroups.eligibility.forms import (
    QUESTIONS,
    SCHOOL_QUESTION,
    FactForm,
    ProgrammeRulesForm,
    display_answer,
)
from workgroups.eligibility.rules import FACT_LABELS, RULES, needed_facts
from workgroups.eligibility.selectors import eligibility_check
from workgroups.eligibility.services import programme_rules_update
from workgroups.progression.forms import CompletionForm
from workgroups.schools.models import School
from workgroups.schools.picker import school_question


def _session_key(offering: Offering) -> str:
    return f"eligibility:{offering.pk}"


def _answers(request: HttpRequest, offering: Offering) -> dict[str, Any]:
    return dict(request.session.get(_session_key(offering), {}))


def _save(request: HttpRequest, offering: Offering, fact: str, value: Any) -> None:
    answers = _answers(request, offering)
    answers[fact] = value
    request.session[_session_key(offering)] = answers


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


@require_safe
def start(request: HttpRequest, hub: str, year: str, offering: str) -> HttpResponse:
    offering_obj = catalogue_selectors.offering_at(hub=hub, year=year, offering=offering)
    steps = needed_facts(offering_obj.programme.eligibility_rules)
    answers = _answers(request, offering_obj)
    return render(request, "eligibility/start.html", {
        "hub": offering_obj.hub, "offering": offering_obj, "steps": steps,
        "questions": [FACT_LABELS[fact] for fact in steps],
        "next_url": _next_url(offering_obj, steps, {} if request.GET.get("restart") else answers),
    })


@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, hub: str, year: str, offering: str,
             fact: str) -> HttpResponse:
    offering_obj = catalogue_selectors.offering_at(hub=hub, year=year, offering=offering)
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
                           on_chosen=chosen)


@require_safe
def result(request: HttpRequest, hub: str, year: str, offering: str) -> HttpResponse:
    offering_obj = catalogue_selectors.offering_at(hub=hub, year=year, offering=offering)
    steps = needed_facts(offering_obj.programme.eligibility_rules)
    answers = _answers(request, offering_obj)
    for fact in steps:
        if fact not in answers:
            return redirect(_url(offering_obj, "question", fact=fact))
    verdict, school = eligibility_check(offering=offering_obj, facts=answers)
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
    })


# --- Staff: programmes and their eligibility rules -------------------------------------------

@staff_login_required
@require_safe
def staff_programmes(request: AuthedHttpRequest) -> HttpResponse:
    programmes = list(selectors.staff_programmes(user=request.user))
    if not programmes and not can_read_programmes(request.user):
        raise Http404("No programmes in your staff area.")
    return render(request, "eligibility/staff/programmes.html", {
        "programmes": programmes, "can_manage": can_manage_programmes(request.user)})


@staff_login_required
@require_http_methods(["GET", "POST"])
def staff_programme_rules(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    programme = selectors.staff_programme_get(user=request.user, slug=slug)
    can_manage = can_manage_programmes(request.user)
    if request.method == "POST" and not can_manage:
        raise Http404("You cannot change programme rules.")
    form = ProgrammeRulesForm(
        request.POST if request.method == "POST" else None,
        initial={"rules": ProgrammeRulesForm.initial_text(programme.eligibility_rules)})
    if request.method == "POST" and form.is_valid():
        try:
            programme_rules_update(actor=request.user, programme=programme,
                                   rules=form.cleaned_data["rules"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"The eligibility rules for {programme.title} are saved.")
            return redirect("staff:programme-rules", slug=programme.slug)
    return render(request, "eligibility/staff/programme_rules.html", {
        "programme": programme, "form": form, "can_manage": can_manage,
        "summaries": selectors.rule_summaries(programme.eligibility_rules),
        "questions": [SCHOOL_QUESTION if key == "urn" else QUESTIONS[key]["label"]
                      for key in needed_facts(programme.eligibility_rules)],
        "reference": sorted(RULES.items()),
        "completion_form": CompletionForm(initial={
            "rule": programme.completion_rule, "threshold": programme.completion_threshold}),
        "routes": list(programme.routes_out.select_related("to_programme")),
    })
