"""After signing in, each person lands where their work is, and the header links them to
exactly the areas they can use."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import HubMembership, Role

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
AREAS = {"Staff area", "National overview", "Your Work Groups", "Your applications",
         "Your account"}


@pytest.fixture
def people():
    hub = factories.hub(slug="cheshire", name="Cheshire Maths Hub")
    other = factories.hub(slug="london", name="London Maths Hub")
    national = factories.hub(slug="national", name="National record", is_national=True)
    both = factories.member(hub, Role.HUB_STAFF)
    HubMembership.objects.create(user=both, hub=other, role=Role.HUB_LEAD)
    return {
        "applicant": factories.user(),
        "hub_staff": factories.member(hub, Role.HUB_STAFF),
        "hub_lead": factories.member(hub, Role.HUB_LEAD),
        "staff_of_two_hubs": both,
        "work_group_lead": factories.member(hub, Role.WORK_GROUP_LEAD),
        "national_viewer": factories.member(national, Role.NATIONAL_VIEWER),
        "national_staff": factories.member(national, Role.NATIONAL_STAFF),
        "superuser": factories.user(is_superuser=True, is_staff=True),
    }


LANDS_ON = {
    "applicant": "/applications/",
    "hub_staff": "/staff/hubs/cheshire/",
    "hub_lead": "/staff/hubs/cheshire/",
    "staff_of_two_hubs": "/staff/",
    "work_group_lead": "/lead/",
    "national_viewer": "/national/",
    "national_staff": "/national/",
    "superuser": "/staff/",
}

HEADER = {
    "applicant": ["Your applications", "Your account"],
    "hub_staff": ["Staff area", "Your applications", "Your account"],
    "hub_lead": ["Staff area", "Your applications", "Your account"],
    "staff_of_two_hubs": ["Staff area", "Your applications", "Your account"],
    "work_group_lead": ["Your Work Groups", "Your applications", "Your account"],
    "national_viewer": ["National overview", "Your applications", "Your account"],
    "national_staff": ["Staff area", "National overview", "Your applications", "Your account"],
    "superuser": ["Staff area", "National overview", "Your applications", "Your account"],
}


def header_links(html: str) -> list[tuple[str, str]]:
    nav = html[html.index('<nav aria-label="Your areas"'):]
    nav = nav[:nav.index("</nav>")]
    return [(re.sub(r"<[^>]+>", "", label).strip(), href)
            for href, label in re.findall(r'<a class="govuk-service-navigation__link" '
                                          r'href="([^"]+)"[^>]*>(.*?)</a>', nav)]


@pytest.mark.parametrize("role", LANDS_ON)
def test_signing_in_with_a_password_lands_where_the_work_is(client, people, role):
    """Everyone with a role passes their second factor on the way (an applicant has none)."""
    person = people[role]
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    if role != "applicant":
        factories.second_factor(person)
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    if role != "applicant":
        assert response["Location"] == "/accounts/2fa/authenticate/"
        response = client.post(response["Location"], {"code": factories.totp_code()})
        assert response.status_code == 302
    assert response["Location"] == LANDS_ON[role], role
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("role", LANDS_ON)
def test_the_header_links_exactly_the_areas_each_person_can_use(client, people, role):
    sign_in(client, people[role])
    links = header_links(client.get("/").text)
    assert [label for label, _ in links] == HEADER[role]
    for label, href in links:
        assert client.get(href).status_code == 200, (role, label, href)


def test_signed_out_people_see_only_sign_in(client, people):
    links = header_links(client.get("/").text)
    assert links == [("Sign in", "/accounts/login/code/")]


def test_the_header_marks_the_area_the_page_belongs_to(client, people):
    sign_in(client, people["hub_staff"])
    page = client.get("/staff/hubs/cheshire/").text
    nav = page[page.index('<nav aria-label="Your areas"'):]
    assert re.search(r'href="/staff/hubs/cheshire/" aria-current="true"', nav)
    assert nav.count('aria-current="true"') == 1


def test_the_header_asks_one_query_for_a_member_and_none_signed_out(client, people,
                                                                     django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get("/privacy/")
    sign_in(client, people["national_staff"])
    client.get("/privacy/")
    with django_assert_num_queries(3):  # session, user, the person's memberships
        client.get("/privacy/")


def test_the_staff_area_refusing_someone_links_them_onwards(client, people):
    sign_in(client, people["work_group_lead"])
    page = client.get("/staff/").text
    main = page[page.index("<main"):]
    assert 'href="/lead/"' in main and 'href="/applications/"' in main
    sign_in(client, people["national_viewer"])
    main = client.get("/staff/").text
    main = main[main.index("<main"):]
    assert 'href="/national/"' in main


def test_a_staff_page_that_refuses_someone_links_them_to_their_own_areas(client, people):
    sign_in(client, people["work_group_lead"])
    refused = client.get("/staff/hubs/cheshire/")
    assert refused.status_code == 404
    main = refused.text[refused.text.index("<main"):]
    assert 'href="/lead/"' in main and 'href="/applications/"' in main
    sign_in(client, people["national_viewer"])
    main = client.get("/staff/hubs/cheshire/").text
    assert 'href="/national/"' in main[main.index("<main"):]
