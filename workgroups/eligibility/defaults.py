"""Each programme's eligibility rules as the hubs' pages state them, from the national
programmes' reference data file (``catalogue/data/programmes.json``, loaded by
``manage.py load_programmes``; national staff edit them on the programme pages from there).
"Must", "only" and "not eligible" are hard rules; "normally", "ideally" and "encouraged" are soft.

Kept as a mapping by programme slug for code and tests that need one programme's rules.
"""

from __future__ import annotations

from typing import Any

from workgroups.catalogue.reference import bundled_entries

DEFAULT_RULES: dict[str, list[dict[str, Any]]] = {
    entry["slug"]: entry.get("eligibility_rules", []) for entry in bundled_entries()}
