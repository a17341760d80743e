"""Eligibility from the database: history through links, the API and the question pages."""

from __future__ import annotations

from datetime import date

import pytest

from tests import factories
from workgroups.catalogue.models import OfferingStatus
from workgroups.eligibility.defaults import DEFAULT_RULES
from workgroups.schools.models import ParticipationRecord, SchoolLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(pinned_clock):
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    hub.areas.add(factories.local_authority(code=896, name="Cheshire West and Chester"))
    year = factories.academic_year(2024)
    development = factories.programme(slug="secondary-tfm-development",
                                      title="TfM Development",
                                      eligibility_rules=DEFAULT_RULES["secondary-tfm-development"])
    embedding = factories.programme(slug="secondary-tfm-embedding", title="TfM Embedding",
                                    eligibility_rules=DEFAULT_RULES["secondary-tfm-embedding"])
    embedding.prerequisites.add(development)
    window = {"applications_open": date(2024, 6, 1), "applications_close": date(2024, 10, 18)}
    factories.offering(hub=hub, academic_year=year, programme=development, **window)
    factories.offering(hub=hub, academic_year=year, programme=embedding, **window)
    factories.school(140000, "Upton Academy")
    factories.school(111422, "Upton-by-Chester High School", status="Closed", is_open=False,
                     successor_urn=140000)
    SchoolLink.objects.create(urn=111422, link_urn=140000, link_type="Successor")
    return hub, year, development, embedding


def record(year, hub, programme, urn=None, email="", outcome="completed"):
    return ParticipationRecord.objects.create(academic_year=year, hub=hub, programme=programme,
                                              school_urn=urn, email=email, outcome=outcome)


def test_history_survives_academy_conversion(client, world):
    hub, _, development, _ = world
    record(factories.academic_year(2023), hub, development, urn=111422)
    record(factories.academic_year(2023), hub, development, email="alex@example.org")
    body = client.post("/api/v1/hubs/cw/offerings/2024-25/secondary-tfm-embedding/eligibility",
                       {"urn": 140000, "email": "Alex@Example.org", "role": "classroom_teacher",
                        "teaches_maths": "now"}, content_type="application/json").json()
    assert body["outcome"] == "eligible", body["reasons"]
    assert body["school"]["urn"] == 140000


def test_embedding_without_last_years_development(client, world):
    body = client.post("/api/v1/hubs/cw/offerings/2024-25/secondary-tfm-embedding/eligibility",
                       {"urn": 140000, "email": "new@example.org", "role": "classroom_teacher",
                        "teaches_maths": "now"}, content_type="application/json").json()
    assert body["outcome"] == "not_eligible"
    [missing] = [r for r in body["reasons"] if r["code"] == "prerequisite_missing"]
    assert missing["hard"] is True
    assert missing["suggestion"]["url"] == "/hubs/cw/2024-25/secondary-tfm-development/"


def test_the_closed_old_urn_is_refused_with_its_successor(client, world):
    body = client.post("/api/v1/hubs/cw/offerings/2024-25/secondary-tfm-development/eligibility",
                       {"urn": 111422, "role": "classroom_teacher", "teaches_maths": "now"},
                       content_type="application/json").json()
    [closed] = [r for r in body["reasons"] if r["code"] == "school_closed"]
    assert "Upton Academy (URN 140000)" in closed["suggestion"]["text"]
    assert body["school"]["successor"] == {"urn": 140000, "name": "Upton Academy"}


@pytest.mark.parametrize(("payload", "field"), [
    ({"urn": "abc"}, "urn"),
    ({"role": "wizard"}, "role"),
    ({"years_teaching": -1}, "years_teaching"),
    ({"favourite_colour": "blue"}, "favourite_colour"),
    ({"trust_urns": "1,2"}, "trust_urns"),
])
def test_malformed_facts_are_a_422_naming_the_field(client, world, payload, field):
    response = client.post(
        "/api/v1/hubs/cw/offerings/2024-25/secondary-tfm-development/eligibility", payload,
        content_type="application/json")
    assert response.status_code == 422
    assert field in str(response.json()["detail"])


def test_eligibility_for_an_unknown_offering_is_404(client, world):
    response = client.post("/api/v1/hubs/cw/offerings/2024-25/nope/eligibility", {},
                           content_type="application/json")
    assert response.status_code == 404


def test_missing_facts_are_named_not_crashed(client, world):
    body = client.post("/api/v1/hubs/cw/offerings/2024-25/secondary-tfm-development/eligibility",
                       {}, content_type="application/json").json()
    assert body["outcome"] == "not_eligible"
    assert {r["code"] for r in body["reasons"]} == {"missing_fact"}
    assert "urn" in {r["fact"] for r in body["reasons"]}
    assert "(urn)" not in " ".join(r["message"] for r in body["reasons"])  # words for people


def test_the_question_pages_ask_only_what_the_rules_need(client, world):
    base = "/hubs/cw/2024-25/secondary-tfm-development/check/"
    start = client.get(base)
    assert start.status_code == 200 and "Start now" in start.text
    assert client.post(base)["Location"] == base + "urn/"
    search = client.get(base + "urn/?q=upton")
    assert "Upton Academy" in search.text and 'name="urn"' in search.text
    assert client.post(base + "urn/", {"urn": "140000", "q": "upton"})["Location"] == \
        base + "role/"
    empty = client.post(base + "role/", {})
    assert "Select your role" in empty.text and "There is a problem" in empty.text
    assert client.post(base + "role/", {"answer": "classroom_teacher"})["Location"] == \
        base + "teaches_maths/"
    assert client.post(base + "teaches_maths/", {"answer": "now"})["Location"] == \
        base + "result/"
    result = client.get(base + "result/")
    assert "You can apply" in result.text
    assert "Upton Academy" in result.text  # answers shown with change links
    assert client.get(base + "email/").status_code == 404  # not asked by this programme


def test_the_verdict_explains_and_offers_change_links(client, world):
    base = "/hubs/cw/2024-25/secondary-tfm-embedding/check/"
    client.post(base + "urn/", {"urn": "140000"})
    for fact, answer in [("email", "new@example.org"), ("role", "classroom_teacher"),
                         ("teaches_maths", "now")]:
        client.post(base + f"{fact}/", {"answer": answer})
    result = client.get(base + "result/").text
    assert "You cannot apply for this Work Group" in result
    assert 'data-code="prerequisite_missing"' in result
    assert 'href="/hubs/cw/2024-25/secondary-tfm-development/"' in result
    assert f'href="{base}role/?change=1"' in result
    changed = client.post(base + "role/?change=1", {"answer": "head_of_department"})
    assert changed["Location"] == base + "result/"


def test_the_school_step_refuses_an_empty_choice(client, world):
    base = "/hubs/cw/2024-25/secondary-tfm-development/check/"
    page = client.post(base + "urn/", {"q": "upton"})
    assert "Select your school from the list" in page.text
    assert client.get(base + "result/")["Location"] == base + "urn/"


def test_a_closed_offering_says_so_and_points_to_interest(client, world):
    hub, _, development, _ = world
    development_offering = development.offerings.get()
    development_offering.status = OfferingStatus.CLOSED
    development_offering.save()
    factories.offering(hub=hub, academic_year=factories.academic_year(2025),
                       programme=development, status=OfferingStatus.EXPRESSION_OF_INTEREST)
    body = client.post("/api/v1/hubs/cw/offerings/2024-25/secondary-tfm-development/eligibility",
                       {"urn": 140000, "role": "classroom_teacher", "teaches_maths": "now"},
                       content_type="application/json").json()
    [closed] = [r for r in body["reasons"] if r["code"] == "applications_closed"]
    assert closed["suggestion"]["url"] == "/hubs/cw/2025-26/secondary-tfm-development/"
