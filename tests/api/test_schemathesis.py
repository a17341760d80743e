"""Schemathesis against the API's own OpenAPI document, in process (the WSGI app, no server).

Every operation is driven with data generated from its schema, valid and invalid, with a hub
API token and an applicant's session, over a hub whose offering has applications, a Work Group
with sessions and participants. Generated path and query values are mixed with the ids and
slugs that exist, so the code behind a 404 is reached too. It fails on any server error and on
any response the document does not describe (status code, content type or body).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
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

from tests.api.conftest import ApiWorld

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
def world(api_world: ApiWorld, in_process_requests: None) -> Iterator[dict[str, str]]:
    from django.contrib.sessions.backends.db import SessionStore

    applicant = api_world.applicant
    session = SessionStore()
    session[SESSION_KEY] = str(applicant.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = applicant.get_session_auth_hash()
    session.create()
    KNOWN.update(api_world.known)
    yield {"token": api_world.token, "session": session.session_key or ""}
    KNOWN.clear()


# What the test sends itself, whatever was generated: its credentials.
OWN_COOKIES = {"sessionid", "csrftoken"}


def _holds_known(values: Any) -> bool:
    if isinstance(values, list):
        return any(_holds_known(item) for item in values)
    return isinstance(values, dict) and any(
        value in KNOWN.get(name, []) for name, value in values.items())


def _negative_parts_replaced_by_this_test(case: Any) -> bool:
    """Whether every part a negative case made invalid now holds a value this test put there
    (an id or slug that exists, drawn by the hooks above, or its own credentials): the request
    as sent may then be valid, and its acceptance says nothing about negative data."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_negative:
        return False
    replaced = {
        "path": lambda: _holds_known(case.path_parameters or {}),
        "query": lambda: _holds_known(case.query or {}),
        "body": lambda: _holds_known(case.body),
        # The API declares no header but its credentials (bearer token, CSRF), which the test
        # always sets, adding or replacing whatever was generated.
        "header": lambda: True,
        "cookie": lambda: (case.path in APPLICANT_PATHS
                           and set(case.cookies or {}) <= OWN_COOKIES),
    }
    negative = [str(location.value) for location, info in meta.components.items()
                if info.mode.is_negative]
    return bool(negative) and all(replaced.get(part, lambda: False)() for part in negative)


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
    # Checks run by default (negative data rejection among them) are only left out by name.
    excluded = ([negative_data_rejection] if _negative_parts_replaced_by_this_test(case)
                else [])
    checks = [check for check in CHECKS if check not in excluded]
    case.call_and_validate(headers=headers, cookies=cookies, checks=checks,
                           excluded_checks=excluded)
