"""The public pages' display rows, read as values, say what the models say: the same text,
status, labels and addresses, in the same order, in a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.models import Case, Value, When
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.catalogue.test_views import build_catalogue, catalogue_queries
from workgroups.catalogue.models import (
    AcademicYear,
    Audience,
    Offering,
    OfferingStatus,
    ProgressionRoute,
    Unit,
    year_label,
)
from workgroups.catalogue.selectors import (
    CATALOGUE_STATUS_ORDER,
    STATUS_FILTERS,
    CatalogueFilters,
)
from workgroups.core import clock
from workgroups.delivery import catalogue as delivery_catalogue
from workgroups.delivery.models import DeliveryMode, Venue

pytestmark = pytest.mark.django_db


def varied_catalogue(hub):
    """Offerings of 2024/25 with and without their own words, in every status, one whose window
    has closed, a school-team programme and an audience of each kind."""
    year = factories.academic_year(2024)
    statuses = list(OfferingStatus)[1:]  # not draft; the second is recruiting
    for i, status in enumerate(statuses * 2):
        own_words = i % 2 == 0
        factories.offering(
            hub=hub, academic_year=year, status=status, slug=f"offering-{i}",
            programme=factories.programme(
                title=f"Programme {chr(ord('z') - i)}", audience=list(Audience)[i % 6],
                unit=Unit.SCHOOL_TEAM if i % 3 == 0 else Unit.INDIVIDUAL,
                team_size=3 if i % 3 == 0 else 1),
            applications_close=date(2024, 9, 1) if i == 1 else date(2024, 10, 18),
            title="This year's own title" if own_words else "",
            summary="This year's own summary" if own_words else "",
            time_commitment="Two days this year" if own_words else "",
            demo_fields=["window"] if i == 0 else [])
    factories.offering(hub=hub, academic_year=year, status=OfferingStatus.DRAFT, slug="draft")
    return year


def test_catalogue_rows_say_what_the_offerings_say(pinned_clock):
    hub = factories.hub(slug="cw")
    year = varied_catalogue(hub)
    rows = delivery_catalogue.catalogue_rows(hub=hub, year=year)
    offerings = {o.get_absolute_url(): o for o in Offering.objects.public().filter(hub=hub)}
    assert len(rows) == len(offerings) == 12
    for row in rows:
        offering = offerings[row.url]
        assert row.title == offering.text.title
        assert row.summary == offering.text.summary
        assert row.time_commitment == offering.text.time_commitment
        assert row.effective_status == offering.effective_status
        assert row.applications_close == offering.applications_close
        assert row.window_is_demo == offering.is_demo("window")
        assert row.audience_label == offering.programme.get_audience_display()
        assert row.unit_description == offering.programme.unit_description
    # A recruiting offering whose window closed on 1 September is shown closed.
    assert offerings["/hubs/cw/2024-25/offering-1/"].effective_status == OfferingStatus.CLOSED


def test_catalogue_rows_are_in_the_order_the_database_sorts_them(pinned_clock):
    """What the status annotation sorted in SQL before: status rank, then title, then slug."""
    hub = factories.hub(slug="cw")
    year = varied_catalogue(hub)
    expected = [o.get_absolute_url() for o in (
        Offering.objects.public().filter(hub=hub, academic_year=year)
        .with_status_now(today=clock.today())
        .annotate(rank=Case(*[When(status_now=status, then=Value(rank))
                              for rank, status in enumerate(CATALOGUE_STATUS_ORDER)],
                            default=Value(len(CATALOGUE_STATUS_ORDER))))
        .order_by("rank", "programme__title", "slug"))]
    assert [row.url for row in delivery_catalogue.catalogue_rows(hub=hub, year=year)] == expected


@pytest.mark.parametrize("statuses", [["recruiting"], ["closed"], ["expression_of_interest"],
                                      ["recruiting", "closed"]])
def test_the_status_filter_keeps_what_the_sql_rule_keeps(pinned_clock, statuses):
    hub = factories.hub(slug="cw")
    year = varied_catalogue(hub)
    filters = CatalogueFilters.from_query([], statuses)
    wanted = set().union(*(STATUS_FILTERS[key][1] for key in statuses))
    expected = {o.get_absolute_url() for o in Offering.objects.public()
                .filter(hub=hub, academic_year=year)
                .with_status_now(today=clock.today())
                .filter(status_now__in=wanted)}  # type: ignore[misc]  # an annotation
    rows = delivery_catalogue.catalogue_rows(hub=hub, year=year, filters=filters)
    assert {row.url for row in rows} == expected
    assert expected


def test_status_tags_keep_their_colours_and_words():
    expected = {"expression_of_interest": ("blue", "Expression of interest"),
                "recruiting": ("green", "Now recruiting"), "full": ("orange", "Full"),
                "closed": ("grey", "Closed"), "running": ("purple", "Running"),
                "completed": ("grey", "Completed"), "draft": ("grey", "Draft")}
    for status in OfferingStatus:
        colour, words = expected[status.value]
        html = render_to_string("catalogue/_status_tag.html",
                                {"offering": type("Shown", (), {"effective_status": status})})
        assert html.strip() == f'<strong class="govuk-tag govuk-tag--{colour}">{words}</strong>'


def test_year_labels_agree():
    year = factories.academic_year(2019)
    assert year_label(starts_on=year.starts_on, ends_on=year.ends_on) == year.label == "2019/20"
    assert isinstance(year, AcademicYear)


def test_work_groups_shown_agree_with_the_models(pinned_clock):
    hub = factories.hub(slug="em")
    offering = factories.offering(hub=hub)
    place = factories.venue(hub, name="Centre", address="", postcode="NG8 4BW")
    north = factories.work_group(offering, name="North", area="Nottingham")
    factories.session(north, day=date(2025, 2, 5), venue=place)
    factories.session(north, day=date(2024, 11, 5), online=True, required=False, is_demo=True)
    factories.work_group(offering, name="East", delivery_mode=DeliveryMode.ONLINE)
    other = factories.offering(hub=hub)
    factories.work_group(other, name="Alone")
    shown = delivery_catalogue.work_groups_shown(offering_ids=[offering.pk, other.pk])
    east, north_shown = shown[offering.pk]
    assert (east.name, east.sessions, east.delivery_mode_label) == ("East", [], "Online")
    assert north_shown.area == "Nottingham"
    models = list(north.sessions.select_related("venue"))
    assert [s.starts_at for s in north_shown.sessions] == [s.starts_at for s in models]
    for session, model in zip(north_shown.sessions, models, strict=True):
        assert session.kind_label == model.get_kind_display()
        assert (session.online, session.required, session.is_demo) == (
            model.online, model.required, model.is_demo)
        assert (session.venue.one_line if session.venue else None) == (
            model.venue.one_line if model.venue else None)
    venue = north_shown.sessions[1].venue
    assert venue is not None and venue.one_line == Venue.objects.get().one_line
    assert [g.name for g in shown[other.pk]] == ["Alone"]
    assert delivery_catalogue.work_groups_shown(offering_ids=[]) == {}


@pytest.mark.parametrize("size", [1, 8])
def test_offering_page_uses_a_fixed_number_of_queries(client, pinned_clock, size):
    hub = factories.hub(slug="em")
    programme = factories.programme(slug="lead")
    following = factories.programme(slug="next")
    for _ in range(size):
        programme.prerequisites.add(factories.programme())
        ProgressionRoute.objects.create(from_programme=programme,
                                        to_programme=factories.programme())
    ProgressionRoute.objects.create(from_programme=programme, to_programme=following)
    offering = factories.offering(hub=hub, programme=programme)
    for start in range(2025, 2025 + size):
        factories.offering(hub=hub, programme=programme,
                           academic_year=factories.academic_year(start))
        factories.offering(hub=hub, programme=following,
                           academic_year=factories.academic_year(start))
    build_catalogue(hub, 0)
    for w in range(size):
        group = factories.work_group(offering, name=f"Group {w}")
        for day in range(3):
            factories.session(group, day=date(2024, 11, 5 + day), venue=factories.venue(hub))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(offering.get_absolute_url())
    assert response.status_code == 200
    assert response.text.count("This programme runs again in") == size
    # the offering (+programme/year/hub), its Work Groups, their sessions (+venues), the
    # prerequisites' titles, the routes, the hub's later offerings of this and the next stages
    assert len(catalogue_queries(queries)) == 6, catalogue_queries(queries)


@pytest.mark.parametrize("size", [1, 10])
def test_home_page_uses_a_fixed_number_of_queries(client, size):
    for _ in range(size):
        hub = factories.hub()
        hub.areas.add(factories.local_authority(), factories.local_authority())
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    assert response.text.count("Serves Authority") == size
    # the hubs, and their areas' names
    assert len(catalogue_queries(queries)) == 2, catalogue_queries(queries)


def test_home_page_lists_areas_in_their_order_and_escaped(client):
    hub = factories.hub(name="Hub <One>")
    hub.areas.add(factories.local_authority(name="Wirral"),
                  factories.local_authority(name="Cheshire & Chester"))
    response = client.get("/")
    assert "Serves Cheshire &amp; Chester, Wirral</p>" in response.text
    assert "Hub &lt;One&gt;" in response.text
    assert f'href="{hub.get_absolute_url()}"' in response.text
