from __future__ import annotations

from datetime import date

import pytest
from allauth.account.models import EmailAddress

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.catalogue.models import Offering, OfferingStatus
from workgroups.delivery.models import Session, Venue, WorkGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    person = factories.member(hub, Role.HUB_STAFF, first_name="Sam", last_name="Staff")
    sign_in(client, person)
    return hub, person


def test_staff_add_an_offering_and_see_it_in_history(client, staff):
    hub, person = staff
    programme = factories.programme(slug="pd-lead", title="PD Lead Programme")
    year = factories.academic_year(2024)
    response = client.post("/staff/hubs/cw/offerings/new/", {
        "programme": programme.pk, "academic_year": year.pk, "slug": "pd-lead",
        "code": "NCP 24-40", "status": "recruiting", "applications_open": "2024-06-01",
        "applications_close": "2024-10-18", "how_to_apply": "Apply here."})
    offering = Offering.objects.get(hub=hub, slug="pd-lead")
    assert response.status_code == 302
    assert response["Location"] == f"/staff/hubs/cw/offerings/{offering.pk}/"
    assert offering.status == OfferingStatus.RECRUITING
    history = client.get(f"/staff/hubs/cw/history/offering/{offering.pk}/").text
    assert "Offering created" in history and "catalogue.offering.created" not in history
    assert "Sam Staff" in history
    assert "NCP 24-40" in history
    # Stored codes are shown as their labels.
    assert "Status: Now recruiting" in history and "recruiting" not in history.replace(
        "Now recruiting", "")


def test_bad_input_is_explained_on_the_page_and_nothing_is_saved(client, staff):
    programme = factories.programme()
    year = factories.academic_year(2024)
    response = client.post("/staff/hubs/cw/offerings/new/", {
        "programme": programme.pk, "academic_year": year.pk, "slug": "Not a slug!",
        "status": "recruiting", "applications_open": "2024-10-01",
        "applications_close": "2024-09-01"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "The closing date must be on or after the opening date." in response.text
    assert 'class="govuk-error-message"' in response.text
    assert not Offering.objects.exists()


def test_a_service_refusal_is_shown_on_the_form(client, staff):
    hub, _ = staff
    existing = factories.offering(hub=hub, slug="pd-lead")
    response = client.post("/staff/hubs/cw/offerings/new/", {
        "programme": factories.programme().pk, "academic_year": existing.academic_year.pk,
        "slug": "pd-lead", "status": "draft"})
    assert response.status_code == 200
    assert "already has an offering called" in response.text
    assert Offering.objects.count() == 1


def test_the_offering_forms_offer_every_status_and_refuse_a_move_not_allowed(client, staff):
    hub, _ = staff
    created = client.get("/staff/hubs/cw/offerings/new/").text
    assert all(f'value="{status}"' in created for status in OfferingStatus.values)
    offering = factories.offering(hub=hub, status=OfferingStatus.RUNNING)
    page = client.get(f"/staff/hubs/cw/offerings/{offering.pk}/edit/").text
    assert all(f'value="{status}"' in page for status in OfferingStatus.values)
    assert "It is running now; it can become completed." in page
    response = client.post(f"/staff/hubs/cw/offerings/{offering.pk}/edit/",
                           {"slug": offering.slug, "status": "recruiting"})
    assert response.status_code == 200
    assert "An offering that is running cannot become now recruiting." in response.text
    assert Offering.objects.get(pk=offering.pk).status == OfferingStatus.RUNNING
    recruiting = factories.offering(hub=hub, slug="other")
    client.post(f"/staff/hubs/cw/offerings/{recruiting.pk}/edit/",
                {"slug": "other", "status": "completed"})
    assert Offering.objects.get(pk=recruiting.pk).status == OfferingStatus.COMPLETED


def test_staff_build_a_work_group_with_a_session_at_a_venue(client, staff):
    hub, _ = staff
    offering = factories.offering(hub=hub)
    client.post("/staff/hubs/cw/venues/new/",
                {"name": "Chester Centre", "address": "1 Road, Chester", "postcode": "ch1 1aa"})
    venue = Venue.objects.get(hub=hub)
    client.post(f"/staff/hubs/cw/offerings/{offering.pk}/work-groups/new/",
                {"name": "Chester", "delivery_mode": "face_to_face", "capacity_schools": 7,
                 "capacity_participants": 14})
    work_group = WorkGroup.objects.get(offering=offering)
    response = client.post(f"/staff/hubs/cw/work-groups/{work_group.pk}/sessions/new/", {
        "kind": "workshop", "date": "2024-11-05", "start_time": "09:00", "end_time": "15:30",
        "venue": venue.pk, "equivalent_days": "1", "required": "on"})
    assert response.status_code == 302
    session = Session.objects.get(work_group=work_group)
    assert session.starts_at == factories.london(date(2024, 11, 5), "09:00")
    page = client.get(f"/staff/hubs/cw/offerings/{offering.pk}/").text
    assert "Chester Centre" in page and "Tue 5 Nov 2024, 09:00" in page


def test_a_session_outside_the_year_is_refused_with_a_message(client, staff):
    hub, _ = staff
    work_group = factories.work_group(factories.offering(hub=hub))
    response = client.post(f"/staff/hubs/cw/work-groups/{work_group.pk}/sessions/new/", {
        "kind": "workshop", "date": "2025-09-05", "start_time": "09:00", "end_time": "10:00",
        "equivalent_days": "1"})
    assert response.status_code == 200
    assert "must fall within 2024/25" in response.text
    assert not Session.objects.exists()


def test_a_session_edit_keeps_london_time_and_is_audited(client, staff):
    hub, _ = staff
    session = factories.session(factories.work_group(factories.offering(hub=hub)),
                                day=date(2025, 6, 5))
    form = client.get(f"/staff/hubs/cw/sessions/{session.pk}/edit/").text
    assert 'value="09:00"' in form and 'value="2025-06-05"' in form
    client.post(f"/staff/hubs/cw/sessions/{session.pk}/edit/", {
        "kind": "workshop", "date": "2025-06-05", "start_time": "09:30", "end_time": "15:30",
        "equivalent_days": "1"})
    session.refresh_from_db()
    assert session.starts_at == factories.london(date(2025, 6, 5), "09:30")
    history = client.get(f"/staff/hubs/cw/history/session/{session.pk}/").text
    assert "Session updated" in history and "delivery.session.updated" not in history
    assert "Starts at: 5 Jun 2025, 09:00 → 5 Jun 2025, 09:30" in history
    assert "starts_at" not in history


def test_removing_a_session_asks_first_then_removes(client, staff):
    hub, _ = staff
    session = factories.session(factories.work_group(factories.offering(hub=hub)))
    assert "Remove the session on 5 November 2024?" in client.get(
        f"/staff/hubs/cw/sessions/{session.pk}/delete/").text
    client.post(f"/staff/hubs/cw/sessions/{session.pk}/delete/")
    assert not Session.objects.exists()


def test_staff_sign_in_with_email_and_password(client):
    hub = factories.hub(slug="cw")
    user = factories.member(hub, email="sam@example.org", password="correct-horse-battery")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    bad = client.post("/accounts/login/", {"login": "sam@example.org", "password": "nope"})
    assert "Enter a correct email address and password" in bad.text
    factories.second_factor(user)
    good = client.post("/accounts/login/", {"login": "sam@example.org",
                                            "password": "correct-horse-battery"})
    assert good["Location"] == "/accounts/2fa/authenticate/"  # then their second factor
    good = client.post(good["Location"], {"code": factories.totp_code()})
    # Staff of one hub land on its staff page (issue 12).
    assert good.status_code == 302 and good["Location"] == "/staff/hubs/cw/"
    assert "/staff/hubs/cw/" in client.get("/staff/").text
    client.post("/accounts/logout/")
    # Signed out, a staff page asks for the staff sign-in (issue 13: the gate; it was a 404).
    signed_out = client.get("/staff/hubs/cw/")
    assert signed_out.status_code == 302
    assert signed_out["Location"] == "/accounts/login/?next=/staff/hubs/cw/"


def test_an_empty_submission_shows_errors_rather_than_a_blank_form(client, staff):
    response = client.post("/staff/hubs/cw/venues/new/", {})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert not Venue.objects.exists()
