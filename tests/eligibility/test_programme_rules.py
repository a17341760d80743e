"""Editing a programme's eligibility rules: the service, and the staff pages over it."""

from __future__ import annotations

import html

import pytest

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.audit.models import AuditEvent
from workgroups.catalogue.models import Programme
from workgroups.core.services import DomainError
from workgroups.eligibility.defaults import DEFAULT_RULES
from workgroups.eligibility.services import programme_rules_update

pytestmark = pytest.mark.django_db

EMBEDDING = DEFAULT_RULES["secondary-tfm-embedding"]
URL = "/staff/programmes/secondary-tfm-embedding/eligibility/"


@pytest.fixture
def programmes():
    development = factories.programme(slug="secondary-tfm-development", title="TfM Development",
                                      eligibility_rules=DEFAULT_RULES[
                                          "secondary-tfm-development"])
    embedding = factories.programme(slug="secondary-tfm-embedding", title="TfM Embedding",
                                    eligibility_rules=EMBEDDING)
    factories.programme(slug="secondary-tfm-sustaining", title="TfM Sustaining")
    return development, embedding


@pytest.fixture
def national_staff():
    return factories.member(factories.hub(slug="national", is_national=True), Role.NATIONAL_STAFF)


# --- Service ---------------------------------------------------------------------------------

def test_saving_new_rules_is_audited_with_before_and_after(programmes, national_staff):
    _, embedding = programmes
    new_rules = [{"rule": "school", "params": {"phases": ["secondary", "post16"]}}]
    programme_rules_update(actor=national_staff, programme=embedding, rules=new_rules)
    embedding.refresh_from_db()
    assert embedding.eligibility_rules == new_rules
    event = AuditEvent.objects.get(action="catalogue.programme.rules_updated")
    assert event.actor == national_staff
    assert event.changes == {"eligibility_rules": [EMBEDDING, new_rules]}


def test_saving_the_same_rules_records_nothing(programmes, national_staff):
    _, embedding = programmes
    programme_rules_update(actor=national_staff, programme=embedding, rules=EMBEDDING)
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(("rules", "problem"), [
    ([{"rule": "prerequisite", "params": {"programme": "secondary-tfm-nonsense"}}],
     "There is no programme “secondary-tfm-nonsense”."),
    ([{"rule": "school_in_programmes", "params": {"programmes": ["a-missing-one"]}}],
     "There is no programme “a-missing-one”."),
    ([{"rule": "early_career", "params": {"next": "ghost"}}], "There is no programme “ghost”."),
    ([{"rule": "made-up"}], "not a known rule"),
])
def test_bad_rules_are_refused_and_nothing_changes(programmes, national_staff, rules, problem):
    _, embedding = programmes
    with pytest.raises(DomainError) as refused:
        programme_rules_update(actor=national_staff, programme=embedding, rules=rules)
    assert problem in refused.value.message
    assert refused.value.field == "rules"
    assert Programme.objects.get(pk=embedding.pk).eligibility_rules == EMBEDDING
    assert not AuditEvent.objects.exists()


# --- Pages -----------------------------------------------------------------------------------

def test_the_rules_page_explains_the_rules_in_words(client, programmes, national_staff):
    sign_in(client, national_staff)
    page = client.get(URL).text
    assert "Took part in another programme first" in page
    assert "TfM Development" in page  # the prerequisite by its title, not its slug
    assert "Must" in page and "Normally" in page
    assert "What “Check if you can apply” asks" in page
    assert "Which school do you work at?" in page
    # Issue 13: rules are changed one kind of rule at a time on forms, not as JSON.
    assert "Add a rule" in page


def test_national_staff_change_the_rules_through_the_page(client, programmes, national_staff):
    sign_in(client, national_staff)
    response = client.post(URL + "add/role/", {"roles": ["head_of_department"], "hard": "yes"})
    assert response.status_code == 302 and response["Location"] == URL
    assert Programme.objects.get(slug="secondary-tfm-embedding").eligibility_rules == [
        *EMBEDDING, {"rule": "role", "params": {"roles": ["head_of_department"]}}]
    page = client.get(URL).text
    assert "Rule added to TfM Embedding: The applicant's role is one of these." in html.unescape(
        page)


@pytest.mark.parametrize(("kind", "data", "message"), [
    ("role", {"hard": "yes"}, "Choose at least one"),
    ("role", {"roles": ["wizard"], "hard": "yes"}, "Select a valid choice"),
    ("prerequisite", {"programme": "ghost", "hard": "yes"}, "Choose a programme"),
    ("early_career", {"min": "99", "hard": "yes"}, "Enter a number from 0 to 50"),
    ("target_group", {"message": "Only for Year 10.", "hard": "yes"}, "Choose at least one"),
])
def test_bad_rules_are_shown_on_the_page_and_the_text_is_kept(client, programmes,
                                                               national_staff, kind, data,
                                                               message):
    sign_in(client, national_staff)
    response = client.post(f"{URL}add/{kind}/", data)
    assert response.status_code == 422
    page = html.unescape(response.text)
    assert "There is a problem" in page
    assert message in page
    assert Programme.objects.get(slug="secondary-tfm-embedding").eligibility_rules == EMBEDDING


def test_hub_staff_read_the_rules_but_cannot_change_them(client, programmes):
    reader = factories.member(factories.hub(slug="cw"), Role.HUB_STAFF)
    sign_in(client, reader)
    page = client.get(URL).text
    assert "Took part in another programme first" in page
    assert "Add a rule" not in page and "The national team changes them" in page
    assert client.post(URL + "add/in_england/", {"hard": "yes"}).status_code == 404
    assert Programme.objects.get(slug="secondary-tfm-embedding").eligibility_rules == EMBEDDING


def test_the_programme_list_links_every_programme(client, programmes, national_staff,
                                                  django_assert_max_num_queries):
    for n in range(15):
        factories.programme(slug=f"extra-{n}")
    sign_in(client, national_staff)
    with django_assert_max_num_queries(8):
        page = client.get("/staff/programmes/").text
    for programme in Programme.objects.all():
        assert f"/staff/programmes/{programme.slug}/eligibility/" in page


def test_staff_home_links_to_programmes_for_those_who_may_read_them(client, programmes,
                                                                    national_staff):
    sign_in(client, national_staff)
    assert "/staff/programmes/" in client.get("/staff/").text
    sign_in(client, factories.user())
    assert "/staff/programmes/" not in client.get("/staff/").text
