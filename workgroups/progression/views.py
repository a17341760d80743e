"""Pages for progression: outcomes and withdrawals (staff), journeys of a school or a person,
the rollover and its invitations; the invited person's link; a participant's certificate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.gate import hub_gate
from workgroups.accounts.types import AuthedHttpRequest
from workgroups.applications import services as application_services
from workgroups.audit.exports import audited_export
from workgroups.catalogue.selectors import academic_year_get
from workgroups.core import clock
from workgroups.core.exports import Column
from workgroups.core.forms import add_domain_error
from workgroups.core.parse import parse_urn
from workgroups.core.services import DomainError
from workgroups.delivery import selectors as delivery_selectors
from workgroups.delivery.models import Enrolment, WorkGroup
from workgroups.hubs.models import Hub
from workgroups.progression import links, rules, selectors, services
from workgroups.progression.certificate import certificate_pdf
from workgroups.progression.forms import (
    InvitationsForm,
    PersonSearchForm,
    WithdrawParticipantForm,
)
from workgroups.progression.models import InvitationStatus
from workgroups.schools.selectors import school_get


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OUTCOMES_RECORD)
def staff_outcomes(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    """GET: what recording the outcomes would write (who completes, who does not), or why it
    cannot be done yet. POST: write them."""
    work_group = delivery_selectors.staff_work_group_get(hub=hub, pk=pk)
    refusal = None
    if request.method == "POST":
        try:
            counts = services.work_group_record_outcomes(actor=request.user,
                                                         work_group=work_group)
        except DomainError as problem:
            refusal = problem.message
        else:
            messages.success(request, f"Outcomes recorded: {counts['completed']} completed, "
                                      f"{counts['incomplete']} did not complete, "
                                      f"{counts['withdrawn']} withdrawn.")
            return redirect("staff:work-group", hub=hub.slug, pk=work_group.pk)
    now = clock.now()
    refusal = refusal or selectors.work_group_outcomes_refusal(work_group=work_group, now=now)
    return render(request, "progression/staff/outcomes.html", {
        "staff_hub": hub, "work_group": work_group, "offering": work_group.offering,
        "refusal": refusal,
        "preview": None if refusal else selectors.work_group_outcomes_preview(
            work_group=work_group, now=now)},
        status=409 if refusal and request.method == "POST" else 200)


def _staff_enrolment(hub: Hub, pk: int) -> Enrolment:
    enrolment = (Enrolment.objects.select_related("work_group__offering__programme")
                 .filter(pk=pk, work_group__offering__hub=hub).first())
    if enrolment is None:
        raise Http404("No such participant.")
    return enrolment


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OUTCOMES_RECORD)
def staff_withdraw(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    enrolment = _staff_enrolment(hub, pk)
    form = WithdrawParticipantForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            application_services.participant_withdraw(
                actor=request.user, enrolment_id=enrolment.pk, reason=form.cleaned_data["reason"])
        except DomainError as problem:
            add_domain_error(form, problem)
        else:
            messages.success(request, f"{enrolment.name} has been withdrawn; the place has gone "
                                      f"to the waiting list.")
            return redirect("staff:work-group", hub=hub.slug, pk=enrolment.work_group_id)
    return render(request, "progression/staff/withdraw.html", {
        "staff_hub": hub, "enrolment": enrolment, "form": form},
        status=422 if form.errors else 200)


# --- Journeys ----------------------------------------------------------------------------------

@require_safe
@hub_gate(Capability.REPORTS_VIEW)
def staff_school_journey(request: AuthedHttpRequest, hub: Hub, urn: int) -> HttpResponse:
    if parse_urn(urn) is None:  # the address was edited: URNs are six digits
        raise Http404("No school has this URN.")
    school, rows = selectors.school_journey(hub=hub, urn=urn)
    return render(request, "progression/staff/journey.html", {
        "staff_hub": hub, "school": school, "urn": urn, "rows": rows,
        "heading": getattr(school, "name", f"URN {urn}")})


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.REPORTS_VIEW)
def staff_person_journey(request: AuthedHttpRequest, hub: Hub) -> HttpResponse:
    """The address is sent in the form's body, never in the page address (which ends up in
    access logs and browser history); a link from a participant list names the enrolment by
    its id instead. Looking up changes nothing."""
    if request.method == "POST":
        form = PersonSearchForm(request.POST)
    else:
        email = selectors.enrolment_email(hub=hub, enrolment=request.GET.get("enrolment", ""))
        form = PersonSearchForm({"email": email} if email else None)
    rows = (selectors.person_journey(hub=hub, email=form.cleaned_data["email"])
            if form.is_valid() else [])
    return render(request, "progression/staff/person_journey.html", {
        "staff_hub": hub, "form": form, "rows": rows})


# --- Rollover and invitations --------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OUTCOMES_RECORD)
def staff_rollover(request: AuthedHttpRequest, hub: Hub, year: str) -> HttpResponse:
    year_obj = academic_year_get(slug=year)
    if request.method == "POST":
        result = services.hub_rollover(actor=request.user, hub=hub, from_year=year_obj)
        # Only a rollover that copied or proposed something is a success; a repeat is news.
        (messages.success if result.offerings or result.invitations else messages.info)(
            request, f"{result.to_year.label}: {result.offerings} offering"
                     f"{'' if result.offerings == 1 else 's'} copied as drafts "
                     f"({result.work_groups} Work Groups, {result.sessions} sessions to "
                     f"confirm); {result.already_there} already there; {result.invitations} "
                     f"new invitation{'' if result.invitations == 1 else 's'} to review.")
        return redirect("staff:invitations", hub=hub.slug, year=result.to_year.slug)
    offerings = selectors.hub_year_offerings(hub=hub, year=year_obj)
    return render(request, "progression/staff/rollover.html", {
        "staff_hub": hub, "year": year_obj, "offerings": offerings,
        "next_label": f"{year_obj.starts_on.year + 1}/{str(year_obj.starts_on.year + 2)[-2:]}"})


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OUTCOMES_RECORD)
def staff_invitations(request: AuthedHttpRequest, hub: Hub, year: str) -> HttpResponse:
    year_obj = academic_year_get(slug=year)
    invitations = selectors.hub_invitations(hub=hub, year=year_obj)
    form = InvitationsForm(request.POST if request.method == "POST" else None,
                           invitation_ids=[i.pk for i in invitations])
    if request.method == "POST" and form.is_valid():
        chosen = [i for i in invitations if i.pk in form.cleaned_data["invitations"]]
        if form.cleaned_data["action"] == "send":
            done = services.invitations_send(actor=request.user, hub=hub,
                                             invitations=chosen)
            waiting = sum(1 for i in chosen if i.status == InvitationStatus.PROPOSED) - done
            already = len(chosen) - done - waiting
            if done:
                messages.success(request, f"{done} invitation{'' if done == 1 else 's'} sent.")
            if waiting:
                messages.warning(request, f"{waiting} invitation"
                                          f"{' was' if waiting == 1 else 's were'} not sent: "
                                          f"{'its' if waiting == 1 else 'their'} "
                                          f"offering is still a draft. Publish it, then send "
                                          f"again.")
            if already:
                messages.warning(request, f"{already} invitation"
                                          f"{' was' if already == 1 else 's were'} not sent: "
                                          f"already sent or set aside before.")
        else:
            done = services.invitations_dismiss(actor=request.user, hub=hub,
                                                invitations=chosen)
            if done:
                messages.success(request, f"{done} set aside: they will not be invited.")
            else:
                messages.warning(request, "Nothing changed: the chosen invitations were "
                                          "already sent or set aside.")
        return redirect("staff:invitations", hub=hub.slug, year=year_obj.slug)
    return render(request, "progression/staff/invitations.html", {
        "staff_hub": hub, "year": year_obj, "invitations": invitations, "form": form,
        "proposed": [i for i in invitations if i.status == InvitationStatus.PROPOSED],
    }, status=422 if form.errors else 200)


# --- The invited person; a participant's certificate -------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def invitation(request: AuthedHttpRequest, token: str) -> HttpResponse:
    """From the invitation email: what the invitation is for and a button that opens an
    application with the facts already filled in (the GET writes nothing)."""
    parsed = links.invitation_from_token(token)
    found = selectors.invitation_get(pk=parsed[0]) if parsed else None
    if found is None or parsed is None or parsed[1] != found.nonce:
        raise Http404("No such invitation.")
    try:
        if request.method != "POST":
            refusal = services.invitation_refusal(user=request.user, invitation=found)
            if refusal:
                raise DomainError(refusal)
            return render(request, "progression/invitation.html", {
                "invitation": found, "offering": found.offering, "hub": found.offering.hub})
        application = services.invitation_accept(user=request.user, invitation=found)
    except DomainError as problem:
        return render(request, "progression/invitation_problem.html", {
            "message": problem.message, "offering": found.offering, "hub": found.offering.hub},
            status=409)
    messages.success(request, "We have filled in what we already know. Check it and carry on.")
    return redirect("applications:detail", pk=application.pk)


@login_required
@require_safe
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    user_email = getattr(request.user, "email", "")
    enrolment = selectors.enrolment_certificate_get(user_email=user_email, pk=pk)
    school = school_get(urn=enrolment.school_urn) if enrolment.school_urn else None
    marks = selectors.work_group_marks(work_group=enrolment.work_group, enrolments=[enrolment],
                                       now=clock.now())
    body = certificate_pdf(enrolment=enrolment,
                           days=rules.attended(marks[enrolment.pk]).days_attended,
                           school_name=school.name if school else "")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (f'attachment; filename="certificate-'
                                       f'{enrolment.work_group.offering.programme.slug}-'
                                       f'{enrolment.work_group.offering.academic_year.slug}.pdf"')
    return response


# --- Export: outcomes and certificates -----------------------------------------------------------

OUTCOME_COLUMNS: list[Column[delivery_selectors.EnrolmentRow]] = [
    Column("Participant", lambda e: e.participant),
    Column("Email", lambda e: e.email),
    Column("School", lambda e: e.school_name),
    Column("School URN", lambda e: e.school_urn),
    Column("Role", lambda e: e.role),
    Column("Attendance", lambda e: e.attendance),
    Column("Outcome", lambda e: e.outcome),
    Column("Certificate", lambda e: "Sent" if e.certificate_sent else "Not sent"),
]


@require_POST  # audited: a download is a POST, and a GET writes nothing
@hub_gate(Capability.REPORTS_VIEW)
def staff_outcomes_export(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponseBase:
    """A Work Group's outcomes, and whether each participant's certificate has been sent."""
    work_group = delivery_selectors.staff_work_group_get(hub=hub, pk=pk)
    return audited_export(
        request, hub=hub, obj=work_group, what="Outcomes and certificates",
        columns=OUTCOME_COLUMNS,
        rows=delivery_selectors.enrolment_rows(selectors.work_group_outcomes_export(
            work_group=work_group, now=clock.now())),
        count=lambda: delivery_selectors.enrolments_count(
            work_groups=WorkGroup.objects.filter(pk=work_group.pk)),
        filename_words=[hub.name, work_group.name, work_group.offering.academic_year.slug,
                        "outcomes"])
