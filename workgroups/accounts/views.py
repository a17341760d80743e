"""Signing in ("Continue with your email", on allauth's code machinery); the applicant's own
account (their profile); and, for staff, their hub's API tokens and team (with the invited
person's page to accept)."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import RequestLoginCodeForm
from allauth.account.internal.decorators import login_stage_required
from allauth.account.internal.stagekit import clear_login
from allauth.account.stages import LoginByCodeStage
from allauth.account.utils import passthrough_next_redirect_url
from allauth.account.views import ConfirmLoginCodeView, RequestLoginCodeView
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.views import ActivateTOTPView
from allauth.mfa.webauthn.views import AddWebAuthnView, RemoveWebAuthnView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.generic.edit import FormView

from workgroups.accounts import selectors, services
from workgroups.accounts.adapter import landing_url
from workgroups.accounts.capabilities import Capability
from workgroups.accounts.forms import ApiTokenForm, TeamInviteForm, TeamRoleForm
from workgroups.accounts.gate import hub_gate
from workgroups.accounts.models import HubMembership, Role, User
from workgroups.accounts.second_factor import (
    has_second_factor,
    needs_second_factor,
    second_factor_added,
)
from workgroups.accounts.signin import CodeForAnyAddress
from workgroups.accounts.types import AuthedHttpRequest
from workgroups.applications import services as profile_services
from workgroups.applications.forms import ProfileForm
from workgroups.applications.models import ApplicantProfile
from workgroups.core import clock
from workgroups.core.email import absolute
from workgroups.core.forms import add_domain_error
from workgroups.core.services import DomainError
from workgroups.eligibility.forms import display_answer, role_label
from workgroups.eligibility.rules import FACT_LABELS, ROLES
from workgroups.hubs.models import Hub
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
            profile_services.profile_update(user=request.user, **form.cleaned_data)
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
        profile_services.profile_school_set(user=request.user, school_urn=school.urn)
        messages.success(request, f"Your school is now {school.name}.")
        return redirect("accounts:profile")

    return school_question(request, context={"caption": "Your account",
                                             "back_url": reverse("accounts:profile")},
                           current_urn=current.school_urn, on_chosen=chosen)


@login_required
@require_POST
def profile_forget(request: AuthedHttpRequest) -> HttpResponse:
    profile_services.profile_forget_facts(user=request.user)
    messages.success(request, "We have forgotten your saved answers.")
    return redirect("accounts:profile")



# --- Staff: the hub's API tokens -------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@hub_gate(Capability.APPLICATIONS_DECIDE)
def staff_api_tokens(request: AuthedHttpRequest, hub: Hub) -> HttpResponse:
    """The hub's tokens; a new one is shown on this response only, never stored or redirected."""
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    created = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, created = services.api_token_create(
                actor=request.user, hub=hub, user=request.user,
                name=form.cleaned_data["name"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            form = ApiTokenForm()
    response = render(request, "accounts/staff/api_tokens.html", {
        "staff_hub": hub, "form": form, "created": created,
        "tokens": selectors.api_tokens_for_hub(hub=hub)})
    response["Cache-Control"] = "no-store"  # the page may hold a token
    return response


@require_POST
@hub_gate(Capability.APPLICATIONS_DECIDE)
def staff_api_token_revoke(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    token = selectors.api_token_for_hub_get(hub=hub, pk=pk)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, f"The token “{token.name}” no longer works.")
    return redirect("staff:api-tokens", hub=hub.slug)


# --- Staff: the hub's team, managed by its hub lead (and, on the national record, by national
# staff, who grant the national roles there) ------------------------------------------------------

team_gate = hub_gate(Capability.TEAM_MANAGE, national=Capability.HUBS_MANAGE)


def _grantable(request: AuthedHttpRequest, hub: Hub) -> tuple[Role, ...]:
    return selectors.team_roles_grantable(user=request.user, hub=hub)


def _member(request: AuthedHttpRequest, hub: Hub, pk: int) -> HubMembership:
    """A membership this person may change or remove (their own roles to give); else 404."""
    membership = selectors.team_membership_get(hub=hub, pk=pk)
    if membership.role not in _grantable(request, hub):
        raise Http404("No such member of this team.")
    return membership


@require_safe
@team_gate
def staff_team(request: AuthedHttpRequest, hub: Hub) -> HttpResponse:
    grantable = _grantable(request, hub)
    return render(request, "accounts/staff/team.html", {
        "staff_hub": hub, "grantable": grantable, "now": clock.now(),
        "memberships": selectors.team_memberships(hub=hub),
        "invitations": selectors.team_invitations_open(hub=hub).filter(role__in=grantable)})


@require_http_methods(["GET", "POST"])
@team_gate
def staff_team_invite(request: AuthedHttpRequest, hub: Hub) -> HttpResponse:
    form = TeamInviteForm(request.POST if request.method == "POST" else None,
                          roles=_grantable(request, hub))
    if request.method == "POST" and form.is_valid():
        try:
            services.team_invitation_create(
                actor=request.user, hub=hub, email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                link_for=lambda token: absolute(reverse("accounts:team-invitation",
                                                        kwargs={"token": token})))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            # (Without the address: a long one cannot wrap on a phone; the table shows it.)
            messages.success(request, f"Invitation sent. It works for "
                                      f"{services.INVITATION_LIFETIME.days} days.")
            return redirect("staff:team", hub=hub.slug)
    return render(request, "accounts/staff/team_invite.html",
                  {"staff_hub": hub, "form": form}, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@team_gate
def staff_team_member_change(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    membership = _member(request, hub, pk)
    form = TeamRoleForm(request.POST if request.method == "POST" else None,
                        roles=_grantable(request, hub), initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.hub_membership_change(actor=request.user, membership=membership,
                                           role=form.cleaned_data["role"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{membership.user} is now "
                                      f"{Role(form.cleaned_data['role']).label.lower()}.")
            return redirect("staff:team", hub=hub.slug)
    return render(request, "accounts/staff/team_change.html",
                  {"staff_hub": hub, "form": form, "membership": membership},
                  status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@team_gate
def staff_team_member_remove(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    membership = _member(request, hub, pk)
    problem = ""
    if request.method == "POST":
        try:
            services.hub_membership_revoke(actor=request.user, membership=membership)
        except DomainError as error:
            problem = error.message
        else:
            messages.success(request, f"{membership.user} is no longer "
                                      f"{membership.get_role_display().lower()} at {hub.name}.")
            return redirect("staff:team", hub=hub.slug)
    return render(request, "accounts/staff/team_remove.html",
                  {"staff_hub": hub, "membership": membership, "problem": problem},
                  status=409 if problem else 200)


@require_POST
@team_gate
def staff_team_invitation_cancel(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    invitation = selectors.team_invitation_for_hub_get(hub=hub, pk=pk)
    if invitation.role not in _grantable(request, hub):
        raise Http404("No such invitation.")
    services.team_invitation_cancel(actor=request.user, invitation=invitation)
    messages.success(request, "Invitation cancelled: its link no longer works.")
    return redirect("staff:team", hub=hub.slug)


# --- The invited person accepts ------------------------------------------------------------------

@never_cache
@require_http_methods(["GET", "POST"])
def team_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what is offered (nothing is written); POST accepts. Only the person signed in
    with the invited address may accept: anyone else is sent to sign in and back."""
    invitation = selectors.team_invitation_by_token(token)
    if invitation is None:
        raise Http404("No such invitation.")
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "account_request_login_code")
    user = request.user
    assert isinstance(user, User)
    refusal = services.team_invitation_refusal(invitation=invitation, user=user)
    if request.method == "POST" and not refusal:
        try:
            services.team_invitation_accept(user=user, invitation=invitation)
        except DomainError as error:
            refusal = error.message
        else:
            messages.success(request, f"You are now {invitation.get_role_display().lower()} "
                                      f"at {invitation.hub.name}.")
            return redirect(landing_url(selectors.signed_in_areas(user=user)))
    return render(request, "accounts/team_invitation.html", {
        "invitation": invitation, "refusal": refusal},
        status=409 if refusal and request.method == "POST" else 200)


# --- The second factor that every role needs ----------------------------------------------

@login_required
@require_safe
def second_factor_setup(request: AuthedHttpRequest) -> HttpResponse:
    """Where someone who must have a second factor and has none is sent: why, and the ways to
    set one up. With one already, they go to the page that manages them."""
    if has_second_factor(request.user):
        return redirect("mfa_index")
    return render(request, "accounts/second_factor_setup.html", {
        "required": needs_second_factor(request.user),
    })


def _record_new_factor(request: HttpRequest, kind: str) -> None:
    newest = (Authenticator.objects.filter(user_id=request.user.pk, type=kind)
              .order_by("-pk").first())
    if newest is not None:
        second_factor_added(request, request.user, newest)  # type: ignore[arg-type]


class ActivateAuthenticatorAppView(ActivateTOTPView):
    """allauth's, then this session counts as having used the second factor: the person has
    just typed a code from the app."""

    def form_valid(self, form: Any) -> HttpResponse:
        response: HttpResponse = super().form_valid(form)
        _record_new_factor(self.request, Authenticator.Type.TOTP)
        return response


class AddSecurityKeyView(AddWebAuthnView):
    """allauth's, then this session counts as having used the second factor: the person has
    just used the key."""

    def form_valid(self, form: Any) -> HttpResponse:
        response: HttpResponse = super().form_valid(form)
        _record_new_factor(self.request, Authenticator.Type.WEBAUTHN)
        return response


class RemoveSecurityKeyView(RemoveWebAuthnView):
    """allauth's, asking first (as it does for an authenticator app, but not for a key) whether
    this may go: someone with a role cannot remove their last second factor."""

    def form_valid(self, form: Any) -> HttpResponse:
        from allauth.mfa.adapter import get_adapter as get_mfa_adapter

        if not get_mfa_adapter().can_delete_authenticator(self.get_object()):
            messages.error(self.request, "Your role needs a second factor. Add another one "
                           "before you remove this security key.")
            return redirect("mfa_list_webauthn")
        response: HttpResponse = super().form_valid(form)
        return response
