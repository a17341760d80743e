"""WCAG reflow: at 320 px no page any role can reach from where it starts scrolls sideways.

For each role, one browser context signs in (a session made by Django's test client, so the
crawl spends its time on pages, not on the sign-in form) and follows every same-site link from
the role's starting pages, two levels deep and at most ``MAX_PAGES`` pages. Pages of one view
are laid out by one template, so at most ``PER_ROUTE`` pages of each URL pattern are opened
(a national viewer's 40 hubs' reach pages are one page shape, not 40)."""

from __future__ import annotations

from collections import Counter, deque
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve
from playwright.sync_api import Browser

from tests.crawl import ROLE_PEOPLE, ROLE_STARTS, followable, person
from tests.factories import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_DEPTH = 2
MAX_PAGES = 80
PER_ROUTE = 3
OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  // Name the widest element that sticks out, so a failure says where to look.
  let widest = null;
  for (const el of document.body.querySelectorAll('*')) {
    const right = el.getBoundingClientRect().right;
    if (right > root.clientWidth + 1 && (!widest || right > widest.right)) {
      const classes = el.className ? '.' + String(el.className).split(' ').join('.') : '';
      widest = {right, what: el.tagName.toLowerCase() + classes
                + ' “' + (el.innerText || '').trim().slice(0, 40) + '”'};
    }
  }
  return {by: root.scrollWidth - root.clientWidth, widest: widest && widest.what};
}"""
LINKS = "() => Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))"


def test_no_page_scrolls_sideways_at_320px(browser: Browser, demo_site) -> None:
    """Every role in one test: each test loads the demo afresh, which costs more than a crawl."""
    failures = [failure for role in ROLE_PEOPLE if (failure := crawl(role, browser, demo_site))]
    assert not failures, "\n".join(failures)


def crawl(role: str, browser: Browser, demo_site: Any) -> str:
    """What scrolls sideways among the pages ``role`` reaches ("" when nothing does)."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    user = person(role)
    if user is not None:
        client = Client()
        sign_in(client, user)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                              "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                              "url": demo_site.url}])
    page = context.new_page()
    seen = set(ROLE_STARTS[role])
    queue = deque((start, 0) for start in ROLE_STARTS[role])
    visited: list[str] = []
    too_wide: list[str] = []
    opened_per_route: Counter[str] = Counter()
    try:
        while queue and len(visited) < MAX_PAGES:
            path, depth = queue.popleft()
            route = route_of(path)
            if opened_per_route[route] >= PER_ROUTE:
                continue
            opened_per_route[route] += 1
            response = page.goto(demo_site.url + path)
            if response is None or not response.ok or "text/html" not in (
                    response.headers.get("content-type") or ""):
                continue
            visited.append(path)
            overflow = page.evaluate(OVERFLOW)
            if overflow:
                too_wide.append(f"{path}: {overflow['by']}px wider, by {overflow['widest']}")
            if depth >= MAX_DEPTH:
                continue
            for href in page.evaluate(LINKS):
                target = followable(href, base_path=path.split("?")[0])
                if target and target not in seen:
                    seen.add(target)
                    queue.append((target, depth + 1))
    finally:
        context.close()
    if len(visited) <= 3:
        return f"{role} reached only {visited}"
    return f"{role}, {len(visited)} pages:\n" + "\n".join(too_wide) if too_wide else ""


def route_of(path: str) -> str:
    try:
        return str(resolve(urlsplit(path).path).route)
    except Resolver404:
        return path
