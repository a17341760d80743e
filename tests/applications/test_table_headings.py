"""The applications table sorts by its column headings (links that say which way the table is
sorted) and has a "select all" that works without JavaScript."""

from __future__ import annotations

import re

import pytest

from tests.applications.test_decision_views import table, world  # noqa: F401  (fixture)
from tests.factories import sign_in

pytestmark = pytest.mark.django_db
SCHOOLS = ["Alpha Academy", "Beta High School", "Gamma School"]


def _heading(page: str, label: str) -> tuple[str, str]:
    """The aria-sort and the link of the column heading ``label``."""
    found = re.search(r'<th scope="col" class="govuk-table__header" aria-sort="(\w+)">'
                      r'<a class="app-sortable-heading" href="([^"]*)">' + label + "</a>", page)
    assert found, f"no sortable heading {label}"
    return found.group(1), found.group(2).replace("&amp;", "&")


def _order(page: str) -> list[str]:
    return sorted(SCHOOLS, key=page.index)


def test_a_column_heading_sorts_the_table_and_a_second_click_reverses_it(client, world):  # noqa: F811
    _, offering, _, _, staff = world
    sign_in(client, staff)
    page = table(client, offering, "?la=&school=").text
    assert _heading(page, "Sent")[0] == "ascending"  # the default order
    state, link = _heading(page, "School")
    assert state == "none" and "sort=school" in link and "school=" in link  # filters kept

    page = table(client, offering, link).text
    assert _order(page) == SCHOOLS
    state, link = _heading(page, "School")
    assert state == "ascending" and "sort=-school" in link
    assert _heading(page, "Sent")[0] == "none"

    page = table(client, offering, link).text
    assert _order(page) == list(reversed(SCHOOLS))
    assert _heading(page, "School")[0] == "descending"
    assert _heading(page, "Applicant")[1].endswith("sort=applicant")


def test_select_all_ticks_every_application_on_the_page_without_javascript(client, world):  # noqa: F811
    _, offering, _, applications, staff = world
    sign_in(client, staff)
    page = table(client, offering, "?sort=school").text
    assert ' checked>' not in page
    link = re.search(r'href="(\?[^"]*select=all[^"]*)">Select all 3 on this page', page)
    assert link, "no select-all link"

    selected = table(client, offering, link.group(1).replace("&amp;", "&")).text
    for application in applications:
        assert re.search(rf'value="{application.pk}" checked>', selected)
    assert "Clear the selection" in selected
