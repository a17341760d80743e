"""Evaluation pages: a participant answers from their emailed link; staff write the questions
(national staff a programme's set, a hub its offering's own) and read results in aggregate."""

from __future__ import annotations

from typing import Any, Literal

from django.contrib import messages
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.gate import hub_gate, national_gate
from workgroups.accounts.types import AuthedHttpRequest
from workgroups.audit.exports import audited_export
from workgroups.catalogue.models import Offering, Programme
from workgroups.core.exports import Column
from workgroups.core.forms import add_domain_error
from workgroups.core.services import DomainError
from workgroups.evaluations import selectors, services
from workgroups.evaluations.defaults import DEFAULT_QUESTIONS
from workgroups.evaluations.forms import AnswerForm, QuestionForm
from workgroups.evaluations.models import EvaluationQuestion
from workgroups.hubs.models import Hub

# --- Answering (public) ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    state = selectors.invitation_from_link(token=token)
    if state.invitation is None or state.problem:
        return render(request, "evaluations/link_problem.html",
                      {"problem": state.problem}, status=410 if state.invitation else 404)
    invitation = state.invitation
    offering = invitation.work_group.offering
    questions = selectors.questions_for_offering(offering=offering)
    form = AnswerForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_response_submit(invitation=invitation, answers=form.cleaned_data)
        except DomainError as error:
            if error.code in {"used", "expired"}:
                return render(request, "evaluations/link_problem.html",
                              {"problem": error.message}, status=410)
            add_domain_error(form, error)
        else:
            return redirect("evaluations:thanks")
    return render(request, "evaluations/answer.html",
                  {"form": form, "offering": offering, "programme": offering.programme,
                   "hub": offering.hub, "work_group": invitation.work_group},
                  status=422 if form.errors else 200)


@require_safe
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "evaluations/thanks.html")


# --- Questions (staff) ----------------------------------------------------------------------

def _question_initial(question: EvaluationQuestion) -> dict[str, Any]:
    return {"text": question.text, "kind": question.kind,
            "required": "yes" if question.required else "no"}


def _direction(request: HttpRequest) -> Literal["up", "down"]:
    return "up" if request.POST.get("direction") == "up" else "down"


@require_safe
@national_gate(Capability.PROGRAMMES_MANAGE)
def programme_questions(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    programme = selectors.programme_get(slug=slug)
    return render(request, "evaluations/staff/programme_questions.html", {
        "programme": programme, "questions": selectors.programme_questions(programme=programme),
        "defaults": [text for _kind, text, _required in DEFAULT_QUESTIONS]})


def _question_form_page(request: AuthedHttpRequest, *, context: dict[str, Any],
                        question: EvaluationQuestion | None, save: Any,
                        back: HttpResponse) -> HttpResponse:
    initial = _question_initial(question) if question else {"required": "yes"}
    form = QuestionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Evaluation question saved.")
            return back
    return render(request, "evaluations/staff/question_form.html",
                  {**context, "form": form, "question": question},
                  status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@national_gate(Capability.PROGRAMMES_MANAGE)
def programme_question_add(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    programme = selectors.programme_get(slug=slug)
    return _question_form_page(
        request, context={"programme": programme, "cancel": _programme_back(programme)},
        question=None,
        save=lambda data: services.evaluation_question_create(
            actor=request.user, programme=programme, data=data),
        back=redirect("staff:evaluation-programme-questions", slug=programme.slug))


def _programme_back(programme: Programme) -> str:
    return reverse("staff:evaluation-programme-questions", kwargs={"slug": programme.slug})


@require_http_methods(["GET", "POST"])
@national_gate(Capability.PROGRAMMES_MANAGE)
def programme_question_edit(request: AuthedHttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = selectors.programme_get(slug=slug)
    question = selectors.programme_question_get(programme=programme, pk=pk)
    return _question_form_page(
        request, context={"programme": programme, "cancel": _programme_back(programme)},
        question=question,
        save=lambda data: services.evaluation_question_update(
            actor=request.user, question=question, data=data),
        back=redirect("staff:evaluation-programme-questions", slug=programme.slug))


@require_POST
@national_gate(Capability.PROGRAMMES_MANAGE)
def programme_question_move(request: AuthedHttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = selectors.programme_get(slug=slug)
    question = selectors.programme_question_get(programme=programme, pk=pk)
    services.evaluation_question_move(actor=request.user, question=question,
                                      direction=_direction(request))
    return redirect("staff:evaluation-programme-questions", slug=programme.slug)


@require_http_methods(["GET", "POST"])
@national_gate(Capability.PROGRAMMES_MANAGE)
def programme_question_remove(request: AuthedHttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = selectors.programme_get(slug=slug)
    question = selectors.programme_question_get(programme=programme, pk=pk)
    if request.method == "POST":
        services.evaluation_question_remove(actor=request.user, question=question)
        messages.success(request, "Evaluation question removed.")
        return redirect("staff:evaluation-programme-questions", slug=programme.slug)
    return render(request, "evaluations/staff/question_remove.html",
                  {"programme": programme, "question": question,
                   "cancel": _programme_back(programme)})


def _offering_back(hub: Hub, offering: Offering) -> str:
    return reverse("staff:evaluation-offering-questions",
                   kwargs={"hub": hub.slug, "pk": offering.pk})


@require_safe
@hub_gate(Capability.OFFERINGS_MANAGE)
def offering_questions(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    offering = selectors.staff_offering_get(hub=hub, pk=pk)
    national = selectors.programme_questions(programme=offering.programme)
    return render(request, "evaluations/staff/offering_questions.html", {
        "staff_hub": hub, "offering": offering, "national": national,
        "defaults": [] if national else [text for _k, text, _r in DEFAULT_QUESTIONS],
        "questions": selectors.offering_questions(offering=offering)})


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OFFERINGS_MANAGE)
def offering_question_add(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    offering = selectors.staff_offering_get(hub=hub, pk=pk)
    return _question_form_page(
        request, context={"staff_hub": hub, "offering": offering,
                          "cancel": _offering_back(hub, offering)},
        question=None,
        save=lambda data: services.evaluation_question_create(
            actor=request.user, offering=offering, data=data),
        back=redirect("staff:evaluation-offering-questions", hub=hub.slug, pk=offering.pk))


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OFFERINGS_MANAGE)
def offering_question_edit(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    question = selectors.staff_question_get(hub=hub, pk=pk)
    offering = question.offering
    assert offering is not None
    return _question_form_page(
        request, context={"staff_hub": hub, "offering": offering,
                          "cancel": _offering_back(hub, offering)},
        question=question,
        save=lambda data: services.evaluation_question_update(
            actor=request.user, question=question, data=data),
        back=redirect("staff:evaluation-offering-questions", hub=hub.slug, pk=offering.pk))


@require_POST
@hub_gate(Capability.OFFERINGS_MANAGE)
def offering_question_move(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    question = selectors.staff_question_get(hub=hub, pk=pk)
    services.evaluation_question_move(actor=request.user, question=question,
                                      direction=_direction(request))
    return redirect("staff:evaluation-offering-questions", hub=hub.slug,
                    pk=question.offering_id)


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OFFERINGS_MANAGE)
def offering_question_remove(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    question = selectors.staff_question_get(hub=hub, pk=pk)
    offering = question.offering
    assert offering is not None
    if request.method == "POST":
        services.evaluation_question_remove(actor=request.user, question=question)
        messages.success(request, "Evaluation question removed.")
        return redirect("staff:evaluation-offering-questions", hub=hub.slug, pk=offering.pk)
    return render(request, "evaluations/staff/question_remove.html",
                  {"staff_hub": hub, "offering": offering, "question": question,
                   "cancel": _offering_back(hub, offering)})


# --- Results (staff, aggregate only) --------------------------------------------------------

RESULT_COLUMNS: list[Column[tuple[str, str, str, object, object]]] = [
    Column("Question", lambda row: row[0]),
    Column("Asked by", lambda row: row[1]),
    Column("Answer", lambda row: row[2]),
    Column("Number of participants", lambda row: row[3]),
    Column("Per cent of those who answered", lambda row: row[4]),
]


def _result_rows(results: selectors.Results) -> list[tuple[str, str, str, object, object]]:
    rows: list[tuple[str, str, str, object, object]] = []
    for result in results.questions:
        asked = "National" if result.question.programme_id else "Hub"
        if result.question.is_scale:
            rows.extend((result.question.text, asked, label, count, percent)
                        for label, count, percent in result.counts)
            rows.append((result.question.text, asked, "Agree or strongly agree",
                         "", result.percent_agree))
        else:
            rows.extend((result.question.text, asked, text, "", "") for text in result.texts)
    return rows


def _results_export(request: AuthedHttpRequest, *, results: selectors.Results,
                    hub: Hub | None, obj: Model, words: list[str]) -> HttpResponseBase:
    """The results as a CSV or XLSX download (audited), only when the page shows them."""
    if not results.shown:
        raise Http404("These results are not shown yet, so there is nothing to download.")
    rows = _result_rows(results)
    return audited_export(request, hub=hub, obj=obj, what="Evaluation results",
                          columns=RESULT_COLUMNS, rows=rows, count=lambda: len(rows),
                          filename_words=[*words, "evaluation"])


@require_safe
@hub_gate(Capability.REPORTS_VIEW)
def work_group_results(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    work_group = selectors.staff_work_group_get(hub=hub, pk=pk)
    return render(request, "evaluations/staff/results.html", {
        "staff_hub": hub, "offering": work_group.offering, "work_group": work_group,
        "heading": work_group.name,
        "results": selectors.work_group_results(work_group=work_group),
        "export_url": reverse("staff:evaluation-work-group-export",
                              kwargs={"hub": hub.slug, "pk": work_group.pk})})


@require_POST  # audited: a download is a POST, and a GET writes nothing
@hub_gate(Capability.REPORTS_VIEW)
def work_group_results_export(request: AuthedHttpRequest, hub: Hub,
                              pk: int) -> HttpResponseBase:
    work_group = selectors.staff_work_group_get(hub=hub, pk=pk)
    return _results_export(
        request, results=selectors.work_group_results(work_group=work_group), hub=hub,
        obj=work_group,
        words=[hub.name, work_group.offering.programme.title, work_group.name])


@require_safe
@hub_gate(Capability.REPORTS_VIEW)
def offering_results(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    offering = selectors.staff_offering_get(hub=hub, pk=pk)
    return render(request, "evaluations/staff/results.html", {
        "staff_hub": hub, "offering": offering, "heading": "All Work Groups",
        "results": selectors.offering_results(offering=offering),
        "rows": selectors.offering_work_group_counts(offering=offering),
        "export_url": reverse("staff:evaluation-offering-export",
                              kwargs={"hub": hub.slug, "pk": offering.pk})})


@require_POST  # audited: a download is a POST, and a GET writes nothing
@hub_gate(Capability.REPORTS_VIEW)
def offering_results_export(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponseBase:
    offering = selectors.staff_offering_get(hub=hub, pk=pk)
    return _results_export(
        request, results=selectors.offering_results(offering=offering), hub=hub, obj=offering,
        words=[hub.name, offering.programme.title, offering.academic_year.slug])


@require_safe
@hub_gate(Capability.REPORTS_VIEW)
def hub_year_results(request: AuthedHttpRequest, hub: Hub, year: str) -> HttpResponse:
    year_obj = selectors.academic_year_get(slug=year)
    return render(request, "evaluations/staff/hub_year.html", {
        "staff_hub": hub, "year": year_obj,
        "results": selectors.hub_year_results(hub=hub, year=year_obj),
        "rows": selectors.hub_year_counts(hub=hub, year=year_obj),
        "threshold": selectors.THRESHOLD,
        "export_url": reverse("staff:evaluation-hub-year-export",
                              kwargs={"hub": hub.slug, "year": year_obj.slug})})


@require_POST  # audited: a download is a POST, and a GET writes nothing
@hub_gate(Capability.REPORTS_VIEW)
def hub_year_results_export(request: AuthedHttpRequest, hub: Hub, year: str) -> HttpResponseBase:
    year_obj = selectors.academic_year_get(slug=year)
    return _results_export(
        request, results=selectors.hub_year_results(hub=hub, year=year_obj), hub=hub, obj=hub,
        words=[hub.name, year_obj.slug])


@require_safe
@national_gate(Capability.REPORTS_VIEW)
def national_results(request: AuthedHttpRequest, year: str) -> HttpResponse:
    year_obj = selectors.academic_year_get(slug=year)
    return render(request, "evaluations/staff/national.html", {
        "year": year_obj, "rows": selectors.national_programme_counts(year=year_obj),
        "threshold": selectors.THRESHOLD})


@require_safe
@national_gate(Capability.REPORTS_VIEW)
def national_programme_results(request: AuthedHttpRequest, year: str,
                               programme: str) -> HttpResponse:
    year_obj = selectors.academic_year_get(slug=year)
    programme_obj = selectors.programme_get(slug=programme)
    return render(request, "evaluations/staff/national_programme.html", {
        "year": year_obj, "programme": programme_obj,
        "results": selectors.national_programme_results(programme=programme_obj, year=year_obj),
        "rows": selectors.national_programme_hub_counts(programme=programme_obj, year=year_obj),
        "export_url": reverse("staff:evaluation-national-programme-export",
                              kwargs={"year": year_obj.slug, "programme": programme_obj.slug})})


@require_POST  # audited: a download is a POST, and a GET writes nothing
@national_gate(Capability.REPORTS_VIEW)
def national_programme_results_export(request: AuthedHttpRequest, year: str,
                                      programme: str) -> HttpResponseBase:
    year_obj = selectors.academic_year_get(slug=year)
    programme_obj = selectors.programme_get(slug=programme)
    return _results_export(
        request, results=selectors.national_programme_results(programme=programme_obj,
                                                              year=year_obj),
        hub=None, obj=programme_obj, words=["national", programme_obj.title, year_obj.slug])
