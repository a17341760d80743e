"""The "Your data" pages (the person's own) and a hub's page for subject access and erasure
requests, through the test client."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from tests import factories
from tests.factories import sign_in
from tests.personaldata.test_export import (
    ANSWER,
    EMAIL,
    FIRST,
    OTHER_ANSWER,
    QUESTION,
    person_with_everything,
)
from workgroups.accounts.models import HubMembership, Role, User
from workgroups.applications.models import Application, Endorsement
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.catalogue.models import InterestRegistration
from workgroups.core import clock
from workgroups.delivery.models import Attendance, Enrolment

pytestmark = pytest.mark.django_db

OWN_PAGES = ["/account/data/", "/account/data.json", "/account/delete/"]


@pytest.fixture
def world(pinned_clock):
    return person_with_everything()


def staff_page(hub):
    return reverse("staff:personal-data", kwargs={"hub": hub.slug})


# --- The person's own -------------------------------------------------------------------------

@pytest.mark.parametrize("url", OWN_PAGES)
def test_signed_out_people_are_asked_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_the_owner_sees_their_own_data_in_words(client, world):
    sign_in(client, world["person"])
    page = client.get("/account/data/")
    assert page.status_code == 200
    text = page.text
    assert QUESTION in text and ANSWER in text and EMAIL in text
    assert "Tuesday Twilight Group" in text and "Present" in text
    assert OTHER_ANSWER not in text
    assert "f" * 32 not in text  # the calendar feed's secret


def test_someone_else_never_sees_another_person_s_data(client, world):
    stranger = factories.user("stranger@example.org")
    sign_in(client, stranger)
    for url in OWN_PAGES[:2]:
        text = client.get(url).text
        assert ANSWER not in text and EMAIL not in text and FIRST not in text
    assert "stranger@example.org" in client.get("/account/data/").text


def test_the_download_is_a_json_attachment_of_everything(client, world):
    sign_in(client, world["person"])
    response = client.get("/account/data.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="your-data-')
    data = json.loads(response.content)
    assert data["account"]["email"] == EMAIL
    assert ANSWER in json.dumps(data, ensure_ascii=False)
    assert len(data["applications"]) == 2


def test_reading_your_data_writes_nothing(client, world):
    sign_in(client, world["person"])
    before = AuditEvent.objects.count()
    for url in OWN_PAGES:
        assert client.get(url).status_code == 200
    assert AuditEvent.objects.count() == before


def test_the_account_page_links_to_your_data(client, world):
    sign_in(client, world["person"])
    text = client.get("/account/").text
    assert 'href="/account/data/"' in text and 'href="/account/delete/"' in text


def confirm_it_is_me(client):
    """allauth's reauthentication, which deleting an account asks of someone with a password."""
    client.post("/accounts/reauthenticate/", {"password": "correct-horse-battery"})


def test_deleting_asks_someone_with_a_password_to_confirm_it_is_them(client, world):
    sign_in(client, world["person"])
    response = client.post("/account/delete/", {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/?next=")
    assert User.objects.get(pk=world["person"].pk).email == EMAIL
    assert client.get("/account/delete/").status_code == 200  # reading the page asks nothing


def test_deleting_needs_the_box_ticked(client, world):
    sign_in(client, world["person"])
    confirm_it_is_me(client)
    response = client.post("/account/delete/", {})
    assert response.status_code == 422
    assert "Tick the box to confirm you want to delete your account" in response.text
    assert User.objects.get(pk=world["person"].pk).email == EMAIL


def test_deleting_your_account_erases_you_signs_you_out_and_says_so(client, world):
    person = world["person"]
    sign_in(client, person)
    confirm_it_is_me(client)
    response = client.post("/account/delete/", {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == "/account/deleted/"
    erased = User.objects.get(pk=person.pk)
    assert erased.email != EMAIL and not erased.is_active
    application = Application.objects.get(pk=world["application"].pk)
    assert ANSWER not in json.dumps(application.answers)
    event = AuditEvent.objects.filter(actor=person).order_by("-pk").first()
    assert event is not None and "Deleted their own account" in json.dumps(event.changes)
    done = client.get(response["Location"])
    assert done.status_code == 200 and "Your account has been deleted" in done.text
    assert client.get("/account/data/").status_code == 302  # signed out


@pytest.mark.parametrize("how", ["hub_role", "superuser"])
def test_staff_cannot_delete_their_own_account_here(client, world, how):
    person = world["person"]
    if how == "hub_role":
        HubMembership.objects.create(user=person, hub=world["hub"], role=Role.WORK_GROUP_LEAD)
    else:
        User.objects.filter(pk=person.pk).update(is_superuser=True, is_staff=True)
    sign_in(client, person)
    confirm_it_is_me(client)
    page = client.get("/account/delete/")
    assert page.status_code == 200 and "Ask your hub lead to remove your role" in page.text
    response = client.post("/account/delete/", {"confirm": "on"})
    assert response.status_code == 409
    assert User.objects.get(pk=person.pk).email == EMAIL


# --- A hub's requests page ------------------------------------------------------------------

def test_a_hub_lead_finds_a_person_with_records_at_the_hub(client, world):
    sign_in(client, world["staff"])
    before = AuditEvent.objects.count()
    response = client.post(staff_page(world["hub"]),
                           {"email": f"  {EMAIL.upper()} ", "reason": "Email of 3 March",
                            "action": "find"})
    assert response.status_code == 200
    assert "Records at Test Hub North" in response.text and "They have an account" in response.text
    assert "Applications" in response.text and "Download their data" in response.text
    assert AuditEvent.objects.count() == before  # finding writes nothing


def test_the_hub_links_to_its_requests_page_for_its_lead_only(client, world):
    hub = world["hub"]
    sign_in(client, world["staff"])
    assert staff_page(hub) in client.get(f"/staff/hubs/{hub.slug}/").text
    sign_in(client, factories.member(hub, Role.HUB_STAFF))
    assert staff_page(hub) not in client.get(f"/staff/hubs/{hub.slug}/").text
    assert client.get(staff_page(hub)).status_code == 404


@pytest.mark.parametrize("email", ["nobody@example.org", "stranger@example.org"])
def test_no_one_is_found_without_records_at_this_hub(client, world, email):
    """An account with no records here is not revealed either."""
    factories.user("stranger@example.org")
    other_lead = factories.member(world["elsewhere"], Role.HUB_LEAD)
    sign_in(client, world["staff"])
    response = client.post(staff_page(world["hub"]),
                           {"email": email, "reason": "Phone call", "action": "find"})
    assert response.status_code == 200
    assert "No one with records at this hub has that email address" in response.text
    # The supporter's record is at the northern hub: the southern hub's lead finds nothing.
    sign_in(client, other_lead)
    response = client.post(staff_page(world["elsewhere"]),
                           {"email": "hortense@school.example", "reason": "Phone call",
                            "action": "find"})
    assert "No one with records at this hub has that email address" in response.text


@pytest.mark.parametrize("action", ["find", "download", "erase"])
def test_a_request_without_a_reason_is_refused_clearly(client, world, action):
    sign_in(client, world["staff"])
    before = AuditEvent.objects.count()
    response = client.post(staff_page(world["hub"]),
                           {"email": EMAIL, "reason": "  ", "action": action, "confirm": "on"})
    assert response.status_code == 422
    assert "Describe the request: who asked, when and how" in response.text
    assert AuditEvent.objects.count() == before
    assert User.objects.get(pk=world["person"].pk).email == EMAIL


JUNK = [
    {},
    {"email": "not an address", "reason": "x"},
    {"email": "a@b.c" * 100, "reason": "x"},
    {"email": EMAIL, "reason": "x" * 5000},
    {"email": EMAIL, "reason": "ok", "action": "explode"},
    {"email": EMAIL, "reason": "ok", "action": ["find", "erase"]},
    {"email": "\u202e@example.org", "reason": "\ufeff"},
    {"email": EMAIL, "reason": "ok", "action": "erase", "confirm": ""},
    {"email": "\x00@example.org", "reason": "nul \x00"},
]


@pytest.mark.parametrize("data", JUNK)
def test_junk_is_never_a_server_error(client, world, data):
    sign_in(client, world["staff"])
    response = client.post(staff_page(world["hub"]), data)
    assert response.status_code < 500
    assert User.objects.get(pk=world["person"].pk).email == EMAIL


def test_the_lead_downloads_their_data_and_it_is_audited(client, world):
    hub, lead = world["hub"], world["staff"]
    sign_in(client, lead)
    response = client.post(staff_page(hub), {"email": EMAIL, "reason": "Letter of 3 March",
                                              "action": "download"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="personal-data-{hub.slug}-')
    data = json.loads(response.content)
    assert ANSWER in json.dumps(data, ensure_ascii=False)
    assert "An answer given to the southern hub" not in json.dumps(data, ensure_ascii=False)
    event = AuditEvent.objects.get(action=AuditAction.PERSONAL_DATA_EXPORTED)
    assert (event.actor, event.hub) == (lead, hub)
    assert event.changes["reason"] == "Letter of 3 March"
    assert EMAIL not in json.dumps(event.changes) + event.object_repr


def test_erasing_needs_the_box_ticked(client, world):
    sign_in(client, world["staff"])
    response = client.post(staff_page(world["hub"]), {"email": EMAIL, "reason": "Asked",
                                                      "action": "erase"})
    assert response.status_code == 422 and "Tick the box to confirm the erasure" in response.text
    assert User.objects.get(pk=world["person"].pk).email == EMAIL


def test_a_lead_does_not_erase_someone_with_records_at_another_hub(client, world):
    """Erasure reaches across the service: one hub may not decide it for another's records."""
    hub, lead, person = world["hub"], world["staff"], world["person"]
    sign_in(client, lead)
    response = client.post(staff_page(hub), {"email": EMAIL, "reason": "Erasure request 4 May",
                                              "action": "erase", "confirm": "on"})
    assert response.status_code == 409 and "records at another hub" in response.text
    assert User.objects.get(pk=person.pk).email == EMAIL


def test_a_registration_of_interest_does_not_make_an_account_a_hub_s_to_erase(client):
    """Anyone can register interest for any address: a lead who did so for someone's address
    still cannot erase their account."""
    hub = factories.hub()
    lead = factories.member(hub, Role.HUB_LEAD)
    victim = factories.user(email="victim@example.org")
    InterestRegistration.objects.create(offering=factories.offering(hub=hub),
                                        email="victim@example.org")
    sign_in(client, lead)
    response = client.post(staff_page(hub), {"email": "victim@example.org", "reason": "Asked",
                                              "action": "erase", "confirm": "on"})
    assert response.status_code == 409 and "delete their account themselves" in response.text
    assert User.objects.get(pk=victim.pk).is_active
    download = client.post(staff_page(hub), {"email": "victim@example.org", "reason": "Asked",
                                              "action": "download"})
    data = json.loads(download.content)
    assert data["account"] is None and data["about"]["email_addresses_searched"] is None


def test_the_lead_erases_them_on_request(client, world):
    hub, lead, person = world["hub"], world["staff"], world["person"]
    Application.objects.filter(applicant=person).exclude(offering__hub=hub).delete()
    sign_in(client, lead)
    response = client.post(staff_page(hub), {"email": EMAIL, "reason": "Erasure request 4 May",
                                              "action": "erase", "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == staff_page(hub)
    assert User.objects.get(pk=person.pk).email != EMAIL
    assert Application.objects.filter(applicant=person).count() == 1  # still counted
    event = AuditEvent.objects.filter(actor=lead, hub=hub).order_by("-pk").first()
    assert event is not None and "Erasure request 4 May" in json.dumps(event.changes)
    again = client.post(staff_page(hub), {"email": EMAIL, "reason": "Check", "action": "find"})
    assert "No one with records at this hub has that email address" in again.text


def test_staff_are_not_erased_from_this_page(client, world):
    hub, person = world["hub"], world["person"]
    HubMembership.objects.create(user=person, hub=hub, role=Role.HUB_STAFF)
    sign_in(client, world["staff"])
    response = client.post(staff_page(hub), {"email": EMAIL, "reason": "Asked",
                                              "action": "erase", "confirm": "on"})
    assert response.status_code == 409 and "Remove their roles first" in response.text
    assert User.objects.get(pk=person.pk).email == EMAIL


def test_an_address_without_an_account_can_be_downloaded_and_erased(client, world):
    hub, lead = world["hub"], world["staff"]
    sign_in(client, lead)
    page = staff_page(hub)
    found = client.post(page, {"email": "hortense@school.example", "reason": "Asked",
                               "action": "find"})
    assert "No one has an account with this address" in found.text
    assert "everything held under this address" in found.text and 'id="refusal"' not in found.text
    download = client.post(page, {"email": "hortense@school.example", "reason": "Asked",
                                  "action": "download"})
    assert download.status_code == 200
    assert json.loads(download.content)["support_and_agreement_given"][0]["comment"] == (
        "Ottoline is a great colleague")
    erase = client.post(page, {"email": "Hortense@School.example", "reason": "Asked by email",
                               "action": "erase", "confirm": "on"})
    assert erase.status_code == 302 and erase["Location"] == page
    done = client.get(page).text
    assert ("The records held under that address have been erased across the service: "
            "1 support or agreement asked of them and 1 application naming them as a "
            "supporter or team member.") in done
    assert "hortense" not in done.lower()
    support = Endorsement.objects.get(application=world["application"])
    assert (support.name, support.comment) == ("", "")
    assert support.email.endswith("@erased.invalid") and "hortense" not in support.email
    event = AuditEvent.objects.get(action=AuditAction.ADDRESS_ERASED)
    assert (event.actor, event.hub, event.changes["reason"]) == (lead, hub, "Asked by email")
    assert User.objects.get(pk=world["person"].pk).email == EMAIL  # the applicant stays
    again = client.post(page, {"email": "hortense@school.example", "reason": "Check",
                               "action": "find"})
    assert "No one with records at this hub has that email address" in again.text


def test_erasing_an_address_needs_the_box_ticked(client, world):
    sign_in(client, world["staff"])
    response = client.post(staff_page(world["hub"]), {
        "email": "hortense@school.example", "reason": "Asked", "action": "erase"})
    assert response.status_code == 422 and "Tick the box to confirm the erasure" in response.text
    assert Endorsement.objects.filter(email="hortense@school.example").exists()


@pytest.mark.parametrize("role", [Role.HUB_STAFF, "other_hub_lead"])
def test_only_this_hub_s_lead_erases_an_address(client, world, role):
    person = (factories.member(world["elsewhere"], Role.HUB_LEAD) if role == "other_hub_lead"
              else factories.member(world["hub"], role))
    sign_in(client, person)
    response = client.post(staff_page(world["hub"]), {
        "email": "hortense@school.example", "reason": "Asked", "action": "erase",
        "confirm": "on"})
    assert response.status_code == 404
    assert Endorsement.objects.filter(email="hortense@school.example").exists()
    assert not AuditEvent.objects.filter(action=AuditAction.ADDRESS_ERASED).exists()


def test_an_account_made_with_the_address_meanwhile_is_refused_clearly(client, world,
                                                                        monkeypatch):
    """Between finding the records and erasing them, someone signed up with the address."""
    from workgroups.core.services import DomainError
    from workgroups.personaldata import erasure, views

    def refuse(**kwargs):
        raise DomainError(erasure.ACCOUNT_HOLDS_ADDRESS, field="email", code="has_account")

    monkeypatch.setattr(views, "address_erase", refuse)
    sign_in(client, world["staff"])
    response = client.post(staff_page(world["hub"]), {
        "email": "hortense@school.example", "reason": "Asked", "action": "erase",
        "confirm": "on"})
    assert response.status_code == 409
    assert "Someone has an account with this address" in response.text
    assert "govuk-error-summary" in response.text


def test_every_kind_an_erasure_counts_has_words():
    from dataclasses import fields

    from workgroups.personaldata.erasure import ErasureReport
    from workgroups.personaldata.views import ERASED_WORDS, erased_in_words

    assert {field.name for field in fields(ErasureReport)} == set(ERASED_WORDS)
    assert erased_in_words(ErasureReport(interest_registrations=2, audit_events=1)) == (
        "The records held under that address have been erased across the service: "
        "2 registrations of interest and 1 entry in the history. What the hub must report is "
        "kept without their name or address.")
    assert "nothing needed erasing" in erased_in_words(ErasureReport())


def test_the_json_is_the_whole_export(client, world):
    from workgroups.personaldata.export import person_data

    sign_in(client, world["person"])
    downloaded = json.loads(client.get("/account/data.json").content)
    assert downloaded == json.loads(json.dumps(person_data(world["person"])))


def test_the_page_s_queries_do_not_grow_with_the_records(client, world):
    """More applications, places and marks do not mean more queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = world["person"]
    sign_in(client, person)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/account/data/").status_code == 200
        return len(captured)

    queries()  # the session's first request may note things in it
    before = queries()
    for _ in range(3):
        offering = factories.offering(hub=world["hub"])
        application = factories.ready_application(offering, applicant=person,
                                                  school_urn=100001)
        group = factories.work_group(offering)
        place = Enrolment.objects.create(work_group=group, application=application, user=person,
                                         name="Ottoline", email=EMAIL)
        Attendance.objects.create(enrolment=place, session=factories.session(group),
                                  status="present", marked_at=clock.now())
        application.endorsements.create(kind="support", role="headteacher", name="A Head",
                                        email="head@school.example", link_nonce="x" * 32,
                                        link_sent_at=clock.now())
    assert queries() == before


def test_an_altered_address_on_the_erase_form_is_reported_without_a_broken_link(client, world):
    hub = world["hub"]
    sign_in(client, world["staff"])
    response = client.post(staff_page(hub), {"email": "not an address", "reason": "Asked",
                                              "action": "erase", "confirm": "on"})
    assert response.status_code == 422
    assert 'href="#erase_email"' not in response.text
    assert "There is a problem" in response.text
