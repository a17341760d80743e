from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.catalogue.test_views import build_catalogue
from workgroups.catalogue.models import OfferingStatus, ProgressionRoute, Unit

pytestmark = pytest.mark.django_db


def test_hubs_lists_slug_name_and_areas(client):
    hub = factories.hub(slug="cheshire-and-wirral", name="Cheshire and Wirral Maths Hub")
    hub.areas.add(factories.local_authority(code=344, name="Wirral"))
    factories.hub(slug="national", is_national=True)
    response = client.get("/api/v1/hubs")
    assert response.status_code == 200
    assert response.json() == [{"slug": "cheshire-and-wirral",
                                "name": "Cheshire and Wirral Maths Hub",
                                "areas": [{"code": 344, "name": "Wirral"}]}]


def test_offerings_have_the_published_shape_with_offset_datetimes(client, pinned_clock):
    hub = factories.hub(slug="em")
    programme = factories.programme(slug="tfm-development", title="TfM Development",
                                    unit=Unit.SCHOOL_TEAM, team_size=2)
    offering = factories.offering(hub=hub, programme=programme, code="NCP 24-12",
                                  applications_open=date(2024, 6, 1),
                                  applications_close=date(2024, 10, 18))
    place = factories.venue(hub, name="Centre", address="1 Road", postcode="NG8 4BW")
    group = factories.work_group(offering, name="North", capacity_schools=7,
                                 capacity_participants=14)
    factories.session(group, day=date(2024, 11, 5), venue=place)  # GMT
    factories.session(group, day=date(2025, 6, 5), online=True)   # BST
    response = client.get("/api/v1/hubs/em/offerings?year=2024-25&status=recruiting")
    assert response.status_code == 200
    [item] = response.json()
    assert item["slug"] == "tfm-development"
    assert item["code"] == "NCP 24-12"
    assert item["programme"] == {"slug": "tfm-development", "title": "TfM Development",
                                 "audience": "teachers", "unit": "school_team", "team_size": 2}
    assert item["academic_year"] == "2024-25"
    assert item["status"] == "recruiting"
    assert item["applications_open"] == "2024-06-01"
    assert item["applications_close"] == "2024-10-18"
    assert item["accepting_applications"] is True
    [wg] = item["work_groups"]
    assert (wg["name"], wg["delivery_mode"], wg["capacity_schools"],
            wg["capacity_participants"]) == ("North", "face_to_face", 7, 14)
    first, second = wg["sessions"]
    assert first["starts_at"] == "2024-11-05T09:00:00+00:00"
    assert first["ends_at"] == "2024-11-05T15:30:00+00:00"
    assert first["venue"] == {"name": "Centre", "address": "1 Road", "postcode": "NG8 4BW"}
    assert first["online"] is False
    assert second["starts_at"] == "2025-06-05T09:00:00+01:00"
    assert second["venue"] is None and second["online"] is True


@pytest.mark.parametrize(
    ("query", "expected"),
    # Statuses as shown on 1 October 2024: 2021/22 is over, so "c" is closed, not recruiting.
    [("", {"a", "b", "c"}), ("?year=2024-25", {"a", "b"}), ("?status=recruiting", {"a"}),
     ("?status=closed", {"c"}), ("?year=2024-25&status=expression_of_interest", {"b"})],
)
def test_offerings_filter_by_year_and_status(client, pinned_clock, query, expected):
    hub = factories.hub(slug="cw")
    factories.offering(hub=hub, slug="a")
    factories.offering(hub=hub, slug="b", status=OfferingStatus.EXPRESSION_OF_INTEREST)
    factories.offering(hub=hub, slug="c", academic_year=factories.academic_year(2021))
    factories.offering(hub=hub, slug="d", status=OfferingStatus.DRAFT)
    response = client.get("/api/v1/hubs/cw/offerings" + query)
    assert {item["slug"] for item in response.json()} == expected


def test_an_unknown_status_is_a_422_with_a_json_error(client):
    factories.hub(slug="cw")
    response = client.get("/api/v1/hubs/cw/offerings?status=open")
    assert response.status_code == 422
    assert "detail" in response.json()


@pytest.mark.parametrize("url", ["/api/v1/hubs/nope/offerings",
                                 "/api/v1/hubs/cw/offerings?year=2031-32",
                                 "/api/v1/hubs/cw/offerings/2024-25/nope",
                                 "/api/v1/hubs/cw/offerings/2031-32/a",
                                 "/api/v1/hubs/nope/offerings/2024-25/a"])
def test_unknown_hub_year_or_offering_is_404_with_detail(client, url):
    factories.offering(hub=factories.hub(slug="cw"), slug="a")
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert isinstance(response.json()["detail"], str)


def test_offering_detail_has_the_descriptive_fields(client):
    hub = factories.hub(slug="cw", contact_email="hub@example.org")
    phase1 = factories.programme(slug="sktm-ect-phase-1")
    phase2 = factories.programme(slug="sktm-ect-phase-2", learning_outcomes=["Reason"],
                                 who_can_take_part="Phase 1 graduates")
    phase2.prerequisites.add(phase1)
    ProgressionRoute.objects.create(from_programme=phase2, to_programme=phase1)  # nonsense, but
    ProgressionRoute.objects.create(from_programme=phase2, to_programme=phase2)  # any routes
    factories.offering(hub=hub, programme=phase2)
    body = client.get("/api/v1/hubs/cw/offerings/2024-25/sktm-ect-phase-2").json()
    assert body["programme"]["prerequisites"] == ["sktm-ect-phase-1"]
    assert body["programme"]["next_stage"] == "sktm-ect-phase-1"
    assert body["programme"]["next_stages"] == ["sktm-ect-phase-1", "sktm-ect-phase-2"]
    assert body["programme"]["who_can_take_part"] == "Phase 1 graduates"
    assert body["programme"]["learning_outcomes"] == ["Reason"]
    assert body["contact_email"] == "hub@example.org"
    assert body["work_groups"] == []
    # Without its own words for the year, the offering says what the programme says.
    assert body["title"] == phase2.title
    assert body["text"]["who_can_take_part"] == "Phase 1 graduates"


def test_offering_detail_gives_the_offerings_own_words_for_its_year(client):
    """London South West 2022/23 called it "Secondary Subject Leadership" (issue 12 item 12)."""
    hub = factories.hub(slug="lsw")
    programme = factories.programme(slug="subject-leaders-community", title="Subject Leaders",
                                    time_commitment="Six days")
    factories.offering(hub=hub, programme=programme, academic_year=factories.academic_year(2022),
                       title="Secondary Subject Leadership", time_commitment="Four sessions",
                       learning_outcomes=["Lead a department"], demo_fields=["decisions_by"])
    body = client.get("/api/v1/hubs/lsw/offerings/2022-23/subject-leaders-community").json()
    assert body["title"] == "Secondary Subject Leadership"
    assert body["programme"]["title"] == "Subject Leaders"  # the national name, unchanged
    assert body["text"]["time_commitment"] == "Four sessions"
    assert body["text"]["learning_outcomes"] == ["Lead a department"]
    assert body["demo_fields"] == ["decisions_by"]
    listed = client.get("/api/v1/hubs/lsw/offerings?year=2022-23").json()
    assert [o["title"] for o in listed] == ["Secondary Subject Leadership"]


@pytest.mark.parametrize("size", [1, 12])
def test_offerings_list_uses_a_fixed_number_of_queries(client, size):
    hub = factories.hub(slug="cw")
    build_catalogue(hub, size)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/hubs/cw/offerings?year=2024-25")
    assert response.status_code == 200
    assert len(response.json()) == size
    # offerings (+hub/year/programme), work groups, sessions (+venues); besides them the
    # catalogue cache's own (workgroups/catalogue/cache.py)
    read = [q["sql"] for q in queries.captured_queries
            if "workgroups_cache" not in q["sql"] and "SAVEPOINT" not in q["sql"]]
    assert len(read) == 3, read
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/v1/hubs/cw/offerings?year=2024-25")
    assert again.json() == response.json()
    assert len(queries) == 1, [q["sql"] for q in queries.captured_queries]  # version + answer


def test_openapi_is_published_with_the_contract_paths(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/hubs", "/api/v1/hubs/{hub}/offerings",
            "/api/v1/hubs/{hub}/offerings/{year}/{offering}"} <= set(schema["paths"])
    statuses = schema["components"]["schemas"]["OfferingStatus"]["enum"]
    assert statuses == ["draft", "expression_of_interest", "recruiting", "full", "closed",
                        "running", "completed"]


# --- Input that cannot be used: one error shape, never a 5xx (issue 12) --------------------------

def assert_error_shape(response, status=422):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert all(isinstance(e["message"], str) and isinstance(e["loc"], list)
               for e in body.get("errors", []))
    return body


@pytest.mark.parametrize(("url", "code"), [
    ("/api/v1/schools?q=%00", "nul_character"),
    ("/api/v1/hubs/cw/offerings?year=a%00", "nul_character"),
    ("/api/v1/hubs/c%00w/offerings", "nul_character"),
    ("/api/v1/hubs/cw/offerings/2024-25/a%00", "nul_character"),
    ("/api/v1/schools?q=x&%00=1", "nul_character"),
    ("/api/v1/schools/²²²²²²", "invalid"),
    ("/api/v1/schools/١١١٤٢٢", "invalid"),
    (f"/api/v1/schools/{10**40}", "invalid"),
    ("/api/v1/schools/12", "invalid"),
    ("/api/v1/schools?limit=²", "invalid"),
    ("/api/v1/hubs/cw/offerings?status=open", "invalid"),
    ("/api/v1/hubs/cw/offerings?year=24-25", "invalid"),
])
def test_unusable_input_in_a_path_or_query_is_a_422_in_the_one_error_shape(client, url, code):
    factories.offering(hub=factories.hub(slug="cw"), slug="a")
    body = assert_error_shape(client.get(url))
    assert body["code"] == code and body["errors"]


ELIGIBILITY = "/api/v1/hubs/cw/offerings/2024-25/a/eligibility"


@pytest.mark.parametrize(("facts", "field"), [
    ({"core_maths_years": False}, "core_maths_years"),  # a bool is not a number of years
    ({"years_teaching": "3"}, "years_teaching"),
    ({"maths_itt": 1}, "maths_itt"),
    ({"urn": "111422"}, "urn"),  # a JSON number, as the document says
    ({"urn": 10**40}, "urn"),
    ({"urn": 12}, "urn"),  # URNs are six digits
    ({"trust_urns": [True]}, "trust_urns"),
    ({"trust_urns": [111422] * 101}, "trust_urns"),
])
def test_eligibility_facts_have_strict_types(client, facts, field):
    factories.offering(hub=factories.hub(slug="cw"), slug="a")
    body = assert_error_shape(client.post(ELIGIBILITY, facts, content_type="application/json"))
    assert body["code"] == "invalid"
    assert field in body["detail"] and body["errors"][0]["loc"][-1] in {field, 0}


@pytest.mark.parametrize("body", ['{"email": "pat\\u0000@example.org"}',
                                  '{"role": "classroom_teacher\\u0000"}', '{"\\u0000": 1}'])
def test_a_nul_anywhere_in_a_json_body_is_a_422(client, body):
    factories.offering(hub=factories.hub(slug="cw"), slug="a")
    response = client.post(ELIGIBILITY, body, content_type="application/json")
    assert assert_error_shape(response)["code"] == "nul_character"


@pytest.mark.parametrize("url", ["/api/v1/nothing-here", "/api/v1/hubs/cw/offerings/a/b/c/d",
                                 "/api/v1/hubs/a%2Fb/offerings"])
def test_an_address_the_api_does_not_have_is_a_json_404(client, url):
    assert_error_shape(client.get(url), 404)
    assert_error_shape(client.post(url, {}, content_type="application/json"), 404)


def test_every_operation_documents_the_one_error_shape_for_400_and_422(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for status in ("400", "422"):
                content = operation["responses"][status]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/ErrorOut"}, (
                    method, path, status)
    error = schema["components"]["schemas"]["ErrorOut"]
    assert error["required"] == ["detail"] and error["properties"]["detail"]["type"] == "string"


@pytest.mark.parametrize(("body", "status"), [("[" * 100_000 + "]" * 100_000, 400),
                                              ("[" * 900 + '"\\u0000"' + "]" * 900, 422)])
def test_json_nested_too_deep_is_a_4xx(client, body, status):
    factories.offering(hub=factories.hub(slug="cw"), slug="a")
    assert_error_shape(client.post(ELIGIBILITY, body, content_type="application/json"), status)
