"""Signing in ("Continue with your email", on allauth's code machinery); the applicant's own
account (their profile); and, for staff, their hub's API tokens."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import RequestLoginCodeForm
from allauth.account.internal.decorators import login_stage_required
from allauth.account.internal.stagekit import clear_login
from allauth.account.stages import LoginByCodeStage
from allauth.account.utils import passthrough_next_redirect_url
from allauth.account.views import ConfirmLoginCodeView, RequestLoginCodeView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.generic.edit import FormView

from workgroups.accounts import selectors, services
from workgroups.accounts.forms import ApiTokenForm, ProfileForm
from workgroups.accounts.models import ApplicantProfile
from workgroups.accounts.signin import CodeForAnyAddress
from workgroups.accounts.types import AuthedHttpRequest
from workgroups.catalogue.selectors import staff_hub_get
from workgroups.core.forms import add_domain_error
from workgroups.core.services import DomainError
from workgroups.eligibility.forms import display_answer, role_label
from workgroups.eligibility.rules import FACT_LABELS, ROLES
from workgroups.schools.models import School
from workgroups.schools.picker import school_question
from workgroups.schools.selectors import school_get

# --- Signing in: "Continue with your email" -------------------------------------------------

class ContinueWithEmailView(RequestLoginCodeView):
    """Every address gets the same answer and a code (see ``signin``)."""

    def form_valid(self, form: RequestLoginCodeForm) -> HttpResponse:
        address = form.cleaned_data["email"]
        # allauth may find an account by an address it holds unconfirmed; a code to that
        # address must not sign anyone into that account, only into one the address is known
        # to belong to (or a new one).
        known = form._user
        if known is not None and not selectors.address_belongs_to(user=known, email=address):
            known = None
        CodeForAnyAddress.initiate(request=self.request, user=known, email=address)
        return HttpResponseRedirect(self.get_success_url())


@method_decorator(login_stage_required(stage=LoginByCodeStage.key,
                                       redirect_urlname="account_request_login_code"),
                  name="dispatch")
class ConfirmCodeView(ConfirmLoginCodeView):
    """allauth's code page, resuming our process so that a new address's code makes the
    account (and a resend reaches a new address too)."""

    @method_decorator(never_cache)
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.stage = request._login_stage  # type: ignore[attr-defined]
        self._process = CodeForAnyAddress.resume(self.stage)
        if not self._process:
            return HttpResponseRedirect(reverse("account_request_login_code"))
        response: HttpResponseBase = FormView.dispatch(self, request, *args, **kwargs)
        return response


@require_POST
def sign_in_restart(request: HttpRequest) -> HttpResponse:
    """"Use a different email address": forget the half-finished sign-in (allauth would
    otherwise send the person back to its code page) and ask for an address again, still on
    the way to wherever they were going. Staff confirming their address go back to the
    password page."""
    clear_login(request)
    start = "account_login" if request.POST.get("via") == "password" else (
        "account_request_login_code")
    return HttpResponseRedirect(passthrough_next_redirect_url(request, reverse(start), "next"))


def sign_up(request: HttpRequest) -> HttpResponse:
    """There is one way in for new and returning people alike; old links to "Create an
    account" lead to it, keeping where they were going."""
    return HttpResponseRedirect(passthrough_next_redirect_url(
        request, reverse("account_request_login_code"), "next"))


# --- The applicant's account ---------------------------------------------------------------

def _profile(request: AuthedHttpRequest) -> ApplicantProfile:
    return (ApplicantProfile.objects.filter(user=request.user).first()
            or ApplicantProfile(user=request.user))


@login_required
@require_safe
def profile(request: AuthedHttpRequest) -> HttpResponse:
    current = _profile(request)
    facts = [(FACT_LABELS.get(key, key), display_answer(key, value))
             for key, value in sorted(current.facts.items())]
    return render(request, "accounts/profile.html", {
        "profile": current,
        "role": role_label(current.role) if current.role in ROLES else "",
        "school": school_get(urn=current.school_urn) if current.school_urn else None,
        "facts": facts,
    })


@login_required
@require_http_methods(["GET", "POST"])
def profile_details(request: AuthedHttpRequest) -> HttpResponse:
    current = _profile(request)
    form = ProfileForm(request.POST if request.method == "POST" else None, initial={
        "first_name": request.user.first_name, "last_name": request.user.last_name,
        "role": current.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(user=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Your details are saved.")
            return redirect("accounts:profile")
    return render(request, "accounts/profile_details.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile_school(request: AuthedHttpRequest) -> HttpResponse:
    current = _profile(request)

    def chosen(school: School) -> HttpResponse:
        services.profile_school_set(user=request.user, school_urn=school.urn)
        messages.success(request, f"Your school is now {school.name}.")
        return redirect("accounts:profile")

    return school_question(request, context={"caption": "Your account",
                                             "back_url": reverse("accounts:profile")},
                           current_urn=current.school_urn, on_chosen=chosen)


@login_required
@require_POST
def profile_forget(request: AuthedHttpRequest) -> HttpResponse:
    services.profile_forget_facts(user=request.user)
    messages.success(request, "We have forgotten your saved answers.")
    return redirect("accounts:profile")



# --- Staff: the hub's API tokens -------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def staff_api_tokens(request: AuthedHttpRequest, hub: str) -> HttpResponse:
    """The hub's tokens; a new one is shown on this response only, never stored or redirected."""
    hub_obj = staff_hub_get(user=request.user, slug=hub)
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    created = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, created = services.api_token_create(
                actor=request.user, hub=hub_obj, user=request.user,
                name=form.cleaned_data["name"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            form = ApiTokenForm()
    response = render(request, "accounts/staff/api_tokens.html", {
        "staff_hub": hub_obj, "form": form, "created": created,
        "tokens": selectors.api_tokens_for_hub(hub=hub_obj)})
    response["Cache-Control"] = "no-store"  # the page may hold a token
    return response


@require_POST
def staff_api_token_revoke(request: AuthedHttpRequest, hub: str, pk: int) -> HttpResponse:
    hub_obj = staff_hub_get(user=request.user, slug=hub)
    token = selectors.api_token_for_hub_get(hub=hub_obj, pk=pk)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, f"The token “{token.name}” no longer works.")
    return redirect("staff:api-tokens", hub=hub_obj.slug)
