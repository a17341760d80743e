from __future__ import annotations

from datetime import date

import pytest

from tests import factories
from workgroups.catalogue.models import Unit
from workgroups.eligibility.defaults import DEFAULT_RULES


@pytest.fixture
def ect_offering(pinned_clock):
    """SKTM ECT Phase 1, recruiting until 18 October 2024 (the demo clock says 1 October)."""
    hub = factories.hub(slug="cw")
    hub.areas.add(factories.local_authority(code=896, name="Cheshire West and Chester"))
    programme = factories.programme(slug="sktm-ect-phase-1", title="SKTM ECT Phase 1",
                                    eligibility_rules=DEFAULT_RULES["sktm-ect-phase-1"])
    factories.school(111422, "Upton-by-Chester High School")
    return factories.offering(hub=hub, programme=programme, academic_year=factories
                              .academic_year(2024), applications_open=date(2024, 6, 1),
                              applications_close=date(2024, 10, 18))


@pytest.fixture
def team_offering(pinned_clock):
    programme = factories.programme(slug="team-programme", unit=Unit.SCHOOL_TEAM, team_size=2,
                                    eligibility_rules=[{"rule": "school"}])
    factories.school(111422, "Upton-by-Chester High School")
    return factories.offering(programme=programme, applications_open=date(2024, 6, 1),
                              applications_close=date(2024, 10, 18))
