"""Access logs never hold the secret a link carries in its path (workgroups/core/logpaths.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workgroups.core.logpaths import redact_path

SECRET = "s3cretTOKEN-value_42"


@pytest.mark.parametrize(("path", "logged"), [
    (f"/support/{SECRET}/", "/support/[redacted]/"),
    (f"/support/{SECRET}/done/", "/support/[redacted]/done/"),
    (f"/calendar/feed/{SECRET}.ics", "/calendar/feed/[redacted].ics"),
    (f"/evaluation/{SECRET}/", "/evaluation/[redacted]/"),
    (f"/invitations/{SECRET}/", "/invitations/[redacted]/"),
    (f"/account/team-invitations/{SECRET}/", "/account/team-invitations/[redacted]/"),
    (f"/interest/confirm/{SECRET}/", "/interest/confirm/[redacted]/"),
    (f"/interest/unsubscribe/{SECRET}/", "/interest/unsubscribe/[redacted]/"),
    (f"/accounts/password/reset/key/1a-{SECRET}/",
     "/accounts/password/reset/key/[redacted]-[redacted]/"),
    ("/hubs/cheshire-and-wirral/2024-25/", "/hubs/cheshire-and-wirral/2024-25/"),
    ("/staff/hubs/north/offerings/12/", "/staff/hubs/north/offerings/12/"),
    ("/no/such/page/", "/no/such/page/"),
    # Matching no pattern (a link mangled on its way), the secret is still kept out.
    (f"/support/{SECRET}/x", "/support/[redacted]/x"),
    (f"/support/{SECRET} ", "/support/[redacted]"),
    (f"/support/{SECRET}/done/extra/", "/support/[redacted]/done/extra/"),
    (f"/calendar/feed/{SECRET}.icsx", "/calendar/feed/[redacted]"),
    (f"/evaluation/{SECRET}é/", "/evaluation/[redacted]/"),
])
def test_secret_parts_of_paths_are_not_logged(path, logged):
    assert redact_path(path) == logged


@given(st.text(max_size=300))
def test_any_path_gives_a_line(path):
    assert isinstance(redact_path("/" + path), str)


def test_django_s_own_request_lines_do_not_hold_the_secret(client, caplog):
    """Django writes "Not Found: <path>" itself; through the console handler's filters the
    secret part of a token link is redacted (the filter as configured in LOGGING)."""
    import logging
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
    handler = logging.getLogger().handlers[0]
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    keep = Keep()
    for wanted in handler.filters:
        keep.addFilter(wanted)
    logging.getLogger("django.request").addHandler(keep)
    try:
        client.get(f"/calendar/feed/{SECRET}.ics?x=1")  # a token that matches nothing: 404
        client.get(f"/support/{SECRET}é/extra")  # matches no pattern; escaped by Django
    finally:
        logging.getLogger("django.request").removeHandler(keep)
    assert lines, "Django logged nothing for the 404"
    assert all(SECRET not in line for line in lines), lines
    assert any("/calendar/feed/[redacted].ics" in line for line in lines), lines
    assert any("/support/[redacted]/extra" in line for line in lines), lines
