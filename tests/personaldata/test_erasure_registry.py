"""Erasure against the registry of personal data (workgroups/personaldata/fields.py): every
personal field of every row tied to the person is gone, blank or pseudonymised afterwards. A
field added to the registry is held to this without changing the test."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models
from django.db.models import Q

from tests.personaldata.test_erasure import EMAIL, everything  # noqa: F401 (a fixture)
from workgroups.personaldata.erasure import person_erase
from workgroups.personaldata.fields import REGISTRY

pytestmark = pytest.mark.django_db

# Values a hub still counts, kept inside a personal field on purpose.
KEPT_KEYS = {("applications.Application", "eligibility"): {"outcome"}}


def _tied_to(holding: Any, person: Any) -> Q:
    query = Q(pk__in=[])
    for lookup in holding.users:
        query |= Q(pk=person.pk) if lookup == "" else Q(**{lookup: person})
    for lookup in holding.emails:
        query |= Q(**{f"{lookup}__iexact": EMAIL})
    return query


def _erased(holding: Any, name: str, value: Any) -> bool:
    if value in (None, "", {}, []):
        return True
    if isinstance(value, str):
        return value.endswith("@erased.invalid") or value == "[erased]"
    if isinstance(value, dict) and (holding.model, name) in KEPT_KEYS:
        return set(value) <= KEPT_KEYS[holding.model, name]
    return False


def test_every_registered_personal_field_is_erased(everything):  # noqa: F811
    person = everything["person"]
    tied: dict[str, tuple[type[models.Model], list[Any]]] = {}
    for holding in REGISTRY:
        model = holding.model_class
        if model is None or not holding.fields:
            continue
        pks = list(model._default_manager.filter(_tied_to(holding, person))
                   .values_list("pk", flat=True))
        tied[holding.model] = (model, pks)
    # The scenario holds a row of every kind the registry lists, so none is tested on nothing.
    assert [label for label, (_, pks) in tied.items() if not pks] == []

    person_erase(person=person, actor=None, reason="Deleted their account")

    left = []
    for holding in REGISTRY:
        if holding.model not in tied:
            continue
        model, pks = tied[holding.model]
        for row in model._default_manager.filter(pk__in=pks):
            left += [(holding.model, row.pk, name, getattr(row, name))
                     for name in holding.fields if not _erased(holding, name, getattr(row, name))]
    assert left == []
