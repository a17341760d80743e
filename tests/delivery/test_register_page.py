"""The register names each participant and, on its own labelled line, their school."""

from __future__ import annotations

from datetime import date

import pytest

from tests import factories
from tests.crawl import read_page
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.applications.services import application_offer, offer_accept
from workgroups.delivery.models import Enrolment

pytestmark = pytest.mark.django_db


def test_the_register_shows_name_and_school_as_separate_labelled_text(client, pinned_clock):
    hub = factories.hub(slug="cw")
    group = factories.work_group(factories.offering(hub=hub), name="Chester")
    session = factories.session(group, day=date(2024, 9, 20))
    factories.school(111422, "Upton-by-Chester High School")
    application = factories.ready_application(group.offering, school_urn=111422)
    application_offer(actor=None, application=application, work_group=group)
    offer_accept(applicant=application.applicant, application=application)
    lead = factories.member(hub, Role.WORK_GROUP_LEAD)
    group.leads.add(lead)
    sign_in(client, lead)

    text, _ = read_page(client.get(f"/lead/sessions/{session.pk}/register/").text)

    name = Enrolment.objects.get().name
    assert f"{name} School: Upton-by-Chester High School" in " ".join(text.split())
