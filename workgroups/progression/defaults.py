"""Where each programme leads: the national progression routes, from the national programmes'
reference data file (``catalogue/data/programmes.json``; national staff change them on the
programme pages). A route to the same programme is another year of it."""

from __future__ import annotations

from workgroups.catalogue.reference import bundled_entries

# (from, to, after how many completed years of "from", what the route means)
DEFAULT_ROUTES: list[tuple[str, str, int, str]] = [
    (entry["slug"], route["to"], route.get("after_years", 1), route.get("note", ""))
    for entry in bundled_entries() for route in entry.get("routes", [])]
