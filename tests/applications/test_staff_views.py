"""Staff read a hub's sent applications: list per offering and one application, read-only."""

from __future__ import annotations

import pytest

from tests import factories
from tests.applications.helpers import ECT, started
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.applications.services import application_submit

pytestmark = pytest.mark.django_db


def sent(offering, answers=ECT):
    applicant, application = started(offering, answers)
    return application_submit(applicant=applicant, application=application)


def test_the_list_shows_sent_applications_with_school_and_verdict(client, ect_offering):
    application = sent(ect_offering)
    started(ect_offering, ECT)  # a draft: private to its writer
    sign_in(client, factories.member(ect_offering.hub, Role.HUB_STAFF))
    page = client.get(f"/staff/hubs/cw/offerings/{ect_offering.pk}/applications/").text
    assert "1 application" in page
    assert "Upton-by-Chester High School" in page
    assert f"/staff/hubs/cw/applications/{application.pk}/" in page


def test_the_list_uses_a_fixed_number_of_queries(client, ect_offering,
                                                 django_assert_max_num_queries):
    for _ in range(12):
        sent(ect_offering)
    sign_in(client, factories.member(ect_offering.hub, Role.HUB_STAFF))
    with django_assert_max_num_queries(11):  # 11th: the messages sent to applicants
        response = client.get(f"/staff/hubs/cw/offerings/{ect_offering.pk}/applications/")
    assert "12 applications" in response.text


def test_one_application_shows_answers_verdict_and_history(client, ect_offering):
    application = sent(ect_offering)
    sign_in(client, factories.member(ect_offering.hub, Role.HUB_LEAD))
    page = client.get(f"/staff/hubs/cw/applications/{application.pk}/").text
    assert "Which school do you work at?" in page and "What is your role?" in page
    assert "Eligible" in page
    assert "Draft → Submitted" in page


def test_drafts_and_other_hubs_applications_are_404(client, ect_offering):
    _, draft = started(ect_offering, ECT)
    application = sent(ect_offering)
    sign_in(client, factories.member(factories.hub(slug="other"), Role.HUB_STAFF))
    assert client.get(f"/staff/hubs/cw/applications/{application.pk}/").status_code == 404
    assert client.get(f"/staff/hubs/other/applications/{application.pk}/").status_code == 404
    sign_in(client, factories.member(ect_offering.hub, Role.HUB_STAFF))
    assert client.get(f"/staff/hubs/cw/applications/{draft.pk}/").status_code == 404
