"""The service's own pages (home, privacy, accessibility) and a hub's failed emails."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.gate import hub_gate
from workgroups.accounts.types import AuthedHttpRequest
from workgroups.catalogue.cache import cached_page
from workgroups.catalogue.selectors import hubs_shown
from workgroups.core.email import RETRY_DELAYS, retry_span_words
from workgroups.core.services import DomainError
from workgroups.hubs.models import Hub
from workgroups.hubs.selectors import failed_email_for_hub_get, failed_emails_for_hub
from workgroups.hubs.services import failed_email_send_again
from workgroups.pages import privacy as privacy_notice

# The failed-emails page lists the most recent; older ones stay in the database (and admin).
FAILED_EMAILS_SHOWN = 200


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return cached_page(request, name="home", params={}, template="pages/home.html", dated=False,
                       context=lambda: {"hubs": hubs_shown()})


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    """Cookies and retention periods come from the settings (workgroups/pages/privacy.py)."""
    return render(request, "pages/privacy.html", {
        "cookies": privacy_notice.cookies(), "holdings": privacy_notice.holdings()})


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


# --- Staff: emails that could not be sent --------------------------------------------------------

@require_safe
@hub_gate(Capability.APPLICATIONS_DECIDE)
def staff_failed_emails(request: AuthedHttpRequest, hub: Hub) -> HttpResponse:
    """The hub's emails the worker gave up on, each with "Send again"."""
    return render(request, "pages/staff/failed_emails.html", {
        "staff_hub": hub, "tries": len(RETRY_DELAYS) + 1, "retry_span": retry_span_words(),
        "failed_emails": failed_emails_for_hub(hub=hub)[:FAILED_EMAILS_SHOWN]})


@require_POST
@hub_gate(Capability.APPLICATIONS_DECIDE)
def staff_failed_email_send_again(request: AuthedHttpRequest, hub: Hub,
                                  pk: int) -> HttpResponse:
    failed = failed_email_for_hub_get(hub=hub, pk=pk)
    try:
        failed_email_send_again(actor=request.user, failed_email=failed)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"“{failed.subject}” is queued to send again to "
                                  f"{failed.recipient}. If it fails again it will be listed "
                                  "here again.")
    return redirect("staff:failed-emails", hub=hub.slug)
