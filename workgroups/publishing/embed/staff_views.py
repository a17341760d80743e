"""Staff: "Show on your website", the websites allowed to frame the hub's catalogue, the
snippet to paste into one of them and a live preview of what it shows."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_http_methods, require_POST

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.gate import hub_gate
from workgroups.accounts.types import AuthedHttpRequest
from workgroups.catalogue import selectors as catalogue_selectors
from workgroups.core.email import absolute
from workgroups.core.forms import add_domain_error
from workgroups.core.services import DomainError
from workgroups.hubs import selectors, services
from workgroups.hubs.models import Hub
from workgroups.publishing.embed.forms import EmbedOriginForm

# Tall enough for a few offerings; the host page's script then fits the frame to its content.
SNIPPET_HEIGHT = 800


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OFFERINGS_MANAGE)
def staff_website(request: AuthedHttpRequest, hub: Hub) -> HttpResponse:
    form = EmbedOriginForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.embed_origin_add(actor=request.user, hub=hub,
                                              address=form.cleaned_data["origin"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{added.origin} can now show your catalogue.")
            return redirect("staff:website", hub=hub.slug)
    return render(request, "embed/staff_website.html", {
        "staff_hub": hub, "form": form,
        "origins": selectors.embed_origins_for_hub(hub=hub),
        "max_origins": services.MAX_EMBED_ORIGINS,
        **_snippet_context(hub)})


@require_POST
@hub_gate(Capability.OFFERINGS_MANAGE)
def staff_embed_origin_remove(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    try:
        removed = services.embed_origin_remove(actor=request.user, hub=hub, pk=pk)
    except DomainError as error:  # removed meanwhile (another tab, a colleague), or not theirs
        messages.error(request, error.message)
    else:
        messages.success(request, f"{removed.origin} can no longer show your catalogue.")
    return redirect("staff:website", hub=hub.slug)


def _snippet_context(hub: Hub) -> dict[str, Any]:
    """The year the hub's public catalogue opens on, and the absolute address of the embed that
    always shows that year (so the hub's website moves on by itself each September): the snippet
    is pasted into another site, so every address in it names this one."""
    years = catalogue_selectors.catalogue_years(hub=hub)
    year = catalogue_selectors.current_catalogue_year(hub=hub, years=years)
    if year is None:
        return {"year": None, "snippet": ""}
    embed_path = reverse("embed:hub", kwargs={"hub": hub.slug})
    # The site's configured address, never the request's Host header (which the sender writes).
    embed_url = absolute(embed_path)
    script_url = absolute(reverse("embed:script"))
    title = f"{hub.name}: Work Groups"
    # Plain text holding HTML: escaped once here for the host page, and again by the template
    # so the staff see (and copy) exactly these characters.
    snippet = (f'<iframe src="{escape(embed_url)}" title="{escape(title)}" width="100%" '
               f'height="{SNIPPET_HEIGHT}" loading="lazy"></iframe>\n'
               f'<script src="{escape(script_url)}" async></script>')
    return {"year": year, "embed_path": embed_path, "embed_url": embed_url,
            "frame_title": title, "snippet": snippet}
