"""Issue 12 item 11: the eligibility check flows into the application.

Pure rules first (claims of earlier participation our records miss; titles, never slugs), then
the pages: "Start now" really starts again, "You can apply" offers the Apply button, a claim
turns the bar into a note, the check's answers fill the application, staff see the claim.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests import factories
from tests.eligibility.test_rules import GOOD, TEACHER, p, verdict
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.applications.models import Application, ApplicationStatus
from workgroups.applications.services import application_answers_save, application_submit
from workgroups.eligibility.defaults import DEFAULT_RULES
from workgroups.eligibility.rules import (
    CLAIM_DETAIL_MAX,
    Context,
    OfferingFacts,
    evaluate,
    fact,
)

ECT2 = {**TEACHER, "years_teaching": 3}
ANOTHER_HUB = "North West One Maths Hub, 2023/24"


def codes(result) -> set[str]:
    return {reason.code for reason in result.reasons}


# --- Pure rules: scenario table ----------------------------------------------------------------

# (programme, facts, history, outcome, codes)
CLAIM_SCENARIOS: list[tuple[str, dict[str, Any], tuple[Any, ...], str, set[str]]] = [
    # Phase 1 with another hub: not in our records, so a bar ...
    ("sktm-ect-phase-2", ECT2, (), "not_eligible", {"prerequisite_missing"}),
    # ... which the person's claim turns into a note for the hub to check.
    ("sktm-ect-phase-2", {**ECT2, "claimed_participation": {"sktm-ect-phase-1": ANOTHER_HUB}},
     (), "eligible_with_notes", {"prerequisite_claimed"}),
    # A claim for another programme changes nothing.
    ("sktm-ect-phase-2", {**ECT2, "claimed_participation": {"secondary-tfm-development": "x"}},
     (), "not_eligible", {"prerequisite_missing"}),
    # Malformed claims are no claim: empty, blank, too long, not text, not a mapping.
    ("sktm-ect-phase-2", {**ECT2, "claimed_participation": {"sktm-ect-phase-1": "  "}},
     (), "not_eligible", {"prerequisite_missing"}),
    ("sktm-ect-phase-2", {**ECT2, "claimed_participation": {
        "sktm-ect-phase-1": "x" * (CLAIM_DETAIL_MAX + 1)}}, (), "not_eligible",
     {"prerequisite_missing"}),
    ("sktm-ect-phase-2", {**ECT2, "claimed_participation": {"sktm-ect-phase-1": 2023}},
     (), "not_eligible", {"prerequisite_missing"}),
    ("sktm-ect-phase-2", {**ECT2, "claimed_participation": ["sktm-ect-phase-1"]},
     (), "not_eligible", {"prerequisite_missing"}),
    # When the record is there, the claim is not needed and not mentioned.
    ("sktm-ect-phase-2", {**ECT2, "claimed_participation": {"sktm-ect-phase-1": ANOTHER_HUB}},
     (p("sktm-ect-phase-1", 2023, "person"),), "eligible", set()),
    # Embedding: last year's Development for the school (hard) and the person (soft): one
    # claim answers both.
    ("secondary-tfm-embedding", TEACHER, (), "not_eligible",
     {"prerequisite_missing", "prerequisite_recommended"}),
    ("secondary-tfm-embedding",
     {**TEACHER, "claimed_participation": {"secondary-tfm-development": ANOTHER_HUB}}, (),
     "eligible_with_notes", {"prerequisite_claimed"}),
    # A school in a TfM Work Group with another hub (teaching assistants need one).
    ("sktm-teaching-assistants", {**TEACHER, "role": "teaching_assistant",
                                  "works_in_ks3_maths": True}, (), "not_eligible",
     {"school_not_in_tfm_work_group"}),
    ("sktm-teaching-assistants", {**TEACHER, "role": "teaching_assistant",
                                  "works_in_ks3_maths": True,
                                  "claimed_participation": {"secondary-tfm-embedding": "LSW"}},
     (), "eligible_with_notes", {"prerequisite_claimed"}),
]


@pytest.mark.parametrize(("programme", "facts", "history", "outcome", "expected"),
                         CLAIM_SCENARIOS)
def test_claims_scenarios(programme, facts, history, outcome, expected):
    result = verdict(programme, facts, GOOD, history)
    assert (result.outcome, codes(result)) == (outcome, expected), result.reasons


def test_a_missing_prerequisite_offers_a_claim_naming_the_programme():
    result = verdict("sktm-ect-phase-2", ECT2, GOOD)
    [missing] = result.reasons
    assert missing.claim is not None
    assert missing.claim.programmes == ("sktm-ect-phase-1",)
    assert missing.claim.question.startswith("Did you take part in")
    school_scope = verdict("secondary-tfm-embedding", TEACHER, GOOD)
    [hard] = [r for r in school_scope.reasons if r.hard]
    assert hard.claim is not None and hard.claim.question.startswith("Did your school")
    assert "last year" in hard.claim.question


def test_the_claimed_note_repeats_what_the_person_said_for_staff_to_check():
    facts = {**ECT2, "claimed_participation": {"sktm-ect-phase-1": ANOTHER_HUB}}
    [note] = verdict("sktm-ect-phase-2", facts, GOOD).reasons
    assert not note.hard
    assert note.claim is not None  # still answerable: to correct or take back
    assert ANOTHER_HUB in note.message and "check" in note.message


def test_the_claims_fact_is_read_only_when_well_formed():
    assert fact({"claimed_participation": {"a": " where "}}, "claimed_participation") == \
        {"a": "where"}
    assert fact({"claimed_participation": {"": "x"}}, "claimed_participation") is None
    assert fact({"claimed_participation": {}}, "claimed_participation") == {}


def test_reasons_never_show_a_programme_slug_without_its_title():
    """Titles unknown to the offering: the words fall back to a description, never a slug."""
    offering = OfferingFacts(hub_slug="cw", hub_name="Cheshire and Wirral Maths Hub",
                             hub_la_codes=frozenset({896}), programme="secondary-tfm-embedding",
                             programme_title="TfM Embedding", year_start=2024, accepting=True)
    history = (p("secondary-tfm-embedding", 2023, "school"),
               p("secondary-tfm-development", 2023))
    for programme, facts in [("secondary-tfm-embedding", TEACHER),
                             ("sktm-ect-phase-2", ECT2),
                             ("sktm-ect-phase-1", {**TEACHER, "years_teaching": 9})]:
        context = Context(facts=facts, school=GOOD, history=history, trust_schools=(),
                          offering=offering)
        for reason in evaluate(DEFAULT_RULES[programme], context).reasons:
            words = reason.message + (reason.suggestion.text if reason.suggestion else "")
            assert "secondary-tfm" not in words and "sktm-" not in words, words


# --- Pages ---------------------------------------------------------------------------------------

BASE = "/hubs/cw/2024-25/{}/check/"


@pytest.fixture
def phase_2(pinned_clock):
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    hub.areas.add(factories.local_authority(code=896, name="Cheshire West and Chester"))
    year = factories.academic_year(2024)
    phase_1 = factories.programme(slug="sktm-ect-phase-1", title="SKTM ECT Phase 1",
                                  eligibility_rules=DEFAULT_RULES["sktm-ect-phase-1"])
    programme = factories.programme(slug="sktm-ect-phase-2", title="SKTM ECT Phase 2",
                                    eligibility_rules=DEFAULT_RULES["sktm-ect-phase-2"])
    programme.prerequisites.add(phase_1)
    factories.school(111422, "Upton-by-Chester High School")
    return factories.offering(hub=hub, academic_year=year, programme=programme,
                              applications_open=date(2024, 6, 1),
                              applications_close=date(2024, 10, 18))


def answer_check(client, slug="sktm-ect-phase-2", email="sam@example.org"):
    base = BASE.format(slug)
    client.post(base + "urn/", {"urn": "111422"})
    for key, answer in [("teaches_maths", "now"), ("email", email), ("years_teaching", "3")]:
        client.post(base + f"{key}/", {"answer": answer})
    return base


@pytest.mark.django_db
def test_start_now_after_a_finished_check_starts_a_new_one(client, phase_2):
    base = answer_check(client)
    start = client.get(base)
    assert f'href="{base}result/"' in start.text  # the last result, still to be seen
    again = client.post(base)
    assert again.status_code == 302 and again["Location"] == base + "urn/"
    # Every answer is forgotten: the result asks again from the first question.
    assert client.get(base + "result/")["Location"] == base + "urn/"


@pytest.mark.django_db
def test_a_check_under_way_can_be_carried_on(client, phase_2):
    base = BASE.format("sktm-ect-phase-2")
    client.post(base + "urn/", {"urn": "111422"})
    start = client.get(base)
    assert f'href="{base}teaches_maths/"' in start.text and "Carry on" in start.text


@pytest.mark.django_db
def test_claim_turns_the_bar_into_a_note_and_you_can_apply_shows_the_apply_button(
        client, phase_2):
    base = answer_check(client)
    refused = client.get(base + "result/").text
    assert "You cannot apply for this Work Group" in refused
    assert 'href="/hubs/cw/2024-25/sktm-ect-phase-2/apply/"' not in refused
    assert "Did you take part in SKTM ECT Phase 1" in refused
    claimed = client.post(base + "claim/", {
        "claim-sktm-ect-phase-1-programme": "sktm-ect-phase-1",
        "claim-sktm-ect-phase-1-took_part": "yes",
        "claim-sktm-ect-phase-1-detail": ANOTHER_HUB})
    assert claimed["Location"] == base + "result/"
    page = client.get(base + "result/").text
    assert "You can apply, but read these notes" in page
    assert 'data-code="prerequisite_claimed"' in page and ANOTHER_HUB in page
    apply_url = "/hubs/cw/2024-25/sktm-ect-phase-2/apply/"
    assert f'href="{apply_url}"' in page and "govuk-button" in page
    # Taking it back restores the bar.
    client.post(base + "claim/", {"claim-sktm-ect-phase-1-programme": "sktm-ect-phase-1",
                                  "claim-sktm-ect-phase-1-took_part": "no"})
    assert "You cannot apply" in client.get(base + "result/").text


@pytest.mark.django_db
def test_a_claim_needs_where_and_when_and_only_for_what_the_verdict_asks(client, phase_2):
    base = answer_check(client)
    empty = client.post(base + "claim/", {
        "claim-sktm-ect-phase-1-programme": "sktm-ect-phase-1",
        "claim-sktm-ect-phase-1-took_part": "yes"})
    assert empty.status_code == 422
    assert "Tell us which Maths Hub and which year" in empty.text
    assert empty.text.count("There is a problem") == 1
    tampered = client.post(base + "claim/", {
        "claim-secondary-tfm-development-programme": "secondary-tfm-development",
        "claim-secondary-tfm-development-took_part": "yes",
        "claim-secondary-tfm-development-detail": "x"}, follow=True)
    assert "nothing to tell us about" in tampered.text
    assert "You cannot apply" in tampered.text


@pytest.mark.django_db
def test_no_apply_button_when_applications_are_not_open(client, phase_2):
    phase_2.applications_close = date(2024, 9, 1)
    phase_2.save()
    base = answer_check(client)
    client.post(base + "claim/", {"claim-sktm-ect-phase-1-programme": "sktm-ect-phase-1",
                                  "claim-sktm-ect-phase-1-took_part": "yes",
                                  "claim-sktm-ect-phase-1-detail": ANOTHER_HUB})
    page = client.get(base + "result/").text
    assert 'href="/hubs/cw/2024-25/sktm-ect-phase-2/apply/"' not in page


@pytest.mark.django_db
def test_the_checks_answers_fill_the_application_and_staff_see_the_claim(client, phase_2):
    base = answer_check(client)
    client.post(base + "claim/", {"claim-sktm-ect-phase-1-programme": "sktm-ect-phase-1",
                                  "claim-sktm-ect-phase-1-took_part": "yes",
                                  "claim-sktm-ect-phase-1-detail": ANOTHER_HUB})
    applicant = factories.user(email="sam@example.org")
    sign_in(client, applicant)  # signing in keeps the session's answers
    started = client.post("/hubs/cw/2024-25/sktm-ect-phase-2/apply/")
    application = Application.objects.get(applicant=applicant)
    assert application.answers["urn"] == 111422
    assert application.answers["teaches_maths"] == "now"
    assert application.answers["years_teaching"] == 3
    assert application.answers["claimed_participation"] == {"sktm-ect-phase-1": ANOTHER_HUB}
    assert "email" not in application.answers  # the account's own address is used
    # The first page asked is the name: every fact question is already answered.
    assert started["Location"].endswith(f"/applications/{application.pk}/name/")
    answers = {"first_name": "Sam", "last_name": "Okafor", "eligibility_seen": True}
    client.post(f"/applications/{application.pk}/name/", {"first_name": "Sam",
                                                          "last_name": "Okafor"})
    application = application_answers_save(applicant=applicant, application=application,
                                           answers=answers)
    sent = application_submit(applicant=applicant, application=application)
    assert sent.status != ApplicationStatus.DRAFT
    assert sent.eligibility["outcome"] == "eligible_with_notes"
    staff = factories.member(phase_2.hub, Role.HUB_STAFF)
    sign_in(client, staff)
    page = client.get(f"/staff/hubs/cw/applications/{sent.pk}/").text
    assert "Check this claim" in page and ANOTHER_HUB in page
    table = client.get(f"/staff/hubs/cw/offerings/{phase_2.pk}/applications/").text
    assert "Claim to check" in table


@pytest.mark.django_db
def test_an_application_started_before_the_check_keeps_its_own_answers(client, phase_2):
    applicant = factories.user(email="sam@example.org")
    sign_in(client, applicant)
    client.post("/hubs/cw/2024-25/sktm-ect-phase-2/apply/")
    application = Application.objects.get(applicant=applicant)
    client.post(f"/applications/{application.pk}/years_teaching/", {"answer": "2"})
    answer_check(client)
    client.post("/hubs/cw/2024-25/sktm-ect-phase-2/apply/")  # resume
    application.refresh_from_db()
    assert application.answers["years_teaching"] == 2
    assert application.answers["teaches_maths"] == "now"  # filled where it had no answer


@pytest.mark.django_db
def test_a_claim_on_the_applications_eligibility_page(client, phase_2):
    applicant = factories.user(email="sam@example.org")
    sign_in(client, applicant)
    answer_check(client)
    client.post("/hubs/cw/2024-25/sktm-ect-phase-2/apply/")
    application = Application.objects.get(applicant=applicant)
    step = f"/applications/{application.pk}/eligibility/"
    page = client.get(step).text
    assert "You cannot apply" in page and "Did you take part in SKTM ECT Phase 1" in page
    saved = client.post(step, {"claim-sktm-ect-phase-1-programme": "sktm-ect-phase-1",
                               "claim-sktm-ect-phase-1-took_part": "yes",
                               "claim-sktm-ect-phase-1-detail": ANOTHER_HUB})
    assert saved["Location"] == step
    assert "You can apply, but read these notes" in client.get(step).text
    application.refresh_from_db()
    assert application.answers["claimed_participation"] == {"sktm-ect-phase-1": ANOTHER_HUB}


@pytest.mark.django_db
def test_a_suggestion_names_a_programme_this_hub_does_not_run_by_its_title(client, pinned_clock):
    """Today's report: "Look at secondary-tfm-sustaining", with no link."""
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    hub.areas.add(factories.local_authority(code=896, name="Cheshire West and Chester"))
    year = factories.academic_year(2024)
    factories.programme(slug="secondary-tfm-sustaining", title="TfM Sustaining")
    development = factories.programme(slug="secondary-tfm-development", title="TfM Development")
    embedding = factories.programme(slug="secondary-tfm-embedding", title="TfM Embedding",
                                    eligibility_rules=DEFAULT_RULES["secondary-tfm-embedding"])
    embedding.prerequisites.add(development)
    factories.offering(hub=hub, academic_year=year, programme=embedding,
                       applications_open=date(2024, 6, 1), applications_close=date(2024, 10, 18))
    factories.school(111422, "Upton-by-Chester High School")
    earlier = factories.academic_year(2022)
    from workgroups.schools.models import ParticipationRecord
    for programme, start in [(development, earlier), (embedding, factories.academic_year(2023))]:
        ParticipationRecord.objects.create(academic_year=start, hub=hub, programme=programme,
                                           school_urn=111422, outcome="completed")
    base = BASE.format("secondary-tfm-embedding")
    client.post(base + "urn/", {"urn": "111422"})
    for key, answer in [("email", "sam@example.org"), ("role", "classroom_teacher"),
                        ("teaches_maths", "now")]:
        client.post(base + f"{key}/", {"answer": answer})
    page = client.get(base + "result/").text
    assert 'data-code="already_completed"' in page
    assert "Look at TfM Sustaining" in page
    assert "secondary-tfm-sustaining" not in page
