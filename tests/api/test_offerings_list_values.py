"""The offerings list is built from values, not validated through its schema: it must be the
very bytes the schema's own dump of ``offering_data`` gives."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import RequestFactory
from pydantic import TypeAdapter

from tests import factories
from workgroups.api.api import api, offering_data
from workgroups.api.schemas import OfferingOut
from workgroups.catalogue.models import Offering, OfferingStatus, Unit
from workgroups.delivery.catalogue import with_delivery
from workgroups.delivery.models import DeliveryMode, SessionKind

pytestmark = pytest.mark.django_db


def schema_dump(offerings) -> bytes:
    """The answer as it was made before: model instances through pydantic and ninja."""
    adapter = TypeAdapter(list[OfferingOut])
    data = adapter.dump_python(adapter.validate_python(
        [offering_data(offering) for offering in offerings]), mode="json")
    return str(api.renderer.render(RequestFactory().get("/"), data,
                                   response_status=200)).encode()


def varied_hub():
    hub = factories.hub(slug="em")
    place = factories.venue(hub, name="Centre", address="1 Road\nBilborough", postcode="NG8 4BW")
    for start in (2021, 2024, 2025):
        year = factories.academic_year(start)
        for i, status in enumerate([OfferingStatus.RECRUITING, OfferingStatus.FULL,
                                    OfferingStatus.EXPRESSION_OF_INTEREST,
                                    OfferingStatus.RUNNING]):
            offering = factories.offering(
                hub=hub, academic_year=year, status=status, slug=f"o-{start}-{i}",
                code=f"NCP {i}" if i % 2 else "",
                title="Its own “title”" if i == 1 else "",
                programme=factories.programme(unit=Unit.SCHOOL_TEAM, team_size=2)
                if i == 2 else factories.programme(),
                applications_open=date(start, 6, 1) if i != 3 else None,
                applications_close=date(start, 10, 18) if i == 0 else None)
            if i == 3:
                continue  # an offering with no Work Groups yet
            north = factories.work_group(offering, name="North", area="Notts & Derby",
                                         capacity_schools=3, capacity_participants=9)
            factories.session(north, day=date(start, 11, 5), venue=place)  # GMT
            factories.session(north, day=date(start + 1, 6, 5), online=True,
                              kind=SessionKind.IN_SCHOOL_SUPPORT, required=False,
                              equivalent_days=Decimal("0.5"))  # BST
            factories.work_group(offering, name="Empty", delivery_mode=DeliveryMode.BLENDED)
    factories.offering(hub=hub, status=OfferingStatus.DRAFT, slug="draft")
    return hub


@pytest.mark.parametrize("query", ["", "?year=2024-25", "?status=recruiting",
                                   "?status=closed", "?year=2021-22&status=completed",
                                   "?year=2019-20"])
def test_the_list_is_the_schemas_own_dump(client, pinned_clock, query):
    hub = varied_hub()
    factories.academic_year(2019)
    response = client.get("/api/v1/hubs/em/offerings" + query)
    assert response.status_code == 200
    listed = [item["slug"] for item in response.json()]
    offerings = {o.slug: o for o in with_delivery(Offering.objects.filter(hub=hub))}
    assert response.content == schema_dump([offerings[slug] for slug in listed])
    if "2019" not in query:
        assert listed


def test_the_list_keeps_its_order(client, pinned_clock):
    hub = varied_hub()
    expected = [o.slug for o in Offering.objects.public().filter(hub=hub)
                .order_by("-academic_year__starts_on", "programme__title", "slug")]
    assert [item["slug"] for item in client.get("/api/v1/hubs/em/offerings").json()] == expected
