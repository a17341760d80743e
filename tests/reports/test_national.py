"""The national overview: every hub's offerings, applications and accepted places per year,
read-only, for the national roles, in a fixed number of queries."""

from __future__ import annotations

import re

import pytest

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.catalogue.models import OfferingStatus

pytestmark = pytest.mark.django_db


def build(hubs: int, per_hub: int) -> None:
    earlier = factories.academic_year(2023)
    current = factories.academic_year(2024)
    for number in range(hubs):
        hub = factories.hub(slug=f"hub-{number}", name=f"Hub {number:02d}")
        for index in range(per_hub):
            offering = factories.offering(hub=hub, academic_year=current,
                                          status=OfferingStatus.RECRUITING)
            for _ in range(index + 1):
                factories.ready_application(offering)
        factories.offering(hub=hub, academic_year=earlier, status=OfferingStatus.COMPLETED)
        factories.offering(hub=hub, academic_year=current, status=OfferingStatus.DRAFT)


def rows(html: str, year: str) -> dict[str, list[str]]:
    table = html[html.index(f'id="year-{year}"'):]
    table = table[:table.index("</table>")]
    found = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S):
        cells = [re.sub(r"<[^>]+>", "", cell).strip()
                 for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if cells and cells[0] != "Hub":
            found[cells[0]] = cells[1:]
    return found


def test_counts_per_hub_and_year(client):
    build(hubs=2, per_hub=2)
    viewer = factories.member(factories.hub(slug="national", name="National record",
                                            is_national=True), Role.NATIONAL_VIEWER)
    sign_in(client, viewer)
    page = client.get("/national/")
    assert page.status_code == 200
    current = rows(page.text, "2024-25")
    # Two published offerings (the draft is not counted), 1 + 2 applications.
    assert current["Hub 00"] == ["2", "3", "0"]
    assert current["Every hub"] == ["4", "6", "0"]
    assert current["National record"] == ["0", "0", "0"]
    assert rows(page.text, "2023-24")["Hub 01"] == ["1", "0", "0"]
    assert 'href="/hubs/hub-0/2024-25/"' in page.text  # onwards to the hub's catalogue


def test_the_overview_takes_the_same_queries_however_big(client, django_assert_num_queries):
    national = factories.hub(slug="national", is_national=True)
    sign_in(client, factories.member(national, Role.NATIONAL_STAFF))
    build(hubs=1, per_hub=1)
    client.get("/national/")
    with django_assert_num_queries(8) as small:
        client.get("/national/")
    build_more = [factories.hub(slug=f"more-{n}") for n in range(3)]
    for hub in build_more:
        factories.ready_application(factories.offering(hub=hub))
    with django_assert_num_queries(len(small.captured_queries)):
        client.get("/national/")


@pytest.mark.parametrize(("role", "status"), [
    (None, 302), (Role.HUB_STAFF, 404), (Role.HUB_LEAD, 404), (Role.WORK_GROUP_LEAD, 404)])
def test_only_the_national_roles_see_it(client, role, status):
    if role is not None:
        sign_in(client, factories.member(factories.hub(), role))
    assert client.get("/national/").status_code == status
