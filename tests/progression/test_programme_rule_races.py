"""Two people editing one programme's rules at once: each change is applied to the rules as they
are under the row lock, so nobody's change is lost, and a change to a rule someone else changed
or moved meanwhile is refused with nothing saved. "Meanwhile" is simulated: another person's
write lands just after the page read the programme (no threads needed)."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import Role, User
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.audit.selectors import audit_events_for
from workgroups.catalogue.models import Programme
from workgroups.core.services import DomainError
from workgroups.eligibility.rule_forms import rule_fingerprint
from workgroups.eligibility.services import (
    RULES_CHANGED_MEANWHILE,
    RuleAdd,
    RuleRemove,
    RuleReplace,
    programme_rules_apply,
    programme_rules_update,
)
from workgroups.progression import programme_views

pytestmark = pytest.mark.django_db

URL = "/staff/programmes/p/eligibility/"
ENGLAND = {"rule": "in_england"}
MATHS = {"rule": "teaches_maths"}
OPEN = {"rule": "applications_open"}
EARLY = {"rule": "early_career", "params": {"min": 1, "max": 2}}


@pytest.fixture
def national_staff() -> User:
    return factories.member(factories.hub(slug="national", is_national=True), Role.NATIONAL_STAFF)


@pytest.fixture
def programme() -> Programme:
    return factories.programme(slug="p", title="Pilot", eligibility_rules=[ENGLAND, EARLY])


@pytest.fixture
def meanwhile(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[list[dict[str, Any]]]]:
    """Rules put in ``meanwhile`` are saved by "someone else" just after the page has read the
    programme (once), so the page works from a stale copy."""
    pending: list[list[dict[str, Any]]] = []
    read = programme_views._programme

    def stale_read(request: Any, slug: str) -> Programme:
        programme = read(request, slug)
        while pending:
            programme_rules_update(actor=None, programme=programme, rules=pending.pop())
        return programme

    monkeypatch.setattr(programme_views, "_programme", stale_read)
    yield pending


def _rules() -> list[Any]:
    return list(Programme.objects.get(slug="p").eligibility_rules)


# --- The service ---------------------------------------------------------------------------

@pytest.mark.parametrize(("operation", "after"), [
    (RuleAdd(OPEN), [ENGLAND, EARLY, OPEN]),
    (RuleReplace(2, EARLY, MATHS), [ENGLAND, MATHS]),
    (RuleRemove(1, ENGLAND), [EARLY]),
])
def test_each_operation_applies_to_the_rules_as_they_are(programme, national_staff, operation,
                                                         after):
    programme_rules_apply(actor=national_staff, programme=programme, operation=operation)
    assert _rules() == after
    event = AuditEvent.objects.get(action=AuditAction.PROGRAMME_RULES_UPDATED)
    assert event.changes == {"eligibility_rules": [[ENGLAND, EARLY], after]}


@pytest.mark.parametrize("operation", [
    RuleReplace(1, MATHS, OPEN),      # rule 1 is no longer what the form was built from
    RuleReplace(3, EARLY, OPEN),      # rule 3 is gone
    RuleRemove(2, ENGLAND),           # rule 2 is not the one shown
    RuleRemove(0, ENGLAND),
])
def test_a_stale_operation_is_refused_and_nothing_saved(programme, national_staff, operation):
    with pytest.raises(DomainError) as refused:
        programme_rules_apply(actor=national_staff, programme=programme, operation=operation)
    assert refused.value.message == RULES_CHANGED_MEANWHILE
    assert _rules() == [ENGLAND, EARLY]
    assert not AuditEvent.objects.exists()


def test_adding_to_a_stale_copy_keeps_the_other_persons_change(programme, national_staff):
    stale = Programme.objects.get(pk=programme.pk)
    programme_rules_update(actor=None, programme=programme, rules=[ENGLAND, EARLY, MATHS])
    programme_rules_apply(actor=national_staff, programme=stale, operation=RuleAdd(OPEN))
    assert _rules() == [ENGLAND, EARLY, MATHS, OPEN]


# --- The pages -----------------------------------------------------------------------------

def test_a_rule_added_meanwhile_is_kept_when_another_is_added(client: Client, national_staff,
                                                               programme, meanwhile):
    sign_in(client, national_staff)
    meanwhile.append([ENGLAND, EARLY, MATHS])
    response = client.post(URL + "add/applications_open/", {"hard": "yes"})
    assert response.status_code == 302
    assert _rules() == [ENGLAND, EARLY, MATHS, OPEN]


def test_a_rule_changed_meanwhile_is_not_overwritten(client: Client, national_staff, programme,
                                                     meanwhile):
    sign_in(client, national_staff)
    changed = {"rule": "early_career", "params": {"min": 1, "max": 3}}
    meanwhile.append([ENGLAND, changed])
    response = client.post(URL + "2/change/", {"shown": rule_fingerprint(EARLY), "min": "2",
                                               "max": "4", "hard": "yes"})
    assert response.status_code == 422
    assert RULES_CHANGED_MEANWHILE in html.unescape(response.text)
    assert _rules() == [ENGLAND, changed]


def test_a_rule_moved_meanwhile_is_not_removed(client: Client, national_staff, programme,
                                               meanwhile):
    sign_in(client, national_staff)
    meanwhile.append([EARLY, ENGLAND])  # rule 1 is now another rule
    response = client.post(URL + "1/remove/", {"shown": rule_fingerprint(ENGLAND)})
    assert response.status_code == 422
    page = html.unescape(response.text)
    assert f"Nothing was removed: {RULES_CHANGED_MEANWHILE}" in page
    assert _rules() == [EARLY, ENGLAND]
    assert AuditEvent.objects.filter(action=AuditAction.PROGRAMME_RULES_UPDATED).count() == 1


def test_the_history_page_reads_one_list_of_events(client: Client, national_staff, programme,
                                                   monkeypatch: pytest.MonkeyPatch):
    """An event written while the history page is being built does not break it."""
    programme_rules_update(actor=national_staff, programme=programme, rules=[ENGLAND])
    read = audit_events_for

    def then_someone_writes(*, obj: Any) -> Any:
        events = list(read(obj=obj))
        programme_rules_update(actor=national_staff, programme=programme, rules=[MATHS])
        return events

    monkeypatch.setattr(programme_views, "audit_events_for", then_someone_writes)
    sign_in(client, national_staff)
    response = client.get("/staff/programmes/p/history/")
    assert response.status_code == 200
    page = html.unescape(response.text)
    assert "Rule removed: " in page and "Teaches maths" not in page  # the later event waits
