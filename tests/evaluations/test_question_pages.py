"""National staff write a programme's questions; a hub writes its offering's own; others 404."""

from __future__ import annotations

import pytest

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.evaluations.models import EvaluationQuestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def national_staff():
    national = factories.hub(slug="national", name="National record", is_national=True)
    return factories.member(national, Role.NATIONAL_STAFF)


def test_national_staff_add_change_move_and_remove_a_programme_question(client,
                                                                        national_staff):
    programme = factories.programme(title="SKTM ECT")
    sign_in(client, national_staff)
    base = f"/staff/programmes/{programme.slug}/evaluation/"
    page = client.get(base).content.decode()
    assert "The Work Group improved my subject knowledge" in page  # the default set, shown
    response = client.post(base + "add/", {"text": "The sessions were well run",
                                           "kind": "agreement", "required": "yes"})
    assert response.status_code == 302
    questions = list(EvaluationQuestion.objects.filter(programme=programme).all())
    added = questions[-1]
    assert added.text == "The sessions were well run" and len(questions) == 7
    client.post(f"{base}{added.pk}/move/", {"direction": "up"})
    added.refresh_from_db()
    assert added.position == 6
    client.post(f"{base}{added.pk}/edit/", {"text": "Sessions were well run",
                                            "kind": "agreement", "required": "no"})
    added.refresh_from_db()
    assert (added.text, added.required) == ("Sessions were well run", False)
    client.post(f"{base}{added.pk}/remove/")
    added.refresh_from_db()
    assert added.removed


def test_a_question_needs_words(client, national_staff):
    programme = factories.programme()
    sign_in(client, national_staff)
    response = client.post(f"/staff/programmes/{programme.slug}/evaluation/add/",
                           {"text": "", "kind": "text", "required": "yes"})
    assert response.status_code == 422
    assert "Enter the question" in response.content.decode()


def test_hub_staff_cannot_write_national_questions(client):
    hub = factories.hub()
    programme = factories.programme()
    sign_in(client, factories.member(hub, Role.HUB_LEAD))
    assert client.get(f"/staff/programmes/{programme.slug}/evaluation/").status_code == 404


def test_a_hub_writes_its_offering_s_own_questions_and_another_hub_gets_404(client):
    offering = factories.offering()
    hub = offering.hub
    sign_in(client, factories.member(hub, Role.HUB_STAFF))
    base = f"/staff/hubs/{hub.slug}/offerings/{offering.pk}/evaluation/"
    assert client.get(base).status_code == 200
    client.post(base + "add/", {"text": "Was the venue right?", "kind": "text",
                                "required": "no"})
    question = EvaluationQuestion.objects.get(offering=offering)
    assert client.get(f"/staff/hubs/{hub.slug}/evaluation-questions/{question.pk}/edit/"
                      ).status_code == 200
    other = factories.hub(slug="other")
    client.logout()
    sign_in(client, factories.member(other, Role.HUB_LEAD))
    assert client.get(f"/staff/hubs/{other.slug}/offerings/{offering.pk}/evaluation/"
                      ).status_code == 404
    assert client.get(f"/staff/hubs/{other.slug}/evaluation-questions/{question.pk}/edit/"
                      ).status_code == 404
    assert client.get(base).status_code == 404


def test_the_offering_and_programme_pages_link_to_their_evaluation(client, national_staff):
    offering = factories.offering(hub=factories.hub(slug="cw"))
    sign_in(client, factories.member(offering.hub, Role.HUB_STAFF))
    page = client.get(f"/staff/hubs/cw/offerings/{offering.pk}/").content.decode()
    assert f'href="/staff/hubs/cw/offerings/{offering.pk}/evaluation/"' in page
    assert f'href="/staff/hubs/cw/evaluation/offerings/{offering.pk}/"' in page
    client.logout()
    sign_in(client, national_staff)
    slug = offering.programme.slug
    rules = client.get(f"/staff/programmes/{slug}/eligibility/").content.decode()
    assert f'href="/staff/programmes/{slug}/evaluation/"' in rules
