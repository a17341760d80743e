"""Supporters and team members answer from their emailed link (no account)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from workgroups.applications import links, selectors, services
from workgroups.applications.forms import (
    EndorsementForm,
)
from workgroups.applications.models import (
    Application,
    EndorsementKind,
    EndorsementStatus,
)
from workgroups.core.forms import add_domain_error
from workgroups.core.services import DomainError
from workgroups.core.throttle import TOO_MANY_REQUESTS, requester_allowed
from workgroups.schools.selectors import school_get


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
            if not requester_allowed(request):
                raise DomainError(TOO_MANY_REQUESTS)
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
    team = application.parsed_answers.team
    if team is not None:
        rows.append(("Team", ", ".join(f"{m.name} ({m.role})" for m in team)))
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
