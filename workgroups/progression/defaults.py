"""Where each programme leads: the national progression routes, seeded for every hub (staff of
the national record may change them). A route to the same programme is another year of it."""

from __future__ import annotations

# (from, to, after how many completed years of "from", what the route means)
DEFAULT_ROUTES: list[tuple[str, str, int, str]] = [
    ("secondary-tfm-development", "secondary-tfm-embedding", 1,
     "A school that completed Development embeds the approach"),
    ("secondary-tfm-development-special-schools", "secondary-tfm-embedding", 1,
     "A school that completed Development embeds the approach"),
    ("secondary-tfm-embedding", "secondary-tfm-sustaining", 1,
     "After Embedding, the school sustains it"),
    ("sktm-ect-phase-1", "sktm-ect-phase-2", 1, "Phase 2 in the second year of teaching"),
    ("subject-leaders-community", "subject-leaders-community", 1,
     "After the first year's Work Group, subject leaders join the community"),
    ("mat-maths-leaders", "mat-maths-leaders", 1,
     "New MAT maths leaders go on as continuing participants"),
    ("mastery-specialists", "mastery-specialists", 1, "Mastery Specialist, year 2"),
    ("mastery-specialists", "mastery-specialists", 2, "Mastery Specialist, year 3"),
    ("mastery-specialists", "pd-lead", 1, "The PD Lead programme runs in year 2"),
    ("pd-lead", "school-development-lead", 1, "PD Leads go on to lead school development"),
]
