"""The application journey: one question per page, saved as a draft at every step, then
check your answers and send."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from workgroups.accounts.forms import NameForm
from workgroups.accounts.types import AuthedHttpRequest
from workgroups.applications import selectors, services
from workgroups.applications.forms import (
    ExtraQuestionForm,
    SupportersForm,
    TeamForm,
)
from workgroups.applications.models import (
    LIVE_STATUSES,
    ApplicantProfile,
    Application,
    ApplicationStatus,
)
from workgroups.applications.steps import Step, first_missing, supports_needed
from workgroups.catalogue.models import Offering, OfferingQuestion, Phase, SupportRole
from workgroups.core import clock
from workgroups.core.services import DomainError
from workgroups.delivery import catalogue as delivery_catalogue
from workgroups.eligibility.answers import answers_for_application
from workgroups.eligibility.forms import (
    STEP_TITLES,
    FactForm,
    claim_form_for,
    claim_forms,
    display_answer,
)
from workgroups.eligibility.rules import needed_facts
from workgroups.eligibility.selectors import eligibility_check
from workgroups.schools.picker import school_question


def _step_url(application: Application, slug: str, changing: bool = False) -> str:
    url = reverse("applications:step", kwargs={"pk": application.pk, "step": slug})
    return url + "?change=1" if changing else url


def next_step_url(application: Application) -> str:
    missing = first_missing(selectors.steps_for(application=application),
                            application.parsed_answers)
    if missing is None:
        return reverse("applications:check", kwargs={"pk": application.pk})
    return _step_url(application, missing.slug)


def _remembered(request: AuthedHttpRequest, key: str) -> Any:
    """What the applicant said last time, offered as the answer to a fact question."""
    profile = ApplicantProfile.objects.filter(user=request.user).first()
    if profile is None:
        return None
    if key == "role":
        return profile.role or None
    if key == "urn":
        return profile.school_urn
    return profile.facts.get(key)


@require_http_methods(["GET", "POST"])
def apply_start(request: HttpRequest, hub: str, year: str, offering: str) -> HttpResponse:
    """What applying involves; the button starts (or resumes) the applicant's draft."""
    offering_obj = delivery_catalogue.offering_at(hub=hub, year=year, offering=offering)
    programme = offering_obj.programme
    existing = (selectors.applicant_applications(user=request.user)
                .filter(offering=offering_obj, status__in=LIVE_STATUSES).first())
    error = ""
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        try:
            application = services.application_start(applicant=request.user,
                                                     offering=offering_obj)
        except DomainError as problem:
            error = problem.message
        else:
            if application.status != ApplicationStatus.DRAFT:
                return redirect("applications:detail", pk=application.pk)
            # Answers from "Check if you can apply" are not asked again.
            application = services.application_answers_prefill(
                applicant=request.user, application=application,
                known=answers_for_application(request, offering_obj))
            return redirect(next_step_url(application))
    return render(request, "applications/apply_start.html", {
        "hub": offering_obj.hub, "offering": offering_obj, "programme": programme,
        "existing": existing, "error": error,
        "open": offering_obj.accepts_applications_on(clock.today()),
        "supports": [SupportRole(role).label for role in programme.required_supports],
        "facts": [STEP_TITLES.get(f, f) for f in needed_facts(programme.eligibility_rules)
                  if f != "email"],
        "question_count": offering_obj.questions.count(),
    }, status=200 if not error else 422)


@login_required
@require_http_methods(["GET", "POST"])
def apply_step(request: AuthedHttpRequest, pk: int, step: str) -> HttpResponse:
    application = selectors.applicant_application_get(user=request.user, pk=pk)
    if application.status != ApplicationStatus.DRAFT:
        return redirect("applications:detail", pk=application.pk)
    steps = selectors.steps_for(application=application)
    current = next((s for s in steps if s.slug == step), None)
    if current is None:
        raise Http404("This application does not ask that.")
    changing = request.GET.get("change") == "1"
    index = steps.index(current)
    check_url = reverse("applications:check", kwargs={"pk": application.pk})
    context: dict[str, Any] = {
        "application": application, "offering": application.offering,
        "hub": application.offering.hub, "step": current,
        "caption": f"Question {index + 1} of {len(steps)} · "
                   f"{application.offering.programme.title}",
        "back_url": check_url if changing else (
            _step_url(application, steps[index - 1].slug) if index
            else reverse("apply:start", kwargs=_offering_kwargs(application.offering))),
    }

    def save(answers: dict[str, Any]) -> HttpResponse:
        saved = services.application_answers_save(applicant=request.user,
                                                  application=application, answers=answers)
        return redirect(check_url if changing else next_step_url(saved))

    handler = STEP_HANDLERS[current.kind]
    return handler(request, application, current, context, save)


def _offering_kwargs(offering: Offering) -> dict[str, str]:
    return {"hub": offering.hub.slug, "year": offering.academic_year.slug,
            "offering": offering.slug}


SaveFn = Callable[[dict[str, Any]], HttpResponse]


def _name_step(request: AuthedHttpRequest, application: Application, step: Step,
               context: dict[str, Any], save: SaveFn) -> HttpResponse:
    form = NameForm(request.POST if request.method == "POST" else None, initial={
        "first_name": application.parsed_answers.first_name or request.user.first_name,
        "last_name": application.parsed_answers.last_name or request.user.last_name})
    if request.method == "POST" and form.is_valid():
        return save({key: value.strip() for key, value in form.cleaned_data.items()})
    return render(request, "applications/step_name.html", {**context, "form": form})


def _fact_step(request: AuthedHttpRequest, application: Application, step: Step,
               context: dict[str, Any], save: SaveFn) -> HttpResponse:
    if step.slug == "urn":
        return school_question(
            request, context={**context, "changing": request.GET.get("change") == "1"},
            current_urn=application.parsed_answers.value("urn", _remembered(request, "urn")),
            on_chosen=lambda school: save({"urn": school.urn}),
            secondary_first=application.offering.programme.phase == Phase.SECONDARY)
    form = FactForm(request.POST if request.method == "POST" else None, fact=step.slug)
    if request.method == "POST" and form.is_valid():
        return save({step.slug: form.cleaned_data["answer"]})
    if request.method == "GET":
        form.initial_from(application.parsed_answers.value(step.slug,
                                                           _remembered(request, step.slug)))
    return render(request, "includes/question_page.html", {**context, "form": form})


def _verdict_context(application: Application) -> dict[str, Any]:
    facts = application.parsed_answers.facts()
    facts["email"] = application.applicant.email
    verdict, school = eligibility_check(offering=application.offering, facts=facts)
    return {"verdict": verdict, "school": school,
            "hard_reasons": [r for r in verdict.reasons if r.hard],
            "notes": [r for r in verdict.reasons if not r.hard]}


def _eligibility_step(request: AuthedHttpRequest, application: Application, step: Step,
                      context: dict[str, Any], save: SaveFn) -> HttpResponse:
    verdict = _verdict_context(application)
    claim = (claim_form_for(verdict["verdict"], request.POST)
             if request.method == "POST" else None)
    if claim is not None and claim.is_valid():
        # "Our records missed it, but I did take part": the verdict becomes a note to check.
        services.application_answers_save(
            applicant=request.user, application=application, answers={
                "claimed_participation": claim.claims_after(
                    application.parsed_answers.value("claimed_participation"))})
        return redirect(_step_url(application, step.slug))
    if (request.method == "POST" and claim is None
            and verdict["verdict"].outcome != "not_eligible"):
        return save({"eligibility_seen": True})
    steps = selectors.steps_for(application=application)
    rows = [{"label": s.title, "value": _shown(application, s, verdict["school"]),
             "change_url": _step_url(application, s.slug)}
            for s in steps if s.kind == "fact"]
    return render(request, "applications/step_eligibility.html", {
        **context, **verdict, "rows": rows,
        "claim_forms": claim_forms(verdict["verdict"],
                                   application.parsed_answers.value("claimed_participation"),
                                   invalid=claim),
        "claim_url": _step_url(application, step.slug), "claim_error": claim is not None,
    }, status=422 if claim is not None else 200)


def _question_step(request: AuthedHttpRequest, application: Application, step: Step,
                   context: dict[str, Any], save: SaveFn) -> HttpResponse:
    question = get_object_or_404(OfferingQuestion, offering=application.offering,
                                 pk=int(step.slug[1:]))
    form = ExtraQuestionForm(request.POST if request.method == "POST" else None,
                             question=question)
    if request.method == "POST" and form.is_valid():
        return save({step.slug: form.cleaned_data["answer"]})
    if request.method == "GET":
        form.initial_from(application.parsed_answers.value(step.slug))
    return render(request, "includes/question_page.html", {**context, "form": form})


def _team_step(request: AuthedHttpRequest, application: Application, step: Step,
               context: dict[str, Any], save: SaveFn) -> HttpResponse:
    programme = application.offering.programme
    form = TeamForm(request.POST if request.method == "POST" else None, size=programme.team_size,
                    applicant_email=request.user.email)
    if request.method == "POST" and form.is_valid():
        return save({"team": form.team()})
    if request.method == "GET":
        form.initial_from(application.parsed_answers.team)
    return render(request, "applications/step_team.html",
                  {**context, "form": form, "programme": programme})


def _support_step(request: AuthedHttpRequest, application: Application, step: Step,
                  context: dict[str, Any], save: SaveFn) -> HttpResponse:
    programme = application.offering.programme
    roles = supports_needed(programme.required_supports, application.parsed_answers.role)
    form = SupportersForm(request.POST if request.method == "POST" else None, roles=roles,
                          applicant_email=request.user.email)
    if request.method == "POST" and form.is_valid():
        return save({"supporters": form.supporters()})
    if request.method == "GET":
        form.initial_from(application.parsed_answers.supporters)
    return render(request, "applications/step_support.html", {
        **context, "form": form, "link_days": settings.WORKGROUPS_SUPPORT_LINK_DAYS})


STEP_HANDLERS: dict[str, Callable[..., HttpResponse]] = {
    "name": _name_step, "fact": _fact_step, "eligibility": _eligibility_step,
    "question": _question_step, "team": _team_step, "support": _support_step,
}


def _shown(application: Application, step: Step, school: Any,
           questions: dict[str, OfferingQuestion] | None = None) -> str:
    """An answer as the check-your-answers page shows it."""
    answers = application.parsed_answers
    if step.kind == "name":
        return answers.full_name
    if step.kind == "fact":
        if not answers.has(step.slug):
            return "Not answered"
        if step.slug == "urn":
            return f"{school.name} (URN {school.urn})" if school else str(answers.value("urn"))
        return display_answer(step.slug, answers.value(step.slug))
    if step.kind == "question":
        return display_extra_answer(answers.value(step.slug))
    return ""


def display_extra_answer(value: Any) -> str:
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "Not answered"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value).strftime("%-d %B %Y")
        except ValueError:
            return value
    return str(value) if value not in (None, "") else "Not answered"


@login_required
@require_http_methods(["GET", "POST"])
def apply_check(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Check your answers, then send. The service decides; this page shows its reasons."""
    application = selectors.applicant_application_get(user=request.user, pk=pk)
    if application.status != ApplicationStatus.DRAFT:
        return redirect("applications:detail", pk=application.pk)
    steps = selectors.steps_for(application=application)
    answers = application.parsed_answers
    missing = first_missing(steps, answers)
    if missing is not None and request.method == "GET":
        return redirect(_step_url(application, missing.slug))
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            services.application_submit(applicant=request.user, application=application)
        except DomainError as problem:
            anchor = f"row-{problem.field}" if problem.field else "submit"
            errors.append((anchor, problem.message))
        else:
            return redirect("applications:sent", pk=application.pk)
    verdict = _verdict_context(application)
    rows = [{"id": f"row-{s.slug}", "label": s.title,
             "value": _shown(application, s, verdict["school"]),
             "change_url": _step_url(application, s.slug, changing=True)}
            for s in steps if s.kind in ("name", "fact", "question")]
    programme = application.offering.programme
    return render(request, "applications/check.html", {
        "application": application, "offering": application.offering,
        "hub": application.offering.hub, "programme": programme, "rows": rows,
        "errors": errors, **verdict,
        "team": answers.team if application.is_school_team else None,
        "team_change_url": _step_url(application, "team", changing=True),
        "supporters": [(SupportRole(role).label, answers.supporter(role))
                       for role in supports_needed(programme.required_supports, answers.role)],
        "support_change_url": _step_url(application, "support", changing=True),
    }, status=422 if errors else 200)


@login_required
@require_safe
def apply_sent(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    application = selectors.applicant_application_detail(user=request.user, pk=pk)
    if application.submitted_at is None:
        return redirect("applications:detail", pk=application.pk)
    return render(request, "applications/sent.html", {
        "application": application, "offering": application.offering,
        "hub": application.offering.hub,
        "endorsements": list(application.endorsements.all())})
