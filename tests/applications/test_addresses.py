"""A supporter's address that is the applicant's own is refused (form and service); one on
the applicant's own domain is allowed and flagged to the hub's staff (issue 14)."""

from __future__ import annotations

import pytest

from tests import factories
from tests.applications.helpers import ECT, started
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.applications.addresses import mailbox, same_mailbox, shares_domain
from workgroups.applications.forms import SupportersForm, TeamForm
from workgroups.applications.models import Endorsement
from workgroups.applications.services import application_submit
from workgroups.core.services import DomainError

pytestmark = pytest.mark.django_db


def test_one_mailbox_whatever_the_case_or_tag():
    assert same_mailbox("Alex+Head@School.example.org ", "alex@school.example.org")
    assert not same_mailbox("alexa@school.example.org", "alex@school.example.org")
    assert not same_mailbox("", "")
    assert mailbox("A+b@X.org") == "a@x.org" and mailbox("nobody") == ""
    assert shares_domain("head@school.example.org", "alex@school.example.org")
    assert not shares_domain("alex+x@school.example.org", "alex@school.example.org")
    assert not shares_domain("head@gmail.com", "alex@gmail.com")
    assert not shares_domain("head@other.example.org", "alex@school.example.org")


def test_the_form_refuses_the_applicants_own_address_in_any_spelling():
    form = SupportersForm({"headteacher_name": "Me", "headteacher_email": "ME+1@school.org"},
                          roles=["headteacher"], applicant_email="me@school.org")
    assert not form.is_valid()
    assert "this is your own" in form.errors["headteacher_email"][0]
    team = TeamForm({"member_1_name": "Me", "member_1_email": "me+x@school.org",
                     "member_1_role": "Teacher", "member_2_name": "Ada",
                     "member_2_email": "ada@school.org", "member_2_role": "Teacher"},
                    size=2, applicant_email="me@school.org")
    assert not team.is_valid() and "your own email address" in team.errors["member_1_email"][0]
    same = TeamForm({"member_1_name": "Me", "member_1_email": "me@school.org",
                     "member_1_role": "Teacher", "member_2_name": "Ada",
                     "member_2_email": "ada@school.org", "member_2_role": "Teacher"},
                    size=2, applicant_email="me@school.org")
    assert same.is_valid()  # the applicant lists themselves as they sign in


def test_the_service_refuses_the_applicants_own_address(ect_offering):
    ect_offering.programme.required_supports = ["headteacher"]
    ect_offering.programme.save()
    applicant = factories.user(email="alex@school.example.org")
    _, draft = started(ect_offering, {**ECT, "supporters": {
        "headteacher": {"name": "Head", "email": "Alex+head@School.example.org"}}},
        applicant=applicant)
    with pytest.raises(DomainError, match="the one given is yours"):
        application_submit(applicant=applicant, application=draft)
    assert not Endorsement.objects.exists()


def test_a_supporter_on_the_applicants_domain_is_flagged_to_staff(ect_offering, client):
    ect_offering.programme.required_supports = ["headteacher", "head_of_maths"]
    ect_offering.programme.save()
    applicant = factories.user(email="alex@school.example.org")
    _, draft = started(ect_offering, {**ECT, "supporters": {
        "headteacher": {"name": "Head", "email": "head@school.example.org"},
        "head_of_maths": {"name": "Maths", "email": "maths@elsewhere.example.org"}}},
        applicant=applicant)
    sent = application_submit(applicant=applicant, application=draft)
    sign_in(client, factories.member(ect_offering.hub, Role.HUB_STAFF))
    page = client.get(f"/staff/hubs/{ect_offering.hub.slug}/applications/{sent.pk}/")
    assert page.status_code == 200
    rows = page.text[page.text.index("Team and support"):]
    assert rows.count("Same email domain as the applicant") == 1
    flagged = rows.index("Same email domain as the applicant")
    assert rows.index("head@school.example.org") < flagged < rows.index(
        "maths@elsewhere.example.org")
