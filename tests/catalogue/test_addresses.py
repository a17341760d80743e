"""Addresses made from one reverse() per list are the addresses reverse() gives, with the
product's URL patterns and with others."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import NoReverseMatch, include, path, reverse

from workgroups.catalogue.addresses import address_maker, offering_address_maker


def _view(request: object) -> HttpResponse:
    return HttpResponse()


# The same names with the varying slug first, in the middle of the path, and under a prefix.
_moved = ([path("offering/<slug:offering>/of/<slug:hub>/in/<slug:year>.html", _view,
                name="offering"),
           path("hub-<slug:hub>/", _view, name="hub-year")], "catalogue")
urlpatterns = [path("elsewhere/", include(_moved))]

SLUGS = ["programme-3", "a", "mastery_specialists-2", "TfM-Development", "0"]


@pytest.mark.parametrize("slug", SLUGS)
def test_offering_addresses_are_what_reverse_gives(slug):
    address = offering_address_maker(hub="cheshire-and-wirral", year="2024-25")
    assert address(slug) == reverse("catalogue:offering", kwargs={
        "hub": "cheshire-and-wirral", "year": "2024-25", "offering": slug})


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("slug", SLUGS)
def test_they_follow_a_pattern_that_moves_the_slug(slug):
    address = offering_address_maker(hub="em", year="2024-25")
    assert address(slug) == f"/elsewhere/offering/{slug}/of/em/in/2024-25.html"
    assert address(slug) == reverse("catalogue:offering",
                                    kwargs={"hub": "em", "year": "2024-25", "offering": slug})


def test_a_fixed_slug_holding_the_mark_falls_back_to_reverse():
    address = address_maker("catalogue:offering", varying="offering",
                            hub="varying-slug-mark", year="2024-25")
    assert address("x") == "/hubs/varying-slug-mark/2024-25/x/"


def test_a_slug_the_pattern_refuses_is_refused_as_reverse_refuses_it():
    address = offering_address_maker(hub="em", year="2024-25")
    with pytest.raises(NoReverseMatch):
        address("not a slug")
    with pytest.raises(NoReverseMatch):
        reverse("catalogue:offering", kwargs={"hub": "em", "year": "2024-25",
                                              "offering": "not a slug"})


def test_hub_year_addresses():
    address = address_maker("catalogue:hub-year", varying="year", hub="em")
    assert address("2019-20") == reverse("catalogue:hub-year",
                                         kwargs={"hub": "em", "year": "2019-20"})
