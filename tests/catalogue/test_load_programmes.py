"""``manage.py load_programmes``: the reference data file as scenarios — created, unchanged,
updated, edited by national staff (reported, kept), --overwrite, and a file with problems refused
with nothing changed."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.catalogue.models import Programme, ProgressionRoute
from workgroups.catalogue.reference import digest, programme_entry, read_document
from workgroups.eligibility.defaults import DEFAULT_RULES
from workgroups.eligibility.services import programme_rules_update
from workgroups.progression import reference
from workgroups.progression.defaults import DEFAULT_ROUTES
from workgroups.progression.reference import ReferenceDataInvalid, programmes_load

pytestmark = pytest.mark.django_db


def _entry(slug: str, **changes: Any) -> dict[str, Any]:
    return {"slug": slug, "title": slug.replace("-", " ").title(), "audience": "teachers",
            "phase": "secondary", "summary": "S.", "who_can_take_part": "W.",
            "what_is_involved": "I.", "learning_outcomes": ["L"], "time_commitment": "A year.",
            "equivalent_days": "3", "cost": "Free.", "unit": "individual", "team_size": 1,
            "prerequisites": [], "required_supports": [],
            "eligibility_rules": [{"rule": "applications_open"}],
            "completion": {"rule": "all_required", "threshold": None}, "routes": [], **changes}


def _document(*entries: dict[str, Any], version: int = 1) -> dict[str, Any]:
    return {"version": version, "programmes": list(entries)}


BASE = _document(
    _entry("phase-one", routes=[{"to": "phase-two", "after_years": 1, "note": "Then two"}]),
    _entry("phase-two", prerequisites=["phase-one"],
           eligibility_rules=[{"rule": "prerequisite",
                               "params": {"programme": "phase-one", "scope": "person"}}],
           completion={"rule": "min_days", "threshold": "2.5"},
           required_supports=["headteacher"]),
)


def _run(document: dict[str, Any], tmp_path: Path, *args: str) -> str:
    path = tmp_path / "programmes.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    out = StringIO()
    call_command("load_programmes", "--file", str(path), *args, stdout=out)
    return out.getvalue()


def _snapshot() -> list[dict[str, Any]]:
    return [programme_entry(p) for p in Programme.objects.order_by("slug")]


def test_the_bundled_file_holds_every_programme_and_is_valid() -> None:
    document = read_document()
    assert isinstance(document["version"], int)
    slugs = [entry["slug"] for entry in document["programmes"]]
    # The same programmes, rules and routes the demo and the tests have always used.
    assert set(slugs) == set(DEFAULT_RULES)
    assert len(slugs) == 20
    report = programmes_load(document=document)
    assert report.count("created") == 20
    assert ProgressionRoute.objects.count() == len(DEFAULT_ROUTES)
    embedding = Programme.objects.get(slug="secondary-tfm-embedding")
    assert list(embedding.prerequisites.values_list("slug", flat=True)) == [
        "secondary-tfm-development"]
    assert Programme.objects.get(slug="secondary-tfm-development").required_supports == [
        "head_of_maths", "headteacher"]
    assert programmes_load(document=document).count("unchanged") == 20


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        # (what changes in the file for "phase-two", what the second load says)
        (None, "unchanged"),
        ({"title": "Phase Two, renamed"}, "updated"),
        ({"completion": {"rule": "min_percent", "threshold": 80}}, "updated"),
        ({"routes": [{"to": "phase-one", "after_years": 2, "note": "Back round"}]}, "updated"),
        # Equal numbers written differently are the same value.
        ({"equivalent_days": "3.0", "completion": {"rule": "min_days", "threshold": 2.50}},
         "unchanged"),
    ],
)
def test_a_second_load(tmp_path: Path, edit: dict[str, Any] | None, expected: str) -> None:
    out = _run(BASE, tmp_path)
    assert "2 created, 0 updated, 0 unchanged" in out
    document = copy.deepcopy(BASE)
    if edit:
        document["programmes"][1].update(edit)
    out = _run(document, tmp_path)
    assert f"(phase-two): {expected}" in out
    assert "Phase One (phase-one): unchanged" in out
    two = Programme.objects.get(slug="phase-two")
    assert programme_entry(two)["title"] == (edit or {}).get("title", "Phase Two")
    assert two.reference_digest == digest(programme_entry(two))


def test_created_programmes_are_complete_and_audited(tmp_path: Path) -> None:
    _run(BASE, tmp_path)
    two = Programme.objects.get(slug="phase-two")
    assert two.completion_rule == "min_days"
    assert two.completion_threshold == Decimal("2.5")
    assert two.required_supports == ["headteacher"]
    assert ProgressionRoute.objects.get().to_programme == two
    events = AuditEvent.objects.filter(action=AuditAction.PROGRAMME_CREATED)
    assert events.count() == 2
    assert all(event.actor is None for event in events)


def test_a_programme_edited_by_staff_is_reported_not_overwritten(tmp_path: Path) -> None:
    _run(BASE, tmp_path)
    two = Programme.objects.get(slug="phase-two")
    programme_rules_update(actor=None, programme=two, rules=[{"rule": "in_england"}])
    document = copy.deepcopy(BASE)
    document["programmes"][1]["title"] = "Phase Two, renamed"
    out = _run(document, tmp_path)
    assert ("Phase Two (phase-two): edited by national staff since it was last loaded: not "
            "overwritten (the file differs in title, eligibility_rules)") in out
    assert "0 created, 0 updated, 1 unchanged, 1 not overwritten" in out
    two.refresh_from_db()
    assert two.title == "Phase Two"
    assert two.eligibility_rules == [{"rule": "in_england"}]
    # The same file with --overwrite replaces the staff's edit, audited.
    out = _run(document, tmp_path, "--overwrite")
    assert "Phase Two, renamed (phase-two): updated" in out
    two.refresh_from_db()
    assert two.title == "Phase Two, renamed"
    assert two.eligibility_rules == BASE["programmes"][1]["eligibility_rules"]
    event = AuditEvent.objects.filter(action=AuditAction.PROGRAMME_UPDATED).latest("pk")
    assert event.actor is None
    assert set(event.changes) == {"reference_data_version", "title", "eligibility_rules"}
    # Now loaded again, the programme is the file's: a further load leaves it alone.
    assert "(phase-two): unchanged" in _run(document, tmp_path)


def test_a_staff_edit_the_file_agrees_with_counts_as_unchanged(tmp_path: Path) -> None:
    _run(BASE, tmp_path)
    two = Programme.objects.get(slug="phase-two")
    programme_rules_update(actor=None, programme=two, rules=[{"rule": "in_england"}])
    document = copy.deepcopy(BASE)
    document["programmes"][1]["eligibility_rules"] = [{"rule": "in_england"}]
    assert "(phase-two): unchanged" in _run(document, tmp_path)


INVALID: list[tuple[str, Any, str]] = [
    ("no version", {"programmes": BASE["programmes"]}, "“version”"),
    ("unknown rule", _document(_entry("x", eligibility_rules=[{"rule": "tall"}])),
     "Programme 1 (x): eligibility rules: Rule 1: “tall” is not a known rule"),
    ("rule refers to nothing", _document(_entry("x", eligibility_rules=[
        {"rule": "prerequisite", "params": {"programme": "nowhere"}}])),
     "Programme 1 (x): eligibility rules refer to “nowhere”"),
    ("bad audience", _document(_entry("x", audience="pupils")), "Programme 1 (x): “audience”"),
    ("team without size", _document(_entry("x", unit="school_team", team_size=1)),
     "Programme 1 (x):"),
    ("route nowhere", _document(_entry("x", routes=[{"to": "y"}])),
     "Programme 1 (x): route 1 leads to “y”"),
    ("percent over 100", _document(_entry("x", completion={"rule": "min_percent",
                                                            "threshold": 150})),
     "Programme 1 (x):"),
    ("duplicate slug", _document(_entry("x"), _entry("x")),
     "Programme 2 (x): another entry has the same slug"),
    ("missing title", _document({k: v for k, v in _entry("x").items() if k != "title"}),
     "Programme 1 (x): it lacks title"),
    ("bad support", _document(_entry("x", required_supports=["the pope"])),
     "“required_supports”"),
    ("bad slug", _document(_entry("Not A Slug")), "“slug” must be lower-case"),
]


@pytest.mark.parametrize(("case", "document", "problem"), INVALID,
                         ids=[row[0] for row in INVALID])
def test_a_file_with_problems_is_refused_and_nothing_changes(
        tmp_path: Path, case: str, document: dict[str, Any], problem: str) -> None:
    _run(BASE, tmp_path)
    before, events = _snapshot(), AuditEvent.objects.count()
    # A good entry alongside the bad one is not loaded either.
    document = copy.deepcopy(document)
    document.setdefault("programmes", []).append(_entry("phase-three"))
    with pytest.raises(CommandError) as refused:
        _run(document, tmp_path)
    assert "nothing changed" in str(refused.value)
    assert problem in str(refused.value)
    assert _snapshot() == before
    assert AuditEvent.objects.count() == events


def test_a_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("load_programmes", "--file", str(path))
    with pytest.raises(CommandError, match="There is no file"):
        call_command("load_programmes", "--file", str(tmp_path / "missing.json"))


def test_the_service_refuses_with_every_problem() -> None:
    with pytest.raises(ReferenceDataInvalid) as refused:
        programmes_load(document=_document(_entry("x", audience="pupils"),
                                           _entry("y", routes="none")))
    assert len(refused.value.problems) == 2
    assert not Programme.objects.exists()


def test_a_loaded_programmes_history_reads_in_words(client, tmp_path: Path) -> None:
    _run(BASE, tmp_path)
    document = copy.deepcopy(BASE)
    document["programmes"][1].update(
        completion={"rule": "min_percent", "threshold": 80},
        eligibility_rules=[{"rule": "in_england"}], prerequisites=[])
    _run(document, tmp_path)
    sign_in(client, factories.member(factories.hub(slug="national", is_national=True),
                                        Role.NATIONAL_STAFF))
    response = client.get("/staff/programmes/phase-two/history/")
    assert response.status_code == 200
    page = response.text.replace("&#x27;", "'")
    assert "From the reference data file, version 1" in page
    assert "Programme created" in page and "Programme updated" in page
    assert ("Attend at least a number of equivalent days: 2.5 days → Attend at least a share "
            "of the sessions: 80%") in page
    assert "Rule added: Works in England" in page
    assert "Rule removed: Took part in another programme first" in page
    assert "What comes before it: Phase One → (none)" in page
    assert "The service" in page  # no person did it


# --- Programmes that were there before the file (migration 0007 left their digest blank) ------

STAFF_EDITED = "edited by national staff since it was last loaded: not overwritten"
NEVER_LOADED = "not loaded from the file before; differs — kept, use --overwrite"


@pytest.mark.parametrize(
    ("digest_kind", "differs", "args", "says", "title_after", "digest_after"),
    [
        # (phase-two's digest, whether its values differ from the file, options,
        #  what the load says, its title after, its digest after: "file" = the file entry's)
        ("blank", False, (), "unchanged", "Phase Two", "file"),
        ("blank", True, (), NEVER_LOADED, "Phase Two, ours", "blank"),
        ("blank", True, ("--overwrite",), "updated", "Phase Two", "file"),
        ("loaded", True, (), "updated", "Phase Two", "file"),
        ("staff edited", True, (), STAFF_EDITED, "Phase Two, ours", "staff"),
        ("staff edited", True, ("--overwrite",), "updated", "Phase Two", "file"),
    ],
    ids=["never loaded, same", "never loaded, differs", "never loaded, overwrite",
         "loaded, file changed", "staff edited", "staff edited, overwrite"],
)
def test_a_programme_the_file_never_loaded(
        tmp_path: Path, digest_kind: str, differs: bool, args: tuple[str, ...], says: str,
        title_after: str, digest_after: str) -> None:
    _run(BASE, tmp_path)
    two = Programme.objects.get(slug="phase-two")
    loaded_digest = two.reference_digest
    if differs:
        two.title = "Phase Two, ours"
        two.save()
        if digest_kind == "loaded":  # its digest is of these values: as if the file had them
            Programme.objects.filter(pk=two.pk).update(
                reference_digest=digest(programme_entry(two)))
    staff_digest = Programme.objects.get(pk=two.pk).reference_digest
    if digest_kind == "blank":
        Programme.objects.filter(pk=two.pk).update(reference_digest="")
    events = AuditEvent.objects.count()
    out = _run(BASE, tmp_path, *args)
    assert f"(phase-two): {says}" in out
    if says in {NEVER_LOADED, STAFF_EDITED}:
        assert "(the file differs in title)" in out
        assert "Run again with --overwrite" in out
    assert ("1 not loaded from the file before and kept" in out) == (says == NEVER_LOADED)
    assert ("1 not overwritten" in out) == (says == STAFF_EDITED)
    two.refresh_from_db()
    assert two.title == title_after
    assert two.reference_digest == {"file": loaded_digest, "blank": "",
                                    "staff": staff_digest}[digest_after]
    assert AuditEvent.objects.count() - events == (1 if says == "updated" else 0)


def test_the_file_is_checked_inside_the_loads_transaction(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    depths: list[int] = []
    check = reference.document_problems

    def spy(document: dict[str, Any]) -> list[str]:
        depths.append(len(connection.atomic_blocks))
        return check(document)

    monkeypatch.setattr(reference, "document_problems", spy)
    outside = len(connection.atomic_blocks)  # the test's own transaction
    _run(BASE, tmp_path)
    assert len(depths) == 1 and depths[0] > outside
