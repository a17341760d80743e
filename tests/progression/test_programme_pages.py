"""The national programme pages: a programme's form, one form per kind of eligibility rule and
per way of completing it, its routes and its history — each audited, with messages on the page,
for national staff only (others read, or get 404)."""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import Role, User
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.catalogue.models import Programme, ProgressionRoute
from workgroups.eligibility.rule_forms import questions_for, rule_fingerprint

pytestmark = pytest.mark.django_db

BASE = "/staff/programmes/"

NEW_PROGRAMME = {
    "title": "Mastery Readiness", "slug": "", "audience": "teachers", "phase": "secondary",
    "summary": "A year to get ready.", "who_can_take_part": "Secondary teachers.",
    "what_is_involved": "Four workshops.", "learning_outcomes": "Plan lessons\nTeach them\n",
    "time_commitment": "Four afternoons.", "equivalent_days": "2.5", "cost": "Free.",
    "unit": "individual", "team_size": "1", "required_supports": ["headteacher"],
}


@pytest.fixture
def national_staff() -> User:
    return factories.member(factories.hub(slug="national", is_national=True), Role.NATIONAL_STAFF)


@pytest.fixture
def development() -> Programme:
    return factories.programme(slug="development", title="TfM Development")


def _page(client: Client, url: str) -> str:
    return html.unescape(client.get(url).text)


def test_national_staff_add_a_programme_on_its_form(client, national_staff, development):
    sign_in(client, national_staff)
    response = client.post(f"{BASE}add/", {**NEW_PROGRAMME, "prerequisites": ["development"]})
    assert response.status_code == 302
    programme = Programme.objects.get(slug="mastery-readiness")  # made from the title
    assert response["Location"] == f"{BASE}mastery-readiness/eligibility/"
    assert programme.learning_outcomes == ["Plan lessons", "Teach them"]
    assert programme.equivalent_days == Decimal("2.5")
    assert programme.required_supports == ["headteacher"]
    assert list(programme.prerequisites.all()) == [development]
    event = AuditEvent.objects.get(action=AuditAction.PROGRAMME_CREATED)
    assert event.actor == national_staff
    page = _page(client, response["Location"])
    assert "Mastery Readiness is added." in page
    assert "This programme has no eligibility rules" in page
    assert "TfM Development" in page  # what comes before it, by title


@pytest.mark.parametrize(("changes", "message"), [
    ({"title": ""}, "Enter a title"),
    ({"slug": "development"}, "A programme already has this short name"),
    ({"slug": "Not a slug!"}, "Use only lower-case letters, numbers and hyphens"),
    ({"unit": "school_team", "team_size": "1"}, "A school team has 2 or more people"),
    ({"equivalent_days": "lots"}, "Enter a number of days, like 4 or 2.5"),
    ({"audience": "pupils"}, "Select a valid choice"),
])
def test_a_programme_form_with_problems_says_so_and_adds_nothing(client, national_staff,
                                                                development, changes, message):
    sign_in(client, national_staff)
    response = client.post(f"{BASE}add/", {**NEW_PROGRAMME, **changes})
    assert response.status_code == 422
    page = html.unescape(response.text)
    assert "There is a problem" in page and message in page
    assert Programme.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_national_staff_change_a_programmes_details(client, national_staff, development):
    sign_in(client, national_staff)
    form = _page(client, f"{BASE}development/edit/")
    assert "TfM Development" in form and "Short name for web addresses" not in form
    response = client.post(f"{BASE}development/edit/", {
        **NEW_PROGRAMME, "title": "TfM Development (new)", "unit": "school_team",
        "team_size": "2"})
    assert response.status_code == 302
    development.refresh_from_db()
    assert (development.slug, development.title, development.team_size) == (
        "development", "TfM Development (new)", 2)
    event = AuditEvent.objects.get(action=AuditAction.PROGRAMME_UPDATED)
    assert event.changes["title"] == ["TfM Development", "TfM Development (new)"]


def test_a_prerequisite_rule_from_its_form_and_the_questions_it_asks(client, national_staff,
                                                                     development):
    readiness = factories.programme(slug="readiness", title="Readiness")
    sign_in(client, national_staff)
    url = f"{BASE}readiness/eligibility/"
    # Choosing the kind is a GET that writes nothing.
    chosen = client.get(url + "add/", {"rule": "prerequisite"})
    assert chosen.status_code == 302 and chosen["Location"] == url + "add/prerequisite/"
    form = _page(client, chosen["Location"])
    assert "Which programme must come first?" in form
    assert '<option value="development">TfM Development</option>' in form
    assert not AuditEvent.objects.exists()
    response = client.post(url + "add/prerequisite/", {
        "programme": "development", "scope": "person", "hard": "yes"})
    assert response.status_code == 302
    readiness.refresh_from_db()
    assert readiness.eligibility_rules == [
        {"rule": "prerequisite", "params": {"programme": "development", "scope": "person"}}]
    page = _page(client, url)
    assert "Took part in another programme first" in page
    assert "TfM Development" in page
    assert "What is your email address?" in page  # a person's history is found by email
    # A soft rule is a "normally", and the school's history needs the school.
    client.post(url + "add/applications_open/", {"hard": "no"})
    readiness.refresh_from_db()
    assert readiness.eligibility_rules[-1] == {"rule": "applications_open", "hard": False}
    assert questions_for(readiness.eligibility_rules) == ["What is your email address?"]
    assert AuditEvent.objects.filter(action=AuditAction.PROGRAMME_RULES_UPDATED).count() == 2


def test_an_unknown_kind_of_rule(client, national_staff, development):
    sign_in(client, national_staff)
    assert client.get(f"{BASE}development/eligibility/add/", {"rule": "tall"}).status_code == 422
    assert client.get(f"{BASE}development/eligibility/add/tall/").status_code == 404
    assert client.post(f"{BASE}development/eligibility/add/tall/").status_code == 404


def test_removing_a_rule_removes_the_one_shown(client, national_staff):
    rules = [{"rule": "in_england"}, {"rule": "teaches_maths"}]
    programme = factories.programme(slug="p", eligibility_rules=rules)
    sign_in(client, national_staff)
    url = f"{BASE}p/eligibility/"
    # The page changed under the person: rule 1 is not the rule they saw.
    stale = client.post(url + "1/remove/", {"shown": rule_fingerprint(rules[1])}, follow=True)
    assert "nothing was removed" in html.unescape(stale.text)
    programme.refresh_from_db()
    assert programme.eligibility_rules == rules
    assert client.post(url + "9/remove/", {"shown": "x"}).status_code == 302
    response = client.post(url + "2/remove/", {"shown": rule_fingerprint(rules[1])},
                           follow=True)
    assert "Rule removed from" in html.unescape(response.text)
    programme.refresh_from_db()
    assert programme.eligibility_rules == [{"rule": "in_england"}]
    assert client.get(url + "1/remove/").status_code == 405  # a button, never a link


def test_completion_has_one_form_per_way(client, national_staff, development):
    sign_in(client, national_staff)
    url = f"{BASE}development/completion/"
    page = _page(client, url)
    assert page.count('name="rule"') == 3
    assert "Attend at least a number of equivalent days" in page
    refused = client.post(url, {"rule": "min_days", "threshold": "0"})
    assert refused.status_code == 422
    assert "Enter at least half a day" in html.unescape(refused.text)
    assert client.post(url, {"rule": "min_days", "threshold": "2.5"}).status_code == 302
    development.refresh_from_db()
    assert (development.completion_rule, development.completion_threshold) == (
        "min_days", Decimal("2.5"))
    assert client.post(url, {"rule": "nonsense"}).status_code == 302
    development.refresh_from_db()
    assert development.completion_rule == "min_days"
    assert AuditEvent.objects.filter(
        action=AuditAction.PROGRAMME_COMPLETION_UPDATED).count() == 1


def test_routes_are_added_and_removed_on_their_page(client, national_staff, development):
    embedding = factories.programme(slug="embedding", title="TfM Embedding")
    sign_in(client, national_staff)
    url = f"{BASE}development/routes/"
    assert "No next stage yet." in _page(client, url)
    added = client.post(url, {"to_programme": "embedding", "after_years": "1",
                              "note": "Then embed it"})
    assert added.status_code == 302
    route = ProgressionRoute.objects.get()
    assert (route.from_programme, route.to_programme, route.note) == (
        development, embedding, "Then embed it")
    again = client.post(url, {"to_programme": "embedding", "after_years": "1"})
    assert again.status_code == 422
    assert "This route is already there" in html.unescape(again.text)
    bad = client.post(url, {"to_programme": "ghost", "after_years": "0"})
    assert bad.status_code == 422
    page = html.unescape(bad.text)
    assert "Choose the programme that comes next" in page
    assert "Enter a number from 1 to 10" in page
    assert client.post(f"{url}{route.pk}/remove/").status_code == 302
    assert not ProgressionRoute.objects.exists()
    assert client.post(f"{url}{route.pk}/remove/", follow=True).status_code == 200
    assert [e.action for e in AuditEvent.objects.order_by("pk")] == [
        AuditAction.PROGRAMME_ROUTE_ADDED, AuditAction.PROGRAMME_ROUTE_REMOVED]


def test_the_history_page_tells_what_changed_in_words(client, national_staff, development):
    factories.programme(slug="readiness", title="Readiness")
    sign_in(client, national_staff)
    client.post(f"{BASE}readiness/eligibility/add/prerequisite/", {
        "programme": "development", "hard": "yes"})
    client.post(f"{BASE}readiness/completion/", {"rule": "min_percent", "threshold": "75"})
    client.post(f"{BASE}readiness/routes/", {"to_programme": "development",
                                             "after_years": "2"})
    page = _page(client, f"{BASE}readiness/history/")
    assert "Eligibility rules changed" in page
    assert "Rule added: Took part in another programme first" in page
    assert "Completion rule changed" in page
    assert ("Attend every required session → Attend at least a share of the sessions: 75%"
            in page)
    assert "Progression route added" in page and "TfM Development, after 2 completed years" in page
    assert "prerequisite" not in page and "min_percent" not in page


@pytest.mark.parametrize("role", [Role.HUB_STAFF, Role.HUB_LEAD, Role.NATIONAL_VIEWER])
def test_only_national_staff_change_programmes(client, development, role):
    hub = (factories.hub(slug="national", is_national=True) if role == Role.NATIONAL_VIEWER
           else factories.hub(slug="cw"))
    sign_in(client, factories.member(hub, role))
    for url in ["add/", "development/edit/", "development/eligibility/add/",
                "development/eligibility/add/in_england/", "development/completion/",
                "development/routes/", "development/history/"]:
        assert client.get(BASE + url).status_code == 404, url
        read_only = url.endswith(("eligibility/add/", "history/"))  # GET pages: no POST
        assert client.post(BASE + url, {"hard": "yes", "rule": "all_required"}
                           ).status_code == (405 if read_only else 404), url
    assert client.post(f"{BASE}development/eligibility/1/remove/").status_code == 404
    if role != Role.NATIONAL_VIEWER:  # offering staff read the rules, and see no buttons
        page = _page(client, f"{BASE}development/eligibility/")
        assert "Add a rule" not in page and "Change how participants complete it" not in page
    assert not AuditEvent.objects.exists()


def test_national_staff_see_the_ways_to_change_a_programme(client, national_staff,
                                                           development):
    sign_in(client, national_staff)
    assert "Add a programme" in _page(client, BASE)
    page = _page(client, f"{BASE}development/eligibility/")
    for link in ["edit/", "eligibility/add/", "completion/", "routes/", "history/"]:
        assert f"{BASE}development/{link}" in page


def test_a_rule_is_changed_on_its_kinds_form(client, national_staff, development):
    rules: list[dict[str, Any]] = [
        {"rule": "in_england"},
        {"rule": "early_career", "hard": False, "params": {"min": 1, "max": 2}}]
    programme = factories.programme(slug="p", eligibility_rules=rules)
    sign_in(client, national_staff)
    url = f"{BASE}p/eligibility/2/change/"
    assert url in _page(client, f"{BASE}p/eligibility/")
    form = _page(client, url)
    assert 'value="2"' in form and "Save the rule" in form
    assert 'value="no" checked' in form  # it is a "normally" now
    shown = rule_fingerprint(rules[1])
    refused = client.post(url, {"shown": shown, "min": "60", "hard": "yes"})
    assert refused.status_code == 422
    response = client.post(url, {"shown": shown, "min": "2", "max": "4", "hard": "yes"})
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.eligibility_rules == [
        {"rule": "in_england"}, {"rule": "early_career", "params": {"min": 2, "max": 4}}]
    # The page it was changed from is out of date now: nothing is saved from it.
    stale = client.post(url, {"shown": shown, "min": "3", "hard": "yes"}, follow=True)
    assert "nothing was saved" in html.unescape(stale.text)
    programme.refresh_from_db()
    assert programme.eligibility_rules[1]["params"] == {"min": 2, "max": 4}
    assert client.get(f"{BASE}p/eligibility/3/change/").status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.PROGRAMME_RULES_UPDATED).count() == 1


@pytest.mark.parametrize("url", [
    "ghost/eligibility/", "development/eligibility/add/no_such_rule/",
    "development/eligibility/99999999999999999999999/change/",
    "development/eligibility/99999999999999999999999/remove/",
    "development/eligibility/0/change/", "development/routes/99999999999999999999999/remove/",
    "development/eligibility/add/?rule=" + "x" * 5000,
])
def test_no_programme_address_or_input_gives_a_server_error(client, national_staff,
                                                             development, url):
    sign_in(client, national_staff)
    assert client.get(BASE + url).status_code < 500
    for data in [{}, {"shown": "[" * 5000, "hard": ["yes", "no"], "programme": "\u2603" * 300,
                      "threshold": "1e999", "rule": "min_days", "to_programme": "",
                      "after_years": "99999999999999999999999"}]:
        assert client.post(BASE + url, data).status_code < 500
    for page in ["development/completion/", "development/routes/", "add/",
                 "development/edit/", "development/eligibility/add/prerequisite/"]:
        assert client.post(BASE + page, {"rule": "min_percent", "threshold": "NaN",
                                         "after_years": "1e5", "to_programme": "development",
                                         "equivalent_days": "Infinity", "title": "x",
                                         "team_size": "-1", "programme": "development",
                                         "previous_year_only": "maybe"}).status_code < 500
