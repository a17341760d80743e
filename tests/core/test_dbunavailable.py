"""A database that cannot be reached gives people a "try again" answer (503 with Retry-After), on
the pages and in the API, however far into the request the failure comes; any other error is
still a server error. The real outage (a PostgreSQL restart, a SQLite file held past the busy
timeout) under load is tests/ops/test_failures_database.py."""

from __future__ import annotations

import logging
import re
import time
from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db.utils import InterfaceError, OperationalError
from django.test import Client

from tests import factories
from workgroups.accounts.middleware import SEEN_PRECISION_SECONDS
from workgroups.core.dbunavailable import RETRY_AFTER_SECONDS, is_unavailable

pytestmark = pytest.mark.django_db

LOCKED = OperationalError("database is locked")


def looks_like_try_again(response, *, was_changing: bool) -> str:
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    assert response["X-Request-ID"]  # the outermost middleware still saw it out
    page = str(response.content.decode())
    assert "Sorry, the service is not available at the moment" in page
    assert "govuk-template" in page  # the service's own layout, not a bare error
    # The page's one inline script carries the nonce the CSP header allows.
    nonce = re.search(r'<script nonce="([^"]+)"', page)
    assert nonce and f"'nonce-{nonce.group(1)}'" in response["Content-Security-Policy"]
    # Never "nothing was saved": a failure after commit cannot know.
    if was_changing:
        assert "We cannot tell whether what you just sent was saved." in page
    else:
        assert "We cannot tell" not in page
    assert "nothing" not in page.lower()
    return page


def test_sending_an_application_while_the_database_is_away_says_check_and_try_again(client):
    person = factories.user()
    factories.sign_in(client, person)
    with mock.patch("workgroups.applications.selectors.applicant_application_get",
                    side_effect=LOCKED):
        response = client.post("/applications/7/check/")
    page = looks_like_try_again(response, was_changing=True)
    assert "your applications page says whether it was sent" in page


def test_a_page_read_while_the_database_is_away_says_try_again(client):
    factories.sign_in(client, factories.user())
    with mock.patch("workgroups.applications.selectors.applicant_applications",
                    side_effect=InterfaceError("connection already closed")):
        response = client.get("/applications/")
    looks_like_try_again(response, was_changing=False)


def test_the_api_answers_json_in_its_error_shape(client):
    with mock.patch("workgroups.schools.selectors.school_search", side_effect=LOCKED):
        response = client.get("/api/v1/schools?q=chester")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "database_unavailable"
    assert "Try again" in body["detail"]


def test_a_session_that_cannot_be_read_in_a_middleware_is_a_try_again_too(caplog):
    """The first query of most requests is the session, read by a middleware before any view:
    Django has already made that a 500 when it reaches this middleware. The log line names the
    failure and keeps the link's secret out."""
    client = Client(raise_request_exception=False)
    factories.sign_in(client, factories.user(email="pat@school.example.org"))
    token = "Zm9vYmFyLXNlY3JldC10b2tlbi1pbi10aGUtbGluaw"
    with (mock.patch.object(SessionStore, "load", side_effect=LOCKED),
          caplog.at_level(logging.WARNING, logger="workgroups.core.dbunavailable")):
        response = client.get(f"/support/{token}/")
    looks_like_try_again(response, was_changing=False)
    [line] = [r.getMessage() for r in caplog.records if r.name == "workgroups.core.dbunavailable"]
    assert "GET /support/[redacted]/ answered 503 (OperationalError: database is locked)" in line
    assert token not in line and "pat@school.example.org" not in line


def test_a_session_that_cannot_be_saved_as_the_response_leaves_is_a_try_again():
    """Saved after the view (here a staff session's last-seen time, written every few
    minutes): whatever the view wrote is committed by then, which is why the page asks the
    person to check rather than saying nothing was saved."""
    client = Client(raise_request_exception=False)
    factories.sign_in(client, factories.member(factories.hub()))
    later = time.time() + SEEN_PRECISION_SECONDS + 60
    with (mock.patch("workgroups.accounts.middleware.time.time", return_value=later),
          mock.patch.object(SessionStore, "save", side_effect=LOCKED) as save):
        response = client.get("/applications/")
    assert save.called
    looks_like_try_again(response, was_changing=False)


class PsycopgError(Exception):
    """Stands in for a psycopg error: the module and the SQLSTATE are what the rule reads."""

    __module__ = "psycopg.errors"

    def __init__(self, sqlstate: str | None) -> None:
        super().__init__("server message")
        self.sqlstate = sqlstate


def from_postgresql(sqlstate: str | None) -> OperationalError:
    error = OperationalError("from the server")
    error.__cause__ = PsycopgError(sqlstate)
    return error


@pytest.mark.parametrize(("error", "unavailable"), [
    (InterfaceError("connection already closed"), True),
    (OperationalError("database is locked"), True),            # SQLite: another writer
    (OperationalError("unable to open database file"), True),
    (OperationalError("disk I/O error"), True),
    (OperationalError("no such table: schools_school"), False),  # a migration not run: a fault
    (OperationalError("no such column: x"), False),
    (OperationalError("too many SQL variables"), False),
    (OperationalError('fts5: syntax error near "*"'), False),
    (from_postgresql("08006"), True),    # connection failure
    (from_postgresql("57P01"), True),    # administrator shutdown (a restart)
    (from_postgresql("57P03"), True),    # cannot connect now (starting up)
    (from_postgresql("53300"), True),    # too many connections
    (from_postgresql("55P03"), True),    # lock not available
    (from_postgresql("40P01"), True),    # deadlock: the other transaction went on
    (from_postgresql("57014"), False),   # statement cancelled (a timeout): a slow query to fix
    (from_postgresql("42703"), False),   # undefined column
    (from_postgresql(None), True),       # no server answered: refused, reset, closed
    (ValueError("database is locked"), False),
    (None, False),
])
def test_only_errors_that_say_not_now_are_a_try_again(error, unavailable):
    assert is_unavailable(error) is unavailable


@pytest.mark.parametrize("where", ["view", "middleware"])
@pytest.mark.parametrize("broken", [ValueError("a bug, not an outage"),
                                    OperationalError("no such column: a bug, not an outage")],
                         ids=["ValueError", "OperationalError"])
def test_any_other_error_is_still_a_server_error(where, broken):
    client = Client(raise_request_exception=False)
    factories.sign_in(client, factories.user())
    with (mock.patch("workgroups.applications.selectors.applicant_applications",
                     side_effect=broken) if where == "view"
          else mock.patch.object(SessionStore, "load", side_effect=broken)):
        response = client.get("/applications/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Sorry, there is a problem with the service" in response.content.decode()
