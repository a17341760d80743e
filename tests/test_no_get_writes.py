"""No GET writes: every page, file and feed a role can reach in the demo by following links,
and every address without parameters, is opened with GET, and no table gains or loses a row.
(A write belongs to a POST or to the moment the fact happens: issue 13.)"""

from __future__ import annotations

from collections import Counter, deque
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session as WebSession
from django.db import connection
from django.test import Client, override_settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from tests.conftest import DEMO_NOW
from tests.crawl import ROLE_PEOPLE, ROLE_STARTS, read_page
from tests.factories import sign_in
from workgroups.accounts.models import User
from workgroups.demo.loader import demo_load

pytestmark = pytest.mark.django_db

MAX_DEPTH = 3
MAX_PAGES = 150
# Pages of one URL pattern run one view: a few of each are opened, not every hub and year.
PER_ROUTE = 4

# The crawler's roles, and two more who see the most: a hub lead and a superuser.
PEOPLE = {**ROLE_PEOPLE, "hub lead": "lead@cheshire-and-wirral.demo.example.org",
          "superuser": "admin@demo.example.org"}
STARTS = {**ROLE_STARTS, "hub lead": ["/", "/staff/"], "superuser": ["/", "/staff/"]}
# Signing out is a write by design (and ends the crawl); the rest are not this service's pages.
SKIPPED = ("/accounts/logout", "/django-admin/", "/static/")


def _row_counts() -> dict[str, int]:
    """Rows in every table but the web sessions (a visit may start one: that is the visit, not
    a change to the service's data), in one query: counted before and after every page, a
    query per table came to minutes of each CI run on PostgreSQL."""
    models = [model for model in apps.get_models()
              if model is not WebSession and model._meta.managed and not model._meta.proxy]
    quote = connection.ops.quote_name
    # Table names come from the models, never from input.
    sql = " UNION ALL ".join(f"SELECT {number}, COUNT(*) FROM {quote(model._meta.db_table)}"  # noqa: S608
                             for number, model in enumerate(models))
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {models[number]._meta.label: count for number, count in cursor.fetchall()}


def _simple_addresses() -> list[str]:
    """Every address in the URL configuration that takes no parameters."""
    found: list[str] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for pattern in patterns:
            route = str(pattern.pattern)
            if "<" in route or "(" in route or "\\" in route:
                continue
            route = route.lstrip("^").rstrip("$")
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            else:
                found.append("/" + prefix + route)

    walk(get_resolver().url_patterns, "")
    return sorted({path for path in found if not path.startswith(SKIPPED)})


def _followable(href: str, base: str) -> str | None:
    href = href.split("#", 1)[0].strip()
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "http:", "https:", "//")):
        return None
    path = href if href.startswith("/") else base.rsplit("/", 1)[0] + "/" + href
    return None if path.startswith(SKIPPED) else path


def _route(path: str) -> str:
    try:
        return str(resolve(urlsplit(path).path).route)
    except Resolver404:
        return path


def _get_each(client: Client, starts: list[str]) -> list[str]:
    """GET every address reachable from ``starts`` (breadth first, bounded); the addresses
    after which some table's row count had changed, with what changed."""
    changed: list[str] = []
    seen = set(starts)
    queue = deque((start, 0) for start in starts)
    opened = 0
    per_route: Counter[str] = Counter()
    while queue and opened < MAX_PAGES:
        path, depth = queue.popleft()
        route = _route(path)
        if per_route[route] >= PER_ROUTE:
            continue
        per_route[route] += 1
        before = _row_counts()
        response = client.get(path)
        opened += 1
        after = _row_counts()
        if after != before:
            changed.append(f"GET {path}: " + ", ".join(
                f"{label} {before[label]} → {after[label]}"
                for label in sorted(after) if after[label] != before[label]))
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or "text/html" not in content_type or depth >= MAX_DEPTH:
            continue
        _, links = read_page(response.content.decode())
        for href in links:
            target = _followable(href, path.split("?")[0])
            if target and target not in seen:
                seen.add(target)
                queue.append((target, depth + 1))
    return changed


@pytest.fixture
def demo():
    with override_settings(WORKGROUPS_PINNED_NOW=DEMO_NOW, DEMO=True):
        demo_load()
        yield


@pytest.mark.parametrize("role", list(PEOPLE))
def test_no_get_changes_a_row(role: str, demo) -> None:
    client = Client()
    address = PEOPLE[role]
    if address is not None:
        sign_in(client, User.objects.get(email=address))
    starts = [*STARTS[role], *(p for p in _simple_addresses() if p not in STARTS[role])]
    changed = _get_each(client, starts)
    assert not changed, "\n".join(changed)
