"""The applicant's own pages: their applications, an offer to answer, a request to resend,
withdrawing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from workgroups.accounts.types import AuthedHttpRequest
from workgroups.applications import selectors, services
from workgroups.applications.forms import OfferAnswerForm, WithdrawForm
from workgroups.applications.models import (
    APPLICATION_TRANSITIONS,
    Application,
    ApplicationStatus,
    EndorsementStatus,
)
from workgroups.applications.views.apply import next_step_url
from workgroups.core import clock
from workgroups.core.forms import add_domain_error
from workgroups.core.services import DomainError


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
        "continue_url": next_step_url(application)
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
