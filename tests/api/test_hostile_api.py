"""Hostile input in every field of every API operation answers a 4xx (or a 2xx), never a 5xx.

The operations and their fields come from the API's own OpenAPI document, so a new operation or
field is covered without touching this test. Each request starts from values that exist (so the
code behind the lookups runs) and replaces one field, or one JSON body field, with something
hostile: Unicode digits, NUL, numbers beyond 64 bits, 100 kB of text, CR/LF, right-to-left
marks, and JSON values of the wrong kind.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import ApiWorld
from tests.factories import sign_in
from workgroups.api.api import api

pytestmark = pytest.mark.django_db

OPENAPI = api.get_openapi_schema()
OPERATIONS = [(method.upper(), path, operation)
              for path, methods in OPENAPI["paths"].items()
              for method, operation in methods.items()]

HOSTILE_TEXT = [
    "²", "¹²³", "١٢٣", "１２３", "߁߂", "𝟙𝟚𝟛",  # digits str.isdigit() accepts and int() may not
    "\x00", "a\x00", "\x00111422",  # NUL: PostgreSQL text cannot hold it
    str(10**40), "9" * 20, "-1", "0", "1e3", " 12 ", "1_000",  # beyond 64 bits, signs, shapes
    "x" * 100_000,  # 100 kB
    "a\r\nb", "\r", "\n\n", "Bcc: x@example.org\r\nSubject: hi",  # CR/LF
    "\u202e", "\u200f", "\u202ecw", "abc\u200f",  # right-to-left marks
    "../../etc", "%00", "' OR 1=1 --", "<script>", "", " ",
]
HOSTILE_JSON: list[Any] = [10**40, -(10**40), 2**63, 2**64, -1, 0, True, False, None, 1.5,
                           1e308, [], {}, [None], {"a": "\x00"}]

# A body each operation accepts, to change one field of at a time; every operation that takes
# a body must have one here (the test says so if one is missing).
BODIES: dict[tuple[str, str], Any] = {
    ("POST", "/api/v1/hubs/{hub}/offerings/{year}/{offering}/eligibility"): {
        "email": "pat@example.org", "urn": 111422, "role": "classroom_teacher",
        "years_teaching": 1, "teaches_maths": "now", "maths_itt": True, "trust_urns": [111422],
        "in_england": True, "core_maths_years": 2},
    ("POST", "/api/v1/applications/{pk}/offer"): {"work_group": "{work_group}"},
    ("POST", "/api/v1/applications/{pk}/decline"): {"reason": "Outside the hub's area"},
    ("PUT", "/api/v1/work-groups/{work_group}/sessions/{session}/register"): [
        {"enrolment": "{enrolment}", "status": "present"}],
    ("POST", "/api/v1/hubs/{hub}/people/journey"): {"email": "pat@example.org"},
}
APPLICANT_PATHS = {"/api/v1/me/applications", "/api/v1/applications/{pk}/accept"}


def _fields(method: str, path: str, operation: dict[str, Any]) -> list[tuple[str, str]]:
    """Every (where, name) the operation reads: path and query parameters, body fields."""
    fields = [(p["in"], p["name"]) for p in operation.get("parameters", [])]
    body = BODIES.get((method, path))
    if isinstance(body, list):
        body = body[0]
    if isinstance(body, dict):
        fields += [("body", name) for name in body]
    return fields


def _base_body(method: str, path: str, world: ApiWorld) -> Any:
    def fill(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
            return world.known[value[1:-1]][0]
        return value

    body = BODIES.get((method, path))
    if isinstance(body, list):
        return [{name: fill(value) for name, value in item.items()} for item in body]
    if isinstance(body, dict):
        return {name: fill(value) for name, value in body.items()}
    return None


def _request(client: Client, method: str, path: str, operation: dict[str, Any],
             world: ApiWorld, where: str, name: str, value: Any) -> Any:
    path_values = {p["name"]: world.known[p["name"]][0]
                   for p in operation.get("parameters", []) if p["in"] == "path"}
    query = {p["name"]: world.known[p["name"]][0]
             for p in operation.get("parameters", [])
             if p["in"] == "query" and p["name"] in world.known}
    body = _base_body(method, path, world)
    if where == "path":
        path_values[name] = value
    elif where == "query":
        query[name] = value
    elif isinstance(body, list):
        body[0][name] = value
    else:
        body[name] = value
    url = path
    for key, item in path_values.items():
        url = url.replace("{" + key + "}", quote(str(item), safe=""))
    if query:
        url += "?" + urlencode({key: str(item) for key, item in query.items()})
    headers = ({} if path in APPLICANT_PATHS else {"Authorization": f"Bearer {world.token}"})
    if body is None:
        return client.generic(method, url, headers=headers)
    return client.generic(method, url, json.dumps(body), content_type="application/json",
                          headers=headers)


def test_every_operation_that_takes_a_body_has_one_here() -> None:
    takes_body = {(method, path) for method, path, operation in OPERATIONS
                  if "requestBody" in operation}
    assert takes_body == set(BODIES)


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS,
                         ids=[f"{method} {path}" for method, path, _ in OPERATIONS])
@settings(max_examples=40, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_input_never_gets_a_server_error(client: Client, api_world: ApiWorld,
                                                 method: str, path: str,
                                                 operation: dict[str, Any],
                                                 data: st.DataObject) -> None:
    fields = _fields(method, path, operation)
    if not fields:
        # No fields: hostile text in a query parameter the operation does not read.
        fields = [("query", "x")]
    where, name = data.draw(st.sampled_from(fields), label="field")
    text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=30))
    value = data.draw(st.one_of(text, st.sampled_from(HOSTILE_JSON)) if where == "body"
                      else text, label="value")
    sign_in(client, api_world.applicant)
    response = _request(client, method, path, operation, api_world, where, name, value)
    assert response.status_code < 500, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
