"""Decisions in the API: offer, waitlist, decline (hub token), accept (the applicant), and an
offering's Work Groups with their places. 409s carry a stable code; another hub's is a 404."""

from __future__ import annotations

import json

import pytest

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.accounts.services import api_token_create
from workgroups.applications.models import Application, ApplicationStatus

pytestmark = pytest.mark.django_db

S = ApplicationStatus


@pytest.fixture
def world(pinned_clock):
    hub = factories.hub(slug="cw")
    offering = factories.offering(hub=hub, slug="tfm")
    group = factories.work_group(offering, name="Chester", capacity_schools=1,
                                 capacity_participants=5)
    applications = [factories.ready_application(offering, school_urn=urn) for urn in (1, 2, 3)]
    staff = factories.member(hub, Role.HUB_STAFF)
    _, raw = api_token_create(actor=staff, hub=hub, user=staff, name="Sheet")
    return offering, group, applications, {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client, url, data=None, **headers):
    return client.post(url, json.dumps(data or {}), content_type="application/json", **headers)


def test_offer_waitlist_decline_and_the_capacity_conflict(client, world):
    offering, group, (first, second, third), auth = world
    response = post(client, f"/api/v1/applications/{first.pk}/offer",
                    {"work_group": group.pk}, **auth)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "offered" and body["work_group"] == group.pk
    assert body["offer_expires_at"].startswith("2024-10-08")
    full = post(client, f"/api/v1/applications/{second.pk}/offer", {"work_group": group.pk},
                **auth)
    assert full.status_code == 409
    assert full.json()["code"] == "capacity_reached" and "full" in full.json()["detail"]
    assert Application.objects.get(pk=second.pk).status == S.READY_FOR_REVIEW
    waiting = post(client, f"/api/v1/applications/{second.pk}/waitlist", **auth)
    assert waiting.json()["waitlist_position"] == 1
    again = post(client, f"/api/v1/applications/{second.pk}/waitlist", **auth)
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    declined = post(client, f"/api/v1/applications/{third.pk}/decline",
                    {"reason": "Outside the area"}, **auth)
    assert declined.json()["status"] == "declined"
    no_reason = post(client, f"/api/v1/applications/{first.pk}/decline", {"reason": " "},
                     **auth)
    assert no_reason.status_code == 422
    missing = post(client, f"/api/v1/applications/{first.pk}/decline", {}, **auth)
    assert missing.status_code == 422


def test_work_groups_with_places_taken_and_the_waiting_list(client, world,
                                                            django_assert_max_num_queries):
    offering, group, (first, second, _), auth = world
    post(client, f"/api/v1/applications/{first.pk}/offer", {"work_group": group.pk}, **auth)
    post(client, f"/api/v1/applications/{second.pk}/waitlist", **auth)
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/hubs/cw/offerings/2024-25/tfm/work-groups", **auth)
    assert response.json() == [{
        "id": group.pk, "name": "Chester", "capacity_schools": 1, "capacity_participants": 5,
        "places_taken_schools": 1, "places_taken_participants": 1, "waitlist_length": 1}]
    assert client.get("/api/v1/hubs/cw/offerings/2024-25/nope/work-groups",
                      **auth).status_code == 404


def test_the_applicant_accepts_with_their_session(client, world):
    offering, group, (first, _, _), auth = world
    post(client, f"/api/v1/applications/{first.pk}/offer", {"work_group": group.pk}, **auth)
    sign_in(client, first.applicant)
    response = post(client, f"/api/v1/applications/{first.pk}/accept")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    # Accepting twice is harmless; someone else's application is not found.
    assert post(client, f"/api/v1/applications/{first.pk}/accept").status_code == 200
    sign_in(client, factories.user())
    assert post(client, f"/api/v1/applications/{first.pk}/accept").status_code == 404


def test_accepting_without_an_offer_is_a_conflict(client, world):
    _, _, (first, _, _), _ = world
    sign_in(client, first.applicant)
    response = post(client, f"/api/v1/applications/{first.pk}/accept")
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"


def test_another_hub_s_token_gets_404_and_no_token_401(client, world):
    offering, group, (first, _, _), _ = world
    other = factories.hub(slug="other")
    staff = factories.member(other, Role.HUB_STAFF)
    _, raw = api_token_create(actor=staff, hub=other, user=staff, name="Theirs")
    foreign = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    for path, data in ((f"/api/v1/applications/{first.pk}/offer", {"work_group": group.pk}),
                       (f"/api/v1/applications/{first.pk}/waitlist", {}),
                       (f"/api/v1/applications/{first.pk}/decline", {"reason": "x"})):
        assert post(client, path, data, **foreign).status_code == 404
        assert post(client, path, data).status_code == 401
    assert client.get("/api/v1/hubs/cw/offerings/2024-25/tfm/work-groups",
                      **foreign).status_code == 404
    assert Application.objects.get(pk=first.pk).status == S.READY_FOR_REVIEW
    elsewhere = factories.work_group(factories.offering(hub=offering.hub))
    _, _, _, auth = world
    wrong_group = post(client, f"/api/v1/applications/{first.pk}/offer",
                       {"work_group": elsewhere.pk}, **auth)
    assert wrong_group.status_code == 404
