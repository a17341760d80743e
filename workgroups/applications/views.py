"""Pages for applying: expressions of interest (register, confirm, unsubscribe: no account, and
a button press, so a mail scanner that follows links changes nothing); the application journey,
one question per page with a draft saved at every step; the applicant's own applications; the
page a supporter or team member reaches from their emailed link; and the staff's read-only
lists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from workgroups.accounts.forms import NameForm
from workgroups.accounts.models import ApplicantProfile
from workgroups.applications import interest, links, selectors, services
from workgroups.applications.forms import (
    ApplicationFilterForm,
    BulkDecisionForm,
    DeclineForm,
    EndorsementForm,
    ExtraQuestionForm,
    InterestForm,
    OfferAnswerForm,
    OfferForm,
    OverrideForm,
    SupportersForm,
    TeamForm,
    WaitlistMoveForm,
    WithdrawForm,
)
from workgroups.applications.models import (
    APPLICATION_TRANSITIONS,
    LIVE_STATUSES,
    Application,
    ApplicationStatus,
    EndorsementKind,
    EndorsementStatus,
    InterestRegistration,
)
from workgroups.applications.steps import Step, first_missing, supports_needed
from workgroups.catalogue import selectors as catalogue_selectors
from workgroups.catalogue.models import Offering, OfferingQuestion, Phase, SupportRole
from workgroups.core import clock
from workgroups.core.forms import add_domain_error
from workgroups.core.parse import parse_id, parse_ids
from workgroups.core.services import DomainError
from workgroups.core.tables import sortable_headings
from workgroups.core.types import AuthedHttpRequest
from workgroups.eligibility.answers import answers_for_application
from workgroups.eligibility.forms import (
    QUESTIONS,
    SCHOOL_QUESTION,
    STEP_TITLES,
    FactForm,
    claim_form_for,
    claim_forms,
    display_answer,
)
from workgroups.eligibility.rules import FACT_KEYS, needed_facts
from workgroups.eligibility.selectors import eligibility_check
from workgroups.schools.picker import school_question
from workgroups.schools.selectors import school_get


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, hub: str, year: str, offering: str) -> HttpResponse:
    offering_obj = catalogue_selectors.offering_at(hub=hub, year=year, offering=offering)
    today = clock.today()
    context = {"offering": offering_obj, "hub": offering_obj.hub,
               "takes_interest": offering_obj.accepts_interest_on(today),
               "accepting": offering_obj.accepts_applications_on(today),
               "year_over": today > offering_obj.academic_year.ends_on}
    form = InterestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and context["takes_interest"] and form.is_valid():
        try:
            services.interest_register(offering=offering_obj, email=form.cleaned_data["email"],
                                       name=form.cleaned_data["name"],
                                       school_urn=form.cleaned_data["school_urn"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return render(request, "applications/interest_sent.html", context)
    return render(request, "applications/interest_form.html", {
        **context, "form": form, "school_search_url": reverse("schools:search")})


def _registration_link(request: HttpRequest, registration_id: int | None,
                       act: Callable[..., InterestRegistration | None],
                       template: str) -> HttpResponse:
    """A page behind a signed link: GET shows what the button will do, POST does it."""
    registration = (selectors.interest_registration_get(pk=registration_id)
                    if registration_id is not None else None)
    if registration is None:
        return render(request, "applications/interest_link_invalid.html", status=404)
    if request.method == "POST":
        registration = act(registration_id=registration.pk) or registration
    return render(request, template,
                  {"registration": registration, "offering": registration.offering})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    return _registration_link(request, interest.registration_id_from_confirm(token),
                              services.interest_confirm, "applications/interest_confirm.html")


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    return _registration_link(request, interest.registration_id_from_unsubscribe(token),
                              services.interest_unsubscribe,
                              "applications/interest_unsubscribe.html")


# --- Staff: the hub's dashboard, an offering's applications, decisions ----------------------

TABLE_PAGE_SIZE = 50


@require_safe
def staff_year_dashboard(request: AuthedHttpRequest, hub: str, year: str) -> HttpResponse:
    hub_obj = catalogue_selectors.staff_hub_get(user=request.user, slug=hub)
    year_obj = catalogue_selectors.academic_year_get(slug=year)
    return render(request, "applications/staff/dashboard.html", {
        "staff_hub": hub_obj, "year": year_obj,
        "rows": selectors.hub_year_dashboard(hub=hub_obj, year=year_obj)})


def _work_group_choices(offering: Offering) -> list[tuple[int, str]]:
    groups = list(offering.work_groups.all())
    taken = selectors.places_taken_by_work_group(work_group_ids=[g.pk for g in groups])
    return [(g.pk, f"{g.name} ({g.capacity_schools - taken.get(g.pk, selectors.Places()).schools}"
             f" school places, {g.capacity_participants - taken.get(g.pk, selectors.Places())
                                .participants} participant places left)")
            for g in groups]


# The applications table's sortable columns (sort key, heading).
APPLICATION_COLUMNS = [("applicant", "Applicant"), ("school", "School"), ("submitted", "Sent"),
                       ("status", "Status")]


@require_http_methods(["GET", "POST"])
def staff_offering_applications(request: AuthedHttpRequest, hub: str, pk: int) -> HttpResponse:
    """The offering's applications: filters, sorting, paging, and bulk decisions."""
    hub_obj = catalogue_selectors.staff_hub_get(user=request.user, slug=hub)
    offering = catalogue_selectors.staff_offering_get(hub=hub_obj, pk=pk)
    filter_form = ApplicationFilterForm(
        request.GET or None,
        local_authorities=selectors.offering_local_authorities(offering=offering))
    filters = selectors.ApplicationFilters()
    if filter_form.is_valid():
        data = filter_form.cleaned_data
        filters = selectors.ApplicationFilters(
            statuses=tuple(data["status"]), la_code=data["la"], school=data["school"],
            outcome=data["outcome"], submitted_from=data["submitted_from"],
            submitted_to=data["submitted_to"], sort=data["sort"] or "submitted")
    page = Paginator(selectors.offering_applications_table(offering=offering, filters=filters),
                     TABLE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    work_groups = _work_group_choices(offering)
    bulk_form = BulkDecisionForm(request.POST if request.method == "POST" else None,
                                 work_groups=work_groups,
                                 application_ids=parse_ids(request.POST.getlist(
                                     "applications"))
                                 if request.method == "POST" else [a.pk for a in rows])
    if request.method == "POST" and bulk_form.is_valid():
        data = bulk_form.cleaned_data
        work_group = next((g for g in offering.work_groups.all()
                           if g.pk == data["work_group"]), None)
        try:
            outcome = services.applications_decide_in_bulk(
                actor=request.user, action=data["action"], work_group=work_group,
                reason=data["reason"],
                applications=selectors.staff_applications_by_id(offering=offering,
                                                                ids=data["applications"]))
        except DomainError as problem:
            add_domain_error(bulk_form, problem)
        else:
            verb = {"offer": "offered a place", "waitlist": "put on the waiting list",
                    "decline": "declined"}[data["action"]]
            if outcome.done:
                messages.success(request, f"{len(outcome.done)} application"
                                          f"{'s' if len(outcome.done) != 1 else ''} {verb}.")
            for application, reason in outcome.refused:
                who = application.applicant.get_full_name() or application.applicant.email
                messages.error(request, f"{who}: {reason}")
            return redirect(request.get_full_path())
    query = request.GET.copy()
    query.pop("page", None)
    # "Select all" works without JavaScript: the link shows this page again with every box ticked.
    selecting_all = query.pop("select", None) == ["all"]
    select_query = query.copy()
    select_query["select"] = "all"
    return render(request, "applications/staff/offering_applications.html", {
        "staff_hub": hub_obj, "offering": offering, "page": page, "applications": rows,
        "filter_form": filter_form, "bulk_form": bulk_form, "query": query.urlencode(),
        "headings": sortable_headings(query=query, columns=APPLICATION_COLUMNS,
                                      current=filters.sort),
        "selecting_all": selecting_all, "select_all_query": select_query.urlencode(),
        "positions": selectors.waitlist_positions(offering=offering),
        "has_work_groups": bool(work_groups),
    }, status=422 if bulk_form.errors else 200)


@require_safe
def staff_application(request: AuthedHttpRequest, hub: str, pk: int) -> HttpResponse:
    hub_obj = catalogue_selectors.staff_hub_get(user=request.user, slug=hub)
    application = selectors.staff_application_get(hub=hub_obj, pk=pk)
    return _staff_application_page(request, hub_obj, application)


def _staff_application_page(request: AuthedHttpRequest, hub_obj: Any,
                            application: Application,
                            forms_in_play: dict[str, Any] | None = None) -> HttpResponse:
    questions = {q.answer_key: q.text
                 for q in selectors.offering_questions(offering=application.offering)}
    answers = []
    for key, value in application.answers.items():
        if key in QUESTIONS:
            answers.append((QUESTIONS[key]["label"], display_answer(key, value)))
        elif key == "urn":
            answers.append((SCHOOL_QUESTION, str(value)))
        elif key in questions or (key.startswith("q") and parse_id(key[1:]) is not None):
            answers.append((questions.get(key, "A question since removed"),
                            display_extra_answer(value)))
    moves = APPLICATION_TRANSITIONS[ApplicationStatus(application.status)]
    decision_forms: dict[str, Any] = {
        "offer": OfferForm(work_groups=_work_group_choices(application.offering)),
        "decline": DeclineForm(), "override": OverrideForm(), "move": WaitlistMoveForm(),
        **(forms_in_play or {})}
    return render(request, "applications/staff/application.html", {
        "staff_hub": hub_obj, "application": application, "offering": application.offering,
        "answers": answers, "endorsements": list(application.endorsements.all()),
        "can_offer": ApplicationStatus.OFFERED in moves,
        "can_waitlist": ApplicationStatus.WAITLISTED in moves,
        "can_decline": ApplicationStatus.DECLINED in moves,
        "waitlist_position": selectors.waitlist_position(application=application),
        "forms": decision_forms,
    }, status=422 if forms_in_play else 200)


DECISION_FORMS = {"offer": OfferForm, "decline": DeclineForm, "override": OverrideForm,
                  "move": WaitlistMoveForm}


@require_POST
def staff_application_decide(request: AuthedHttpRequest, hub: str, pk: int,
                             action: str) -> HttpResponse:
    """One decision on one application: offer, waitlist, decline, override, move."""
    hub_obj = catalogue_selectors.staff_hub_get(user=request.user, slug=hub)
    application = selectors.staff_application_get(hub=hub_obj, pk=pk)
    if action != "waitlist" and action not in DECISION_FORMS:
        raise Http404("No such decision.")
    form: Any = None
    if action == "offer":
        form = OfferForm(request.POST, work_groups=_work_group_choices(application.offering))
    elif action in DECISION_FORMS:
        form = DECISION_FORMS[action](request.POST)
    if form is not None and not form.is_valid():
        return _staff_application_page(request, hub_obj, application, {action: form})
    data = form.cleaned_data if form is not None else {}
    try:
        if action == "offer":
            group = application.offering.work_groups.filter(pk=data["work_group"]).first()
            if group is None:
                raise DomainError("Choose the Work Group to offer a place in.",
                                  field="work_group")
            services.application_offer(actor=request.user, application=application,
                                       work_group=group)
            messages.success(request, f"Place offered in {group.name}. The applicant has "
                                      f"{settings.WORKGROUPS_OFFER_DAYS} days to answer.")
        elif action == "waitlist":
            services.application_waitlist(actor=request.user, application=application)
            messages.success(request, "Put on the waiting list.")
        elif action == "decline":
            services.application_decline(actor=request.user, application=application,
                                         reason=data["reason"])
            messages.success(request, "Application declined. The applicant is told why.")
        elif action == "override":
            services.application_eligibility_override(
                actor=request.user, application=application, outcome=data["outcome"],
                reason=data["reason"])
            messages.success(request, "Eligibility verdict overridden.")
        else:
            services.application_waitlist_move(actor=request.user, application=application,
                                               position=data["position"],
                                               reason=data["reason"])
            messages.success(request, "Place on the waiting list changed.")
    except DomainError as problem:
        if form is None:
            messages.error(request, problem.message)
        else:
            add_domain_error(form, problem)
            return _staff_application_page(request, hub_obj, application, {action: form})
    return redirect("staff:application", hub=hub_obj.slug, pk=application.pk)


# --- Applying: one question per page, saved as a draft at every step ------------------------

def _step_url(application: Application, slug: str, changing: bool = False) -> str:
    url = reverse("applications:step", kwargs={"pk": application.pk, "step": slug})
    return url + "?change=1" if changing else url


def _next_url(application: Application) -> str:
    missing = first_missing(selectors.steps_for(application=application), application.answers)
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
    offering_obj = catalogue_selectors.offering_at(hub=hub, year=year, offering=offering)
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
            return redirect(_next_url(application))
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
        return redirect(check_url if changing else _next_url(saved))

    handler = STEP_HANDLERS[current.kind]
    return handler(request, application, current, context, save)


def _offering_kwargs(offering: Offering) -> dict[str, str]:
    return {"hub": offering.hub.slug, "year": offering.academic_year.slug,
            "offering": offering.slug}


SaveFn = Callable[[dict[str, Any]], HttpResponse]


def _name_step(request: AuthedHttpRequest, application: Application, step: Step,
               context: dict[str, Any], save: SaveFn) -> HttpResponse:
    form = NameForm(request.POST if request.method == "POST" else None, initial={
        "first_name": application.answers.get("first_name", request.user.first_name),
        "last_name": application.answers.get("last_name", request.user.last_name)})
    if request.method == "POST" and form.is_valid():
        return save({key: value.strip() for key, value in form.cleaned_data.items()})
    return render(request, "applications/step_name.html", {**context, "form": form})


def _fact_step(request: AuthedHttpRequest, application: Application, step: Step,
               context: dict[str, Any], save: SaveFn) -> HttpResponse:
    if step.slug == "urn":
        return school_question(
            request, context={**context, "changing": request.GET.get("change") == "1"},
            current_urn=application.answers.get("urn", _remembered(request, "urn")),
            on_chosen=lambda school: save({"urn": school.urn}),
            secondary_first=application.offering.programme.phase == Phase.SECONDARY)
    form = FactForm(request.POST if request.method == "POST" else None, fact=step.slug)
    if request.method == "POST" and form.is_valid():
        return save({step.slug: form.cleaned_data["answer"]})
    if request.method == "GET":
        form.initial_from(application.answers.get(step.slug, _remembered(request, step.slug)))
    return render(request, "includes/question_page.html", {**context, "form": form})


def _verdict_context(application: Application) -> dict[str, Any]:
    facts = {k: v for k, v in application.answers.items() if k in FACT_KEYS}
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
                    application.answers.get("claimed_participation"))})
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
                                   application.answers.get("claimed_participation"),
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
        form.initial_from(application.answers.get(step.slug))
    return render(request, "includes/question_page.html", {**context, "form": form})


def _team_step(request: AuthedHttpRequest, application: Application, step: Step,
               context: dict[str, Any], save: SaveFn) -> HttpResponse:
    programme = application.offering.programme
    form = TeamForm(request.POST if request.method == "POST" else None, size=programme.team_size,
                    applicant_email=request.user.email)
    if request.method == "POST" and form.is_valid():
        return save({"team": form.team()})
    if request.method == "GET":
        form.initial_from(application.answers.get("team"))
    return render(request, "applications/step_team.html",
                  {**context, "form": form, "programme": programme})


def _support_step(request: AuthedHttpRequest, application: Application, step: Step,
                  context: dict[str, Any], save: SaveFn) -> HttpResponse:
    programme = application.offering.programme
    roles = supports_needed(programme.required_supports, application.answers.get("role"))
    form = SupportersForm(request.POST if request.method == "POST" else None, roles=roles,
                          applicant_email=request.user.email)
    if request.method == "POST" and form.is_valid():
        return save({"supporters": form.supporters()})
    if request.method == "GET":
        form.initial_from(application.answers.get("supporters"))
    return render(request, "applications/step_support.html", {
        **context, "form": form, "link_days": settings.WORKGROUPS_SUPPORT_LINK_DAYS})


STEP_HANDLERS: dict[str, Callable[..., HttpResponse]] = {
    "name": _name_step, "fact": _fact_step, "eligibility": _eligibility_step,
    "question": _question_step, "team": _team_step, "support": _support_step,
}


def _shown(application: Application, step: Step, school: Any,
           questions: dict[str, OfferingQuestion] | None = None) -> str:
    """An answer as the check-your-answers page shows it."""
    answers = application.answers
    if step.kind == "name":
        return f"{answers.get('first_name', '')} {answers.get('last_name', '')}".strip()
    if step.kind == "fact":
        if step.slug not in answers:
            return "Not answered"
        if step.slug == "urn":
            return f"{school.name} (URN {school.urn})" if school else str(answers["urn"])
        return display_answer(step.slug, answers[step.slug])
    if step.kind == "question":
        return display_extra_answer(answers.get(step.slug))
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
    missing = first_missing(steps, application.answers)
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
        "team": application.answers.get("team") if application.is_school_team else None,
        "team_change_url": _step_url(application, "team", changing=True),
        "supporters": [(SupportRole(role).label, (application.answers.get("supporters") or {})
                        .get(role, {}))
                       for role in supports_needed(programme.required_supports,
                                                   application.answers.get("role"))],
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


# --- Your applications ----------------------------------------------------------------------

@login_required
@require_safe
def my_applications(request: AuthedHttpRequest) -> HttpResponse:
    applications = list(selectors.applicant_applications(user=request.user)
                        .prefetch_related("endorsements"))
    return render(request, "applications/mine.html", {
        "applications": [(a, waiting_for(a)) for a in applications]})


def waiting_for(application: Application) -> str:
    """What the application waits for, and from whom, in words."""
    status = application.status
    if status == ApplicationStatus.DRAFT:
        return "You: finish and send it."
    if status == ApplicationStatus.AWAITING_SUPPORT:
        pending = [e for e in application.endorsements.all()
                   if e.status == EndorsementStatus.REQUESTED]
        return "An answer from " + ", ".join(
            f"{e.name} ({e.role_label.lower() if e.kind == 'support' else 'team member'})"
            for e in pending) + "."
    if status in (ApplicationStatus.SUBMITTED, ApplicationStatus.READY_FOR_REVIEW):
        return f"{application.offering.hub.name}: a decision on your place."
    if status == ApplicationStatus.OFFERED:
        return "You: accept or decline the place."
    if status == ApplicationStatus.WAITLISTED:
        return f"{application.offering.hub.name}: a place to come free."
    return "Nothing: this application has ended."


@login_required
@require_safe
def application_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    application = selectors.applicant_application_detail(user=request.user, pk=pk)
    now = clock.now()
    endorsements = [
        {"endorsement": e, "expired": e.status == "requested" and now >= e.link_expires_at,
         "can_resend": (application.status == ApplicationStatus.AWAITING_SUPPORT
                        and e.status == "requested"
                        and (now >= e.link_expires_at
                             or now >= e.link_sent_at + services.RESEND_AFTER))}
        for e in application.endorsements.all()]
    return render(request, "applications/detail.html", {
        "application": application, "offering": application.offering,
        "hub": application.offering.hub, "endorsements": endorsements,
        "waiting_for": waiting_for(application),
        "pending": [e for e in application.endorsements.all()
                    if e.status == EndorsementStatus.REQUESTED],
        "continue_url": _next_url(application)
        if application.status == ApplicationStatus.DRAFT else "",
        "can_withdraw": ApplicationStatus.WITHDRAWN in APPLICATION_TRANSITIONS[
            ApplicationStatus(application.status)],
        "waitlist_position": selectors.waitlist_position(application=application),
        "sessions": (list(application.work_group.sessions.select_related("venue"))
                     if application.status == ApplicationStatus.ACCEPTED
                     and application.work_group else []),
        "certificates": list(application.enrolments.filter(
            email=request.user.email.lower(), outcome="completed")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def offer_answer(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The applicant accepts or turns down the place offered (from the email's link or their
    application's page)."""
    application = selectors.applicant_application_detail(user=request.user, pk=pk)
    if application.status != ApplicationStatus.OFFERED:
        if application.status in (ApplicationStatus.ACCEPTED, ApplicationStatus.OFFER_DECLINED,
                                   ApplicationStatus.LAPSED):
            messages.info(request, "This offer has already been answered or has run out.")
        return redirect("applications:detail", pk=application.pk)
    form = OfferAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"
        try:
            if accept:
                services.offer_accept(applicant=request.user, application=application)
            else:
                services.offer_decline(applicant=request.user, application=application,
                                       reason=form.cleaned_data["reason"])
        except DomainError as problem:
            add_domain_error(form, problem)
        else:
            messages.success(request, "Your place is confirmed." if accept
                             else "You have turned down the place.")
            return redirect("applications:detail", pk=application.pk)
    work_group = application.work_group
    return render(request, "applications/offer.html", {
        "application": application, "offering": application.offering,
        "hub": application.offering.hub, "work_group": work_group, "form": form,
        "sessions": list(work_group.sessions.select_related("venue")) if work_group else [],
    }, status=422 if form.errors else 200)


@login_required
@require_POST
def endorsement_resend(request: AuthedHttpRequest, pk: int, endorsement: int) -> HttpResponse:
    application = selectors.applicant_application_get(user=request.user, pk=pk)
    if not application.endorsements.filter(pk=endorsement).exists():
        raise Http404("No such request on this application.")
    try:
        sent = services.endorsement_resend(applicant=request.user, endorsement_id=endorsement)
    except DomainError as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, f"We have sent {sent.name} a new link.")
    return redirect("applications:detail", pk=application.pk)


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    application = selectors.applicant_application_get(user=request.user, pk=pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(applicant=request.user, application=application,
                                          reason=form.cleaned_data["reason"])
        except DomainError as problem:
            add_domain_error(form, problem)
        else:
            messages.success(request, "Your application has been withdrawn.")
            return redirect("applications:detail", pk=application.pk)
    return render(request, "applications/withdraw.html", {
        "application": application, "offering": application.offering, "form": form,
        "hub": application.offering.hub})


# --- Supporters and team members answer from their emailed link (no account) ---------------

@require_http_methods(["GET", "POST"])
def endorsement_respond(request: HttpRequest, token: str) -> HttpResponse:
    parsed = links.endorsement_from_token(token)
    endorsement = selectors.endorsement_get(pk=parsed[0]) if parsed else None
    nonce = parsed[1] if parsed else ""
    problem = services.endorsement_link_problem(endorsement, nonce)
    if endorsement is None or problem in ("invalid", "replaced"):
        return render(request, "applications/endorsement_invalid.html",
                      {"message": services.LINK_PROBLEMS[problem or "invalid"]}, status=404)
    application = endorsement.application
    is_support = endorsement.kind == EndorsementKind.SUPPORT
    question = (f"Do you support {application.applicant.get_full_name()}’s application?"
                if is_support else "Do you agree to take part?")
    form = EndorsementForm(request.POST if request.method == "POST" else None,
                           question=question)
    renewed = False
    if request.method == "POST" and request.POST.get("action") == "renew":
        try:
            services.endorsement_renew_expired(endorsement_id=endorsement.pk, nonce=nonce)
        except DomainError as error:
            form = EndorsementForm(None, question=question)
            messages.error(request, error.message)
        else:
            renewed = True
    elif request.method == "POST" and form.is_valid():
        try:
            services.endorsement_respond(endorsement_id=endorsement.pk, nonce=nonce,
                                         give=form.cleaned_data["answer"] == "give",
                                         comment=form.cleaned_data["comment"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("endorsements:done", token=token)
    return render(request, "applications/endorsement_respond.html", {
        "endorsement": endorsement, "application": application,
        "offering": application.offering, "hub": application.offering.hub,
        "programme": application.offering.programme, "form": form, "problem": problem,
        "problem_message": services.LINK_PROBLEMS.get(problem or "", ""),
        "renewed": renewed, "is_support": is_support, "summary": _summary(application),
    }, status=422 if form.errors else 200)


def _summary(application: Application) -> list[tuple[str, str]]:
    """What a supporter sees of the application: who, where, what; not the career answers."""
    school = school_get(urn=application.school_urn) if application.school_urn else None
    rows = [("Applicant", application.applicant.get_full_name() or "Not given"),
            ("School", school.name if school else "Not given"),
            ("Work Group", f"{application.offering.programme.title} "
                           f"({application.offering.academic_year.label})"),
            ("Time commitment", application.offering.text.time_commitment)]
    team = application.answers.get("team")
    if isinstance(team, list):
        rows.append(("Team", ", ".join(f"{m.get('name')} ({m.get('role')})" for m in team)))
    return rows


@require_safe
def endorsement_done(request: HttpRequest, token: str) -> HttpResponse:
    parsed = links.endorsement_from_token(token)
    endorsement = selectors.endorsement_get(pk=parsed[0]) if parsed else None
    if endorsement is None or endorsement.status == EndorsementStatus.REQUESTED:
        raise Http404("No answer recorded.")
    return render(request, "applications/endorsement_done.html", {
        "endorsement": endorsement, "offering": endorsement.application.offering,
        "hub": endorsement.application.offering.hub})
