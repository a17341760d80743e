from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from tests import factories
from tests.applications.conftest import ect_offering, team_offering
from workgroups.accounts.models import Role, User
from workgroups.accounts.services import api_token_create
from workgroups.applications.services import application_offer, offer_accept
from workgroups.eligibility.defaults import DEFAULT_RULES

__all__ = ["ApiWorld", "api_world", "ect_offering", "team_offering"]


@dataclass
class ApiWorld:
    """A hub with one recruiting offering: applications ready to decide, one offered (to
    ``applicant``), a school team enrolled in a Work Group with a session already held and
    two ahead, and a hub API token (``token``) of its staff."""

    token: str
    applicant: User
    # Values that exist, by the API's parameter and field names.
    known: dict[str, list[Any]]


@pytest.fixture
def api_world(pinned_clock: Any) -> ApiWorld:
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    hub.areas.add(factories.local_authority(code=896, name="Cheshire West and Chester"))
    factories.school(111422, "Upton-by-Chester High School")
    factories.school(111423, "Blacon High School")
    programme = factories.programme(slug="sktm-ect-phase-1", title="SKTM ECT Phase 1",
                                    eligibility_rules=DEFAULT_RULES["sktm-ect-phase-1"])
    offering = factories.offering(hub=hub, slug="tfm", programme=programme,
                                  applications_open=date(2024, 6, 1),
                                  applications_close=date(2024, 10, 18))
    group = factories.work_group(offering, name="Chester", capacity_schools=3,
                                 capacity_participants=6)
    sessions = [factories.session(group, day=day)
                for day in (date(2024, 9, 20), date(2024, 11, 5), date(2025, 1, 15))]
    applications = [factories.ready_application(offering, school_urn=urn)
                    for urn in (111422, 111423, 111422, 111423)]
    enrolled = factories.ready_application(
        offering, school_urn=111422,
        team=[{"name": "Ada Byron", "email": "ada@school.example.org", "role": "Teacher"},
              {"name": "Blaise Pascal", "email": "blaise@school.example.org", "role": "Teacher"}])
    application_offer(actor=None, application=enrolled, work_group=group)
    offer_accept(applicant=enrolled.applicant, application=enrolled)
    offered = factories.ready_application(offering, school_urn=111423)
    application_offer(actor=None, application=offered, work_group=group)
    staff = factories.member(hub, Role.HUB_STAFF)
    _, raw = api_token_create(actor=staff, hub=hub, user=staff, name="Fuzzing")
    return ApiWorld(token=raw, applicant=offered.applicant, known={
        "hub": ["cw"], "year": ["2024-25"], "offering": ["tfm"],
        "status": ["ready_for_review"], "pk": [offered.pk] + [a.pk for a in applications],
        "work_group": [group.pk], "session": [s.pk for s in sessions],
        "urn": [111422, 111423], "enrolment": list(group.enrolments.values_list("pk", flat=True)),
        "email": ["ada@school.example.org"], "q": ["Upton"],
    })
