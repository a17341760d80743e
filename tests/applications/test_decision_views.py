"""The staff pages for deciding: the year's dashboard, the offering's table (filters, sorting,
paging, bulk decisions, a fixed number of queries) and the decisions on one application; the
applicant's page for answering an offer."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core import mail

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.applications.models import Application, ApplicationStatus
from workgroups.applications.services import application_offer, application_waitlist
from workgroups.audit.models import AuditEvent
from workgroups.core import clock
from workgroups.delivery.models import Enrolment, WorkGroup

pytestmark = pytest.mark.django_db

S = ApplicationStatus
NOW = datetime(2024, 10, 1, 9, 0, tzinfo=clock.LONDON)


@pytest.fixture
def world(pinned_clock):
    hub = factories.hub(slug="cw")
    offering = factories.offering(hub=hub)
    group = factories.work_group(offering, name="Chester", capacity_schools=2,
                                 capacity_participants=10)
    factories.school(111111, "Alpha Academy", la_code=896, la_name="Cheshire West and Chester")
    factories.school(222222, "Beta High School", la_code=895, la_name="Cheshire East")
    factories.school(333333, "Gamma School", la_code=895, la_name="Cheshire East")
    applications = [factories.ready_application(offering, school_urn=urn,
                                                submitted_at=NOW - timedelta(days=days))
                    for urn, days in ((111111, 3), (222222, 2), (333333, 1))]
    staff = factories.member(hub, Role.HUB_STAFF)
    return hub, offering, group, applications, staff


def table(client, offering, query=""):
    return client.get(f"/staff/hubs/cw/offerings/{offering.pk}/applications/{query}")


def test_the_dashboard_counts_each_offering_s_applications_and_places(client, world):
    hub, offering, group, applications, staff = world
    application_offer(actor=None, application=applications[0], work_group=group)
    sign_in(client, staff)
    page = client.get("/staff/hubs/cw/years/2024-25/").text
    assert offering.programme.title in page
    assert "9 of 10" in page  # participant places left of capacity
    assert "1 school" in page  # school places left


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["Alpha Academy", "Beta High School", "Gamma School"]),
    ("?sort=-submitted", ["Gamma School", "Beta High School", "Alpha Academy"]),
    ("?sort=school", ["Alpha Academy", "Beta High School", "Gamma School"]),
    ("?la=895", ["Beta High School", "Gamma School"]),
    ("?school=beta", ["Beta High School"]),
    ("?school=333333", ["Gamma School"]),
    ("?status=offered", ["Alpha Academy"]),
    ("?outcome=not_eligible", []),
    ("?submitted_from=2024-09-29", ["Beta High School", "Gamma School"]),
    ("?submitted_to=2024-09-28", ["Alpha Academy"]),
])
def test_the_table_filters_and_sorts(client, world, query, expected):
    _, offering, group, applications, staff = world
    application_offer(actor=None, application=applications[0], work_group=group)
    sign_in(client, staff)
    page = table(client, offering, query).text
    shown = [name for name in ("Alpha Academy", "Beta High School", "Gamma School")
             if name in page]
    assert sorted(shown) == sorted(expected)
    if expected:
        positions = [page.index(name) for name in expected]
        assert positions == sorted(positions)
    else:
        assert "No applications match these filters" in page


def test_the_table_pages_and_keeps_its_filters(client, world):
    _, offering, _, _, staff = world
    for i in range(55):
        factories.ready_application(offering, school_urn=111111,
                                    submitted_at=NOW - timedelta(minutes=i))
    sign_in(client, staff)
    page = table(client, offering, "?sort=-submitted").text
    assert "58 applications, page 1 of 2" in page
    assert "?sort=-submitted&amp;page=2" in page
    assert "page 2 of 2" in table(client, offering, "?sort=-submitted&page=2").text


@pytest.mark.parametrize("size", [10, 200])
def test_the_table_takes_the_same_queries_however_many_applications(
        client, world, size, django_assert_num_queries):
    _, offering, group, _, staff = world
    for i in range(size):
        factories.ready_application(offering, school_urn=111111 if i % 2 else None,
                                    status="waitlisted" if i % 3 else "ready_for_review")
    sign_in(client, staff)
    table(client, offering)  # warm the session and content types
    with django_assert_num_queries(13):  # 13th: the messages sent to applicants
        response = table(client, offering, "?sort=school&la=896")
    assert response.status_code == 200


def test_bulk_offers_fill_places_earliest_first_and_name_each_refusal(client, world):
    _, offering, group, applications, staff = world
    sign_in(client, staff)
    response = client.post(f"/staff/hubs/cw/offerings/{offering.pk}/applications/", {
        "applications": [a.pk for a in applications], "action": "offer",
        "work_group": group.pk}, follow=True)
    statuses = [Application.objects.get(pk=a.pk).status for a in applications]
    assert statuses == [S.OFFERED, S.OFFERED, S.READY_FOR_REVIEW]
    page = response.text
    assert "2 applications offered a place." in page
    assert "Chester is full" in page


def test_a_refused_offer_is_never_shown_as_a_success(client, world):
    """Bulk offers into a Work Group with room for one: the one made is the only success;
    the refusals are in an error summary, not the green banner."""
    _, offering, group, applications, staff = world
    WorkGroup.objects.filter(pk=group.pk).update(capacity_schools=1)
    sign_in(client, staff)
    page = client.post(f"/staff/hubs/cw/offerings/{offering.pk}/applications/", {
        "applications": [a.pk for a in applications], "action": "offer",
        "work_group": group.pk}, follow=True).text
    success = page.split('govuk-notification-banner--success', 1)[1].split("</div>\n</div>")[0]
    assert "1 application offered a place." in success and "full" not in success
    assert page.count(">Success</h2>") == 1
    problem = page.split("govuk-error-summary", 1)[1].split("</ul>", 1)[0]
    assert "There is a problem" in problem and problem.count("Chester is full") == 2
    everyone_refused = client.post(f"/staff/hubs/cw/offerings/{offering.pk}/applications/", {
        "applications": [applications[2].pk], "action": "offer", "work_group": group.pk},
        follow=True).text
    assert ">Success</h2>" not in everyone_refused and "There is a problem" in everyone_refused


@pytest.mark.parametrize(("free", "says"), [
    (True, "Its Work Groups still have places"),
    (False, "has no place for you at the moment"),
])
def test_the_waiting_list_email_says_why(world, django_capture_on_commit_callbacks, free, says):
    _, _, group, applications, _ = world
    if not free:
        WorkGroup.objects.filter(pk=group.pk).update(capacity_schools=1)
        application_offer(actor=None, application=applications[0], work_group=group)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_waitlist(actor=None, application=applications[1])
    body = mail.outbox[-1].body
    assert says in body
    assert ("no place" in body) is not free


@pytest.mark.parametrize(("data", "message"), [
    ({"action": "offer"}, "Select at least one application"),
    ({"applications": "APP", "action": "offer"}, "Choose the Work Group"),
    ({"applications": "APP", "action": "decline"}, "Give a reason"),
    ({"applications": "APP"}, "Choose what to do"),
])
def test_bulk_decisions_explain_what_is_missing(client, world, data, message):
    _, offering, _, applications, staff = world
    data = {k: (applications[0].pk if v == "APP" else v) for k, v in data.items()}
    sign_in(client, staff)
    response = client.post(f"/staff/hubs/cw/offerings/{offering.pk}/applications/", data)
    assert response.status_code == 422
    assert message in response.text and "govuk-error-summary" in response.text
    assert Application.objects.filter(status=S.READY_FOR_REVIEW).count() == 3


def test_one_application_offered_then_moved_declined_and_overridden(client, world):
    _, offering, group, applications, staff = world
    sign_in(client, staff)
    base = f"/staff/hubs/cw/applications/{applications[0].pk}"
    assert "Offer a place" in client.get(f"{base}/").text
    response = client.post(f"{base}/offer/", {"work_group": group.pk})
    assert response.status_code == 302
    assert Application.objects.get(pk=applications[0].pk).status == S.OFFERED
    # The last school place goes to the second; the third cannot have one.
    client.post(f"/staff/hubs/cw/applications/{applications[1].pk}/offer/",
                {"work_group": group.pk})
    refused = client.post(f"/staff/hubs/cw/applications/{applications[2].pk}/offer/",
                          {"work_group": group.pk})
    assert refused.status_code == 422 and "Chester is full" in refused.text
    client.post(f"/staff/hubs/cw/applications/{applications[2].pk}/waitlist/")
    assert Application.objects.get(pk=applications[2].pk).status == S.WAITLISTED
    page = client.get(f"/staff/hubs/cw/applications/{applications[2].pk}/").text
    assert "number 1 on the waiting list" in page
    empty = client.post(f"/staff/hubs/cw/applications/{applications[2].pk}/decline/", {})
    assert empty.status_code == 422 and "Give the reason for declining" in empty.text
    client.post(f"/staff/hubs/cw/applications/{applications[2].pk}/override/",
                {"outcome": "not_eligible", "reason": "Not a state school after all"})
    assert Application.objects.get(pk=applications[2].pk).eligibility_outcome == "not_eligible"
    client.post(f"/staff/hubs/cw/applications/{applications[2].pk}/decline/",
                {"reason": "Not a state-funded school"})
    assert Application.objects.get(pk=applications[2].pk).status == S.DECLINED
    assert client.post(f"{base}/nonsense/").status_code == 404


def test_the_applicant_accepts_from_the_offer_page(client, world):
    _, offering, group, applications, _ = world
    application = applications[0]
    application_offer(actor=None, application=application, work_group=group)
    factories.session(group)
    sign_in(client, application.applicant)
    page = client.get(f"/applications/{application.pk}/")
    assert "Accept or turn down the place" in page.text
    offer = client.get(f"/applications/{application.pk}/offer/")
    assert "Answer by 8 October 2024" in offer.text and "Add to calendar" in offer.text
    empty = client.post(f"/applications/{application.pk}/offer/", {})
    assert empty.status_code == 422 and "Select whether you accept the place" in empty.text
    client.post(f"/applications/{application.pk}/offer/", {"answer": "accept"})
    assert Application.objects.get(pk=application.pk).status == S.ACCEPTED
    assert Enrolment.objects.get().email == application.applicant.email
    detail = client.get(f"/applications/{application.pk}/").text
    assert "Your sessions" in detail and "/calendar/" in detail
    # Answered: the offer page sends them back to the application.
    assert client.get(f"/applications/{application.pk}/offer/").status_code == 302


def test_turning_down_from_the_page_moves_the_waiting_list(client, world):
    _, offering, group, applications, _ = world
    group.capacity_schools = 1
    group.save()
    application_offer(actor=None, application=applications[0], work_group=group)
    sign_in(client, factories.member(offering.hub))
    client.post(f"/staff/hubs/cw/applications/{applications[1].pk}/waitlist/")
    sign_in(client, applications[0].applicant)
    client.post(f"/applications/{applications[0].pk}/offer/",
                {"answer": "decline", "reason": "Clash"})
    assert Application.objects.get(pk=applications[1].pk).status == S.OFFERED
    assert AuditEvent.objects.filter(action="applications.application.offer_declined").exists()


def test_the_waiting_applicant_sees_their_place(client, world):
    _, offering, _, applications, staff = world
    sign_in(client, staff)
    for application in applications[1:]:
        client.post(f"/staff/hubs/cw/applications/{application.pk}/waitlist/")
    sign_in(client, applications[2].applicant)
    assert "number 2" in client.get(f"/applications/{applications[2].pk}/").text


def test_staff_set_a_cap_across_the_offering_s_work_groups(client, world):
    _, offering, group, applications, staff = world
    second = factories.work_group(offering, name="Wirral")
    sign_in(client, staff)
    response = client.post(f"/staff/hubs/cw/offerings/{offering.pk}/edit/", {
        "slug": offering.slug, "status": offering.status, "capacity_schools": "1"})
    assert response.status_code == 302
    client.post(f"/staff/hubs/cw/applications/{applications[0].pk}/offer/",
                {"work_group": group.pk})
    refused = client.post(f"/staff/hubs/cw/applications/{applications[1].pk}/offer/",
                          {"work_group": second.pk})
    assert refused.status_code == 422 and "The offering is full" in refused.text
    assert "1 schools, no limit on participants" in client.get(
        f"/staff/hubs/cw/offerings/{offering.pk}/").text
