"""The rollover makes the same number of queries however many people completed the year: what
it copies (offerings, Work Groups, sessions) costs queries, the enrolments it reads to propose
invitations do not."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType

from tests import factories
from workgroups.catalogue.models import AcademicYear, Unit
from workgroups.delivery.models import Enrolment, EnrolmentOutcome
from workgroups.hubs.models import Hub
from workgroups.progression.models import Invitation
from workgroups.progression.services import hub_rollover, progression_route_ensure
from workgroups.schools.models import Outcome, ParticipationRecord

pytestmark = pytest.mark.django_db


def completed_year(people: int) -> tuple[Hub, AcademicYear]:
    """A hub whose 2024/25 offering of phase 1 (one Work Group, two sessions) was completed by
    ``people`` teachers, half from a school; phase 1 leads to phase 2, already offered in
    2025/26."""
    hub = factories.hub()
    phase_1 = factories.programme(unit=Unit.INDIVIDUAL)
    phase_2 = factories.programme(unit=Unit.INDIVIDUAL)
    progression_route_ensure(actor=None, from_programme=phase_1, to_programme=phase_2)
    year = factories.academic_year(2024)
    offering = factories.offering(hub=hub, programme=phase_1, academic_year=year)
    group = factories.work_group(offering)
    group.leads.add(factories.member(hub))
    factories.session(group, day=date(2024, 11, 5))
    factories.session(group, day=date(2025, 1, 14))
    factories.offering(hub=hub, programme=phase_2, academic_year=factories.academic_year(2025))
    for n in range(people):
        urn = 100000 + n if n % 2 else None
        application = factories.ready_application(offering, school_urn=urn)
        email = application.applicant.email.lower()
        Enrolment.objects.create(work_group=group, application=application, email=email,
                                 name=f"Teacher {n}", school_urn=urn,
                                 outcome=EnrolmentOutcome.COMPLETED)
        ParticipationRecord.objects.create(academic_year=year, hub=hub, programme=phase_1,
                                           school_urn=urn, email=email, name=f"Teacher {n}",
                                           outcome=Outcome.COMPLETED)
    return hub, year


# Reading the year (offerings with their questions, Work Groups, leads and sessions; the
# completions and their history: one query each), writing one offering's copy with its Work
# Group, lead and two sessions (each audited, in savepoints), the invitations in one insert, and
# the rollover's audit event. More offerings cost more; more completions do not. (76 since the
# page cache listens to deletes of the models it shows only: a delete elsewhere no longer reads
# its rows first.)
ROLLOVER_QUERIES = 76


@pytest.mark.parametrize("people", [2, 250])
def test_the_rollover_makes_the_same_queries_for_two_completions_as_for_250(
        people, django_assert_num_queries, settings):
    # Database queries only: the shared cache (a table when there is no Redis) is not counted.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    hub, year = completed_year(people)
    ContentType.objects.clear_cache()  # as in a fresh process, whichever test ran before
    with django_assert_num_queries(ROLLOVER_QUERIES):
        result = hub_rollover(actor=None, hub=hub, from_year=year)
    assert (result.offerings, result.work_groups, result.sessions) == (1, 1, 2)
    assert result.invitations == people
    assert Invitation.objects.filter(offering__hub=hub).count() == people
