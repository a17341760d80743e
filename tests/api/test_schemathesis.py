"""Schemathesis against the API's own OpenAPI document, in process (the WSGI app, no server).

Every operation is driven with data generated from its schema, valid and invalid, with a hub
API token and an applicant's session, over a hub whose offering has applications, a Work Group
with sessions and participants. Generated path and query values are mixed with the ids and
slugs that exist, so the code behind a 404 is reached too. It fails on any server error and on
any response the document does not describe (status code, content type or body).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import schemathesis
from django.contrib.auth import SESSION_KEY
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests import factories
from workgroups.accounts.models import Role
from workgroups.accounts.services import api_token_create
from workgroups.applications.services import application_offer, offer_accept

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, negative_data_rejection]

APPLICANT_PATHS = {"/api/v1/me/applications", "/api/v1/applications/{pk}/accept"}
CSRF_SECRET = "s" * 32

# Values that exist in the world below, by parameter name; filled in by the `world` fixture
# before any case is generated.
KNOWN: dict[str, list[Any]] = {}


def _known_or_generated(values: Any) -> st.SearchStrategy[Any]:
    """Each value as generated, or one that exists, so both the 404 and the real path run."""
    if not isinstance(values, dict):
        return st.just(values)
    return st.fixed_dictionaries({
        name: st.one_of(st.just(value), st.sampled_from(KNOWN[name])) if KNOWN.get(name)
        else st.just(value)
        for name, value in values.items()})


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> Any:
    return _known_or_generated(path_parameters)


@schema.hook
def flatmap_query(context: Any, query: dict[str, Any]) -> Any:
    return _known_or_generated(query)


@schema.hook
def flatmap_body(context: Any, body: Any) -> Any:
    if isinstance(body, list) and body and all(isinstance(item, dict) for item in body):
        return st.tuples(*(_known_or_generated(item) for item in body)).map(list)
    return _known_or_generated(body)


@pytest.fixture
def in_process_requests() -> Iterator[None]:
    """Requests run inside the test's transaction: the WSGI handler must not close the
    connection at the end of each one (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(pinned_clock: Any, in_process_requests: None) -> Iterator[dict[str, Any]]:
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    hub.areas.add(factories.local_authority(code=896, name="Cheshire West and Chester"))
    factories.school(111422, "Upton-by-Chester High School")
    factories.school(111423, "Blacon High School")
    offering = factories.offering(hub=hub, slug="tfm", applications_open=date(2024, 6, 1),
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
    _, raw = api_token_create(actor=staff, hub=hub, user=staff, name="Schemathesis")

    from django.contrib.sessions.backends.db import SessionStore
    session = SessionStore()
    session[SESSION_KEY] = str(offered.applicant.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = offered.applicant.get_session_auth_hash()
    session.create()

    KNOWN.update({
        "hub": ["cw"], "year": ["2024-25"], "offering": ["tfm"], "status": ["ready_for_review"],
        "pk": [a.pk for a in [*applications, offered]], "work_group": [group.pk],
        "session": [s.pk for s in sessions], "urn": [111422, 111423],
        "enrolment": list(group.enrolments.values_list("pk", flat=True)),
        "email": ["ada@school.example.org"],
    })
    yield {"token": raw, "session": session.session_key}
    KNOWN.clear()


@schema.parametrize()
@settings(max_examples=30, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_openapi_document(case: Any, world: dict[str, Any]) -> None:
    if case.path in APPLICANT_PATHS:
        # The applicant's own: their session, with Django's CSRF pair for a POST.
        headers = {"X-CSRFToken": CSRF_SECRET}
        cookies = {"sessionid": world["session"], "csrftoken": CSRF_SECRET}
    else:
        headers = {"Authorization": f"Bearer {world['token']}"}
        cookies = {}
    case.call_and_validate(headers=headers, cookies=cookies, checks=CHECKS)
