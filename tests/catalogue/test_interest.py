"""Expressions of interest: double opt-in, one opening email whatever happens to the status,
and the links that carry no email address."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from tests import factories
from workgroups.catalogue.interest import links as interest
from workgroups.catalogue.interest.services import interest_register
from workgroups.catalogue.models import InterestRegistration, OfferingStatus
from workgroups.catalogue.services import offering_create, offering_update
from workgroups.core.services import DomainError

pytestmark = pytest.mark.django_db

ADDRESS = "ada.teacher@school.example.org"


@pytest.fixture
def closed_offering(pinned_clock):
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub",
                        contact_email="hub@example.org")
    programme = factories.programme(slug="mastery-specialists", title="Mastery Specialists")
    return factories.offering(hub=hub, programme=programme, academic_year=factories
                              .academic_year(2024), status=OfferingStatus.CLOSED)


def link_in(message, kind):
    return re.search(rf"http://\S+/interest/{kind}/(\S+)/", message.body)


def register_and_confirm(client, offering, email=ADDRESS, capture=None):
    url = f"/hubs/{offering.hub.slug}/{offering.academic_year.slug}/{offering.slug}/interest/"
    with capture(execute=True):
        response = client.post(url, {"email": email, "name": "Ada"})
    assert "Check your email" in response.text
    confirm = link_in(mail.outbox[-1], "confirm")
    assert confirm, mail.outbox[-1].body
    with capture(execute=True):
        page = client.post(f"/interest/confirm/{confirm.group(1)}/").text
    assert "Your interest is registered" in page
    return InterestRegistration.objects.get(email=email)


def test_the_offering_page_offers_registration_when_closed(client, closed_offering):
    page = client.get(closed_offering.get_absolute_url()).text
    assert "/interest/" in page and "Register your interest" in page


def test_registering_sends_a_confirmation_without_the_address_in_any_link(
        client, closed_offering, django_capture_on_commit_callbacks):
    register_and_confirm(client, closed_offering, capture=django_capture_on_commit_callbacks)
    confirmation = mail.outbox[0]
    assert confirmation.to == [ADDRESS]
    assert "Mastery Specialists" in confirmation.subject
    assert "Cheshire and Wirral Maths Hub" in confirmation.body and "hub@example.org" in \
        confirmation.body
    assert isinstance(confirmation, EmailMultiAlternatives)
    assert confirmation.alternatives[0][1] == "text/html"
    for url in re.findall(r"https?://\S+", str(confirmation.body)):
        assert "ada" not in url.lower() and "%40" not in url and "@" not in url


def test_a_link_scanner_following_the_link_confirms_nothing(client, closed_offering,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = interest_register(offering=closed_offering, email=ADDRESS)
    page = client.get(f"/interest/confirm/{interest.confirm_token(registration.pk)}/").text
    assert "Confirm your email address" in page
    registration.refresh_from_db()
    assert registration.confirmed_at is None


@pytest.mark.parametrize("token", ["1:nonsense", "not-a-token", "999:abc:def"])
def test_tampered_links_say_so(client, closed_offering, token):
    response = client.get(f"/interest/confirm/{token}/")
    assert response.status_code == 404 and "This link does not work" in response.text
    assert client.get(f"/interest/unsubscribe/{token}/").status_code == 404


def test_a_confirmation_link_expires_after_14_days(client, closed_offering):
    registration = interest_register(offering=closed_offering, email=ADDRESS)
    with time_machine.travel(date(2024, 10, 1), tick=False):
        token = interest.confirm_token(registration.pk)
    with time_machine.travel(date(2024, 10, 14), tick=False):
        assert client.get(f"/interest/confirm/{token}/").status_code == 200
    with time_machine.travel(date(2024, 10, 16), tick=False):
        assert client.get(f"/interest/confirm/{token}/").status_code == 404


def test_opening_emails_each_confirmed_person_exactly_once(client, closed_offering,
                                                           django_capture_on_commit_callbacks):
    register_and_confirm(client, closed_offering, capture=django_capture_on_commit_callbacks)
    interest_register(offering=closed_offering, email="never.confirmed@example.org")
    mail.outbox.clear()
    staff = factories.member(closed_offering.hub)
    for status in [OfferingStatus.RECRUITING, OfferingStatus.CLOSED, OfferingStatus.RECRUITING]:
        with django_capture_on_commit_callbacks(execute=True):
            offering_update(actor=staff, offering=closed_offering, data={"status": status})
    assert [m.to for m in mail.outbox] == [[ADDRESS]]
    opening = mail.outbox[0]
    assert "is open for applications" in opening.subject
    assert closed_offering.get_absolute_url() in opening.body
    assert opening.extra_headers["List-Unsubscribe"].startswith("<http://")


def test_next_year_opening_tells_last_year_s_registrants(client, closed_offering,
                                                         django_capture_on_commit_callbacks):
    register_and_confirm(client, closed_offering, capture=django_capture_on_commit_callbacks)
    mail.outbox.clear()
    staff = factories.member(closed_offering.hub)
    with django_capture_on_commit_callbacks(execute=True):
        next_year = offering_create(
            actor=staff, hub=closed_offering.hub, academic_year=factories.academic_year(2025),
            programme=closed_offering.programme, slug=closed_offering.slug,
            status=OfferingStatus.RECRUITING, code="", applications_open=None,
            applications_close=None)
    assert len(mail.outbox) == 1
    assert next_year.get_absolute_url() in mail.outbox[0].body


def test_confirming_when_next_year_is_already_open_sends_the_news_at_once(
        client, closed_offering, django_capture_on_commit_callbacks):
    factories.offering(hub=closed_offering.hub, programme=closed_offering.programme,
                       academic_year=factories.academic_year(2025),
                       status=OfferingStatus.RECRUITING)
    register_and_confirm(client, closed_offering, capture=django_capture_on_commit_callbacks)
    assert [m.subject for m in mail.outbox] == [
        "Confirm you want to hear about Mastery Specialists",
        "Mastery Specialists is open for applications"]


def test_unsubscribed_people_are_not_told(client, closed_offering,
                                          django_capture_on_commit_callbacks):
    registration = register_and_confirm(client, closed_offering,
                                        capture=django_capture_on_commit_callbacks)
    token = interest.unsubscribe_token(registration.pk)
    assert "Stop emails" in client.get(f"/interest/unsubscribe/{token}/").text
    assert "You are unsubscribed" in client.post(f"/interest/unsubscribe/{token}/").text
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        offering_update(actor=None, offering=closed_offering,
                        data={"status": OfferingStatus.RECRUITING})
    assert mail.outbox == []


def test_registering_twice_keeps_one_registration_and_reveals_nothing(
        client, closed_offering, django_capture_on_commit_callbacks):
    register_and_confirm(client, closed_offering, capture=django_capture_on_commit_callbacks)
    url = f"/hubs/cw/2024-25/{closed_offering.slug}/interest/"
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, {"email": ADDRESS.upper()}).text
    assert "Check your email" in page
    assert InterestRegistration.objects.count() == 1
    assert len(mail.outbox) == 1  # already confirmed: no second confirmation


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"email": ""}, "email", "Enter your email address"),
    ({"email": "not-an-address"}, "email", "Enter an email address in the correct format"),
    ({"email": ADDRESS, "school_urn": "12"}, "school_urn", "Enter the URN as 6 digits"),
    ({"email": ADDRESS, "school_urn": "999999"}, "school_urn",
     "There is no school with that URN"),
])
def test_form_errors_are_summarised_and_linked_to_the_field(client, closed_offering, data,
                                                            field, message):
    page = client.post(f"/hubs/cw/2024-25/{closed_offering.slug}/interest/", data).text
    assert "There is a problem" in page and message in page
    assert f'href="#id_{field}"' in page
    assert InterestRegistration.objects.count() == 0


def test_an_open_offering_needs_no_registration(client, closed_offering):
    closed_offering.status = OfferingStatus.RECRUITING
    closed_offering.save()
    url = f"/hubs/cw/2024-25/{closed_offering.slug}/interest/"
    page = client.post(url, {"email": ADDRESS}).text
    assert "no need to register interest" in page
    assert InterestRegistration.objects.count() == 0


def test_a_year_that_is_over_takes_no_interest_and_sends_nothing(
        client, pinned_clock, django_capture_on_commit_callbacks):
    """London South West's 2022/23 offering, still stored as "expression of interest", on
    1 October 2024: shown closed, no registration link, the form and the service refuse, and
    no confirmation email goes."""
    hub = factories.hub(slug="london-south-west", name="London South West Maths Hub")
    offering = factories.offering(hub=hub, academic_year=factories.academic_year(2022),
                                  status=OfferingStatus.EXPRESSION_OF_INTEREST)
    page = client.get(offering.get_absolute_url()).text
    assert "Register your interest" not in page and "/interest/" not in page
    assert "Expression of interest" not in page and "Closed" in page
    url = f"/hubs/london-south-west/2022-23/{offering.slug}/interest/"
    form = client.get(url).text
    assert "2022/23 is over" in form and 'name="email"' not in form
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": ADDRESS, "name": "Ada"})
    with pytest.raises(DomainError, match="2022/23 is over"):
        interest_register(offering=offering, email=ADDRESS)
    assert not InterestRegistration.objects.exists() and not mail.outbox


@pytest.mark.parametrize(("start_year", "status", "takes_interest"), [
    (2025, OfferingStatus.EXPRESSION_OF_INTEREST, True),   # next year, not yet begun
    (2024, OfferingStatus.CLOSED, True),                  # this year's: interest in next year's
    (2024, OfferingStatus.RECRUITING, False),             # open: apply instead
    (2023, OfferingStatus.CLOSED, False),                 # over: next year's has begun too
    (2022, OfferingStatus.EXPRESSION_OF_INTEREST, False),
])
def test_interest_is_taken_only_for_an_opening_still_to_come(pinned_clock, start_year, status,
                                                              takes_interest):
    offering = factories.offering(academic_year=factories.academic_year(start_year),
                                  status=status)
    assert offering.accepts_interest_on(pinned_clock.date()) is takes_interest
    if takes_interest:
        interest_register(offering=offering, email=ADDRESS)
    else:
        with pytest.raises(DomainError):
            interest_register(offering=offering, email=ADDRESS)
