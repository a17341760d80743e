"""Writing to a Work Group's participants (hub staff, and the Work Group's own leads) or to an
offering's applicants by status (hub staff who decide applications): write, see who will
receive it, send; then the message's page with each recipient's status."""

from __future__ import annotations

import secrets
from collections import Counter

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.gate import hub_gate, staff_login_required
from workgroups.accounts.permissions import hubs_where
from workgroups.accounts.types import AuthedHttpRequest
from workgroups.catalogue.models import Offering
from workgroups.core.forms import add_domain_error
from workgroups.core.services import DomainError
from workgroups.delivery.models import WorkGroup
from workgroups.delivery.selectors import lead_work_groups, staff_work_group_get
from workgroups.hubs.models import Hub
from workgroups.messaging import selectors, services
from workgroups.messaging.forms import ApplicantsMessageForm, MessageForm
from workgroups.messaging.models import Message

STAFF_BASE, LEAD_BASE = "staff/base.html", "base.html"


def _write(request: AuthedHttpRequest, *, hub: Hub, work_group: WorkGroup | None = None,
           offering: Offering | None = None, page: dict[str, object]) -> HttpResponse:
    """The two steps: the form, then (``step=preview``) who will receive it, then
    (``step=send``) sending. ``page``: the base template, the back link and where a sent
    message is shown."""
    form_class = ApplicantsMessageForm if work_group is None else MessageForm
    posted = request.method == "POST"
    form = form_class(request.POST if posted else None)
    step = request.POST.get("step", "") if posted else ""
    offering = offering or (work_group.offering if work_group is not None else None)
    context = {**page, "staff_hub": page.get("staff_hub"), "work_group": work_group,
               "offering": offering, "form": form}
    if posted and step in {"preview", "send"} and form.is_valid():
        data = form.cleaned_data
        status = form.chosen_status if isinstance(form, ApplicantsMessageForm) else None
        if step == "send":
            try:
                message = services.message_send(
                    actor=request.user, hub=hub, work_group=work_group,
                    offering=None if work_group is not None else offering, status=status,
                    copy_supporters=data["copy_supporters"], subject=data["subject"],
                    body=data["body"], once=data["once"])
            except DomainError as error:
                add_domain_error(form, error)
            else:
                count = message.recipients.count()
                messages.success(request, f"Message sent to {count} "
                                          f"{'person' if count == 1 else 'people'}. Each email "
                                          f"goes on its own: see how they are getting on below.")
                return redirect(page["message_url"](message.pk))  # type: ignore[operator]
        else:
            if work_group is not None:
                people = selectors.recipients_of_work_group(
                    work_group=work_group, copy_supporters=data["copy_supporters"])
            else:
                assert offering is not None
                people = selectors.recipients_of_offering(
                    offering=offering, status=status, copy_supporters=data["copy_supporters"])
            who = selectors.audience_words(work_group=work_group, status=status,
                                           copy_supporters=data["copy_supporters"])
            if not people:
                form.add_error(None, services.NOBODY.format(who=who[:1].lower() + who[1:]))
            else:
                # The key is for this message: one changed since its key was drawn (the
                # person went back and rewrote it) gets a new one, so it is not refused as
                # already sent.
                fingerprint = services.message_fingerprint(
                    work_group=work_group, offering=offering, status=status,
                    copy_supporters=data["copy_supporters"], subject=data["subject"],
                    body=data["body"])
                if not data["once"].endswith(f".{fingerprint}"):
                    form = form_class({**request.POST.dict(),
                                       "once": f"{secrets.token_urlsafe(24)}.{fingerprint}"})
                    form.is_valid()
                return render(request, "messaging/confirm.html", {
                    **context, "form": form, "who": who, "people": len(people),
                    "summary": selectors.recipients_summary(people),
                    "roles": Counter(person.role for person in people).most_common()})
    return render(request, "messaging/write.html", context,
                  status=422 if form.errors else 200)


def _staff_page(hub: Hub, back_url: str) -> dict[str, object]:
    return {"base_template": STAFF_BASE, "staff_hub": hub, "back_url": back_url,
            "message_url": lambda pk: reverse("staff:message",
                                              kwargs={"hub": hub.slug, "pk": pk})}


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OFFERINGS_MANAGE)
def staff_work_group_message_new(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    work_group = staff_work_group_get(hub=hub, pk=pk)
    return _write(request, hub=hub, work_group=work_group, page=_staff_page(
        hub, reverse("staff:work-group", kwargs={"hub": hub.slug, "pk": work_group.pk})))


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.APPLICATIONS_DECIDE)
def staff_offering_message_new(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    offering = selectors.staff_offering_get(hub=hub, pk=pk)
    return _write(request, hub=hub, offering=offering, page=_staff_page(
        hub, reverse("staff:offering-applications", kwargs={"hub": hub.slug,
                                                            "pk": offering.pk})))


@require_safe
@hub_gate(Capability.OFFERINGS_MANAGE)
def staff_message(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    """A message as sent, with each recipient's status. One to applicants also needs the
    capability to decide applications."""
    to_applicants = None
    if not hubs_where(request.user, Capability.APPLICATIONS_DECIDE).filter(pk=hub.pk).exists():
        to_applicants = False
    message = selectors.staff_message_get(hub=hub, pk=pk, to_applicants=to_applicants)
    back_url = (reverse("staff:offering-applications",
                        kwargs={"hub": hub.slug, "pk": message.offering_id})
                if message.is_to_applicants else
                reverse("staff:work-group", kwargs={"hub": hub.slug,
                                                    "pk": message.work_group_id}))
    return _message_page(request, message, {"base_template": STAFF_BASE, "staff_hub": hub,
                                            "back_url": back_url})


def _message_page(request: AuthedHttpRequest, message: Message,
                  page: dict[str, object]) -> HttpResponse:
    recipients = selectors.message_recipients(message=message)
    return render(request, "messaging/message.html", {
        **page, "message": message, "recipients": recipients,
        "who": selectors.audience_words(work_group=message.work_group,
                                        status=message.application_status or None,
                                        copy_supporters=message.copy_supporters),
        "counts": Counter(r.get_status_display() for r in recipients).most_common()})


# --- A Work Group's lead, from their lead pages ---------------------------------------------------

def _lead_work_group_get(request: AuthedHttpRequest, pk: int) -> WorkGroup:
    found = lead_work_groups(user=request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such Work Group.")
    return found


@staff_login_required
@require_http_methods(["GET", "POST"])
def lead_work_group_message_new(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    work_group = _lead_work_group_get(request, pk)
    return _write(request, hub=work_group.offering.hub, work_group=work_group, page={
        "base_template": LEAD_BASE, "back_url": reverse("lead:work-group", kwargs={"pk": pk}),
        "message_url": lambda message: reverse("lead:message", kwargs={"pk": message})})


@staff_login_required
@require_safe
def lead_message(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    message = selectors.lead_message_get(user=request.user, pk=pk)
    return _message_page(request, message, {
        "base_template": LEAD_BASE,
        "back_url": reverse("lead:work-group", kwargs={"pk": message.work_group_id})})
