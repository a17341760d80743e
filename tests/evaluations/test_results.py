"""Results in aggregate only, from 5 responses; pages gated by the report capability, another
hub's a 404; a fixed number of queries whatever the number of responses."""

from __future__ import annotations

import pytest

from tests import factories
from tests.evaluations.conftest import enrol
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.evaluations.models import EvaluationInvitation, EvaluationResponse
from workgroups.evaluations.selectors import evaluation_summary_by_hub
from workgroups.evaluations.services import (
    evaluation_invitations_send,
    evaluation_questions_ensure,
)

pytestmark = pytest.mark.django_db


def answer_n(group, n: int, points=(5, 4, 4, 2, 1, 3, 5), texts=("Zebra", "apple", "Mango")):
    """``n`` responses: the first scale question gets ``points`` in turn, the first text
    question ``texts`` in turn (in that order, to see they are not listed so)."""
    evaluation_questions_ensure(programme=group.offering.programme)
    questions = list(group.offering.programme.evaluation_questions.all())
    scale = next(q for q in questions if q.is_scale)
    text = next(q for q in questions if not q.is_scale)
    for i in range(n):
        EvaluationResponse.objects.create(work_group=group, answers={
            str(scale.pk): points[i % len(points)], str(text.pk): texts[i % len(texts)]})
    return scale, text


@pytest.fixture
def staff(ended):
    person = factories.member(ended.offering.hub, Role.HUB_STAFF)
    return person


def url(group, kind="work-group"):
    hub = group.offering.hub.slug
    if kind == "work-group":
        return f"/staff/hubs/{hub}/evaluation/work-groups/{group.pk}/"
    return f"/staff/hubs/{hub}/evaluation/offerings/{group.offering.pk}/"


@pytest.mark.parametrize(("n", "shown"), [(4, False), (5, True)])
def test_results_appear_from_five_responses(client, ended, staff, n, shown):
    scale, text = answer_n(ended, n)
    sign_in(client, staff)
    for kind in ("work-group", "offering"):
        page = client.get(url(ended, kind)).content.decode()
        waiting = (f"Results appear when at least 5 participants have answered "
                   f"({n} so far)")
        assert (waiting in page) is not shown
        assert ("Zebra" in page) is shown
        assert (scale.text in page) is shown


def test_counts_per_point_and_percent_agree(client, ended, staff):
    answer_n(ended, 5)  # 5, 4, 4, 2, 1: three of five agree
    sign_in(client, staff)
    page = client.get(url(ended)).content.decode()
    assert "<strong>60%</strong>" in page
    assert page.index("apple") < page.index("Mango") < page.index("Zebra")


def test_export_of_the_results(client, ended, staff):
    answer_n(ended, 5)
    sign_in(client, staff)
    page = client.get(url(ended)).content.decode()
    assert f'action="{url(ended)}export/"' in page  # the download buttons post here
    response = client.post(url(ended) + "export/", {"format": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0] == ("Question,Asked by,Answer,Number of participants,"
                                    "Per cent of those who answered")
    assert "Agree or strongly agree,,60" in body
    workbook = client.post(url(ended) + "export/", {"format": "xlsx"})
    assert workbook.status_code == 200
    assert b"".join(workbook.streaming_content)[:2] == b"PK"
    assert client.post(url(ended) + "export/", {"format": "pdf"}).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.LIST_EXPORTED).count() == 2


def test_a_get_never_downloads_nor_writes(client, ended, staff):
    answer_n(ended, 5)
    hub = ended.offering.hub.slug
    sign_in(client, staff)
    before = AuditEvent.objects.count()
    for page in (url(ended), url(ended, "offering"), f"/staff/hubs/{hub}/evaluation/2024-25/"):
        response = client.get(page + "?format=csv")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        assert client.get(page + "export/?format=csv").status_code == 405
    assert AuditEvent.objects.count() == before


def test_no_export_below_the_threshold(client, ended, staff):
    answer_n(ended, 4)
    sign_in(client, staff)
    assert client.post(url(ended) + "export/", {"format": "csv"}).status_code == 404
    assert client.post(url(ended, "offering") + "export/", {"format": "csv"}).status_code == 404


def test_a_small_work_group_cannot_be_read_by_difference(client, ended, staff):
    """Chester has 5 answers (shown on its own), Crewe 1: the offering, hub and national
    results count Chester's only, or the one answer would be the difference."""
    scale, _text = answer_n(ended, 5)  # 5, 4, 4, 2, 1: 60% agree
    crewe = factories.work_group(ended.offering, name="Crewe")
    EvaluationResponse.objects.create(work_group=crewe, answers={
        str(scale.pk): 5, str(_text.pk): "Only Crewe said this"})
    national = factories.hub(slug="national", name="National record", is_national=True)
    viewer = factories.member(national, Role.NATIONAL_STAFF)
    hub = ended.offering.hub.slug
    sign_in(client, staff)
    for page in (url(ended, "offering"), f"/staff/hubs/{hub}/evaluation/2024-25/"):
        shown = client.get(page).content.decode()
        assert "Answered: 6." in shown
        assert "<strong>60%</strong>" in shown  # 4 of 6 would be 67%
        assert "Only Crewe said this" not in shown
        assert "The 1 answer from 1 Work Group with fewer than 5 answers is not counted" in shown
        body = b"".join(client.post(page + "export/", {"format": "csv"})
                        .streaming_content).decode("utf-8-sig")
        assert "Agree or strongly agree,,60" in body
        assert "Only Crewe said this" not in body
        assert "Strongly agree,1,20" in body  # Chester's one 5 of 5; Crewe's 5 left out
    client.logout()
    sign_in(client, viewer)
    programme = f"/staff/national/evaluation/2024-25/{ended.offering.programme.slug}/"
    assert "<strong>60%</strong>" in client.get(programme).content.decode()
    body = b"".join(client.post(programme + "export/", {"format": "csv"})
                    .streaming_content).decode("utf-8-sig")
    assert "Agree or strongly agree,,60" in body


def test_small_work_groups_alone_show_nothing_however_many_answers(client, ended, staff):
    answer_n(ended, 3)
    answer_n(factories.work_group(ended.offering, name="Crewe"), 3)
    sign_in(client, staff)
    page = client.get(url(ended, "offering")).content.decode()
    assert "Results appear when a Work Group has at least 5 answers (6 so far" in page
    assert "Zebra" not in page
    assert client.post(url(ended, "offering") + "export/", {"format": "csv"}).status_code == 404


def test_the_hub_year_page_counts_questions_worded_alike_as_one(client, ended, staff):
    answer_n(ended, 5)  # 5, 4, 4, 2, 1
    other = factories.offering(hub=ended.offering.hub, academic_year=ended.offering.academic_year,
                               programme=factories.programme(title="Mastery Readiness"))
    answer_n(factories.work_group(other), 5, points=(5,))
    sign_in(client, staff)
    page = client.get(f"/staff/hubs/{ended.offering.hub.slug}/evaluation/2024-25/")
    text = page.content.decode()
    assert "Answered: 10." in text
    assert "<strong>80%</strong>" in text  # 3 of 5 and 5 of 5 agree
    assert text.count("The Work Group improved my subject knowledge") == 1


def test_another_hub_s_staff_and_a_work_group_lead_get_404(client, ended):
    answer_n(ended, 5)
    other = factories.member(factories.hub(slug="other"), Role.HUB_LEAD)
    sign_in(client, other)
    assert client.get(url(ended)).status_code == 404
    assert client.get(url(ended, "offering")).status_code == 404
    lead = factories.member(ended.offering.hub, Role.WORK_GROUP_LEAD)
    ended.leads.add(lead)
    client.logout()
    sign_in(client, lead)
    assert client.get(url(ended)).status_code == 404


def test_the_hub_year_page_counts_each_offering(client, ended, staff, on_commit):
    on_commit(evaluation_invitations_send)
    answer_n(ended, 1)
    sign_in(client, staff)
    page = client.get(f"/staff/hubs/{ended.offering.hub.slug}/evaluation/2024-25/")
    assert page.status_code == 200
    assert "SKTM ECT" in page.content.decode()
    assert "50%" in page.content.decode()  # 1 of 2 invited


def test_query_counts_do_not_grow_with_responses(client, ended, staff,
                                                 django_assert_max_num_queries):
    answer_n(ended, 5)
    sign_in(client, staff)
    client.get(url(ended, "offering"))
    with django_assert_max_num_queries(20) as few:
        client.get(url(ended, "offering"))
    answer_n(ended, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(ended, "offering"))


def test_national_pages_show_the_national_set_without_typed_words(client, ended):
    answer_n(ended, 5)
    national = factories.hub(slug="national", name="National record", is_national=True)
    viewer = factories.member(national, Role.NATIONAL_VIEWER)
    sign_in(client, viewer)
    listing = client.get("/staff/national/evaluation/2024-25/")
    assert listing.status_code == 200 and "SKTM ECT" in listing.content.decode()
    slug = ended.offering.programme.slug
    page = client.get(f"/staff/national/evaluation/2024-25/{slug}/").content.decode()
    assert "<strong>60%</strong>" in page
    assert "Zebra" not in page
    staff_member = factories.member(ended.offering.hub, Role.HUB_STAFF)
    client.logout()
    sign_in(client, staff_member)
    assert client.get("/staff/national/evaluation/2024-25/").status_code == 404


def test_summary_by_hub_for_the_national_view(ended, on_commit, django_assert_num_queries):
    on_commit(evaluation_invitations_send)
    answer_n(ended, 1)
    other = factories.work_group(factories.offering(hub=factories.hub(slug="x")))
    EvaluationInvitation.objects.create(enrolment=enrol(other, "z@example.org"),
                                        work_group=other, nonce="n",
                                        sent_at=ended.sessions.first().ends_at)
    year = ended.offering.academic_year
    with django_assert_num_queries(2):
        summary = evaluation_summary_by_hub(year)
    assert summary == {ended.offering.hub_id: (2, 1), other.offering.hub_id: (1, 0)}


def test_list_pages_take_the_same_queries_whatever_the_number_of_offerings(
        client, ended, django_assert_max_num_queries):
    national = factories.hub(slug="national", name="National record", is_national=True)
    sign_in(client, factories.member(national, Role.NATIONAL_STAFF))
    staff_member = factories.member(ended.offering.hub, Role.HUB_STAFF)
    pages = ["/staff/national/evaluation/2024-25/",
             f"/staff/national/evaluation/2024-25/{ended.offering.programme.slug}/"]
    counts = []
    for page in pages:
        with django_assert_max_num_queries(30) as taken:
            assert client.get(page).status_code == 200
        counts.append(len(taken.captured_queries))
    for n in range(3):
        other = factories.offering(hub=factories.hub(slug=f"more-{n}"),
                                   programme=ended.offering.programme)
        answer_n(factories.work_group(other), 2)
        factories.offering(hub=ended.offering.hub)
    for page, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(page).status_code == 200
    client.logout()
    sign_in(client, staff_member)
    hub_year = f"/staff/hubs/{ended.offering.hub.slug}/evaluation/2024-25/"
    with django_assert_max_num_queries(30) as taken:
        client.get(hub_year)
    factories.offering(hub=ended.offering.hub)
    with django_assert_max_num_queries(len(taken.captured_queries)):
        assert client.get(hub_year).status_code == 200


def test_the_downloads_are_refused_to_another_hub_and_to_hub_staff_nationally(client, ended):
    answer_n(ended, 5)
    hub = ended.offering.hub.slug
    outsider = factories.member(factories.hub(slug="other"), Role.HUB_LEAD)
    sign_in(client, outsider)
    for page in (url(ended), url(ended, "offering"), f"/staff/hubs/{hub}/evaluation/2024-25/"):
        assert client.post(page + "export/", {"format": "csv"}).status_code == 404
    client.logout()
    sign_in(client, factories.member(ended.offering.hub, Role.HUB_STAFF))
    national = f"/staff/national/evaluation/2024-25/{ended.offering.programme.slug}/export/"
    assert client.post(national, {"format": "csv"}).status_code == 404
    assert client.post(f"/staff/hubs/{hub}/evaluation/2024-25/export/",
                       {"format": "csv"}).status_code == 200
    assert not AuditEvent.objects.filter(actor=outsider).exists()
