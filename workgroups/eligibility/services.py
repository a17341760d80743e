"""Writes for eligibility configuration."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from workgroups.accounts.models import User
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import Programme
from workgroups.core.services import DomainError
from workgroups.eligibility.rules import programme_slugs_in, validate_config


def programme_rules_update(*, actor: User | None, programme: Programme,
                           rules: list[dict[str, Any]]) -> Programme:
    """Replace a programme's eligibility rules. Raises DomainError listing every problem."""
    problems = validate_config(rules)
    if not problems:
        referred = programme_slugs_in(rules)
        known = set(Programme.objects.filter(slug__in=referred).values_list("slug", flat=True))
        problems = [f"There is no programme “{slug}”." for slug in sorted(referred - known)]
    if problems:
        raise DomainError(" ".join(problems), field="rules")
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        if locked.eligibility_rules != rules:
            before = locked.eligibility_rules
            locked.eligibility_rules = rules
            locked.save(update_fields=["eligibility_rules", "updated_at"])
            audit_record(actor=actor, action=AuditAction.PROGRAMME_RULES_UPDATED, obj=locked,
                         hub=None, changes={"eligibility_rules": [before, rules]})
    return locked
