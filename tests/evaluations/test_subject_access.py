"""A person's data export lists each invitation to evaluate a Work Group (sent, reminded,
answered), and never their answers, which are nobody's to find."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from tests import factories
from tests.factories import sign_in
from workgroups.core import clock
from workgroups.delivery.models import Enrolment
from workgroups.evaluations.models import EvaluationInvitation, EvaluationResponse
from workgroups.personaldata.export import person_data

pytestmark = pytest.mark.django_db

ANSWER = "I now start every lesson with a retrieval quiz"


@pytest.fixture
def invited(ended):
    """Pat, enrolled in Chester under their account, invited, reminded and answered."""
    person = factories.user(email="pat.teacher@example.org", first_name="Pat")
    enrolment = Enrolment.objects.create(
        work_group=ended, application=factories.ready_application(ended.offering),
        user=person, name="Pat Teacher", email="pat.teacher@example.org")
    EvaluationInvitation.objects.create(
        enrolment=enrolment, work_group=ended, nonce="n" * 32,
        sent_at=clock.now() - timedelta(days=8), reminded_at=clock.now() - timedelta(days=1),
        answered_on=date(2024, 10, 1))
    EvaluationResponse.objects.create(work_group=ended, answers={"1": ANSWER})
    return person


def test_the_export_lists_the_invitation_and_not_the_answers(invited):
    data = person_data(invited)
    assert data["evaluation_invitations"] == [{
        "programme": "SKTM ECT", "hub": "Cheshire and Wirral Maths Hub",
        "academic_year": "2024/25", "work_group": "Chester",
        "sent": "2024-09-23T09:00:00+01:00", "reminded": "2024-09-30T09:00:00+01:00",
        "answered": "2024-10-01"}]
    text = json.dumps(data)
    assert ANSWER not in text and "n" * 32 not in text


def test_a_hub_s_export_holds_only_its_own_invitations(invited):
    assert person_data(invited, hub=factories.hub(slug="elsewhere"))[
        "evaluation_invitations"] == []


def test_the_your_data_page_shows_the_invitation(client, invited):
    sign_in(client, invited)
    page = client.get("/account/data/").content.decode()
    assert "Evaluations you were asked for" in page
    assert "Chester (SKTM ECT, Cheshire and Wirral Maths Hub, 2024/25)" in page
    assert "1 October 2024" in page
    assert ANSWER not in page
