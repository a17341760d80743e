"""The person's own data ("Your data": the page, the JSON download, deleting the account) and a
hub's page for subject access and erasure requests."""

from __future__ import annotations

import json
from typing import Any

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.gate import hub_gate
from workgroups.accounts.types import AuthedHttpRequest
from workgroups.core import clock
from workgroups.core.forms import add_domain_error
from workgroups.core.services import DomainError
from workgroups.hubs.models import Hub
from workgroups.personaldata import selectors
from workgroups.personaldata.erasure import ErasureReport, address_erase, person_erase
from workgroups.personaldata.export import person_data, personal_data_export
from workgroups.personaldata.forms import DeleteAccountForm, EraseForm, RequestForm

OWN_REASON = "Deleted their own account"
# The erasure form shares the page with the search form: its fields need their own ids.
ERASE_IDS = "erase_%s"


def json_download(data: dict[str, Any], filename: str) -> HttpResponse:
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _filename(prefix: str) -> str:
    return f"{prefix}-{clock.today().isoformat()}.json"


# --- The person's own ------------------------------------------------------------------------

@never_cache
@login_required
@require_safe
def your_data(request: AuthedHttpRequest) -> HttpResponse:
    return render(request, "personaldata/your_data.html", {"data": person_data(request.user)})


@login_required
@require_safe
def your_data_json(request: AuthedHttpRequest) -> HttpResponse:
    return json_download(person_data(request.user), _filename("your-data"))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)  # type: ignore[untyped-decorator]
def delete_account(request: AuthedHttpRequest) -> HttpResponse:
    """Staff cannot delete their own account here: others' work rests on it, so their hub lead
    removes their role first (a person, not a button, hands that work over). Deleting cannot be
    undone, so someone with a password or second factor confirms it is them first (allauth's
    reauthentication: an open session alone is not enough)."""
    if selectors.is_staff_person(person=request.user):
        return render(request, "personaldata/delete_refused.html", {},
                      status=409 if request.method == "POST" else 200)
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        person = request.user
        person_erase(person=person, actor=person, reason=OWN_REASON)
        logout(request)
        return redirect("personaldata:deleted")
    return render(request, "personaldata/delete.html", {"form": form},
                  status=422 if form.errors else 200)


@require_safe
def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "personaldata/deleted.html", {})


# --- A hub's subject access and erasure requests ----------------------------------------------

@never_cache
@require_http_methods(["GET", "POST"])
@hub_gate(Capability.PERSONAL_DATA_REQUESTS)
def staff_personal_data(request: AuthedHttpRequest, hub: Hub) -> HttpResponse:
    """The address is sent in the form's body, never in the page address. ``action`` says what
    to do: find their records (writes nothing), download them (audited), or erase them."""
    posted = request.method == "POST"
    action = request.POST.get("action", "find") if posted else ""
    if action not in {"find", "download", "erase"}:
        action = "find" if posted else ""
    erase_form: EraseForm | None = None
    active: RequestForm
    if action == "erase":
        active = erase_form = EraseForm(request.POST, auto_id=ERASE_IDS)
        search_form = RequestForm(initial={"email": request.POST.get("email", ""),
                                           "reason": request.POST.get("reason", "")})
    else:
        active = search_form = RequestForm(request.POST if posted else None)
    context: dict[str, Any] = {"staff_hub": hub, "form": active, "search_form": search_form,
                               "action": action}
    status = 422 if posted and not active.is_valid() else 200
    if erase_form is not None and "email" in erase_form.errors:
        # The erase form carries the address hidden: its error belongs to the whole request
        # (there is no field on the page to link to), and the search form above shows it.
        for message in erase_form.errors.pop("email"):
            erase_form.add_error(None, message)
    email = active.cleaned_data.get("email", "") if posted else ""
    records = selectors.hub_records(hub=hub, email=email) if email else None
    if email:
        context.update(records=records, searched=True, email=email)
    if records is not None and erase_form is None:
        erase_form = EraseForm(initial={"email": email,
                                        "reason": active.cleaned_data.get("reason", "")},
                               auto_id=ERASE_IDS)
    context["erase_form"] = erase_form
    if records is not None and not active.errors:
        reason = active.cleaned_data["reason"]
        context["refusal"] = _erase_refusal(records, hub=hub, email=email)
        if action == "download":
            try:
                data = personal_data_export(actor=request.user, hub=hub, reason=reason,
                                            person=records.person, email=email)
            except DomainError as problem:
                add_domain_error(active, problem)
                status = 422
            else:
                return json_download(data, _filename(f"personal-data-{hub.slug}"))
        elif action == "erase":
            if context["refusal"]:
                status = 409
            elif records.person is None:
                try:
                    report = address_erase(email=email, actor=request.user, reason=reason,
                                           hub=hub)
                except DomainError as problem:
                    # An account took the address since the records were found.
                    active.add_error(None, problem.message)
                    status = 409
                else:
                    messages.success(request, erased_in_words(report))
                    return redirect("staff:personal-data", hub=hub.slug)
            else:
                person_erase(person=records.person, actor=request.user, reason=reason, hub=hub)
                messages.success(request, "Their personal data has been erased. What the hub "
                                          "must report is kept without their name, address "
                                          "or answers.")
                return redirect("staff:personal-data", hub=hub.slug)
    return render(request, "personaldata/staff/requests.html", context, status=status)


# What an erasure under an address did, in words: (one, many) for each count of the report.
ERASED_WORDS: dict[str, tuple[str, str]] = {
    "applications": ("application", "applications"),
    "endorsements": ("support or agreement asked of them",
                     "supports or agreements asked of them"),
    "named_in_applications": ("application naming them as a supporter or team member",
                              "applications naming them as a supporter or team member"),
    "enrolments": ("place in a Work Group", "places in Work Groups"),
    "participation_records": ("past participation record", "past participation records"),
    "interest_registrations": ("registration of interest", "registrations of interest"),
    "calendar_feeds": ("calendar link", "calendar links"),
    "invitations": ("invitation to a next stage", "invitations to a next stage"),
    "team_invitations": ("invitation to a hub’s team", "invitations to a hub’s team"),
    "email_addresses": ("unconfirmed sign-in address", "unconfirmed sign-in addresses"),
    "second_factors": ("second factor", "second factors"),
    "api_tokens": ("API token", "API tokens"),
    "roles": ("role", "roles"),
    "profiles": ("profile", "profiles"),
    "sign_in_sessions": ("unfinished sign-in", "unfinished sign-ins"),
    "email_tasks": ("queued or sent email", "queued or sent emails"),
    "failed_emails": ("email that could not be sent", "emails that could not be sent"),
    "messages_received": ("message a hub sent them", "messages hubs sent them"),
    "audit_events": ("entry in the history", "entries in the history"),
    "admin_log_entries": ("entry in the admin’s log", "entries in the admin’s log"),
}


def erased_in_words(report: ErasureReport) -> str:
    """What erasing an address's records did, for the hub lead: each kind with its count."""
    done = []
    for name, count in report.as_dict().items():
        if count:
            one, many = ERASED_WORDS.get(name, (name.replace("_", " "),) * 2)
            done.append(f"{count} {one if count == 1 else many}")
    if not done:
        return "Nothing was held under that address any more: nothing needed erasing."
    listed = done[0] if len(done) == 1 else ", ".join(done[:-1]) + " and " + done[-1]
    return (f"The records held under that address have been erased across the service: "
            f"{listed}. What the hub must report is kept without their name or address.")


def _erase_refusal(records: selectors.HubRecords, *, hub: Hub, email: str) -> str:
    """Why this hub's lead may not erase the person here (erasure reaches across the whole
    service, so it is one hub's decision only when everything held is that hub's)."""
    person = records.person
    if person is not None and selectors.is_staff_person(person=person):
        return ("They have a role in a hub’s team (or in the service), and others’ work rests "
                "on their account. Remove their roles first, then erase their data.")
    if person is not None and not (records.applications or records.enrolments
                                   or records.participation_records):
        # A registration of interest or a support request can be made by anyone for any
        # address: it does not make the account this hub's to erase.
        return ("This hub holds only records that others can make for an address (a "
                "registration of interest, or a request for support), not an application or a "
                "place of theirs. They can delete their account themselves from their account "
                "page.")
    if selectors.records_elsewhere(hub=hub, person=person, email=email):
        return ("They also have records at another hub. Erasing reaches across the whole "
                "service, so it is not for one hub to do: they can delete their account "
                "themselves from their account page, or ask the Maths Hubs national team.")
    return ""
