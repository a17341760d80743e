"""The national view of a year: every hub side by side, a programme across hubs, a hub's reach
read-only; aggregates only, so a walk of every national page and API as a national viewer finds
no one's name or address."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from tests import factories
from tests.factories import sign_in
from tests.reports.test_reach import area, enrol
from workgroups.accounts.models import Role
from workgroups.applications.models import Application
from workgroups.core import clock
from workgroups.delivery.models import Enrolment
from workgroups.evaluations.models import EvaluationInvitation, EvaluationResponse
from workgroups.reports.models import SchoolContactNote

pytestmark = pytest.mark.django_db

HUBS = "/national/hubs/?year=2024-25"


@pytest.fixture
def built(pinned_clock):
    found = area()
    found["national"] = factories.hub(slug="national", name="National record",
                                      is_national=True)
    return found


@pytest.fixture
def viewer(client, built):
    person = factories.member(built["national"], Role.NATIONAL_VIEWER)
    sign_in(client, person)
    return person


def rows(html: str) -> dict[str, list[str]]:
    found = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", html, re.S):
        cells = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
                 for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if cells and cells[0] != "Hub":
            found[cells[0]] = cells[1:]
    return found


def test_every_hub_side_by_side_with_totals(client, viewer):
    table = rows(client.get(HUBS).text)
    # North: 2 published offerings (2024/25), 6 applications (behind its enrolments),
    # none offered, 5 enrolments not withdrawn (of 6), 2 completed; reach as hand-counted.
    assert table["North Maths Hub"] == ["2", "6", "0", "5", "2", "3 of 5 (60%)", "1 of 2"]
    assert table["South Maths Hub"] == ["0", "0", "0", "0", "0", "0 of 1 (0%)", "0 of 0"]
    assert table["National record"] == ["0", "0", "0", "0", "0", "–", "–"]
    assert table["Every hub"] == ["2", "6", "0", "5", "2", "3 of 6 (50%)", "1 of 2"]


def invite(enrolments, answered: int) -> None:
    """Ask these participants to evaluate their Work Groups; ``answered`` of them answer."""
    for number, enrolment in enumerate(enrolments):
        EvaluationInvitation.objects.create(enrolment=enrolment, work_group=enrolment.work_group,
                                            nonce=f"n{enrolment.pk}", sent_at=clock.now())
        if number < answered:
            EvaluationResponse.objects.create(work_group=enrolment.work_group, answers={})


def test_every_hub_shows_its_evaluations_answered(client, viewer, built):
    invite(Enrolment.objects.filter(work_group__offering__hub=built["hub"])[:3], answered=1)
    page = client.get(HUBS).text
    table = rows(page)
    assert table["North Maths Hub"][-1] == "1 of 3 answered"
    assert table["South Maths Hub"][-1] == "–"
    assert table["Every hub"][-1] == "1 of 3 answered"
    assert ">Evaluations</th>" in page
    assert f'href="{reverse("staff:evaluation-national", kwargs={"year": "2024-25"})}"' in page


def test_the_evaluations_column_waits_for_an_evaluation(client, viewer):
    page = client.get(HUBS).text
    assert ">Evaluations</th>" not in page
    assert len(rows(page)["North Maths Hub"]) == 7


def test_the_national_pages_link_to_the_evaluation_results(client, viewer):
    year_results = reverse("staff:evaluation-national", kwargs={"year": "2024-25"})
    assert f'href="{year_results}"' in client.get("/national/").text
    programme = reverse("staff:evaluation-national-programme",
                        kwargs={"year": "2024-25", "programme": "p1"})
    assert f'href="{programme}"' in client.get("/national/programmes/p1/?year=2024-25").text
    assert client.get(year_results).status_code == 200


def test_a_programme_across_hubs(client, viewer):
    table = rows(client.get("/national/programmes/p1/?year=2024-25").text)
    assert table["North Maths Hub"] == ["1", "5", "0", "4", "2"]
    assert table["Every hub"] == ["1", "5", "0", "4", "2"]
    assert client.get("/national/programmes/nothing/").status_code == 404


def test_a_hub_s_reach_read_only(client, viewer, built):
    SchoolContactNote.objects.create(hub=built["hub"], school_urn=100009,
                                     text="Spoke to Mrs Secret", created_at=clock.now())
    page = client.get("/national/hubs/north/reach/?year=2024-25")
    assert page.status_code == 200
    assert "Schools not reached yet" not in page.text
    assert "/staff/" not in page.text
    assert "Spoke to Mrs Secret" not in page.text
    assert client.get("/national/hubs/national/reach/").status_code == 404
    assert client.get("/national/hubs/nowhere/reach/").status_code == 404


@pytest.mark.parametrize("url", [HUBS, "/national/programmes/p1/",
                                 "/national/hubs/north/reach/"])
@pytest.mark.parametrize(("role", "status"), [(None, 302), (Role.HUB_LEAD, 404),
                                              (Role.NATIONAL_STAFF, 200)])
def test_only_the_national_roles(client, built, url, role, status):
    if role == Role.NATIONAL_STAFF:
        sign_in(client, factories.member(built["national"], role))
    elif role is not None:
        sign_in(client, factories.member(built["hub"], role))
    assert client.get(url).status_code == status


def test_the_national_pages_take_the_same_queries_however_big(client, viewer, built,
                                                              django_assert_num_queries):
    client.get(HUBS)
    with django_assert_num_queries(19) as small:
        client.get(HUBS)
    for number in range(3):
        hub = factories.hub(slug=f"more-{number}")
        hub.areas.add(factories.local_authority())
        group = factories.work_group(factories.offering(hub=hub, academic_year=built["year"]))
        invite([enrol(group, 100001), enrol(group, 100002)], answered=1)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(HUBS)


def test_a_national_viewer_never_receives_a_personal_field(client, viewer, built):
    """Walk every national page and API a national viewer can open and look for every seeded
    person's name and address (participants, applicants, staff, the note's author)."""
    author = factories.member(built["hub"], Role.HUB_LEAD, first_name="Norah",
                              last_name="Noteworthy")
    SchoolContactNote.objects.create(hub=built["hub"], school_urn=100009, author=author,
                                     text="Head of maths interested", created_at=clock.now())
    needles = {author.email, author.first_name, author.last_name, "Head of maths interested"}
    for enrolment in Enrolment.objects.all():
        needles |= {enrolment.email, enrolment.name}
    for application in Application.objects.select_related("applicant"):
        needles |= {application.applicant.email, application.applicant.last_name}
    needles.discard("")
    seeds = ["/national/", HUBS, "/national/hubs/", "/national/hubs/north/reach/?year=2024-25",
             "/national/hubs/north/reach/?year=2024-25&years=10",
             "/national/hubs/south/reach/?year=2024-25",
             "/national/programmes/p1/?year=2024-25", "/national/programmes/p2/?year=2024-25",
             "/staff/national/evaluation/2024-25/", "/api/v1/reports/reach?year=2024-25"]
    # Then every page those link to, and what those link to, that the viewer can open: a
    # national page added later is walked without being listed here.
    queue, seen = list(seeds), set(seeds)
    walked: list[str] = []
    while queue and len(walked) < 80:
        url = queue.pop(0)
        response = client.get(url)
        if url in seeds:
            assert response.status_code == 200, url
        if response.status_code != 200:
            continue
        # A download (the open data files) is streamed.
        body = (b"".join(response.streaming_content) if response.streaming
                else response.content).decode()
        walked.append(url)
        assert [needle for needle in needles if needle in body] == [], url
        for href in re.findall(r'href="(/[^"#]*)"', body):
            link = html.unescape(href)
            if link not in seen and not link.startswith(("/accounts/logout", "/static/")):
                seen.add(link)
                queue.append(link)
    assert len(walked) > len(seeds), walked  # the walk followed links beyond its seeds
