"""The applicant's own account page: name, role, school, and the answers kept for next time."""

from __future__ import annotations

import pytest

from tests import factories
from tests.factories import sign_in
from workgroups.applications.models import ApplicantProfile
from workgroups.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(client):
    person = factories.user(first_name="Sam", last_name="Okafor")
    sign_in(client, person)
    return person


def test_the_profile_page_shows_what_is_kept(client, applicant):
    ApplicantProfile.objects.create(user=applicant, role="classroom_teacher",
                                    facts={"years_teaching": 2})
    page = client.get("/account/").text
    assert "Sam Okafor" in page and "Classroom teacher" in page and ">2<" in page


def test_changing_name_and_role_is_audited_without_the_values(client, applicant):
    response = client.post("/account/details/", {"first_name": "Samira", "last_name": "Okafor",
                                                 "role": "head_of_department"})
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.first_name == "Samira" and applicant.profile.role == "head_of_department"
    event = AuditEvent.objects.get(action="accounts.profile.updated")
    assert event.changes == {"changed": ["name", "role"]}
    assert "Samira" not in str(event.changes)


def test_profile_errors_are_in_a_linked_summary(client, applicant):
    page = client.post("/account/details/", {}).text
    for anchor in ["id_first_name", "id_last_name", "id_role_0"]:
        assert f'href="#{anchor}"' in page


def test_choosing_a_school_from_the_register(client, applicant):
    factories.school(111422, "Upton-by-Chester High School")
    results = client.get("/account/school/", {"q": "Upton"}).text
    assert "Upton-by-Chester High School" in results
    client.post("/account/school/", {"urn": "111422", "q": "Upton"})
    assert applicant.profile.school_urn == 111422
    assert "Select your school" in client.post("/account/school/", {"q": "Upton"}).text


def test_forgetting_saved_answers(client, applicant):
    ApplicantProfile.objects.create(user=applicant, facts={"years_teaching": 2})
    client.post("/account/forget/")
    assert ApplicantProfile.objects.get(user=applicant).facts == {}


def test_the_account_pages_need_sign_in(client):
    response = client.get("/account/")
    assert response.status_code == 302 and "/accounts/login/code/" in response["Location"]
