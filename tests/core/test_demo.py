from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from tests import factories
from workgroups.accounts.models import HubMembership, User
from workgroups.audit.models import AuditEvent
from workgroups.catalogue.models import Offering, OfferingStatus, Programme
from workgroups.core.demo import DEMO_PASSWORD, demo_load
from workgroups.delivery.models import Session, Venue, WorkGroup
from workgroups.hubs.models import Hub

pytestmark = pytest.mark.django_db

FIXED_2024_25 = {
    "secondary-tfm-development", "secondary-tfm-development-special-schools",
    "secondary-tfm-embedding", "subject-leaders-community", "mat-maths-leaders",
    "securing-foundations-year-7", "cross-phase-level-2", "sktm-non-specialist",
    "sktm-ect-phase-1", "sktm-ect-phase-2", "sktm-teaching-assistants", "itt-partnerships",
    "mastery-specialists", "pd-lead", "school-development-lead",
}


@pytest.fixture
def demo():
    demo_load()


def test_cheshire_and_wirral_serves_its_four_areas(demo):
    hub = Hub.objects.get(slug="cheshire-and-wirral")
    assert sorted(hub.areas.values_list("name", flat=True)) == [
        "Cheshire East", "Cheshire West and Chester", "Halton", "Wirral"]


def test_the_2024_25_catalogue_has_the_fixed_slugs(demo):
    slugs = set(Offering.objects.filter(hub__slug="cheshire-and-wirral",
                                        academic_year__slug="2024-25")
                .values_list("slug", flat=True))
    assert slugs == FIXED_2024_25


def test_closed_programmes_take_expressions_of_interest_for_next_year(demo):
    closed = {"mastery-specialists", "pd-lead", "school-development-lead"}
    this_year = Offering.objects.filter(hub__slug="cheshire-and-wirral",
                                        academic_year__slug="2024-25", slug__in=closed)
    assert {o.status for o in this_year} == {OfferingStatus.CLOSED}
    next_year = Offering.objects.filter(hub__slug="cheshire-and-wirral",
                                        academic_year__slug="2025-26",
                                        programme__slug__in=closed)
    assert {o.programme.slug for o in next_year} == closed
    assert {o.status for o in next_year} == {OfferingStatus.EXPRESSION_OF_INTEREST}


def test_recruiting_2024_25_offerings_are_open_on_the_demo_date(demo):
    recruiting = Offering.objects.filter(hub__slug="cheshire-and-wirral",
                                         academic_year__slug="2024-25",
                                         status=OfferingStatus.RECRUITING)
    assert recruiting.count() == 12
    assert all(o.accepts_applications_on(date(2024, 10, 1)) for o in recruiting)


def test_other_hubs_and_years(demo):
    lsw = Offering.objects.filter(hub__slug="london-south-west")
    assert set(lsw.values_list("academic_year__slug", flat=True)) == {"2022-23"}
    assert set(lsw.values_list("status", flat=True)) == {OfferingStatus.EXPRESSION_OF_INTEREST}
    assert Offering.objects.filter(hub__slug="cheshire-and-wirral",
                                   academic_year__slug="2021-22").exists()
    assert Offering.objects.filter(hub__slug="east-midlands-demo",
                                   academic_year__slug="2021-22").count() >= 5


def test_the_nottingham_subject_lead_work_group_has_its_four_real_days(demo):
    venue = Venue.objects.get(name="Portland Spencer Conference Centre")
    assert venue.postcode == "NG8 4BW"
    sessions = Session.objects.filter(venue=venue).order_by("starts_at")
    days = [factories.london(d, "09:00") for d in (date(2021, 11, 9), date(2022, 1, 14),
                                                    date(2022, 3, 14), date(2022, 5, 5))]
    assert [s.starts_at for s in sessions] == days
    assert [s.ends_at.astimezone(days[0].tzinfo).strftime("%H:%M") for s in sessions] == \
        ["15:30"] * 4
    assert not any(s.is_demo for s in sessions)


def test_programmes_know_their_stages(demo):
    embedding = Programme.objects.get(slug="secondary-tfm-embedding")
    assert "secondary-tfm-development" in embedding.prerequisites.values_list("slug", flat=True)
    phase2 = Programme.objects.get(slug="sktm-ect-phase-2")
    assert list(phase2.prerequisites.values_list("slug", flat=True)) == ["sktm-ect-phase-1"]
    assert Programme.objects.get(slug="sktm-ect-phase-1").next_stages == [phase2]
    specialists = Programme.objects.get(slug="mastery-specialists")
    assert sorted(p.slug for p in specialists.next_stages) == [
        "mastery-specialists", "mastery-specialists", "pd-lead"]
    development = Programme.objects.get(slug="secondary-tfm-development")
    assert (development.unit, development.team_size) == ("school_team", 2)


def test_every_session_falls_inside_its_year(demo):
    for session in Session.objects.select_related("work_group__offering__academic_year"):
        session.full_clean()


def test_demo_users_for_each_role_can_sign_in(demo, client):
    assert User.objects.get(email="admin@demo.example.org").is_superuser
    assert HubMembership.objects.filter(hub__slug="cheshire-and-wirral").count() == 3
    assert client.login(email="staff@cheshire-and-wirral.demo.example.org",
                        password=DEMO_PASSWORD)


def test_loading_twice_changes_nothing(demo):
    def snapshot():
        return [model.objects.count() for model in
                (Hub, Programme, Offering, WorkGroup, Session, Venue, User, HubMembership,
                 AuditEvent)]
    before = snapshot()
    demo_load()
    assert snapshot() == before


def test_load_demo_refuses_outside_the_demo_configuration():
    with pytest.raises(CommandError, match="published password"):
        call_command("load_demo")
    with override_settings(DEMO=True):
        call_command("load_demo", stdout=io.StringIO())
    assert Offering.objects.exists()


def test_the_demo_has_offers_places_a_waiting_list_and_a_lead(demo):
    from workgroups.applications.models import Application
    from workgroups.delivery.models import Enrolment

    tfm = Application.objects.filter(offering__slug="secondary-tfm-development",
                                     offering__academic_year__slug="2024-25")
    assert sorted(tfm.values_list("status", flat=True)) == (
        ["accepted"] * 5 + ["offered"] * 2 + ["waitlisted"] * 2)
    assert Enrolment.objects.filter(work_group__name="Chester Development Work Group"
                                    ).count() == 10  # five school teams of two
    lead = User.objects.get(email="wglead@cheshire-and-wirral.demo.example.org")
    assert sorted(lead.led_work_groups.values_list("name", flat=True)) == [
        "Chester Development Work Group", "Chester ECT Phase 1 Work Group"]
    demo_load()
    assert tfm.count() == 9
