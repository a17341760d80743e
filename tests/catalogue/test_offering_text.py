"""An offering's own text for its year: what its page shows, with the programme's (national)
text where the year has none, and staff write it on the offering's edit page."""

from __future__ import annotations

import pytest
from django.core import mail

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.applications.models import Endorsement
from workgroups.applications.tasks import send_endorsement_email
from workgroups.audit.models import AuditEvent
from workgroups.catalogue.models import Offering
from workgroups.core import clock

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    sign_in(client, factories.member(hub, Role.HUB_STAFF))
    return hub


def test_a_year_without_its_own_text_shows_the_programmes():
    programme = factories.programme(title="Secondary Maths MAT Leaders Community")
    offering = factories.offering(programme=programme)
    assert offering.text.title == "Secondary Maths MAT Leaders Community"
    assert offering.text.learning_outcomes == ["Something useful"]
    offering = factories.offering(programme=programme, slug="mat-2022", title="Secondary Maths "
                                  "MAT Leads", time_commitment="Three one-day workshops.",
                                  learning_outcomes=[])
    assert offering.text.title == "Secondary Maths MAT Leads"
    assert offering.text.time_commitment == "Three one-day workshops."
    assert offering.text.learning_outcomes == []  # this year's page gives no list
    assert offering.text.cost == "Fully funded."


def test_staff_write_this_years_text_and_the_page_shows_it(client, staff):
    offering = factories.offering(hub=staff)
    response = client.post(f"/staff/hubs/cw/offerings/{offering.pk}/edit/", {
        "slug": offering.slug, "status": "recruiting", "title": "Secondary Subject Leadership",
        "time_commitment": "Five half-day workshops.",
        "learning_outcomes": "Write an action plan\r\n\r\nShare what works\r\n",
        "links": "Programme information document\r\n"
                 "NCETM: the programme page | https://www.ncetm.org.uk/programme\r\n"})
    assert response.status_code == 302
    offering.refresh_from_db()
    assert offering.learning_outcomes == ["Write an action plan", "Share what works"]
    assert offering.links == [
        {"text": "Programme information document", "url": ""},
        {"text": "NCETM: the programme page", "url": "https://www.ncetm.org.uk/programme"}]
    assert AuditEvent.objects.filter(action="catalogue.offering.updated").exists()
    page = client.get(offering.get_absolute_url()).content.decode()
    assert '<h1 class="govuk-heading-l">Secondary Subject Leadership</h1>' in page
    assert "Five half-day workshops." in page and "<li>Share what works</li>" in page
    assert "<li>Programme information document</li>" in page
    assert ('<a class="govuk-link" href="https://www.ncetm.org.uk/programme">NCETM: the '
            "programme page</a>") in page
    # Saving again with nothing changed keeps the lists as they are.
    form = client.get(f"/staff/hubs/cw/offerings/{offering.pk}/edit/").content.decode()
    assert "Write an action plan\nShare what works</textarea>" in form


def test_a_link_that_is_not_https_is_refused_with_a_message(client, staff):
    offering = factories.offering(hub=staff)
    response = client.post(f"/staff/hubs/cw/offerings/{offering.pk}/edit/", {
        "slug": offering.slug, "status": "recruiting", "title": "Kept out",
        "links": "Click me | javascript:alert(1)"})
    assert response.status_code == 200
    assert "is not a web address starting https://" in response.content.decode()
    assert Offering.objects.get(pk=offering.pk).title == ""


def test_an_offering_whose_page_gives_no_learning_list_keeps_none(client, staff):
    offering = factories.offering(hub=staff, learning_outcomes=[])
    client.post(f"/staff/hubs/cw/offerings/{offering.pk}/edit/",
                {"slug": offering.slug, "status": "recruiting", "learning_outcomes": ""})
    offering.refresh_from_db()
    assert offering.learning_outcomes == []
    assert "What you will learn" not in client.get(offering.get_absolute_url()).content.decode()


def test_a_supporter_is_told_this_years_time_commitment_not_another_years(pinned_clock):
    programme = factories.programme(time_commitment="The equivalent of four days.")
    offering = factories.offering(programme=programme, time_commitment="At least five "
                                  "half-day workshops.")
    application = factories.ready_application(offering, school_urn=111111)
    endorsement = Endorsement.objects.create(
        application=application, kind="support", role="head_of_maths", name="Hattie Head",
        email="hattie@school.example.org", link_nonce="n" * 16, link_sent_at=clock.now())
    send_endorsement_email.enqueue(endorsement.pk, "request")
    [email] = mail.outbox
    assert "At least five half-day workshops." in email.body
    assert "four days" not in email.body
