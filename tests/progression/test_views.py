"""Register, outcome, withdrawal, journey, rollover, invitation and certificate pages through the
test client; registers and journeys in the API."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.accounts.services import api_token_create
from workgroups.applications.models import Application
from workgroups.applications.services import application_offer, offer_accept
from workgroups.core import clock
from workgroups.delivery.models import Attendance, Enrolment
from workgroups.delivery.services import register_save
from workgroups.progression.links import invitation_token
from workgroups.progression.models import Invitation
from workgroups.progression.services import work_group_record_outcomes
from workgroups.schools.models import ParticipationRecord

pytestmark = pytest.mark.django_db

AFTER_THE_YEAR = datetime(2025, 7, 20, 9, 0, tzinfo=clock.LONDON)
# The day after the second (last) session: both registers can be taken.
AFTER_THE_SESSIONS = datetime(2024, 12, 6, 9, 0, tzinfo=clock.LONDON)


@pytest.fixture
def world(settings):
    settings.WORKGROUPS_PINNED_NOW = AFTER_THE_SESSIONS
    hub = factories.hub(slug="cw")
    offering = factories.offering(hub=hub, code="NCP 24-12")
    group = factories.work_group(offering, name="Chester")
    sessions = [factories.session(group, day=day)
                for day in (date(2024, 11, 5), date(2024, 12, 5))]
    factories.school(111422, "Upton-by-Chester High School")
    application = factories.ready_application(offering, school_urn=111422)
    application_offer(actor=None, application=application, work_group=group)
    offer_accept(applicant=application.applicant, application=application)
    lead = factories.member(hub, Role.WORK_GROUP_LEAD)
    group.leads.add(lead)
    staff = factories.member(hub, Role.HUB_STAFF)
    return hub, group, sessions, application, lead, staff


def test_a_lead_takes_the_register_without_javascript(client, world):
    _, group, sessions, application, lead, _ = world
    enrolment = Enrolment.objects.get()
    sign_in(client, lead)
    page = client.get(f"/lead/work-groups/{group.pk}/").text
    assert f"/lead/sessions/{sessions[0].pk}/register/" in page
    register = client.get(f"/lead/sessions/{sessions[0].pk}/register/").text
    assert enrolment.name in register and "Upton-by-Chester High School" in register
    assert 'hx-post=' in register and "Not marked yet" in register
    response = client.post(f"/lead/sessions/{sessions[0].pk}/register/",
                           {f"mark-{enrolment.pk}": "present"}, follow=True)
    assert "Register saved: 1 mark changed." in response.text
    assert Attendance.objects.get().status == "present"


def test_with_javascript_each_mark_is_saved_on_its_own(client, world):
    _, _, sessions, _, lead, _ = world
    enrolment = Enrolment.objects.get()
    sign_in(client, lead)
    url = f"/lead/sessions/{sessions[1].pk}/register/"
    response = client.post(url, {f"mark-{enrolment.pk}": "apologies"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.text == "Saved: Apologies"
    bad = client.post(url, {f"mark-{enrolment.pk}": "late"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422 and bad.text.startswith("Not saved:")
    corrected = client.post(url, {f"mark-{enrolment.pk}": "present"}, HTTP_HX_REQUEST="true")
    assert corrected.text == "Saved: Present"
    history = client.get(url).text
    assert "changed from apologies to present" in history


def test_staff_upload_a_register_and_see_each_bad_row(client, world):
    _, _, sessions, application, _, staff = world
    sign_in(client, staff)
    url = f"/staff/hubs/cw/sessions/{sessions[0].pk}/register/upload/"
    upload = SimpleUploadedFile("register.csv", (
        f"email,status\n{application.applicant.email},present\nnobody@example.org,absent\n"
    ).encode())
    page = client.post(url, {"file": upload}).text
    assert "1 participant marked." in page and "Nobody with this email address" in page
    missing = client.post(url, {})
    assert missing.status_code == 422 and "Choose the CSV file to upload" in missing.text
    wrong = client.post(url, {"file": SimpleUploadedFile("x.csv", b"a,b\n1,2\n")})
    assert wrong.status_code == 422 and "status" in wrong.text


def test_staff_record_outcomes_and_the_participant_downloads_a_certificate(client, world,
                                                                           settings):
    _, group, sessions, application, _, staff = world
    enrolment = Enrolment.objects.get()
    for session in sessions:
        register_save(actor=None, session=session, marks={enrolment.pk: "present"})
    settings.WORKGROUPS_PINNED_NOW = AFTER_THE_YEAR
    sign_in(client, staff)
    url = f"/staff/hubs/cw/work-groups/{group.pk}/outcomes/"
    assert f'href="{url}"' in client.get(f"/staff/hubs/cw/work-groups/{group.pk}/").text
    confirm = client.get(url).text  # what will be written, before anything is
    assert "Record these outcomes" in confirm and enrolment.name in confirm
    assert not ParticipationRecord.objects.exists()
    response = client.post(url, follow=True)
    assert "Outcomes recorded: 1 completed" in response.text
    assert ParticipationRecord.objects.get().outcome == "completed"
    sign_in(client, application.applicant)
    detail = client.get(f"/applications/{application.pk}/").text
    assert f"/certificates/{enrolment.pk}.pdf" in detail
    pdf = client.get(f"/certificates/{enrolment.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    sign_in(client, staff)  # someone else's certificate is not theirs to download
    assert client.get(f"/certificates/{enrolment.pk}.pdf").status_code == 404


def test_staff_withdraw_a_participant_with_a_reason(client, world):
    _, group, _, _, _, staff = world
    enrolment = Enrolment.objects.get()
    sign_in(client, staff)
    url = f"/staff/hubs/cw/participants/{enrolment.pk}/withdraw/"
    assert client.post(url, {}).status_code == 422
    response = client.post(url, {"reason": "Left the school"})
    assert response.status_code == 302
    assert Enrolment.objects.get().outcome == "withdrawn"


def test_journeys_of_a_school_and_a_person(client, world, django_assert_max_num_queries):
    hub, group, sessions, application, _, staff = world
    enrolment = Enrolment.objects.get()
    register_save(actor=None, session=sessions[0], marks={enrolment.pk: "present"})
    earlier = factories.academic_year(2019)
    ParticipationRecord.objects.create(academic_year=earlier, hub=hub,
                                       programme=factories.programme(title="Older Programme"),
                                       school_urn=111422, outcome="completed")
    sign_in(client, staff)
    with django_assert_max_num_queries(14):
        page = client.get("/staff/hubs/cw/schools/111422/journey/").text
    table = page[page.index("journey-caption"):]
    assert table.index("2019/20") < table.index("2024/25")
    assert "Older Programme" in page and "1 session (2 required)" in page
    person = client.post("/staff/hubs/cw/people/journey/", {"email": enrolment.email}).text
    assert group.name in person and "Older Programme" not in person
    # A participant list links by the enrolment's id: no address in the URL.
    by_id = client.get(f"/staff/hubs/cw/people/journey/?enrolment={enrolment.pk}").text
    assert group.name in by_id and "Older Programme" not in by_id
    for wrong in ("999999", "x", "-1", "9" * 40):
        empty = client.get(f"/staff/hubs/cw/people/journey/?enrolment={wrong}")
        assert empty.status_code == 200 and group.name not in empty.text
    assert "?email=" not in client.get(f"/staff/hubs/cw/work-groups/{group.pk}/").text
    assert client.get("/staff/hubs/cw/schools/999999/journey/").status_code == 404


def test_rollover_then_review_and_send_invitations(client, world, on_commit, settings):
    hub, group, sessions, application, _, staff = world
    enrolment = Enrolment.objects.get()
    for session in sessions:
        register_save(actor=None, session=session, marks={enrolment.pk: "present"})
    settings.WORKGROUPS_PINNED_NOW = AFTER_THE_YEAR
    work_group_record_outcomes(actor=None, work_group=group)
    from workgroups.catalogue.models import ProgressionRoute

    stage_two = factories.programme(title="Stage Two")
    ProgressionRoute.objects.create(from_programme=group.offering.programme,
                                    to_programme=stage_two)
    factories.offering(hub=hub, programme=stage_two, academic_year=factories.academic_year(2025))
    sign_in(client, staff)
    assert "Roll 2024/25 over to 2025/26" in client.get(
        "/staff/hubs/cw/years/2024-25/rollover/").text
    response = client.post("/staff/hubs/cw/years/2024-25/rollover/", follow=True)
    assert "1 new invitation to review" in response.text
    invitation = Invitation.objects.get()
    assert invitation.email == application.applicant.email
    empty = client.post("/staff/hubs/cw/years/2025-26/invitations/", {"action": "send"})
    assert empty.status_code == 422 and "Select at least one invitation" in empty.text
    on_commit(client.post, "/staff/hubs/cw/years/2025-26/invitations/",
              {"invitations": [invitation.pk], "action": "send"})
    invitation.refresh_from_db()
    assert invitation.status == "sent"
    # The invited person follows the link: their application opens with what we know.
    sign_in(client, application.applicant)
    link = f"/invitations/{invitation_token(invitation.pk, invitation.nonce)}/"
    # The link's page writes nothing; its button opens the application (issue 13: no GET
    # view writes, so this step is now a POST).
    page = client.get(link)
    assert page.status_code == 200 and "Start your application" in page.text
    assert not Application.objects.filter(offering__programme=stage_two).exists()
    landing = client.post(link)
    assert landing.status_code == 302 and landing["Location"].startswith("/applications/")
    opened = Application.objects.get(offering__programme=stage_two)
    assert opened.answers["urn"] == 111422
    assert client.get("/invitations/forged/").status_code == 404
    # Someone else signed in cannot use it.
    sign_in(client, staff)
    refused = client.get(link)
    assert refused.status_code == 409 and "different email address" in refused.text


def test_registers_and_journeys_in_the_api(client, world):
    hub, group, sessions, application, lead, staff = world
    enrolment = Enrolment.objects.get()
    _, raw = api_token_create(actor=staff, hub=hub, user=staff, name="Sheet")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    url = f"/api/v1/work-groups/{group.pk}/sessions/{sessions[0].pk}/register"
    assert client.get(url, **auth).json() == [{
        "enrolment": enrolment.pk, "name": enrolment.name, "school_urn": 111422,
        "status": None}]
    put = client.put(url, json.dumps([{"enrolment": enrolment.pk, "status": "present"}]),
                     content_type="application/json", **auth)
    assert put.status_code == 200 and put.json()[0]["status"] == "present"
    bad = client.put(url, json.dumps([{"enrolment": enrolment.pk, "status": "late"}]),
                     content_type="application/json", **auth)
    assert bad.status_code == 422
    # The lead uses their session; someone else's session gets a 404; nobody gets a 401.
    sign_in(client, lead)
    assert client.get(url).status_code == 200
    sign_in(client, factories.member(factories.hub(slug="other"), Role.HUB_STAFF))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 401
    journey = client.get("/api/v1/hubs/cw/schools/111422/journey", **auth).json()
    assert journey == [{"academic_year": "2024-25",
                        "programme": {"code": "NCP 24-12", "slug": group.offering.programme.slug,
                                      "title": group.offering.programme.title},
                        "work_group": "Chester", "sessions_attended": 1,
                        "sessions_required": 2, "outcome": "enrolled"}]
    person = client.post("/api/v1/hubs/cw/people/journey", {"email": enrolment.email},
                         content_type="application/json", **auth)
    assert person.json() == journey
    # The address is never taken from the URL.
    assert client.get(f"/api/v1/hubs/cw/people/journey?email={enrolment.email}",
                      **auth).status_code == 405
    other_staff = factories.member(factories.hub(slug="another"), Role.HUB_STAFF)
    _, foreign = api_token_create(actor=other_staff, hub=other_staff.memberships.get().hub,
                                  user=other_staff, name="Theirs")
    assert client.get("/api/v1/hubs/cw/schools/111422/journey",
                      HTTP_AUTHORIZATION=f"Bearer {foreign}").status_code == 404
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {foreign}").status_code == 404


def test_national_staff_set_how_a_programme_is_completed(client, world):
    _, group, _, _, _, staff = world
    programme = group.offering.programme
    national = factories.member(factories.hub(slug="national", is_national=True),
                                Role.NATIONAL_STAFF)
    url = f"/staff/programmes/{programme.slug}/completion/"
    sign_in(client, staff)  # a hub's staff read it, but may not change it
    assert "Completing it" in client.get(f"/staff/programmes/{programme.slug}/eligibility/").text
    assert client.post(url, {"rule": "min_days", "threshold": "3"}).status_code == 404
    sign_in(client, national)
    refused = client.post(url, {"rule": "min_percent", "threshold": "150"}, follow=True)
    assert "more than 100" in refused.text or "less than or equal" in refused.text
    client.post(url, {"rule": "min_percent", "threshold": "75"})
    programme.refresh_from_db()
    assert (programme.completion_rule, programme.completion_threshold) == ("min_percent", 75)
    client.post(url, {"rule": "all_required", "threshold": "9"})
    programme.refresh_from_db()
    assert (programme.completion_rule, programme.completion_threshold) == ("all_required", None)


def test_a_register_before_its_session_explains_and_takes_no_marks(client, world, settings):
    _, _, sessions, _, lead, staff = world
    enrolment = Enrolment.objects.get()
    settings.WORKGROUPS_PINNED_NOW = datetime(2024, 10, 1, 9, 0, tzinfo=clock.LONDON)
    sign_in(client, lead)
    url = f"/lead/sessions/{sessions[0].pk}/register/"
    page = client.get(url).text
    assert "has not started yet" in page and "09:00 on Tuesday 5 November 2024" in page
    assert 'type="radio"' not in page and enrolment.name in page
    response = client.post(url, {f"mark-{enrolment.pk}": "present"}, follow=True)
    assert "There is a problem" in response.text and ">Success</h2>" not in response.text
    early = client.post(url, {f"mark-{enrolment.pk}": "present"}, HTTP_HX_REQUEST="true")
    assert early.status_code == 422 and "not started yet" in early.text
    sign_in(client, staff)
    upload = client.post(f"/staff/hubs/cw/sessions/{sessions[0].pk}/register/upload/", {
        "file": SimpleUploadedFile("r.csv", f"email,status\n{enrolment.email},present\n"
                                   .encode())})
    assert upload.status_code == 422 and "not started yet" in upload.text
    assert not Attendance.objects.exists()


def test_the_register_shows_who_cannot_be_marked_and_why_and_says_when_nothing_changed(
        client, world):
    _, group, sessions, application, _, staff = world
    enrolment = Enrolment.objects.get()
    leaver = Enrolment.objects.create(work_group=group, application=application,
                                      name="Lee Leaver", email="lee@school.example.org",
                                      outcome="withdrawn")
    sign_in(client, staff)
    url = f"/staff/hubs/cw/sessions/{sessions[0].pk}/register/"
    page = client.get(url).text
    assert "Lee Leaver" in page and "Withdrawn: no longer taking part." in page
    assert f'name="mark-{leaver.pk}"' not in page and f'name="mark-{enrolment.pk}"' in page
    assert "Mark all present" in page
    refused = client.post(url, {f"mark-{leaver.pk}": "present"}, follow=True).text
    assert "Lee Leaver cannot be marked" in refused and ">Success</h2>" not in refused
    marked = client.post(url, {"mark_all_present": "1"}, follow=True).text
    assert "1 participant marked present." in marked
    assert Attendance.objects.get().enrolment == enrolment
    again = client.post(url, {f"mark-{enrolment.pk}": "present"}, follow=True).text
    assert "Nothing changed" in again and ">Success</h2>" not in again
    assert "0 marks changed" not in again
    sign_in(client, world[4])  # the lead: no "mark all present" for them
    assert "Mark all present" not in client.get(
        f"/lead/sessions/{sessions[0].pk}/register/").text


def test_outcomes_before_the_end_are_explained_not_offered(client, world, settings):
    _, group, _, _, _, staff = world
    settings.WORKGROUPS_PINNED_NOW = datetime(2024, 10, 1, 9, 0, tzinfo=clock.LONDON)
    sign_in(client, staff)
    page = client.get(f"/staff/hubs/cw/work-groups/{group.pk}/").text
    assert "once the last session has ended" in page
    # No way to record outcomes (the outcomes export, of what is known so far, stays).
    assert f'/work-groups/{group.pk}/outcomes/"' not in page
    refused = client.post(f"/staff/hubs/cw/work-groups/{group.pk}/outcomes/")
    assert refused.status_code == 409 and "once the last session has ended" in refused.text
    assert set(Enrolment.objects.values_list("outcome", flat=True)) == {"enrolled"}


def test_no_invitation_sent_is_not_a_success(client, world, settings):
    hub, group, _, application, _, staff = world
    draft = factories.offering(hub=hub, status="draft",
                               academic_year=factories.academic_year(2025))
    invitation = Invitation.objects.create(
        offering=draft, email=application.applicant.email, name="Ada Byron", nonce="n",
        completed_programme=group.offering.programme)
    sign_in(client, staff)
    page = client.post("/staff/hubs/cw/years/2025-26/invitations/",
                       {"invitations": [invitation.pk], "action": "send"}, follow=True).text
    assert "0 invitations sent" not in page and ">Success</h2>" not in page
    assert "1 invitation was not sent: its offering is still a draft." in page


def test_the_api_refuses_a_register_before_its_session_with_a_reason(client, world, settings):
    hub, group, sessions, _, _, staff = world
    enrolment = Enrolment.objects.get()
    _, raw = api_token_create(actor=staff, hub=hub, user=staff, name="Sheet")
    settings.WORKGROUPS_PINNED_NOW = datetime(2024, 10, 1, 9, 0, tzinfo=clock.LONDON)
    put = client.put(f"/api/v1/work-groups/{group.pk}/sessions/{sessions[0].pk}/register",
                     json.dumps([{"enrolment": enrolment.pk, "status": "present"}]),
                     content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert put.status_code == 409
    assert put.json()["code"] == "register_closed" and "not started yet" in put.json()["detail"]
    assert not Attendance.objects.exists()


def test_a_repeat_that_changes_nothing_is_not_a_success(client, world):
    _, group, _, _, _, staff = world
    sign_in(client, staff)
    dates = client.post(f"/staff/hubs/cw/work-groups/{group.pk}/confirm-dates/",
                        follow=True).text
    assert "Nothing changed: no session dates were waiting" in dates
    assert ">Success</h2>" not in dates and "0 session dates confirmed" not in dates
    first = client.post("/staff/hubs/cw/years/2024-25/rollover/", follow=True).text
    assert ">Success</h2>" in first and "1 offering copied as drafts" in first
    again = client.post("/staff/hubs/cw/years/2024-25/rollover/", follow=True).text
    assert ">Success</h2>" not in again and "0 offerings copied" in again
