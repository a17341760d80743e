"""Writes for eligibility configuration."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from workgroups.accounts.models import User
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import Programme
from workgroups.core.services import DomainError
from workgroups.eligibility.rules import programme_slugs_in, validate_config

RULES_CHANGED_MEANWHILE = "Someone changed these rules while you were editing; look again."


@dataclass(frozen=True)
class RuleAdd:
    """Add a rule after the programme's rules, whatever they are now."""

    spec: dict[str, Any]


@dataclass(frozen=True)
class RuleReplace:
    """Replace rule ``number`` (from 1) — only if it is still ``expected``, the rule the form
    was built from."""

    number: int
    expected: Mapping[str, Any]
    spec: dict[str, Any]


@dataclass(frozen=True)
class RuleRemove:
    """Remove rule ``number`` (from 1) — only if it is still ``expected``, the rule shown."""

    number: int
    expected: Mapping[str, Any]


RuleOperation = RuleAdd | RuleReplace | RuleRemove


def _rules_problems(rules: list[dict[str, Any]]) -> None:
    problems = validate_config(rules)
    if not problems:
        referred = programme_slugs_in(rules)
        known = set(Programme.objects.filter(slug__in=referred).values_list("slug", flat=True))
        problems = [f"There is no programme “{slug}”." for slug in sorted(referred - known)]
    if problems:
        raise DomainError(" ".join(problems), field="rules")


def _rules_save(*, actor: User | None, locked: Programme, rules: list[dict[str, Any]]) -> None:
    """Save ``rules`` on the locked row, audited, when they differ from its own."""
    if locked.eligibility_rules != rules:
        before = locked.eligibility_rules
        locked.eligibility_rules = rules
        locked.save(update_fields=["eligibility_rules", "updated_at"])
        audit_record(actor=actor, action=AuditAction.PROGRAMME_RULES_UPDATED, obj=locked,
                     hub=None, changes={"eligibility_rules": [before, rules]})


def _applied(current: Any, operation: RuleOperation) -> list[dict[str, Any]]:
    """The rules after ``operation``, or DomainError when the rule it is about has changed or
    moved since the person's page was built."""
    rules = list(current) if isinstance(current, list) else []
    if isinstance(operation, RuleAdd):
        return [*rules, operation.spec]
    index = operation.number - 1
    if not 0 <= index < len(rules) or rules[index] != operation.expected:
        raise DomainError(RULES_CHANGED_MEANWHILE, field="rules", code="rules_changed")
    if isinstance(operation, RuleReplace):
        rules[index] = operation.spec
    else:
        del rules[index]
    return rules


def programme_rules_apply(*, actor: User | None, programme: Programme,
                          operation: RuleOperation) -> Programme:
    """Add, replace or remove one eligibility rule, on the rules as they are under the row lock
    (so another person's change made meanwhile is kept, never overwritten). Raises DomainError,
    with nothing saved, when the rule changed meanwhile or the rules would not stand."""
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        rules = _applied(locked.eligibility_rules, operation)
        _rules_problems(rules)
        _rules_save(actor=actor, locked=locked, rules=rules)
    return locked


def programme_rules_update(*, actor: User | None, programme: Programme,
                           rules: list[dict[str, Any]]) -> Programme:
    """Replace a programme's eligibility rules. Raises DomainError listing every problem."""
    _rules_problems(rules)
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        _rules_save(actor=actor, locked=locked, rules=rules)
    return locked
