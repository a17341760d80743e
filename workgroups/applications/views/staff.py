"""The staff's pages: an offering's applications, decisions (the hub's dashboard is in
reports)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.gate import hub_gate
from workgroups.accounts.types import AuthedHttpRequest
from workgroups.applications import selectors, services
from workgroups.applications.addresses import shares_domain
from workgroups.applications.forms import (
    ApplicationFilterForm,
    BulkDecisionForm,
    DeclineForm,
    OfferForm,
    OverrideForm,
    WaitlistMoveForm,
)
from workgroups.applications.models import (
    APPLICATION_TRANSITIONS,
    Application,
    ApplicationStatus,
)
from workgroups.applications.views.apply import display_extra_answer
from workgroups.catalogue import selectors as catalogue_selectors
from workgroups.catalogue.models import Offering
from workgroups.core.forms import add_domain_error
from workgroups.core.parse import parse_id, parse_ids
from workgroups.core.services import DomainError
from workgroups.core.tables import sortable_headings
from workgroups.eligibility.forms import (
    QUESTIONS,
    SCHOOL_QUESTION,
    display_answer,
)
from workgroups.hubs.models import Hub
from workgroups.messaging.panel import messages_panel

TABLE_PAGE_SIZE = 50


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
@hub_gate(Capability.APPLICATIONS_DECIDE)
def staff_offering_applications(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    """The offering's applications: filters, sorting, paging, and bulk decisions."""
    offering = catalogue_selectors.staff_offering_get(hub=hub, pk=pk)
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
        "staff_hub": hub, "offering": offering, "page": page, "applications": rows,
        "filter_form": filter_form, "bulk_form": bulk_form, "query": query.urlencode(),
        "headings": sortable_headings(query=query, columns=APPLICATION_COLUMNS,
                                      current=filters.sort),
        "selecting_all": selecting_all, "select_all_query": select_query.urlencode(),
        "positions": selectors.waitlist_positions(offering=offering),
        "has_work_groups": bool(work_groups),
        "messages_panel": messages_panel(offering=offering, hub_slug=hub.slug),
    }, status=422 if bulk_form.errors else 200)


@require_safe
@hub_gate(Capability.APPLICATIONS_DECIDE)
def staff_application(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    application = selectors.staff_application_get(hub=hub, pk=pk)
    return _staff_application_page(request, hub, application)


def _staff_application_page(request: AuthedHttpRequest, hub_obj: Any,
                            application: Application,
                            forms_in_play: dict[str, Any] | None = None) -> HttpResponse:
    questions = {q.answer_key: q.text
                 for q in selectors.offering_questions(offering=application.offering)}
    answers = []
    for key, value in application.parsed_answers.items():
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
        "same_domain": {e.pk for e in application.endorsements.all()
                        if shares_domain(e.email, application.applicant.email)},
        "can_offer": ApplicationStatus.OFFERED in moves,
        "can_waitlist": ApplicationStatus.WAITLISTED in moves,
        "can_decline": ApplicationStatus.DECLINED in moves,
        "waitlist_position": selectors.waitlist_position(application=application),
        "forms": decision_forms,
    }, status=422 if forms_in_play else 200)


DECISION_FORMS = {"offer": OfferForm, "decline": DeclineForm, "override": OverrideForm,
                  "move": WaitlistMoveForm}


@require_POST
@hub_gate(Capability.APPLICATIONS_DECIDE)
def staff_application_decide(request: AuthedHttpRequest, hub: Hub, pk: int,
                             action: str) -> HttpResponse:
    """One decision on one application: offer, waitlist, decline, override, move."""
    application = selectors.staff_application_get(hub=hub, pk=pk)
    if action != "waitlist" and action not in DECISION_FORMS:
        raise Http404("No such decision.")
    form: Any = None
    if action == "offer":
        form = OfferForm(request.POST, work_groups=_work_group_choices(application.offering))
    elif action in DECISION_FORMS:
        form = DECISION_FORMS[action](request.POST)
    if form is not None and not form.is_valid():
        return _staff_application_page(request, hub, application, {action: form})
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
            return _staff_application_page(request, hub, application, {action: form})
    return redirect("staff:application", hub=hub.slug, pk=application.pk)
