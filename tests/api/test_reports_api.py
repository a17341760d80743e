"""The reach API: a hub's (its staff's session or its token) in exactly the issue's shape, and
every hub's for the national roles; bad years are 4xx JSON; another hub's reach is a 404."""

from __future__ import annotations

import pytest

from tests import factories
from tests.factories import sign_in
from tests.reports.test_reach import area
from workgroups.accounts.models import HubMembership, Role
from workgroups.accounts.services import api_token_create

pytestmark = pytest.mark.django_db

HUB_REACH = "/api/v1/hubs/north/reports/reach"
NATIONAL_REACH = "/api/v1/reports/reach"


@pytest.fixture
def built(pinned_clock):
    return area()


def test_a_hub_s_reach_in_the_issue_s_shape(client, built):
    sign_in(client, factories.member(built["hub"], Role.HUB_STAFF))
    response = client.get(HUB_REACH + "?year=2024-25")
    assert response.status_code == 200
    assert response.json() == {
        "hub": "north", "year": "2024-25", "schools_in_area": 5, "schools_engaged": 3,
        "high_pupil_premium": {"in_area": 2, "engaged": 1},
        "sparse": {"in_area": 2, "engaged": 1},
        "by_local_authority": [{"code": 901, "name": "Alpha", "in_area": 3, "engaged": 3},
                               {"code": 902, "name": "Beta", "in_area": 2, "engaged": 0}],
        "by_programme": [{"programme": "p1", "schools": 2, "participants": 4, "completed": 2},
                         {"programme": "p2", "schools": 2, "participants": 1, "completed": 0}],
    }


def test_a_hub_token_reads_its_own_hub_only(client, built):
    person = factories.member(built["hub"], Role.HUB_LEAD)
    factories.member(built["other"], Role.HUB_LEAD, email="x@example.org")
    _, raw = api_token_create(actor=None, hub=built["hub"], user=person, name="Returns")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(HUB_REACH + "?year=2024-25", **headers).json()["schools_engaged"] == 3
    assert client.get("/api/v1/hubs/south/reports/reach?year=2024-25",
                      **headers).status_code == 404


@pytest.mark.parametrize(("role", "status"), [
    (None, 401), (Role.WORK_GROUP_LEAD, 404), ("other", 404), (Role.NATIONAL_VIEWER, 404)])
def test_who_may_not_read_a_hub_s_reach(client, built, role, status):
    if role == "other":
        sign_in(client, factories.member(built["other"], Role.HUB_LEAD))
    elif role == Role.NATIONAL_VIEWER:
        sign_in(client, factories.member(factories.hub(slug="national", is_national=True),
                                         Role.NATIONAL_VIEWER))
    elif role is not None:
        sign_in(client, factories.member(built["hub"], role))
    response = client.get(HUB_REACH + "?year=2024-25")
    assert response.status_code == status
    assert "detail" in response.json()


@pytest.mark.parametrize(("query", "status"), [
    ("", 422), ("?year=2024", 422), ("?year=24-25", 422), ("?year=2024-25x", 422),
    ("?year=2031-32", 404)])
@pytest.mark.parametrize("url", [HUB_REACH, NATIONAL_REACH])
def test_a_bad_year_is_a_4xx_in_json(client, built, query, status, url):
    national = factories.hub(slug="national", is_national=True)
    viewer = factories.member(national, Role.NATIONAL_STAFF)
    HubMembership.objects.create(user=viewer, hub=built["hub"], role=Role.HUB_LEAD)
    sign_in(client, viewer)
    response = client.get(url + query)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_every_hub_s_reach_for_the_national_roles(client, built):
    national = factories.hub(slug="national", name="National record", is_national=True)
    sign_in(client, factories.member(national, Role.NATIONAL_VIEWER))
    response = client.get(NATIONAL_REACH + "?year=2024-25")
    assert response.status_code == 200
    assert response.json() == {
        "year": "2024-25",
        "hubs": [{"hub": "north", "schools_in_area": 5, "schools_engaged": 3,
                  "high_pupil_premium": {"in_area": 2, "engaged": 1}},
                 {"hub": "south", "schools_in_area": 1, "schools_engaged": 0,
                  "high_pupil_premium": {"in_area": 0, "engaged": 0}}],
        "total": {"schools_in_area": 6, "schools_engaged": 3,
                  "high_pupil_premium": {"in_area": 2, "engaged": 1}},
    }


@pytest.mark.parametrize(("role", "status"), [(None, 401), (Role.HUB_LEAD, 404),
                                              (Role.HUB_STAFF, 404)])
def test_only_national_roles_read_every_hub_s_reach(client, built, role, status):
    if role is not None:
        sign_in(client, factories.member(built["hub"], role))
    assert client.get(NATIONAL_REACH + "?year=2024-25").status_code == status


def test_the_api_takes_the_same_queries_however_big(client, built, django_assert_num_queries):
    from tests.reports.test_reach import enrol

    sign_in(client, factories.member(built["hub"], Role.HUB_STAFF))
    client.get(HUB_REACH + "?year=2024-25")
    with django_assert_num_queries(11) as small:
        client.get(HUB_REACH + "?year=2024-25")
    group = factories.work_group(factories.offering(hub=built["hub"],
                                                    academic_year=built["year"]))
    for urn in range(100300, 100330):
        factories.school(urn, f"School {urn}", la_code=901, la_name="Alpha")
        enrol(group, urn)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(HUB_REACH + "?year=2024-25").json()["schools_engaged"] == 33
