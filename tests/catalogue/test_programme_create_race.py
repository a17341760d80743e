"""A programme's short name taken by another person between the check and the insert is refused
on the slug field, on the form (never a server error); and a
route to a programme removed after the form checked it is refused on the form."""

from __future__ import annotations

import pytest
from django.db import models
from django.test import Client

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import Role, User
from workgroups.audit.models import AuditEvent
from workgroups.catalogue import services
from workgroups.catalogue.models import Programme
from workgroups.core.services import full_clean_or_refuse
from workgroups.progression import programme_views

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Mastery Readiness", "slug": "readiness", "audience": "teachers",
    "phase": "secondary", "summary": "A year to get ready.",
    "who_can_take_part": "Secondary teachers.", "what_is_involved": "Four workshops.",
    "learning_outcomes": "Plan lessons\n", "time_commitment": "Four afternoons.",
    "equivalent_days": "2.5", "cost": "Free.", "unit": "individual", "team_size": "1",
}


@pytest.fixture
def national_staff() -> User:
    return factories.member(factories.hub(slug="national", is_national=True), Role.NATIONAL_STAFF)


def test_a_slug_taken_meanwhile_is_shown_on_the_form(client: Client, national_staff,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    validate = full_clean_or_refuse

    def then_someone_else_takes_it(instance: models.Model) -> None:
        validate(instance)
        factories.programme(slug="readiness", title="Theirs")

    monkeypatch.setattr(services, "full_clean_or_refuse", then_someone_else_takes_it)
    sign_in(client, national_staff)
    response = client.post("/staff/programmes/add/", FORM)
    assert response.status_code == 422
    assert "A programme already has this short name" in response.text
    assert not AuditEvent.objects.exists()


def test_a_route_to_a_programme_removed_meanwhile_is_refused_on_the_form(
        client: Client, national_staff, monkeypatch: pytest.MonkeyPatch) -> None:
    factories.programme(slug="p", title="Pilot")
    # The form offers a programme that has gone by the time the route is saved.
    monkeypatch.setattr(programme_views, "_programme_choices",
                        lambda **_: [("p", "Pilot"), ("gone", "Gone")])
    sign_in(client, national_staff)
    response = client.post("/staff/programmes/p/routes/",
                           {"to_programme": "gone", "after_years": "1", "note": ""})
    assert response.status_code == 422
    assert "That programme is no longer listed" in response.text
    assert not Programme.objects.get(slug="p").routes_out.exists()
