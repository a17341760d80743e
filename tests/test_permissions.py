"""The permission matrix: every staff URL × every role. Forbidden is always 404, never 403."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests import factories
from tests.applications.helpers import DONE, started
from workgroups.accounts.models import Role
from workgroups.applications.services import application_offer, application_submit, offer_accept
from workgroups.audit.models import AuditEvent
from workgroups.catalogue.models import OfferingQuestion
from workgroups.core import clock
from workgroups.core.models import FailedEmail

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "no_membership", "applicant", "other_hub_staff", "work_group_lead",
         "lead_of_this_work_group", "national_viewer", "national_staff", "hub_staff", "hub_lead",
         "superuser"]
ALLOWED = {"hub_staff", "hub_lead", "superuser"}
# Programmes are shared by every hub: anyone who manages a catalogue reads their rules; only the
# national record's staff (and superusers) change them.
PROGRAMME_READERS = {"other_hub_staff", "national_staff", "hub_staff", "hub_lead", "superuser"}
PROGRAMME_EDITORS = {"national_staff", "superuser"}


# The day after the matrix's session: applications are open, its register can be taken and
# its Work Group's outcomes recorded (nothing is refused for being too early or too late).
MATRIX_NOW = datetime(2024, 11, 6, 9, 0, tzinfo=clock.LONDON)


@pytest.fixture
def world(settings):
    settings.WORKGROUPS_PINNED_NOW = MATRIX_NOW
    hub = factories.hub(slug="target")
    other = factories.hub(slug="other")
    national = factories.hub(slug="national", is_national=True)
    offering = factories.offering(hub=hub)
    place = factories.venue(hub)
    work_group = factories.work_group(offering)
    session = factories.session(work_group, venue=place)
    people = {
        "anonymous": None,
        "no_membership": factories.user(),
        "other_hub_staff": factories.member(other, Role.HUB_STAFF),
        "work_group_lead": factories.member(hub, Role.WORK_GROUP_LEAD),
        "national_viewer": factories.member(national, Role.NATIONAL_VIEWER),
        "national_staff": factories.member(national, Role.NATIONAL_STAFF),
        "hub_staff": factories.member(hub, Role.HUB_STAFF),
        "hub_lead": factories.member(hub, Role.HUB_LEAD),
        "superuser": factories.user(is_superuser=True, is_staff=True),
    }
    applicant, draft = started(offering, DONE)
    application = application_submit(applicant=applicant, application=draft)
    people["applicant"] = applicant
    lead = people["lead_of_this_work_group"] = factories.member(hub, Role.WORK_GROUP_LEAD)
    work_group.leads.add(lead)
    question = OfferingQuestion.objects.create(offering=offering, kind="text", text="Why?",
                                               position=1)
    factories.school(123456, "Matrix High School")
    placed = factories.ready_application(offering, school_urn=123456)
    application_offer(actor=None, application=placed, work_group=work_group)
    offer_accept(applicant=placed.applicant, application=placed)
    enrolment = placed.enrolments.get()
    failed_email = FailedEmail.objects.create(
        hub=hub, task_path="workgroups.applications.tasks.send_application_email",
        arguments={"args": [placed.pk, "accepted"], "kwargs": {}}, recipient="x@example.org",
        subject="Your place is confirmed", reason="We could not reach the mail server.",
        attempts=4, failed_at=clock.now())
    ids = {"programme": offering.programme.slug, "offering": offering.pk,
           "offering_slug": offering.slug,
           "application": application.pk, "question": question.pk, "applicant": applicant,
           "work_group": work_group.pk, "session": session.pk, "venue": place.pk,
           "lead": lead.pk, "enrolment": enrolment.pk, "participant": placed.applicant,
           "failed_email": failed_email.pk}
    return hub, people, ids


def hub_urls(ids):
    base = "/staff/hubs/target"
    return [
        f"{base}/",
        f"{base}/offerings/new/",
        f"{base}/offerings/{ids['offering']}/",
        f"{base}/offerings/{ids['offering']}/edit/",
        f"{base}/offerings/{ids['offering']}/applications/",
        f"{base}/offerings/{ids['offering']}/questions/new/",
        f"{base}/questions/{ids['question']}/edit/",
        f"{base}/questions/{ids['question']}/remove/",
        f"{base}/applications/{ids['application']}/",
        f"{base}/offerings/{ids['offering']}/work-groups/new/",
        f"{base}/work-groups/{ids['work_group']}/edit/",
        f"{base}/work-groups/{ids['work_group']}/sessions/new/",
        f"{base}/sessions/{ids['session']}/edit/",
        f"{base}/sessions/{ids['session']}/delete/",
        f"{base}/api-tokens/",
        f"{base}/venues/",
        f"{base}/venues/new/",
        f"{base}/venues/{ids['venue']}/edit/",
        f"{base}/history/offering/{ids['offering']}/",
        f"{base}/history/work-group/{ids['work_group']}/",
        f"{base}/history/session/{ids['session']}/",
        f"{base}/history/venue/{ids['venue']}/",
        f"{base}/years/2024-25/",
        f"{base}/work-groups/{ids['work_group']}/",
        f"{base}/sessions/{ids['session']}/cancel/",
        f"{base}/sessions/{ids['session']}/register/",
        f"{base}/sessions/{ids['session']}/register/upload/",
        f"{base}/work-groups/{ids['work_group']}/outcomes/",
        f"{base}/participants/{ids['enrolment']}/withdraw/",
        f"{base}/schools/123456/journey/",
        f"{base}/people/journey/",
        f"{base}/years/2024-25/rollover/",
        f"{base}/years/2024-25/invitations/",
        f"{base}/failed-emails/",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_hub_staff_page_is_404_unless_the_user_manages_that_hub(client, world, role):
    _, people, ids = world
    if people[role] is not None:
        client.force_login(people[role])
    for url in hub_urls(ids):
        status = client.get(url).status_code
        expected = 302 if role == "anonymous" else 200 if role in ALLOWED else 404
        assert status == expected, (role, url, status)


@pytest.mark.parametrize("role", ROLES)
def test_forbidden_posts_change_nothing(client, world, role):
    _, people, ids = world
    if people[role] is not None:
        client.force_login(people[role])
    before = AuditEvent.objects.count()
    posts = {
        f"/staff/hubs/target/sessions/{ids['session']}/register/":
            {f"mark-{ids['enrolment']}": "present"},
        f"/staff/hubs/target/sessions/{ids['session']}/register/upload/": {},
        f"/staff/hubs/target/work-groups/{ids['work_group']}/outcomes/": {},
        f"/staff/hubs/target/work-groups/{ids['work_group']}/confirm-dates/": {},
        f"/staff/hubs/target/participants/{ids['enrolment']}/withdraw/": {"reason": "Left"},
        "/staff/hubs/target/years/2024-25/rollover/": {},
        "/staff/hubs/target/years/2024-25/invitations/": {},
        f"/staff/hubs/target/sessions/{ids['session']}/cancel/": {"reason": "Snow"},
        f"/staff/hubs/target/venues/{ids['venue']}/edit/":
            {"name": "Renamed", "address": "x", "postcode": "CH1 1AA"},
        f"/staff/hubs/target/sessions/{ids['session']}/delete/": {},
        f"/staff/hubs/target/questions/{ids['question']}/remove/": {},
        "/staff/hubs/target/api-tokens/": {"name": "Sneaky"},
        f"/staff/hubs/target/offerings/{ids['offering']}/edit/":
            {"slug": "renamed", "status": "recruiting"},
        f"/staff/hubs/target/applications/{ids['application']}/override/":
            {"outcome": "eligible", "reason": "Checked by phone"},
        f"/staff/hubs/target/applications/{ids['application']}/waitlist/": {},
        f"/staff/hubs/target/applications/{ids['application']}/decline/": {"reason": "Full"},
        f"/staff/hubs/target/offerings/{ids['offering']}/applications/":
            {"applications": [ids["application"]], "action": "waitlist"},
        f"/staff/hubs/target/work-groups/{ids['work_group']}/":
            {"email": "nobody@example.org"},
        f"/staff/hubs/target/work-groups/{ids['work_group']}/leads/{ids['lead']}/remove/": {},
        f"/staff/hubs/target/failed-emails/{ids['failed_email']}/send-again/": {},
    }
    for url, data in posts.items():
        status = client.post(url, data).status_code
        if role in ALLOWED:
            assert status in {200, 302, 422}, (role, url, status)
        else:
            assert status == (302 if role == "anonymous" else 404), (role, url)
    if role not in ALLOWED:
        assert AuditEvent.objects.count() == before


def applicant_urls(ids):
    base = f"/applications/{ids['application']}"
    return [f"{base}/", f"{base}/sent/", f"{base}/withdraw/", f"{base}/offer/"]


@pytest.mark.parametrize("role", ROLES)
def test_an_application_is_its_applicant_s_alone(client, world, role):
    """Staff see applications through the staff pages; the applicant's own pages are theirs
    alone, whoever else asks (a superuser included)."""
    _, people, ids = world
    if people[role] is not None:
        client.force_login(people[role])
    for url in applicant_urls(ids):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/code/" in response["Location"]
        elif role == "applicant":
            # The offer page sends them to the application until there is an offer.
            assert response.status_code == (302 if url.endswith("/offer/") else 200), url
        else:
            assert response.status_code == 404, (role, url)


@pytest.mark.parametrize("role", ROLES)
def test_a_work_group_s_lead_pages_are_its_leads_alone(client, world, role):
    """Leads see their own Work Group (participants, schools, contacts); nobody else does
    there, hub staff included (they have the staff page)."""
    _, people, ids = world
    if people[role] is not None:
        client.force_login(people[role])
    home = client.get("/lead/")
    pages = [client.get(f"/lead/work-groups/{ids['work_group']}/"),
             client.get(f"/lead/sessions/{ids['session']}/register/")]
    before = AuditEvent.objects.count()
    mark = client.post(f"/lead/sessions/{ids['session']}/register/",
                       {f"mark-{ids['enrolment']}": "absent"})
    if role == "anonymous":
        assert home.status_code == 302 and all(p.status_code == 302 for p in pages)
        assert home["Location"].startswith("/accounts/login/?") and mark.status_code == 302
    else:
        assert home.status_code == 200
        allowed = role == "lead_of_this_work_group"
        assert [p.status_code for p in pages] == [200 if allowed else 404] * 2, role
        assert mark.status_code == (302 if allowed else 404)
    if role != "lead_of_this_work_group":
        assert AuditEvent.objects.count() == before
    register = client.get(f"/api/v1/work-groups/{ids['work_group']}/sessions/"
                          f"{ids['session']}/register")
    expected = {"anonymous": 401, "lead_of_this_work_group": 200, "hub_staff": 200,
                "hub_lead": 200, "superuser": 200}.get(role, 404)
    assert register.status_code == expected, role


@pytest.mark.parametrize("role", ROLES)
def test_a_certificate_is_its_participant_s_alone(client, world, role):
    from workgroups.delivery.models import Enrolment

    _, people, ids = world
    Enrolment.objects.filter(pk=ids["enrolment"]).update(outcome="completed")
    if people[role] is not None:
        client.force_login(people[role])
    response = client.get(f"/certificates/{ids['enrolment']}.pdf")
    assert response.status_code == (302 if role == "anonymous" else 404), role
    client.force_login(ids["participant"])
    assert client.get(f"/certificates/{ids['enrolment']}.pdf").status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_the_api_decisions_need_a_hub_token_and_acceptance_the_applicant(client, world, role):
    """Sessions never open the hub's decision endpoints (they need the hub's API token); the
    applicant's own session may accept (here 409: nothing is offered yet)."""
    _, people, ids = world
    if people[role] is not None:
        client.force_login(people[role])
    base = f"/api/v1/applications/{ids['application']}"
    for path, data in ((f"{base}/offer", {"work_group": ids["work_group"]}),
                       (f"{base}/waitlist", {}), (f"{base}/decline", {"reason": "x"})):
        response = client.post(path, data, content_type="application/json")
        assert response.status_code == 401, (role, path)
    work_groups = client.get("/api/v1/hubs/target/offerings/2024-25/"
                             f"{ids['offering_slug']}/work-groups")
    assert work_groups.status_code == 401
    accept = client.post(f"{base}/accept", content_type="application/json")
    expected = {"anonymous": 401, "applicant": 409}.get(role, 404)
    assert accept.status_code == expected, role


def programme_urls(ids):
    return ["/staff/programmes/", f"/staff/programmes/{ids['programme']}/eligibility/"]


@pytest.mark.parametrize("role", ROLES)
def test_programme_pages_are_for_catalogue_managers_and_edits_for_national_staff(client, world,
                                                                                 role):
    _, people, ids = world
    if people[role] is not None:
        client.force_login(people[role])
    for url in programme_urls(ids):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/?")
        else:
            assert response.status_code == (200 if role in PROGRAMME_READERS else 404), (role,
                                                                                          url)
    before = AuditEvent.objects.count()
    # Issue 13: a rule is added on its kind's form, not typed as JSON.
    response = client.post(programme_urls(ids)[1] + "add/teaches_maths/", {"hard": "yes"})
    completion = client.post(f"/staff/programmes/{ids['programme']}/completion/",
                             {"rule": "min_days", "threshold": "2"})
    if role in PROGRAMME_EDITORS:
        assert response.status_code == 302 and completion.status_code == 302
        assert AuditEvent.objects.count() == before + 2
    else:
        expected = {302} if role == "anonymous" else {404}
        assert response.status_code in expected and completion.status_code in expected, role
        assert AuditEvent.objects.count() == before


def test_staff_home_asks_anonymous_people_to_sign_in(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?")


def test_staff_home_lists_only_the_hubs_a_user_manages(client, world):
    _, people, _ = world
    client.force_login(people["other_hub_staff"])
    page = client.get("/staff/").text
    assert "/staff/hubs/other/" in page and "/staff/hubs/target/" not in page
    client.force_login(people["superuser"])
    page = client.get("/staff/").text
    assert "/staff/hubs/other/" in page and "/staff/hubs/target/" in page


def test_objects_of_another_hub_are_404_even_under_your_own_hub(client, world):
    hub, people, _ = world
    foreign = factories.offering(hub=factories.hub(slug="foreign"))
    foreign_session = factories.session(factories.work_group(foreign), day=date(2024, 12, 1))
    client.force_login(people["hub_staff"])
    assert client.get(f"/staff/hubs/target/offerings/{foreign.pk}/").status_code == 404
    assert client.get(f"/staff/hubs/target/sessions/{foreign_session.pk}/edit/").status_code == 404
    assert client.get(f"/staff/hubs/target/history/offering/{foreign.pk}/").status_code == 404


NATIONAL = {"national_viewer", "national_staff", "superuser"}


@pytest.mark.parametrize("role", ROLES)
def test_the_national_overview_is_for_the_national_roles(client, world, role):
    _, people, _ = world
    if people[role] is not None:
        client.force_login(people[role])
    response = client.get("/national/")
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?")
    else:
        assert response.status_code == (200 if role in NATIONAL else 404), role
    assert client.post("/national/").status_code == (302 if role == "anonymous" else 405)


@pytest.mark.parametrize("role", ROLES)
def test_the_sign_in_pages_answer_everyone(client, world, role):
    """Signed-in people are sent on from the sign-in pages; starting again and the old sign-up
    address only ever redirect."""
    _, people, _ = world
    if people[role] is not None:
        client.force_login(people[role])
    code_page = client.get("/accounts/login/code/")
    assert code_page.status_code == (200 if role == "anonymous" else 302), role
    assert client.get("/accounts/login/code/confirm/").status_code == 302
    assert client.post("/accounts/login/restart/").status_code == 302
    assert client.get("/accounts/login/restart/").status_code == 405
    assert client.get("/accounts/signup/").status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_school_search_and_find_your_hub_are_public(client, world, role):
    _, people, _ = world
    if people[role] is not None:
        client.force_login(people[role])
    for url in ["/schools/?q=matrix", "/schools/your-hub/", "/schools/your-hub/?q=matrix",
                "/schools/your-hub/?urn=123456"]:
        status = client.get(url).status_code
        assert status == 200, (role, url, status)


@pytest.mark.parametrize("role", ROLES)
def test_an_address_the_api_does_not_have_is_a_json_404_for_everyone(client, world, role):
    _, people, _ = world
    if people[role] is not None:
        client.force_login(people[role])
    for url in ["/api/v1/nothing-here", "/api/v1/hubs/target/offerings/2024-25/x/y/z"]:
        response = client.get(url)
        assert response.status_code == 404, (role, url)
        assert response["Content-Type"].startswith("application/json"), (role, url)
