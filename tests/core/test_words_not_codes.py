"""People see words, not codes: no page a role can reach in the demo shows a stored code (an
enum value such as ``classroom_teacher`` or ``ready_for_review``) or a school's bare URN."""

from __future__ import annotations

import re
from collections import deque

import pytest
from django.db import models
from django.test import Client, override_settings

from tests.conftest import DEMO_NOW
from tests.crawl import ROLE_PEOPLE, ROLE_STARTS, followable, person, read_page
from tests.factories import sign_in
from workgroups.demo.loader import demo_load
from workgroups.eligibility import rules

pytestmark = pytest.mark.django_db

MAX_DEPTH = 3
MAX_PAGES = 150


def _stored_codes() -> set[str]:
    """Every code the models store that a person could be shown instead of its label: the
    TextChoices values that differ from their labels, and the eligibility rules' role and
    outcome codes. One-word values (``sent``, ``present``) are ordinary words in a sentence,
    so only the compound codes — the ones with an underscore — can be told apart from prose."""
    def subclasses(cls: type) -> list[type]:
        found: list[type] = [cls]
        children: list[type] = cls.__subclasses__()
        for child in children:
            found += subclasses(child)
        return found

    codes = {
        str(choice.value)
        for choices in subclasses(models.TextChoices)
        if choices.__module__.startswith("workgroups.")
        for choice in choices  # type: ignore[attr-defined]
        if str(choice.value) != str(choice.label)
    }
    codes |= set(rules.ROLES) | set(rules.TEACHES_MATHS) | {"eligible_with_notes", "not_eligible"}
    return {code for code in codes if "_" in code}


# A six-digit number on its own is a URN shown instead of a name, unless it is labelled as one.
_BARE_URN = re.compile(r"(?<!URN )(?<![\d,.£])\b\d{6}\b(?![\d,])")


def _crawl(client: Client, starts: list[str]) -> dict[str, str]:
    """Visible text of every HTML page reachable from ``starts`` (breadth first, bounded)."""
    seen: set[str] = set(starts)
    queue = deque((start, 0) for start in starts)
    pages: dict[str, str] = {}
    while queue and len(pages) < MAX_PAGES:
        path, depth = queue.popleft()
        response = client.get(path)
        assert response.status_code < 500, f"{path} answered {response.status_code}"
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        text, links = read_page(response.content.decode())
        pages[path] = text
        if depth >= MAX_DEPTH:
            continue
        for href in links:
            target = followable(href, base_path=path.split("?")[0])
            if target and target not in seen:
                seen.add(target)
                queue.append((target, depth + 1))
    return pages


@pytest.fixture
def demo():
    with override_settings(WORKGROUPS_PINNED_NOW=DEMO_NOW, DEMO=True):
        demo_load()
        yield


@pytest.mark.parametrize("role", list(ROLE_PEOPLE))
def test_no_page_shows_a_stored_code_or_a_bare_urn(role: str, demo) -> None:
    codes = _stored_codes()
    assert {"classroom_teacher", "ready_for_review", "face_to_face"} <= codes
    client = Client()
    user = person(role)
    if user is not None:
        sign_in(client, user)
    pages = _crawl(client, ROLE_STARTS[role])
    assert len(pages) > 3, f"{role} reached only {list(pages)}"
    found = []
    for path, text in pages.items():
        words = set(re.findall(r"[a-z0-9_]+", text))
        found += [f"{path}: {code}" for code in sorted(codes & words)]
        found += [f"{path}: bare URN {urn}" for urn in _BARE_URN.findall(text)]
    assert not found, "\n".join(found)
