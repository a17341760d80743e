"""The registry of personal data is complete: every installed model's field that looks personal
is classified (personal, a mention of others, a secret, or not personal with a reason), and every
entry names a field and a tie that exist."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from workgroups.accounts.models import User
from workgroups.personaldata.fields import MENTIONS, NOT_PERSONAL, REGISTRY, SECRETS, holdings

# Names of text fields that hold a person's name, address or words.
PERSONAL_NAME = re.compile(
    r"(^|_)(name|names|first_name|last_name|email|emails|e_mail|comment|comments|reason|"
    r"reasons|note|notes|answer|answers|address|addresses|recipient|message|facts|detail|"
    r"details|phone|postcode_of_person)($|_)")


def _ties_to_a_person(model: type[models.Model]) -> bool:
    """A row of ``model`` belongs to a person: it points at an account, or the registry
    says it is tied to one (by an address)."""
    if model._meta.label in {h.model for h in REGISTRY}:
        return True
    return any(field.is_relation and bool(field.many_to_one or field.one_to_one)
               and field.related_model is not None
               and field.related_model._meta.label == settings.AUTH_USER_MODEL
               for field in model._meta.concrete_fields)


def _looks_personal(model: type[models.Model], field: models.Field[Any, Any]) -> bool:
    if isinstance(field, models.EmailField):
        return True
    if isinstance(field, models.CharField | models.TextField) and PERSONAL_NAME.search(
            field.name):
        return True
    return isinstance(field, models.JSONField) and _ties_to_a_person(model)


def _classified(label: str) -> set[str]:
    known: set[str] = set()
    for holding in REGISTRY:
        if holding.model == label:
            known |= set(holding.fields)
    known |= set(MENTIONS.get(label, ()))
    known |= set(SECRETS.get(label, ()))
    known |= set(NOT_PERSONAL.get(label, {}))
    return known


def test_every_field_that_looks_personal_is_classified():
    """A new EmailField, a new name/comment/reason/note/answer/address text field, or new
    JSON on a person's row, fails here until it is added to the registry (and so to the
    export and the erasure) or to NOT_PERSONAL with its reason."""
    unclassified = []
    for model in apps.get_models():
        label = model._meta.label
        known = _classified(label)
        for field in model._meta.concrete_fields:
            if _looks_personal(model, field) and field.name not in known:
                unclassified.append(f"{label}.{field.name}")
    assert unclassified == [], (
        "Fields that look personal and are not classified in workgroups/personaldata/"
        "fields.py: add each to REGISTRY (and so the export and erasure), MENTIONS, SECRETS or "
        "NOT_PERSONAL (with why)")


def test_every_model_pointing_at_an_account_is_in_the_registry():
    """A new model with a row per person (a key to the account) is personal data whatever its
    fields are called: it must be registered (so exported and erased), or say why not."""
    registered = {holding.model for holding in REGISTRY} | set(NOT_PERSONAL)
    missing = [model._meta.label for model in apps.get_models()
               if model._meta.label not in registered and any(
                   field.is_relation and field.related_model is not None
                   and field.related_model._meta.label == settings.AUTH_USER_MODEL
                   for field in model._meta.get_fields() if not field.auto_created)]
    assert missing == []


def test_the_walk_catches_what_it_should():
    """The walk itself: these are caught (so the test above does test something)."""
    from workgroups.applications.models import Application, Endorsement
    from workgroups.delivery.models import Venue

    assert _looks_personal(Endorsement, Endorsement._meta.get_field("comment"))
    assert _looks_personal(Endorsement, Endorsement._meta.get_field("email"))
    assert _looks_personal(Application, Application._meta.get_field("answers"))
    assert _looks_personal(Application, Application._meta.get_field("eligibility"))
    assert _looks_personal(Venue, Venue._meta.get_field("address"))
    assert not _looks_personal(Venue, Venue._meta.get_field("postcode"))
    assert "address" in NOT_PERSONAL["delivery.Venue"]
    assert "contact_email" in NOT_PERSONAL["hubs.Hub"]


def test_every_entry_names_fields_that_exist():
    for label, names in [*((h.model, h.fields) for h in REGISTRY), *MENTIONS.items(),
                         *SECRETS.items(), *((k, tuple(v)) for k, v in NOT_PERSONAL.items())]:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue  # an optional app (allauth's MFA) that is not installed
        existing = {f.name for f in model._meta.concrete_fields}
        assert set(names) <= existing, (label, set(names) - existing)


def test_every_not_personal_entry_says_why():
    for label, reasons in NOT_PERSONAL.items():
        for name, why in reasons.items():
            assert why.strip(), (label, name)


def test_a_field_is_in_one_list_only():
    for holding in REGISTRY:
        for other in (MENTIONS, SECRETS, NOT_PERSONAL):
            overlap = set(holding.fields) & set(other.get(holding.model, ()))
            assert not overlap, (holding.model, overlap)


@pytest.mark.django_db
def test_every_tie_is_a_working_lookup():
    """Each holding's lookups run against the database (a renamed relation fails here)."""
    person = User.objects.create_user("tie@example.org")
    for holding, model in holdings():
        for path in holding.users:
            query = {"pk": person.pk} if path == "" else {path: person}
            list(model._default_manager.filter(**query)[:1])
        for path in holding.emails:
            list(model._default_manager.filter(**{f"{path}__iexact": person.email})[:1])
        assert holding.users or holding.emails, holding.model
        assert holding.note.strip(), holding.model
