"""Applications in the API, and the hub API tokens that open a hub's: made on the staff page or
by command, shown once, stored as a digest, scoped to one hub."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests import factories
from tests.applications.helpers import ECT, TEAM, started
from tests.factories import sign_in
from workgroups.accounts.models import ApiToken, Role
from workgroups.accounts.services import api_token_create, api_token_revoke
from workgroups.accounts.tokens import token_digest
from workgroups.applications.services import application_submit
from workgroups.audit.models import AuditEvent
from workgroups.core.services import DomainError

pytestmark = pytest.mark.django_db


def sent(offering, answers=ECT, applicant=None):
    applicant, draft = started(offering, answers, applicant=applicant)
    return application_submit(applicant=applicant, application=draft)


@pytest.fixture
def hub_token(ect_offering):
    staff = factories.member(ect_offering.hub, Role.HUB_STAFF)
    _token, raw = api_token_create(actor=staff, hub=ect_offering.hub, user=staff, name="Sheet")
    return raw


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


# --- Tokens ----------------------------------------------------------------------------------

def test_a_token_is_stored_only_as_a_digest_and_never_audited(ect_offering, hub_token):
    token = ApiToken.objects.get()
    assert token.digest == token_digest(hub_token) and hub_token.startswith(token.prefix)
    assert hub_token not in str(list(ApiToken.objects.values()))
    assert hub_token not in str(list(AuditEvent.objects.values()))


def test_only_the_hub_s_staff_can_have_its_token(ect_offering):
    outsider = factories.user()
    with pytest.raises(DomainError, match="does not manage"):
        api_token_create(actor=None, hub=ect_offering.hub, user=outsider, name="x")
    with pytest.raises(DomainError, match="Enter a name"):
        api_token_create(actor=None, hub=ect_offering.hub,
                         user=factories.member(ect_offering.hub), name=" ")


def test_the_command_prints_the_token_once(ect_offering):
    staff = factories.member(ect_offering.hub, Role.HUB_LEAD, email="lead@hub.example.org")
    out, err = StringIO(), StringIO()
    call_command("create_api_token", ect_offering.hub.slug, staff.email, stdout=out,
                 stderr=err)
    raw = out.getvalue().strip()
    assert ApiToken.objects.get().digest == token_digest(raw)
    assert "only a digest" in err.getvalue()
    with pytest.raises(CommandError, match="no hub"):
        call_command("create_api_token", "nowhere", staff.email)
    with pytest.raises(CommandError, match="does not manage"):
        call_command("create_api_token", ect_offering.hub.slug, factories.user().email)


def test_staff_make_see_and_revoke_tokens_on_their_hub_page(client, ect_offering):
    staff = factories.member(ect_offering.hub, Role.HUB_STAFF)
    sign_in(client, staff)
    url = f"/staff/hubs/{ect_offering.hub.slug}/api-tokens/"
    empty = client.post(url, {})
    assert 'href="#id_name"' in empty.text
    made = client.post(url, {"name": "Hub spreadsheet"})
    assert made.status_code == 200 and made["Cache-Control"] == "no-store"
    token = ApiToken.objects.get()
    raw = made.text.split('id="new-token">')[1].split("<")[0]
    assert token.digest == token_digest(raw)
    again = client.get(url).text
    assert raw not in again and token.prefix in again
    client.post(f"{url}{token.pk}/revoke/")
    assert ApiToken.objects.get().revoked_at is not None
    sign_in(client, factories.member(factories.hub(slug="other")))
    assert client.get(url).status_code == 404


# --- GET /api/v1/hubs/{hub}/applications -------------------------------------------------------

def test_a_hub_reads_its_applications_with_its_token(client, ect_offering, hub_token):
    application = sent(ect_offering)
    response = client.get(f"/api/v1/hubs/{ect_offering.hub.slug}/applications", **bearer(
        hub_token))
    assert response.status_code == 200, response.text
    [row] = response.json()
    assert row["id"] == application.pk and row["offering"] == ect_offering.slug
    assert row["school"] == {"urn": 111422, "name": "Upton-by-Chester High School"}
    assert row["applicant"] == {"name": "Sam Okafor", "email": application.applicant.email}
    assert row["eligibility"]["outcome"] == application.eligibility["outcome"]
    assert row["participants"] == [] and row["supports"] == []
    assert row["submitted_at"].endswith("+01:00")


def test_filters_and_a_bad_status(client, ect_offering, hub_token):
    sent(ect_offering)
    url = f"/api/v1/hubs/{ect_offering.hub.slug}/applications"
    assert len(client.get(url, {"status": "ready_for_review"}, **bearer(hub_token)).json()) == 1
    assert client.get(url, {"status": "withdrawn"}, **bearer(hub_token)).json() == []
    assert client.get(url, {"offering": "nope"}, **bearer(hub_token)).json() == []
    assert client.get(url, {"year": "2023-24"}, **bearer(hub_token)).json() == []
    bad = client.get(url, {"status": "maybe"}, **bearer(hub_token))
    assert bad.status_code == 422 and "query status" in bad.json()["detail"]
    assert bad.json()["errors"][0]["loc"] == ["query", "status"]
    assert "ready_for_review" in bad.json()["errors"][0]["message"]


def test_another_hub_s_token_is_a_404_and_a_bad_one_a_401(client, ect_offering, hub_token):
    other = factories.hub(slug="other")
    staff = factories.member(other, Role.HUB_STAFF)
    _token, other_raw = api_token_create(actor=None, hub=other, user=staff, name="x")
    url = f"/api/v1/hubs/{ect_offering.hub.slug}/applications"
    assert client.get(url, **bearer(other_raw)).status_code == 404
    assert client.get("/api/v1/hubs/nowhere/applications",
                      **bearer(hub_token)).status_code == 404
    assert client.get(url).status_code == 401
    assert client.get(url, **bearer("wgh_made-up")).status_code == 401
    api_token_revoke(actor=None, token=ApiToken.objects.get(hub=ect_offering.hub))
    assert client.get(url, **bearer(hub_token)).status_code == 401


def test_a_token_stops_working_when_its_person_leaves_the_hub(client, ect_offering, hub_token):
    ApiToken.objects.get().user.memberships.all().delete()
    response = client.get(f"/api/v1/hubs/{ect_offering.hub.slug}/applications",
                          **bearer(hub_token))
    assert response.status_code == 401


def test_team_applications_list_participants_and_supports(client, team_offering):
    staff = factories.member(team_offering.hub, Role.HUB_STAFF)
    _token, raw = api_token_create(actor=None, hub=team_offering.hub, user=staff, name="x")
    sent(team_offering, TEAM)
    [row] = client.get(f"/api/v1/hubs/{team_offering.hub.slug}/applications",
                       **bearer(raw)).json()
    assert [p["email"] for p in row["participants"]] == ["ada@school.example.org",
                                                         "blaise@school.example.org"]
    assert {(s["kind"], s["status"]) for s in row["supports"]} == {("agreement", "requested")}


def test_the_hub_list_takes_the_same_queries_for_one_or_many(client, ect_offering, hub_token,
                                                             django_assert_num_queries):
    url = f"/api/v1/hubs/{ect_offering.hub.slug}/applications"
    sent(ect_offering)
    client.get(url, **bearer(hub_token))  # the first use records the time; later ones don't
    with django_assert_num_queries(5) as one:  # token, its hub check, rows, supports, schools
        client.get(url, **bearer(hub_token))
    for _ in range(4):
        sent(ect_offering)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get(url, **bearer(hub_token)).json()) == 5


# --- GET /api/v1/me/applications -------------------------------------------------------------

def test_an_applicant_reads_their_own_applications_only(client, ect_offering):
    mine = sent(ect_offering)
    sent(ect_offering)  # someone else's
    assert client.get("/api/v1/me/applications").status_code == 401
    sign_in(client, mine.applicant)
    rows = client.get("/api/v1/me/applications").json()
    assert [r["id"] for r in rows] == [mine.pk]
    assert rows[0]["offering"]["slug"] == ect_offering.slug
    assert rows[0]["status_label"] == "Ready for the hub to review"


def test_me_with_a_token_is_the_token_s_person(client, ect_offering, hub_token):
    sent(ect_offering)
    assert client.get("/api/v1/me/applications", **bearer(hub_token)).json() == []
