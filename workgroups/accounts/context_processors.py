"""The header's links for whoever is signed in: exactly the areas they can use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from workgroups.accounts.selectors import SignedInAreas, signed_in_areas


@dataclass(frozen=True)
class HeaderLink:
    label: str
    url: str
    current: bool


def header_links(areas: SignedInAreas, path: str) -> list[HeaderLink]:
    """The signed-in person's areas, their work first; each page's own area is marked."""
    links: list[tuple[str, str]] = []
    if areas.staff_area:
        one_hub = len(areas.staff_hubs) == 1 and not (areas.all_hubs or areas.national_staff)
        links.append(("Staff area", reverse("staff:hub", kwargs={"hub": areas.staff_hubs[0]})
                      if one_hub else reverse("staff:home")))
    if areas.national_overview:
        links.append(("National overview", reverse("reports:national")))
    if areas.work_groups:
        links.append(("Your Work Groups", reverse("lead:home")))
    # Anyone may apply for a Work Group, staff and leads included.
    links.append(("Your applications", reverse("applications:mine")))
    links.append(("Your account", reverse("accounts:profile")))
    areas_of = {"Staff area": reverse("staff:home")}
    return [HeaderLink(label, url, path.startswith(areas_of.get(label, url)))
            for label, url in links]


def header_nav(request: HttpRequest) -> dict[str, Any]:
    # Lazy: worked out (one query) only when the header asks, which it does only for someone
    # signed in, so signed-out pages make no query for it.
    return {"header_links": SimpleLazyObject(
        lambda: header_links(signed_in_areas(user=request.user), request.path))}
