"""Demo catalogue content: hubs, venues and offerings with their Work Groups.

Plain data only, loaded by ``workgroups.demo.loader``. The programmes themselves (their national
text, eligibility rules, routes and supports) are reference data, not demo content: they live in
``catalogue/data/programmes.json`` and are loaded by ``manage.py load_programmes``. Facts (dates,
durations and the Portland Spencer venue) come from public Maths Hub pages collected in
``shared/seeds/``; all prose is written afresh. Each offering's own text comes from its hub's
page for that year only (``OFFERING_TEXT``). Sessions marked ``"demo": True`` were invented
because the source gave no date, and each offering lists its other invented values
(``demo_fields_of``); venues named "Demo venue" and their addresses are fictional. No real person
is named: contacts use example.org addresses.
"""
from __future__ import annotations

from typing import Any

from workgroups.catalogue.reference import bundled_entries

HUBS: list[dict[str, Any]] = [
    {
        "slug": "cheshire-and-wirral",
        "name": "Cheshire and Wirral Maths Hub",
        "lead_school": "",
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "website": "https://cheshireandwirralmathshub.co.uk",
        "area_la_codes": [895, 896, 876, 344],
    },
    {
        "slug": "london-south-west",
        "name": "London South West Maths Hub",
        "lead_school": "",
        "contact_email": "secondary@london-south-west.example.org",
        "website": "",
        "area_la_codes": [314, 318, 319, 212, 315, 306],
    },
    {
        "slug": "east-midlands-demo",
        "name": "East Midlands Demo Maths Hub",
        "lead_school": "",
        "contact_email": "secondary@east-midlands-demo.example.org",
        "website": "",
        "area_la_codes": [892, 891],
    },
]

VENUES: dict[str, dict[str, str]] = {
    "chester-demo": {"hub": "cheshire-and-wirral",
                     "name": "Demo venue: Dee Valley Maths Centre, Chester",
                     "address": "Demo address, 1 Example Road, Chester", "postcode": "CH2 9ZZ"},
    "wirral-demo": {"hub": "cheshire-and-wirral",
                    "name": "Demo venue: Wirral Maths Centre, Birkenhead",
                    "address": "Demo address, 2 Example Street, Birkenhead, Wirral",
                    "postcode": "CH41 9ZZ"},
    "crewe-demo": {"hub": "cheshire-and-wirral", "name": "Demo venue: Crewe Learning Centre",
                   "address": "Demo address, 3 Example Avenue, Crewe", "postcode": "CW1 9ZZ"},
    "kingston-demo": {"hub": "london-south-west", "name": "Demo venue: Kingston Maths Centre",
                      "address": "Demo address, 4 Example Road, Kingston upon Thames",
                      "postcode": "KT1 9ZZ"},
    "croydon-demo": {"hub": "london-south-west", "name": "Demo venue: Croydon Learning Centre",
                     "address": "Demo address, 5 Example Street, Croydon", "postcode": "CR0 9ZZ"},
    "portland-spencer": {"hub": "east-midlands-demo", "name": "Portland Spencer Conference Centre",
                         "address": "Birchover Road, Bilborough, Nottingham",
                         "postcode": "NG8 4BW"},
    "nottingham-demo": {"hub": "east-midlands-demo", "name": "Demo venue: Nottingham Maths Centre",
                        "address": "Demo address, 7 Example Road, Nottingham",
                        "postcode": "NG7 9ZZ"},
    "mansfield-demo": {"hub": "east-midlands-demo", "name": "Demo venue: Mansfield Maths Centre",
                       "address": "Demo address, 6 Example Lane, Mansfield, Nottinghamshire",
                       "postcode": "NG18 9ZZ"},
}

# The programmes the demo's offerings run are the national ones, from their reference data file
# (catalogue/data/programmes.json, loaded by ``load_programmes``): the demo defines none.
PROGRAMMES: list[dict[str, Any]] = bundled_entries()

# When applicants hear, per hub and year (told on confirmation pages and emails).
DECISIONS_BY: dict[tuple[str, str], str] = {("cheshire-and-wirral", "2024-25"): "2024-11-22"}

# A hub's own questions on an application form, by (hub, year, offering slug).
QUESTIONS: dict[tuple[str, str, str], list[dict[str, Any]]] = {
    ("cheshire-and-wirral", "2024-25", "secondary-tfm-development"): [
        {"text": "How many teachers teach maths in your school?", "kind": "text",
         "hint": "Count everyone who teaches some maths, full or part time.", "required": True},
        {"text": "Which area would you prefer to meet in?", "kind": "single_choice",
         "choices": ["Cheshire West and Chester", "Wirral", "No preference"],
         "required": False},
    ],
}


OFFERINGS: list[dict[str, Any]] = [
    # Cheshire and Wirral Maths Hub, 2021/22 (recruited in 2021 for September 2021).
    {
        "hub": "cheshire-and-wirral",
        "year": "2021-22",
        "slug": "secondary-tfm-development",
        "programme": "secondary-tfm-development",
        "code": "",
        "status": "completed",
        "applications_open": "2021-04-19",
        "applications_close": "2021-07-09",
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [
            {
                "name": "Cheshire West and Chester Development Work Group",
                "delivery_mode": "face_to_face",
                "area": "Cheshire West and Chester",
                "capacity_schools": 7,
                "capacity_participants": 14,
                "sessions": [
                    {"kind": "workshop", "date": "2021-10-05", "start": "09:00", "end": "12:30",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "in_school_support", "date": "2021-11-16", "start": "09:00",
                     "end": "12:30", "venue": None, "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2021-12-07", "start": "09:00", "end": "12:30",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2022-01-18", "start": "09:00", "end": "12:30",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "in_school_support", "date": "2022-02-08", "start": "09:00",
                     "end": "12:30", "venue": None, "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2022-03-15", "start": "09:00", "end": "12:30",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2022-05-10", "start": "09:00", "end": "12:30",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2022-06-21", "start": "09:00", "end": "12:30",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                ],
            },
            {
                "name": "Wirral and Halton Development Work Group",
                "delivery_mode": "face_to_face",
                "area": "Wirral and Halton",
                "capacity_schools": 7,
                "capacity_participants": 14,
                "sessions": [
                    {"kind": "workshop", "date": "2021-10-06", "start": "09:00", "end": "12:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "in_school_support", "date": "2021-11-17", "start": "09:00",
                     "end": "12:30", "venue": None, "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2021-12-08", "start": "09:00", "end": "12:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2022-01-19", "start": "09:00", "end": "12:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "in_school_support", "date": "2022-02-09", "start": "09:00",
                     "end": "12:30", "venue": None, "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2022-03-16", "start": "09:00", "end": "12:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2022-05-11", "start": "09:00", "end": "12:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2022-06-22", "start": "09:00", "end": "12:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                ],
            },
        ],
    },
    {
        "hub": "cheshire-and-wirral",
        "year": "2021-22",
        "slug": "developing-mathematical-thinking",
        "programme": "developing-mathematical-thinking",
        "code": "",
        "status": "completed",
        "applications_open": "2021-04-19",
        "applications_close": "2021-07-09",
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [
            {
                "name": "Cheshire and Wirral Mathematical Thinking Work Group",
                "delivery_mode": "blended",
                "area": "Cheshire and Wirral",
                "capacity_schools": 8,
                "capacity_participants": 16,
                "sessions": [
                    {"kind": "workshop", "date": "2021-10-12", "start": "13:00", "end": "16:00",
                     "venue": "crewe-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2021-12-01", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2022-02-02", "start": "13:00", "end": "16:00",
                     "venue": "crewe-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2022-03-23", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2022-05-18", "start": "13:00", "end": "16:00",
                     "venue": "crewe-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                ],
            },
        ],
    },
    {
        "hub": "cheshire-and-wirral",
        "year": "2021-22",
        "slug": "years-7-11-coherence",
        "programme": "years-7-11-coherence",
        "code": "",
        "status": "completed",
        "applications_open": "2021-04-19",
        "applications_close": "2021-07-09",
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [
            {
                "name": "Cheshire and Wirral Coherence Work Group",
                "delivery_mode": "blended",
                "area": "Cheshire and Wirral",
                "capacity_schools": 12,
                "capacity_participants": 12,
                "sessions": [
                    {"kind": "workshop", "date": "2021-10-14", "start": "13:00", "end": "16:00",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2021-11-25", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2022-01-27", "start": "13:00", "end": "16:00",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2022-03-10", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2022-06-09", "start": "13:00", "end": "16:00",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                ],
            },
        ],
    },
    {
        "hub": "cheshire-and-wirral",
        "year": "2021-22",
        "slug": "sktm-ect-phase-1",
        "programme": "sktm-ect-phase-1",
        "code": "",
        "status": "completed",
        "applications_open": "2021-04-19",
        "applications_close": "2021-07-09",
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [
            {
                "name": "Cheshire and Wirral ECT Work Group",
                "delivery_mode": "blended",
                "area": "Cheshire and Wirral",
                "capacity_schools": 20,
                "capacity_participants": 20,
                "sessions": [
                    {"kind": "workshop", "date": "2021-10-07", "start": "13:00", "end": "16:00",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2021-11-11", "start": "13:00", "end": "16:00",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2021-12-09", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2022-01-20", "start": "13:00", "end": "16:00",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2022-03-03", "start": "13:00", "end": "16:00",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2022-03-31", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2022-05-12", "start": "13:00", "end": "16:00",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2022-06-16", "start": "13:00", "end": "16:00",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                ],
            },
        ],
    },
    {
        "hub": "cheshire-and-wirral",
        "year": "2021-22",
        "slug": "sktm-non-specialist",
        "programme": "sktm-non-specialist",
        "code": "",
        "status": "completed",
        "applications_open": "2021-04-19",
        "applications_close": "2021-07-09",
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [
            {
                "name": "Cheshire and Wirral Non-specialist Work Group",
                "delivery_mode": "blended",
                "area": "Cheshire and Wirral",
                "capacity_schools": 16,
                "capacity_participants": 16,
                "sessions": [
                    {"kind": "workshop", "date": "2021-10-19", "start": "09:00", "end": "15:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2021-11-23", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2022-01-11", "start": "09:00", "end": "15:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2022-02-15", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2022-03-22", "start": "09:00", "end": "15:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2022-04-26", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2022-05-24", "start": "09:00", "end": "15:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2022-06-28", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                ],
            },
        ],
    },
    # East Midlands Demo Maths Hub, 2021/22 (seed pages name no hub).
    {
        "hub": "east-midlands-demo",
        "year": "2021-22",
        "slug": "secondary-tfm-development",
        "programme": "secondary-tfm-development",
        "code": "",
        "status": "completed",
        "applications_open": "2021-05-04",
        "applications_close": "2021-07-16",
        "contact_email": "secondary@east-midlands-demo.example.org",
        "work_groups": [
            {
                "name": "Nottingham Development Work Group",
                "delivery_mode": "face_to_face",
                "area": "Nottingham and Nottinghamshire",
                "capacity_schools": 2,
                "capacity_participants": 4,
                "sessions": [
                    {"kind": "workshop", "date": "2021-10-13", "start": "09:00", "end": "12:30",
                     "venue": "nottingham-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "in_school_support", "date": "2021-11-10", "start": "09:00",
                     "end": "12:30", "venue": None, "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2021-12-01", "start": "09:00", "end": "12:30",
                     "venue": "nottingham-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2022-01-26", "start": "09:00", "end": "12:30",
                     "venue": "nottingham-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "in_school_support", "date": "2022-02-09", "start": "09:00",
                     "end": "12:30", "venue": None, "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2022-03-09", "start": "09:00", "end": "12:30",
                     "venue": "nottingham-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2022-05-04", "start": "09:00", "end": "12:30",
                     "venue": "nottingham-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2022-06-15", "start": "09:00", "end": "12:30",
                     "venue": "nottingham-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                ],
            },
        ],
    },
    {
        "hub": "east-midlands-demo",
        "year": "2021-22",
        "slug": "sktm-ect-phase-1",
        "programme": "sktm-ect-phase-1",
        "code": "",
        "status": "completed",
        "applications_open": "2021-05-04",
        "applications_close": "2021-07-16",
        "contact_email": "secondary@east-midlands-demo.example.org",
        "work_groups": [
            {
                "name": "Nottingham ECT Work Group",
                "delivery_mode": "blended",
                "area": "Nottingham and Nottinghamshire",
                "capacity_schools": 20,
                "capacity_participants": 20,
                "sessions": [
                    {"kind": "workshop", "date": "2021-10-21", "start": "09:00", "end": "15:30",
                     "venue": "nottingham-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2021-12-02", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2022-02-03", "start": "09:00", "end": "15:30",
                     "venue": "nottingham-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2022-03-24", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2022-06-09", "start": "09:00", "end": "15:30",
                     "venue": "nottingham-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                ],
            },
        ],
    },
    {
        "hub": "east-midlands-demo",
        "year": "2021-22",
        "slug": "sktm-non-specialist",
        "programme": "sktm-non-specialist",
        "code": "",
        "status": "completed",
        "applications_open": "2021-05-04",
        "applications_close": "2021-07-16",
        "contact_email": "secondary@east-midlands-demo.example.org",
        "work_groups": [
            {
                "name": "Nottinghamshire Non-specialist Work Group",
                "delivery_mode": "blended",
                "area": "Nottingham and Nottinghamshire",
                "capacity_schools": 16,
                "capacity_participants": 16,
                "sessions": [
                    {"kind": "workshop", "date": "2021-10-20", "start": "09:00", "end": "15:30",
                     "venue": "mansfield-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2021-11-24", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2022-01-12", "start": "09:00", "end": "15:30",
                     "venue": "mansfield-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2022-02-16", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2022-03-30", "start": "09:00", "end": "15:30",
                     "venue": "mansfield-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2022-04-27", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2022-05-25", "start": "09:00", "end": "15:30",
                     "venue": "mansfield-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2022-06-29", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                ],
            },
        ],
    },
    {
        "hub": "east-midlands-demo",
        "year": "2021-22",
        "slug": "subject-leaders-community",
        "programme": "subject-leaders-community",
        "code": "",
        "status": "completed",
        "applications_open": "2021-06-07",
        "applications_close": "2021-10-15",
        "contact_email": "secondary@east-midlands-demo.example.org",
        "work_groups": [
            {
                "name": "Nottingham Subject Leads",
                "delivery_mode": "face_to_face",
                "area": "Nottingham and Nottinghamshire",
                "capacity_schools": 12,
                "capacity_participants": 12,
                "sessions": [
                    {"kind": "workshop", "date": "2021-11-09", "start": "09:00", "end": "15:30",
                     "venue": "portland-spencer", "online": False, "equivalent_days": "1",
                     "required": True, "demo": False},
                    {"kind": "workshop", "date": "2022-01-14", "start": "09:00", "end": "15:30",
                     "venue": "portland-spencer", "online": False, "equivalent_days": "1",
                     "required": True, "demo": False},
                    {"kind": "workshop", "date": "2022-03-14", "start": "09:00", "end": "15:30",
                     "venue": "portland-spencer", "online": False, "equivalent_days": "1",
                     "required": True, "demo": False},
                    {"kind": "workshop", "date": "2022-05-05", "start": "09:00", "end": "15:30",
                     "venue": "portland-spencer", "online": False, "equivalent_days": "1",
                     "required": True, "demo": False},
                ],
            },
        ],
    },
    {
        "hub": "east-midlands-demo",
        "year": "2021-22",
        "slug": "mat-maths-leaders",
        "programme": "mat-maths-leaders",
        "code": "",
        "status": "completed",
        "applications_open": "2021-05-04",
        "applications_close": "2021-07-16",
        "contact_email": "secondary@east-midlands-demo.example.org",
        "work_groups": [
            {
                "name": "MAT Maths Leads (national cohort)",
                "delivery_mode": "online",
                "area": "National",
                "capacity_schools": 10,
                "capacity_participants": 10,
                "sessions": [
                    {"kind": "national_workshop", "date": "2021-11-18", "start": "09:30",
                     "end": "15:30", "venue": None, "online": True, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "national_workshop", "date": "2022-02-10", "start": "09:30",
                     "end": "15:30", "venue": None, "online": True, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "national_workshop", "date": "2022-06-07", "start": "09:30",
                     "end": "15:30", "venue": None, "online": True, "equivalent_days": "1",
                     "required": True, "demo": True},
                ],
            },
        ],
    },
    {
        "hub": "east-midlands-demo",
        "year": "2021-22",
        "slug": "years-5-8-continuity",
        "programme": "years-5-8-continuity",
        "code": "",
        "status": "completed",
        "applications_open": "2021-05-04",
        "applications_close": "2021-07-16",
        "contact_email": "secondary@east-midlands-demo.example.org",
        "work_groups": [
            {
                "name": "Nottingham Years 5 to 8 Work Group",
                "delivery_mode": "face_to_face",
                "area": "Nottingham and Nottinghamshire",
                "capacity_schools": 10,
                "capacity_participants": 10,
                "sessions": [
                    {"kind": "workshop", "date": "2021-10-19", "start": "13:00", "end": "16:00",
                     "venue": "nottingham-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2021-12-07", "start": "13:00", "end": "16:00",
                     "venue": "nottingham-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2022-02-01", "start": "13:00", "end": "16:00",
                     "venue": "nottingham-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2022-03-29", "start": "13:00", "end": "16:00",
                     "venue": "nottingham-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2022-06-14", "start": "13:00", "end": "16:00",
                     "venue": "nottingham-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                ],
            },
        ],
    },
    {
        "hub": "east-midlands-demo",
        "year": "2021-22",
        "slug": "developing-core-maths-pedagogy",
        "programme": "developing-core-maths-pedagogy",
        "code": "",
        "status": "completed",
        "applications_open": "2021-05-04",
        "applications_close": "2021-07-16",
        "contact_email": "secondary@east-midlands-demo.example.org",
        "work_groups": [
            {
                "name": "Nottinghamshire Core Maths Work Group",
                "delivery_mode": "blended",
                "area": "Nottingham and Nottinghamshire",
                "capacity_schools": 6,
                "capacity_participants": 6,
                "sessions": [
                    {"kind": "workshop", "date": "2021-10-14", "start": "13:00", "end": "16:00",
                     "venue": "mansfield-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2021-12-09", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2022-02-03", "start": "13:00", "end": "16:00",
                     "venue": "mansfield-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2022-03-17", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2022-05-19", "start": "13:00", "end": "16:00",
                     "venue": "mansfield-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                ],
            },
        ],
    },
    # London South West Maths Hub, 2022/23: expressions of interest only.
    {
        "hub": "london-south-west",
        "year": "2022-23",
        "slug": "secondary-tfm-development",
        "programme": "secondary-tfm-development",
        "code": "",
        "status": "expression_of_interest",
        "applications_open": None,
        "applications_close": None,
        "contact_email": "secondary@london-south-west.example.org",
        "work_groups": [],
    },
    {
        "hub": "london-south-west",
        "year": "2022-23",
        "slug": "sktm-ect-phase-1",
        "programme": "sktm-ect-phase-1",
        "code": "",
        "status": "expression_of_interest",
        "applications_open": None,
        "applications_close": None,
        "contact_email": "secondary@london-south-west.example.org",
        "work_groups": [],
    },
    {
        "hub": "london-south-west",
        "year": "2022-23",
        "slug": "sktm-ect-phase-2",
        "programme": "sktm-ect-phase-2",
        "code": "",
        "status": "expression_of_interest",
        "applications_open": None,
        "applications_close": None,
        "contact_email": "secondary@london-south-west.example.org",
        "work_groups": [],
    },
    {
        "hub": "london-south-west",
        "year": "2022-23",
        "slug": "sktm-non-specialist",
        "programme": "sktm-non-specialist",
        "code": "",
        "status": "expression_of_interest",
        "applications_open": None,
        "applications_close": None,
        "contact_email": "secondary@london-south-west.example.org",
        "work_groups": [],
    },
    {
        "hub": "london-south-west",
        "year": "2022-23",
        "slug": "years-5-8-continuity",
        "programme": "years-5-8-continuity",
        "code": "",
        "status": "expression_of_interest",
        "applications_open": None,
        "applications_close": None,
        "contact_email": "secondary@london-south-west.example.org",
        "work_groups": [],
    },
    {
        "hub": "london-south-west",
        "year": "2022-23",
        "slug": "years-7-11-coherence",
        "programme": "years-7-11-coherence",
        "code": "",
        "status": "expression_of_interest",
        "applications_open": None,
        "applications_close": None,
        "contact_email": "secondary@london-south-west.example.org",
        "work_groups": [],
    },
    {
        "hub": "london-south-west",
        "year": "2022-23",
        "slug": "subject-leaders-community",
        "programme": "subject-leaders-community",
        "code": "",
        "status": "expression_of_interest",
        "applications_open": None,
        "applications_close": None,
        "contact_email": "secondary@london-south-west.example.org",
        "work_groups": [],
    },
    {
        "hub": "london-south-west",
        "year": "2022-23",
        "slug": "mat-maths-leaders",
        "programme": "mat-maths-leaders",
        "code": "",
        "status": "expression_of_interest",
        "applications_open": None,
        "applications_close": None,
        "contact_email": "secondary@london-south-west.example.org",
        "work_groups": [],
    },
    # Cheshire and Wirral Maths Hub, 2024/25: recruiting on the demo date, 1 October.
    {
        "hub": "cheshire-and-wirral",
        "year": "2024-25",
        "slug": "secondary-tfm-development",
        "programme": "secondary-tfm-development",
        "code": "NCP 24-12",
        "status": "recruiting",
        "applications_open": "2024-05-01",
        "applications_close": "2024-10-18",
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [
            {
                "name": "Chester Development Work Group",
                "delivery_mode": "face_to_face",
                "area": "Cheshire West and Chester",
                "capacity_schools": 7,
                "capacity_participants": 14,
                "sessions": [
                    {"kind": "workshop", "date": "2024-11-05", "start": "09:00", "end": "12:30",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "in_school_support", "date": "2024-11-26", "start": "09:00",
                     "end": "12:30", "venue": None, "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2024-12-10", "start": "09:00", "end": "12:30",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-01-21", "start": "09:00", "end": "12:30",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "in_school_support", "date": "2025-02-11", "start": "09:00",
                     "end": "12:30", "venue": None, "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-03-11", "start": "09:00", "end": "12:30",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-05-06", "start": "09:00", "end": "12:30",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-06-17", "start": "09:00", "end": "12:30",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                ],
            },
            {
                "name": "Wirral and Halton Development Work Group",
                "delivery_mode": "face_to_face",
                "area": "Wirral and Halton",
                "capacity_schools": 7,
                "capacity_participants": 14,
                "sessions": [
                    {"kind": "workshop", "date": "2024-11-06", "start": "09:00", "end": "12:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "in_school_support", "date": "2024-11-27", "start": "09:00",
                     "end": "12:30", "venue": None, "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2024-12-11", "start": "09:00", "end": "12:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-01-22", "start": "09:00", "end": "12:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "in_school_support", "date": "2025-02-12", "start": "09:00",
                     "end": "12:30", "venue": None, "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-03-12", "start": "09:00", "end": "12:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-05-07", "start": "09:00", "end": "12:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-06-18", "start": "09:00", "end": "12:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                ],
            },
        ],
    },
    {
        "hub": "cheshire-and-wirral",
        "year": "2024-25",
        "slug": "secondary-tfm-development-special-schools",
        "programme": "secondary-tfm-development-special-schools",
        "code": "",
        "status": "recruiting",
        "applications_open": "2024-05-01",
        "applications_close": "2024-10-25",
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [
            {
                "name": "Regional Special Schools Development Work Group",
                "delivery_mode": "blended",
                "area": "Cheshire and Wirral and neighbouring areas",
                "capacity_schools": 8,
                "capacity_participants": 8,
                "sessions": [
                    {"kind": "workshop", "date": "2024-11-13", "start": "13:00", "end": "16:00",
                     "venue": "crewe-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2025-01-15", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2025-02-26", "start": "13:00", "end": "16:00",
                     "venue": "crewe-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2025-03-26", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2025-05-14", "start": "13:00", "end": "16:00",
                     "venue": "crewe-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-06-25", "start": "13:00", "end": "16:00",
                     "venue": "crewe-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                ],
            },
        ],
    },
    {
        "hub": "cheshire-and-wirral",
        "year": "2024-25",
        "slug": "secondary-tfm-embedding",
        "programme": "secondary-tfm-embedding",
        "code": "",
        "status": "recruiting",
        "applications_open": "2024-05-01",
        "applications_close": "2024-10-11",
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [
            {
                "name": "Cheshire and Wirral Embedding and Sustaining Work Group",
                "delivery_mode": "blended",
                "area": "Cheshire and Wirral",
                "capacity_schools": 6,
                "capacity_participants": 12,
                "sessions": [
                    {"kind": "workshop", "date": "2024-10-22", "start": "16:00", "end": "18:00",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.3",
                     "required": True, "demo": True},
                    {"kind": "in_school_support", "date": "2024-11-19", "start": "09:00",
                     "end": "15:30", "venue": None, "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "in_school_support", "date": "2025-01-28", "start": "09:00",
                     "end": "15:30", "venue": None, "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "in_school_support", "date": "2025-03-18", "start": "09:00",
                     "end": "15:30", "venue": None, "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-06-10", "start": "16:00", "end": "18:00",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.3",
                     "required": True, "demo": True},
                ],
            },
        ],
    },
    {
        "hub": "cheshire-and-wirral",
        "year": "2024-25",
        "slug": "subject-leaders-community",
        "programme": "subject-leaders-community",
        "code": "",
        "status": "recruiting",
        "applications_open": "2024-05-01",
        "applications_close": "2024-10-31",
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [
            {
                "name": "Cheshire and Wirral Subject Leaders Work Group",
                "delivery_mode": "face_to_face",
                "area": "Cheshire and Wirral",
                "capacity_schools": 16,
                "capacity_participants": 16,
                "sessions": [
                    {"kind": "workshop", "date": "2024-11-14", "start": "09:00", "end": "15:30",
                     "venue": "crewe-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-01-30", "start": "09:00", "end": "15:30",
                     "venue": "crewe-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-03-20", "start": "09:00", "end": "15:30",
                     "venue": "crewe-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-06-05", "start": "09:00", "end": "15:30",
                     "venue": "crewe-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                ],
            },
        ],
    },
    {
        "hub": "cheshire-and-wirral",
        "year": "2024-25",
        "slug": "mat-maths-leaders",
        "programme": "mat-maths-leaders",
        "code": "",
        "status": "recruiting",
        "applications_open": "2024-05-01",
        "applications_close": "2024-11-15",
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [
            {
                "name": "MAT Maths Leaders: new participants",
                "delivery_mode": "online",
                "area": "National",
                "capacity_schools": 12,
                "capacity_participants": 12,
                "sessions": [
                    {"kind": "central_online_event", "date": "2024-12-04", "start": "10:00",
                     "end": "12:30", "venue": None, "online": True, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "central_online_event", "date": "2025-03-05", "start": "10:00",
                     "end": "12:30", "venue": None, "online": True, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "central_online_event", "date": "2025-06-11", "start": "10:00",
                     "end": "12:30", "venue": None, "online": True, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                ],
            },
            {
                "name": "MAT Maths Leaders: continuing participants",
                "delivery_mode": "online",
                "area": "National",
                "capacity_schools": 12,
                "capacity_participants": 12,
                "sessions": [
                    {"kind": "central_online_event", "date": "2024-12-04", "start": "10:00",
                     "end": "12:30", "venue": None, "online": True, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "central_online_event", "date": "2025-03-05", "start": "10:00",
                     "end": "12:30", "venue": None, "online": True, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "central_online_event", "date": "2025-06-11", "start": "10:00",
                     "end": "12:30", "venue": None, "online": True, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                ],
            },
        ],
    },
    {
        "hub": "cheshire-and-wirral",
        "year": "2024-25",
        "slug": "securing-foundations-year-7",
        "programme": "securing-foundations-year-7",
        "code": "",
        "status": "recruiting",
        "applications_open": "2024-05-01",
        "applications_close": "2024-10-18",
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [
            {
                "name": "Cheshire and Wirral Year 7 Cohort",
                "delivery_mode": "blended",
                "area": "Cheshire and Wirral",
                "capacity_schools": 20,
                "capacity_participants": 20,
                "sessions": [
                    {"kind": "central_online_event", "date": "2024-11-07", "start": "16:00",
                     "end": "18:00", "venue": None, "online": True, "equivalent_days": "0.3",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2024-11-21", "start": "16:00", "end": "18:00",
                     "venue": "crewe-demo", "online": False, "equivalent_days": "0.3",
                     "required": True, "demo": True},
                    {"kind": "central_online_event", "date": "2024-12-05", "start": "16:00",
                     "end": "18:00", "venue": None, "online": True, "equivalent_days": "0.3",
                     "required": True, "demo": True},
                    {"kind": "central_online_event", "date": "2025-01-16", "start": "16:00",
                     "end": "18:00", "venue": None, "online": True, "equivalent_days": "0.3",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2025-01-29", "start": "16:00", "end": "18:00",
                     "venue": None, "online": True, "equivalent_days": "0.3", "required": True,
                     "demo": True},
                    {"kind": "central_online_event", "date": "2025-02-27", "start": "16:00",
                     "end": "18:00", "venue": None, "online": True, "equivalent_days": "0.3",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-03-13", "start": "16:00", "end": "18:00",
                     "venue": "crewe-demo", "online": False, "equivalent_days": "0.3",
                     "required": True, "demo": True},
                    {"kind": "central_online_event", "date": "2025-04-03", "start": "16:00",
                     "end": "18:00", "venue": None, "online": True, "equivalent_days": "0.3",
                     "required": True, "demo": True},
                    {"kind": "central_online_event", "date": "2025-05-22", "start": "16:00",
                     "end": "18:00", "venue": None, "online": True, "equivalent_days": "0.3",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2025-06-12", "start": "16:00", "end": "18:00",
                     "venue": None, "online": True, "equivalent_days": "0.3", "required": True,
                     "demo": True},
                ],
            },
        ],
    },
    {
        "hub": "cheshire-and-wirral",
        "year": "2024-25",
        "slug": "cross-phase-level-2",
        "programme": "cross-phase-level-2",
        "code": "",
        "status": "recruiting",
        "applications_open": "2024-05-01",
        "applications_close": "2024-11-01",
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [
            {
                "name": "Cheshire and Wirral Level 2 Work Group",
                "delivery_mode": "face_to_face",
                "area": "Cheshire and Wirral",
                "capacity_schools": 12,
                "capacity_participants": 12,
                "sessions": [
                    {"kind": "workshop", "date": "2024-11-20", "start": "09:00", "end": "15:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-02-05", "start": "09:00", "end": "15:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-04-30", "start": "09:00", "end": "15:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                ],
            },
        ],
    },
    {
        "hub": "cheshire-and-wirral",
        "year": "2024-25",
        "slug": "sktm-non-specialist",
        "programme": "sktm-non-specialist",
        "code": "NCP24-30b",
        "status": "recruiting",
        "applications_open": "2024-05-01",
        "applications_close": "2024-10-25",
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [
            {
                "name": "Cheshire and Wirral Non-specialist Work Group",
                "delivery_mode": "blended",
                "area": "Cheshire and Wirral",
                "capacity_schools": 20,
                "capacity_participants": 20,
                "sessions": [
                    {"kind": "workshop", "date": "2024-11-12", "start": "09:00", "end": "15:30",
                     "venue": "chester-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2024-12-03", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2025-01-14", "start": "09:00", "end": "15:30",
                     "venue": "chester-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2025-02-04", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2025-03-04", "start": "09:00", "end": "15:30",
                     "venue": "chester-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2025-04-01", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2025-05-13", "start": "09:00", "end": "15:30",
                     "venue": "chester-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2025-06-03", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                ],
            },
        ],
    },
    {
        "hub": "cheshire-and-wirral",
        "year": "2024-25",
        "slug": "sktm-ect-phase-1",
        "programme": "sktm-ect-phase-1",
        "code": "",
        "status": "recruiting",
        "applications_open": "2024-05-01",
        "applications_close": "2024-10-18",
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [
            {
                "name": "Chester ECT Phase 1 Work Group",
                "delivery_mode": "face_to_face",
                "area": "Cheshire West and Chester",
                "capacity_schools": 20,
                "capacity_participants": 20,
                "sessions": [
                    {"kind": "workshop", "date": "2024-11-08", "start": "09:00", "end": "15:30",
                     "venue": "chester-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-01-24", "start": "09:00", "end": "15:30",
                     "venue": "chester-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-03-21", "start": "09:00", "end": "15:30",
                     "venue": "chester-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-06-06", "start": "09:00", "end": "15:30",
                     "venue": "chester-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                ],
            },
            {
                "name": "Wirral ECT Phase 1 Work Group",
                "delivery_mode": "face_to_face",
                "area": "Wirral and Halton",
                "capacity_schools": 20,
                "capacity_participants": 20,
                "sessions": [
                    {"kind": "workshop", "date": "2024-11-15", "start": "09:00", "end": "15:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-01-31", "start": "09:00", "end": "15:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-03-28", "start": "09:00", "end": "15:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-06-13", "start": "09:00", "end": "15:30",
                     "venue": "wirral-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                ],
            },
        ],
    },
    {
        "hub": "cheshire-and-wirral",
        "year": "2024-25",
        "slug": "sktm-ect-phase-2",
        "programme": "sktm-ect-phase-2",
        "code": "",
        "status": "recruiting",
        "applications_open": "2024-05-01",
        "applications_close": "2024-10-18",
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [
            {
                "name": "Cheshire and Wirral ECT Phase 2 Work Group",
                "delivery_mode": "blended",
                "area": "Cheshire and Wirral",
                "capacity_schools": 16,
                "capacity_participants": 16,
                "sessions": [
                    {"kind": "workshop", "date": "2024-11-22", "start": "09:00", "end": "15:30",
                     "venue": "crewe-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2025-02-07", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2025-03-14", "start": "09:00", "end": "15:30",
                     "venue": "crewe-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2025-05-09", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2025-06-20", "start": "09:00", "end": "15:30",
                     "venue": "crewe-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                ],
            },
        ],
    },
    {
        "hub": "cheshire-and-wirral",
        "year": "2024-25",
        "slug": "sktm-teaching-assistants",
        "programme": "sktm-teaching-assistants",
        "code": "",
        "status": "recruiting",
        "applications_open": "2024-05-01",
        "applications_close": "2024-11-08",
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [
            {
                "name": "Cheshire and Wirral Teaching Assistants Work Group",
                "delivery_mode": "face_to_face",
                "area": "Cheshire and Wirral",
                "capacity_schools": 20,
                "capacity_participants": 20,
                "sessions": [
                    {"kind": "workshop", "date": "2024-11-28", "start": "09:00", "end": "15:30",
                     "venue": "crewe-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-01-23", "start": "09:00", "end": "15:30",
                     "venue": "crewe-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-03-27", "start": "09:00", "end": "15:30",
                     "venue": "crewe-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                    {"kind": "workshop", "date": "2025-05-15", "start": "09:00", "end": "15:30",
                     "venue": "crewe-demo", "online": False, "equivalent_days": "1",
                     "required": True, "demo": True},
                ],
            },
        ],
    },
    {
        "hub": "cheshire-and-wirral",
        "year": "2024-25",
        "slug": "itt-partnerships",
        "programme": "itt-partnerships",
        "code": "",
        "status": "recruiting",
        "applications_open": "2024-05-01",
        "applications_close": "2024-11-15",
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [
            {
                "name": "Cheshire and Wirral ITT Community",
                "delivery_mode": "blended",
                "area": "Cheshire and Wirral",
                "capacity_schools": 10,
                "capacity_participants": 10,
                "sessions": [
                    {"kind": "workshop", "date": "2024-11-27", "start": "13:00", "end": "16:00",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                    {"kind": "webinar", "date": "2025-02-12", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "webinar", "date": "2025-04-30", "start": "13:00", "end": "16:00",
                     "venue": None, "online": True, "equivalent_days": "0.5", "required": True,
                     "demo": True},
                    {"kind": "workshop", "date": "2025-06-25", "start": "13:00", "end": "16:00",
                     "venue": "chester-demo", "online": False, "equivalent_days": "0.5",
                     "required": True, "demo": True},
                ],
            },
        ],
    },
    {
        "hub": "cheshire-and-wirral",
        "year": "2024-25",
        "slug": "mastery-specialists",
        "programme": "mastery-specialists",
        "code": "",
        "status": "closed",
        "applications_open": "2024-02-26",
        "applications_close": "2024-04-26",
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [],
    },
    {
        "hub": "cheshire-and-wirral",
        "year": "2024-25",
        "slug": "pd-lead",
        "programme": "pd-lead",
        "code": "",
        "status": "closed",
        "applications_open": "2024-02-26",
        "applications_close": "2024-04-26",
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [],
    },
    {
        "hub": "cheshire-and-wirral",
        "year": "2024-25",
        "slug": "school-development-lead",
        "programme": "school-development-lead",
        "code": "",
        "status": "closed",
        "applications_open": "2024-02-26",
        "applications_close": "2024-04-26",
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [],
    },
    # Cheshire and Wirral Maths Hub, 2025/26: register interest while 2024/25 is closed.
    {
        "hub": "cheshire-and-wirral",
        "year": "2025-26",
        "slug": "mastery-specialists",
        "programme": "mastery-specialists",
        "code": "",
        "status": "expression_of_interest",
        "applications_open": None,
        "applications_close": None,
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [],
    },
    {
        "hub": "cheshire-and-wirral",
        "year": "2025-26",
        "slug": "pd-lead",
        "programme": "pd-lead",
        "code": "",
        "status": "expression_of_interest",
        "applications_open": None,
        "applications_close": None,
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [],
    },
    {
        "hub": "cheshire-and-wirral",
        "year": "2025-26",
        "slug": "school-development-lead",
        "programme": "school-development-lead",
        "code": "",
        "status": "expression_of_interest",
        "applications_open": None,
        "applications_close": None,
        "contact_email": "secondary@cheshire-and-wirral.example.org",
        "work_groups": [],
    },
]


# --- Each offering's own text, from its hub's page for that year ------------------------------
#
# Five seed pages: London South West 2022/23 (000), the East Midlands demo hub's 2021/22 pages
# (001, and 004 for the Subject Lead Work Group), Cheshire and Wirral 2021/22 (002) and
# Cheshire and Wirral 2024/25 (003). An offering says only what its own page says, in the
# product's words: a title, time commitment, cost, learning list or support requirement that
# the page does not give is not borrowed from another year. There is no 2025/26 page; the
# 2024/25 page only opens expressions of interest for it.
#
# The pages link to nothing by address (their links were lost when they were saved), so a
# document or page they point to is kept as its name with no url.

CW, LSW, EM = "cheshire-and-wirral", "london-south-west", "east-midlands-demo"
TEXT_FIELDS = ("title", "summary", "who_can_take_part", "what_is_involved",
               "learning_outcomes", "time_commitment", "cost", "links", "how_to_apply",
               "year_notes")
FUNDED = "Fully funded by the Maths Hubs Programme: free to schools."


def not_published(year: str) -> str:
    """What the page says when the hub's page for ``year`` (``2021-22``) does not give it."""
    return f"Not published by the hub for {year[:4]}/{year[-2:]}."


def _link(text: str, url: str = "") -> dict[str, str]:
    return {"text": text, "url": url}


def _as_programme(slug: str, **changes: Any) -> dict[str, Any]:
    """This year's text where the programme's national text was written from this same page."""
    programme = next(p for p in PROGRAMMES if p["slug"] == slug)
    text = {name: programme[name] for name in
            ("summary", "who_can_take_part", "what_is_involved", "learning_outcomes",
             "time_commitment", "cost")}
    text["learning_outcomes"] = list(text["learning_outcomes"])
    text.update(changes)
    return text


_LSW_INTEREST = (
    "Register your interest with this service to hear the latest details for 2022/23 as soon "
    "as the hub has them."
)
_CW_NEXT_YEAR = (
    "Register your interest with this service and the hub will email you when applications "
    "for 2025/26 open."
)


def _next_year(title: str) -> dict[str, Any]:
    """A 2025/26 offering: the 2024/25 page opens interest in it and says nothing more."""
    return {
        "title": title,
        "summary": "Applications for 2025/26 are not open yet. Register your interest to hear "
                   "when they open.",
        "who_can_take_part": "The hub has not yet published who can take part in 2025/26.",
        "what_is_involved": "The hub has not yet published the details for 2025/26.",
        "learning_outcomes": [],
        "time_commitment": not_published("2025-26"),
        "cost": not_published("2025-26"),
        "how_to_apply": _CW_NEXT_YEAR,
        "year_notes": "",
    }


OFFERING_TEXT: dict[tuple[str, str, str], dict[str, Any]] = {
    # Cheshire and Wirral, 2021/22 (page 002: "NOW RECRUITING (for September 2021)").
    (CW, "2021-22", "secondary-tfm-development"): {
        "title": "Secondary Teaching for Mastery Development Work Groups",
        "summary": (
            "Your school puts forward two teachers as Mastery Advocates for a year in a local "
            "Development Work Group, starting in September 2021."
        ),
        "who_can_take_part": (
            "Any maths teacher can become a Mastery Advocate, from a newly qualified teacher "
            "(NQT) to a head of department.\n\n"
            "The hub is looking for up to 14 secondary schools to begin in September 2021.\n\n"
            "Your headteacher must back your school's place."
        ),
        "what_is_involved": (
            "A school that wants to bring in teaching for mastery names two teachers as its "
            "Mastery Advocates. They join teachers from nearby schools in a group that meets "
            "through the year to build knowledge and expertise, and each school also gets "
            "support planned for it.\n\n"
            "In the Development year a Mastery Specialist supports you in your school. The year "
            "after, your school stays with the hub and moves on to an Embedding Work Group."
        ),
        "learning_outcomes": [
            "Work with teachers from other local schools and swap what works",
            "Get guidance for your own school from an LLME (local leader of maths education)",
            "Leave with ideas that help students grow into confident mathematicians, ready for "
            "GCSE and A level",
            "Bring teaching for mastery into your lessons and then your department",
        ],
        "time_commitment": (
            "One school year in a Development Work Group, with in-school support from a Mastery "
            "Specialist."
        ),
        "cost": "Fully funded: free to your school.",
        "links": [_link("NCETM document: secondary-teaching-for-mastery-march-2021")],
        "how_to_apply": (
            "Apply as a school team using this service, naming your two Mastery Advocates. Your "
            "headteacher is asked to confirm their support."
        ),
        "year_notes": "",
    },
    (CW, "2021-22", "developing-mathematical-thinking"): {
        "title": "Developing Mathematical Thinking Programme",
        "summary": (
            "Two teachers from each school look at mathematical thinking in problem solving and "
            "reasoning, and at how students get better at it."
        ),
        "who_can_take_part": "Secondary maths teachers. Each school is expected to send two.",
        "what_is_involved": (
            "The Key Stage 4 programme of study wants students to become fluent, to reason "
            "mathematically and to solve problems, and mathematical thinking runs through all "
            "three. This Work Group looks at mathematical thinking within problem solving and "
            "reasoning.\n\n"
            "With practical kinds of task, the group explores what progress in mathematical "
            "thinking means for students and how it shows in lessons."
        ),
        "learning_outcomes": [],
        "time_commitment": (
            "Around five half-day workshops. Some may be webinars, and the group agrees the "
            "session times together."
        ),
        "cost": not_published("2021-22"),
        "links": [],
        "how_to_apply": "Apply as a school team of two using this service.",
        "year_notes": "",
    },
    (CW, "2021-22", "years-7-11-coherence"): {
        "title": "Year 7 to 11 Coherence",
        "summary": (
            "Teachers unpick one hard topic together and follow it from the start of Key Stage "
            "3 to the end of Key Stage 4."
        ),
        "who_can_take_part": (
            "Open to any secondary maths teacher who wants to teach difficult topics better, "
            "from the first year of Key Stage 3 to the end of Key Stage 4."
        ),
        "what_is_involved": (
            "Participants choose a challenging topic and unpick it: they analyse it, break it "
            "down and follow it through the curriculum.\n\n"
            "They study the difficulties and misconceptions it brings, to help their teaching "
            "now, and what it means for designing the curriculum in the longer run."
        ),
        "learning_outcomes": [],
        "time_commitment": (
            "Around five half-day workshops across the year. Some may be webinars, and the group "
            "agrees the session times together."
        ),
        "cost": not_published("2021-22"),
        "links": [],
        "how_to_apply": "Apply using this service.",
        "year_notes": "",
    },
    (CW, "2021-22", "sktm-ect-phase-1"): {
        "title": "Subject Knowledge for Early Career Teachers",
        "summary": (
            "Maths support for teachers in their first two years, working in depth on one area "
            "of maths."
        ),
        "who_can_take_part": (
            "Early career teachers: those in the first two years of their teaching career."
        ),
        "what_is_involved": (
            "The project gives early career teachers high-quality maths support that takes "
            "account of the Early Career Framework and of how Covid affected their initial "
            "teacher training.\n\n"
            "You work in depth on one area of maths and the teaching that goes with it, "
            "including analysing lessons and designing your own. The content and design are "
            "worked out with the participants."
        ),
        "learning_outcomes": [],
        "time_commitment": "At least five half-day workshops.",
        "cost": not_published("2021-22"),
        "links": [],
        "how_to_apply": "Apply using this service.",
        "year_notes": "",
    },
    (CW, "2021-22", "sktm-non-specialist"): {
        "title": "Subject Knowledge for Secondary Non-specialist Teachers",
        "summary": (
            "For non-specialists teaching secondary maths, offered by Maths Hubs for the first "
            "time in 2021/22."
        ),
        "who_can_take_part": "Non-specialist teachers of maths in secondary schools.",
        "what_is_involved": (
            "2021/22 is the first year Maths Hubs can run this programme for secondary "
            "non-specialists; it takes over from the TSST programme.\n\n"
            "It helps you build specialist knowledge for teaching maths, so that you understand "
            "the maths, teach it and support pupils with it in lessons."
        ),
        "learning_outcomes": [],
        "time_commitment": not_published("2021-22"),
        "cost": not_published("2021-22"),
        "links": [],
        "how_to_apply": "Apply using this service.",
        "year_notes": "",
    },
    # East Midlands demo hub, 2021/22 (pages 001 and 004).
    (EM, "2021-22", "secondary-tfm-development"): {
        "title": "Secondary Teaching for Mastery Work Groups",
        "summary": (
            "Maths departments join a Work Group in which a Secondary Mastery Specialist "
            "supports them to develop teaching for mastery."
        ),
        "who_can_take_part": (
            "Schools whose maths departments want to develop teaching for mastery approaches."
        ),
        "what_is_involved": (
            "In 2021/22 every Maths Hub takes part in a national Network Collaborative Project "
            "on teaching for mastery in secondary maths. Secondary Mastery Specialists in the "
            "hub's area support schools that want to develop mastery approaches in their "
            "departments.\n\n"
            "Each specialist who has finished the second year of their own programme works with "
            "two departments."
        ),
        "learning_outcomes": [],
        "time_commitment": not_published("2021-22"),
        "cost": not_published("2021-22"),
        "links": [_link("NCETM website: secondary teaching for mastery Work Groups")],
        "how_to_apply": "Apply for your department using this service.",
        "year_notes": "",
    },
    (EM, "2021-22", "sktm-ect-phase-1"): {
        "title": "SKTM for Secondary Early Career Teachers",
        "summary": (
            "Early career teachers go deep into one area of maths, chosen by their local Work "
            "Group from six themes."
        ),
        "who_can_take_part": "Early career teachers of maths in secondary schools.",
        "what_is_involved": (
            "Each local Work Group takes one of six themes, all on designing effective learning "
            "and teaching in maths: the structure of the number system; operating on number; "
            "multiplicative reasoning; sequences and graphs; statistics and probability; or "
            "geometry.\n\n"
            "You work in depth on that one area of maths and the teaching that goes with it, "
            "analysing lessons and designing them."
        ),
        "learning_outcomes": [],
        "time_commitment": "The equivalent of four days.",
        "cost": not_published("2021-22"),
        "links": [],
        "how_to_apply": "Apply using this service.",
        "year_notes": "",
    },
    (EM, "2021-22", "sktm-non-specialist"): {
        "title": "SKTM for Secondary Non-Specialist Teachers",
        "summary": (
            "Helps non-specialists who teach maths in secondary schools build specialist "
            "knowledge for teaching it."
        ),
        "who_can_take_part": (
            "Teachers in state-funded schools who teach maths without being maths specialists: "
            "they teach some maths now but did not do their initial teacher training (ITT) in "
            "maths."
        ),
        "what_is_involved": (
            "The project develops the specialist knowledge you need to teach maths, so that you "
            "understand it, teach it and support students with it in lessons."
        ),
        "learning_outcomes": [],
        "time_commitment": not_published("2021-22"),
        "cost": not_published("2021-22"),
        "links": [],
        "how_to_apply": "Apply using this service.",
        "year_notes": "",
    },
    (EM, "2021-22", "subject-leaders-community"): {
        "title": "Secondary Subject Lead Work Group",
        "summary": (
            "New in 2021/22, for heads of maths: lead teaching for mastery across your "
            "department and grow as a leader of learning and of teachers' development."
        ),
        "who_can_take_part": (
            "Heads of department and subject leaders of maths in secondary schools, whether or "
            "not their school already works with a Maths Hub.\n\n"
            "Prospective heads of department or subject leaders cannot take part."
        ),
        "what_is_involved": (
            "The project helps subject leaders understand teaching for mastery and put it into "
            "practice across the department, and grow as leaders of students' learning and of "
            "teachers' professional development. It also builds their understanding of their "
            "wider role and of what they can change in maths learning with colleagues.\n\n"
            "Local Work Groups run in a cycle: a workshop, then a task in school planned around "
            "each leader's own setting. Leaders support one another by sharing strategies and "
            "practice in a lively professional learning community.\n\n"
            "Much of the year goes on each department working through parts of its action plan "
            "and finding collaborative ways of working that support its professional "
            "development. Everyone also gains from the expertise and experience of the other "
            "departments in the group.\n\n"
            "While the effects of the coronavirus outbreak on schools stay uncertain, Work Groups "
            "are ready to adapt: more collaboration may happen live online, and the content "
            "covers schools' recovery as well as the maths of the project."
        ),
        "learning_outcomes": [
            "Promote and build a shared vision for teaching and learning maths",
            "Make sure your department's schemes of work are firmly in place and back teaching "
            "for mastery",
            "Write a coherent, ambitious action plan aimed at better outcomes for students and "
            "at what teachers need",
            "Lead and manage the department well, so that teaching for mastery grows in it",
            "Understand in depth the vision, principles and teaching approaches of teaching for "
            "mastery",
            "Know which leadership and management skills you need to promote and develop "
            "teaching for mastery in your department",
        ],
        "time_commitment": "The equivalent of four days: four full days, 9am to 3.30pm.",
        "cost": "Free to every state-funded secondary school in England.",
        "links": [],
        "how_to_apply": "Apply using this service.",
        "year_notes": "All four days are at the Portland Spencer Conference Centre in Nottingham.",
    },
    (EM, "2021-22", "mat-maths-leaders"): {
        "title": "Secondary Maths MAT Leads",
        "summary": (
            "For people who lead maths across several schools in a multi-academy trust (MAT), "
            "centred on their work with secondary teachers."
        ),
        "who_can_take_part": (
            "People who lead maths across more than one school in a multi-academy trust (MAT)."
        ),
        "what_is_involved": (
            "The project gives MAT maths leads focused support to understand and build "
            "effective ways of teaching maths across their trust's schools, and to grow as "
            "leaders of system change, curriculum change and teachers' professional "
            "development.\n\n"
            "Many MAT maths leads cover primary as well as secondary. This programme centres on "
            "the work with secondary teachers, but also considers transition and how the phases "
            "connect; skills built with one phase tend to help with the others.\n\n"
            "The programme is led centrally and offered nationally. Regional groups may run if "
            "enough people take part."
        ),
        "learning_outcomes": [],
        "time_commitment": not_published("2021-22"),
        "cost": not_published("2021-22"),
        "links": [],
        "how_to_apply": "Apply using this service.",
        "year_notes": "",
    },
    (EM, "2021-22", "years-5-8-continuity"): {
        "title": "Year 5-8 Continuity Work Group",
        "summary": (
            "Primary and secondary teachers work on continuity in maths from Year 5 to Year 8, "
            "to smooth the move to secondary school."
        ),
        "who_can_take_part": "Primary and secondary teachers of maths in Years 5 to 8.",
        "what_is_involved": (
            "These Work Groups aim to make the move from primary to secondary school stronger by "
            "looking at continuity of curriculum and teaching from Year 5 to Year 8.\n\n"
            "At the heart of each group, teachers from the two phases talk to each other about "
            "maths knowledge and learning across the move, rather than pastoral matters. Many "
            "groups use multiplicative reasoning resources, but a group can work on any part of "
            "the Key Stage 2 and 3 curriculum."
        ),
        "learning_outcomes": [],
        "time_commitment": not_published("2021-22"),
        "cost": not_published("2021-22"),
        "links": [],
        "how_to_apply": "Apply using this service.",
        "year_notes": "",
    },
    (EM, "2021-22", "developing-core-maths-pedagogy"): {
        "title": "Developing Core Maths Pedagogy",
        "summary": (
            "For teachers of Core Maths. In 2021/22 the focus is Core Maths teaching that "
            "supports recovery from Covid."
        ),
        "who_can_take_part": (
            "Schools and colleges that have already taught Core Maths for at least a year.\n\n"
            "Lead participants are experienced or developing Core Maths teachers. They may teach "
            "in a post-16 setting, and maths may or may not be their main subject. Where it "
            "fits, they are expected to involve colleagues from their own department."
        ),
        "what_is_involved": (
            "Teachers collaborate and experiment to find better ways of teaching the open-ended "
            "problem solving that Core Maths students need, and share them with colleagues in "
            "their department.\n\n"
            "Departments taking part help Core Maths promote problem solving set in real "
            "contexts and linked to teaching in other subjects."
        ),
        "learning_outcomes": [],
        "time_commitment": not_published("2021-22"),
        "cost": not_published("2021-22"),
        "links": [],
        "how_to_apply": "Apply using this service.",
        "year_notes": "",
    },
    # London South West, 2022/23 (page 000: expressions of interest).
    (LSW, "2022-23", "secondary-tfm-development"): {
        "title": "Secondary Teaching for Mastery Work Groups",
        "summary": "The hub's Secondary Teaching for Mastery Work Groups for 2022/23.",
        "who_can_take_part": "The hub's Teaching for Mastery pages say who can take part.",
        "what_is_involved": "The hub describes these Work Groups on its Teaching for Mastery "
                            "pages.",
        "learning_outcomes": [],
        "time_commitment": not_published("2022-23"),
        "cost": not_published("2022-23"),
        "links": [_link("London South West Maths Hub: Teaching for Mastery pages")],
        "how_to_apply": _LSW_INTEREST,
        "year_notes": "",
    },
    (LSW, "2022-23", "sktm-ect-phase-1"): {
        "title": "Specialist Knowledge for Teaching Mathematics (Secondary Early Career "
                 "Teachers): new participants",
        "summary": (
            "Maths subject knowledge and teaching support for secondary early career teachers "
            "(ECTs) who have not taken part in this project before."
        ),
        "who_can_take_part": "Secondary ECTs who have not yet taken part in this project.",
        "what_is_involved": (
            "There are two maths subject knowledge projects for secondary ECTs: this one for "
            "those new to the project, and another for those who took part in 2021/22. Both "
            "give high-quality support with maths subject knowledge and teaching, in line with "
            "what the Early Career Framework (ECF) asks of ECTs.\n\n"
            "Each project forms a community of teachers at a similar point in their careers, so "
            "the conversation stays on teaching maths."
        ),
        "learning_outcomes": [],
        "time_commitment": not_published("2022-23"),
        "cost": not_published("2022-23"),
        "links": [],
        "how_to_apply": _LSW_INTEREST,
        "year_notes": "",
    },
    (LSW, "2022-23", "sktm-ect-phase-2"): {
        "title": "Specialist Knowledge for Teaching Mathematics (Secondary Early Career "
                 "Teachers): continuing from 2021/22",
        "summary": (
            "Maths subject knowledge and teaching support for secondary early career teachers "
            "(ECTs) who took part in this project in 2021/22."
        ),
        "who_can_take_part": "Secondary ECTs who took part in this project in 2021/22.",
        "what_is_involved": (
            "There are two maths subject knowledge projects for secondary ECTs: one for those new "
            "to the project, and this one for those who took part in 2021/22. Both give "
            "high-quality support with maths subject knowledge and teaching, in line with what "
            "the Early Career Framework (ECF) asks of ECTs.\n\n"
            "Each project forms a community of teachers at a similar point in their careers, so "
            "the conversation stays on teaching maths."
        ),
        "learning_outcomes": [],
        "time_commitment": not_published("2022-23"),
        "cost": not_published("2022-23"),
        "links": [],
        "how_to_apply": _LSW_INTEREST,
        "year_notes": "",
    },
    (LSW, "2022-23", "sktm-non-specialist"): {
        "title": "Specialist Knowledge for Teaching Mathematics (Secondary Non-Specialist "
                 "Teachers)",
        "summary": (
            "For non-specialists teaching maths in state-funded schools, built around six key "
            "themes."
        ),
        "who_can_take_part": (
            "Teachers in state-funded schools who teach maths without being specialists. You "
            "count as a non-specialist if you "
            "work in a state-funded school or college, did not do your initial teacher training "
            "(ITT) in maths, and either teach some maths now or have a commitment from your "
            "headteacher or executive head that you will within the next year."
        ),
        "what_is_involved": (
            "The programme follows the NCETM's teaching for mastery approach and is built on six "
            "key themes. You work through them with support from an experienced secondary "
            "practitioner."
        ),
        "learning_outcomes": [],
        "time_commitment": not_published("2022-23"),
        "cost": not_published("2022-23"),
        "links": [],
        "how_to_apply": _LSW_INTEREST,
        "year_notes": "",
    },
    (LSW, "2022-23", "years-5-8-continuity"): {
        "title": "Years 5–8 Continuity",
        "summary": "Continuity of curriculum and teaching in maths from Year 5 to Year 8.",
        "who_can_take_part": "Primary and secondary teachers of maths in Years 5 to 8.",
        "what_is_involved": (
            "Work Groups concentrate on continuity of curriculum and teaching across Years 5 to "
            "8. You explore a choice of high-quality resources: Checkpoints and the materials on "
            "Multiplicative Reasoning and on Algebraic Thinking.\n\n"
            "Groups are encouraged to use lesson study: the whole group takes one aspect of the "
            "maths curriculum and develops it together in their schools. Where possible, teachers "
            "observe lessons across the two phases and discuss their practice."
        ),
        "learning_outcomes": [],
        "time_commitment": not_published("2022-23"),
        "cost": not_published("2022-23"),
        "links": [],
        "how_to_apply": _LSW_INTEREST,
        "year_notes": "",
    },
    (LSW, "2022-23", "years-7-11-coherence"): {
        "title": "Years 7–11 Coherence",
        "summary": (
            "Work on the areas of the curriculum students find hard, for a more coherent journey "
            "through the secondary years."
        ),
        "who_can_take_part": "Secondary maths teachers.",
        "what_is_involved": (
            "Teachers' feedback and analysis of GCSE exams point to parts of the curriculum that "
            "students find hard. These Work Groups take those areas apart, analyse them and work "
            "out effective ways to teach them, so that students' learning hangs together better "
            "through the secondary years.\n\n"
            "Groups follow a cycle of workshops and work in school. You pick out and analyse a "
            "key topic, develop ways of teaching it with colleagues, then teach it, evaluate it "
            "and discuss it."
        ),
        "learning_outcomes": [],
        "time_commitment": not_published("2022-23"),
        "cost": not_published("2022-23"),
        "links": [],
        "how_to_apply": _LSW_INTEREST,
        "year_notes": "",
    },
    (LSW, "2022-23", "subject-leaders-community"): {
        "title": "Secondary Subject Leadership",
        "summary": (
            "Local Work Groups for leaders of secondary maths departments, each writing an "
            "action plan for their own department."
        ),
        "who_can_take_part": "Leaders of secondary maths departments.",
        "what_is_involved": (
            "Local Work Groups alternate workshops with tasks in school. Participants support "
            "each other by sharing how they lead, and peer discussion with expert input builds a "
            "lively professional learning community. Each participant writes a departmental "
            "action plan.\n\n"
            "Most of the work is each department taking forward parts of its action plan and "
            "finding ways of working together that support its professional development. "
            "Besides looking at their own department's needs, participants learn from what all "
            "the departments in the group know and have tried."
        ),
        "learning_outcomes": [],
        "time_commitment": not_published("2022-23"),
        "cost": not_published("2022-23"),
        "links": [],
        "how_to_apply": _LSW_INTEREST,
        "year_notes": "",
    },
    (LSW, "2022-23", "mat-maths-leaders"): {
        "title": "Secondary Maths MAT Leads",
        "summary": (
            "In its second year: for people who lead maths across several schools in a "
            "multi-academy trust (MAT)."
        ),
        "who_can_take_part": (
            "People who lead maths across more than one school in a multi-academy trust (MAT), "
            "whether new to the project or continuing."
        ),
        "what_is_involved": (
            "Now in its second year, the project supports MAT maths leads and helps them grow as "
            "leaders of system change, curriculum change and teachers' professional "
            "development.\n\n"
            "At its centre are three one-day national workshops, held face to face. For some "
            "sessions new and continuing participants work separately; other sessions bring "
            "everyone together. During and between workshops you plan, carry out and evaluate "
            "improvement work of your own, and you join a lively online community."
        ),
        "learning_outcomes": [],
        "time_commitment": (
            "Three one-day national workshops, face to face, with improvement work of your own."
        ),
        "cost": not_published("2022-23"),
        "links": [],
        "how_to_apply": _LSW_INTEREST,
        "year_notes": "",
    },
    # Cheshire and Wirral, 2024/25 (page 003).
    (CW, "2024-25", "secondary-tfm-development"): {
        "title": "Secondary Teaching for Mastery Development",
        "summary": (
            "Your school nominates two Mastery Advocates, who spend a year in a local Work Group "
            "with in-school support from a Mastery Specialist, to develop the whole maths "
            "department."
        ),
        "who_can_take_part": (
            "State-funded secondary schools in England.\n\n"
            "Choose Mastery Advocates who are committed, experienced and senior enough to lead "
            "change across the maths department. Your head of maths must support the "
            "application, and so must your headteacher or a member of the senior leadership "
            "team (SLT)."
        ),
        "what_is_involved": (
            "A school that wants to introduce teaching for mastery nominates two teachers as "
            "Mastery Advocates. They join a group of teachers from local schools that meets "
            "regularly to build professional knowledge and expertise, with support shaped for "
            "each school.\n\n"
            "A Secondary Mastery Specialist guides the group and supports your school, helping "
            "the Mastery Advocates bring teaching for mastery into their department. After the "
            "first year your school keeps working with the hub in a Work Group while mastery "
            "spreads across the department.\n\n"
            "Development is the first of three phases: development, embedding and sustaining."
        ),
        "learning_outcomes": [],
        "time_commitment": (
            "A year in a Work Group, with in-school support from a Mastery Specialist."
        ),
        "cost": FUNDED,
        "links": [_link("NCETM: The Essence of Mathematics Teaching for Mastery")],
        "how_to_apply": (
            "Apply as a school team using this service and name your two Mastery Advocates. Your "
            "head of maths, and your headteacher or a member of the SLT, are asked to confirm "
            "their support."
        ),
        "year_notes": "For more details, contact the hub's Secondary Leads.",
    },
    (CW, "2024-25", "secondary-tfm-development-special-schools"): _as_programme(
        "secondary-tfm-development-special-schools",
        title="Teaching for Mastery Development for Special Schools (cross-phase)",
        time_commitment=not_published("2024-25"),
        links=[], how_to_apply="Apply using this service.",
        year_notes="For more details, contact the hub's Secondary Leads.",
    ),
    (CW, "2024-25", "secondary-tfm-embedding"): _as_programme(
        "secondary-tfm-embedding",
        title="Secondary Teaching for Mastery Embedding Year Support",
        who_can_take_part=(
            "Maths departments whose school took part in Secondary Teaching for Mastery "
            "Development in 2023/24.\n\n"
            "Ideally, the lead participants are the Mastery Advocates from those 2023/24 Work "
            "Groups."
        ),
        links=[],
        how_to_apply=(
            "Apply for your maths department using this service, naming your two Mastery "
            "Advocates."
        ),
        year_notes="Your Mastery Specialist arranges the dates of the three support days with "
                   "your school.",
    ),
    (CW, "2024-25", "subject-leaders-community"): {
        "title": "Secondary Maths Subject Leaders Community",
        "summary": (
            "Heads of maths work with other subject leaders: a Work Group in the first year, "
            "then a subject leadership community led by the hub."
        ),
        "who_can_take_part": (
            "Secondary heads of department and subject leaders of maths, whether or not your "
            "school already works with a Maths Hub.\n\n"
            "In your first year you are in a Work Group. In later years you join a subject "
            "leadership community led by the hub."
        ),
        "what_is_involved": (
            "The project deepens your understanding of teaching approaches and of your wider "
            "role, and of what you and your colleagues can do to transform maths learning in "
            "secondary schools.\n\n"
            "You work with other subject leaders, talk through developments and look at "
            "research, then use what you learn in leading maths in your own school."
        ),
        "learning_outcomes": [
            "Promote and build a shared vision, culture and principles for teaching and "
            "learning maths",
            "Make the curriculum coherent and support teaching for mastery throughout the "
            "department",
            "Set up collaborative ways of working in your department that keep it developing",
            "Grow in your ability to lead change",
        ],
        "time_commitment": not_published("2024-25"),
        "cost": FUNDED,
        "links": [],
        "how_to_apply": (
            "Apply using this service. You must be a head of department or subject leader of "
            "maths now."
        ),
        "year_notes": "",
    },
    (CW, "2024-25", "mat-maths-leaders"): {
        "title": "Secondary MAT Maths Leaders Community",
        "summary": (
            "In its fourth year: for people who lead maths across several schools in a MAT, at "
            "least one of them secondary."
        ),
        "who_can_take_part": (
            "People who lead maths across more than one school in a multi-academy trust (MAT), "
            "including at least one secondary school. New participants and those continuing "
            "from earlier years can both take part.\n\n"
            "You are encouraged, though it is not essential, to have one or more of your schools "
            "taking part in Secondary Teaching for Mastery Work Groups this year (2024/25)."
        ),
        "what_is_involved": (
            "Now in its fourth year, the project helps MAT maths leads grow as leaders of system "
            "change, curriculum change and teachers' professional development.\n\n"
            "New participants follow a programme designed for them; continuing participants "
            "develop their work together as a community. New and continuing participants also "
            "get chances to work together, so everyone gains from the central provision and "
            "from exchanging practice with peers."
        ),
        "learning_outcomes": [
            "Promote and build a shared vision of effective teaching and learning in maths",
            "Work with subject leaders across your trust to lead maths teaching well and develop "
            "teaching for mastery",
            "Understand why collaborative professional development keeps teachers' knowledge "
            "and practice growing",
            "Know effective models of professional development for maths teachers, why to use "
            "them and the evidence behind them",
        ],
        "time_commitment": not_published("2024-25"),
        "cost": FUNDED,
        "links": [],
        "how_to_apply": (
            "Apply using this service. Tell us which schools in your trust you lead maths "
            "across, including at least one secondary school."
        ),
        "year_notes": "",
    },
    (CW, "2024-25", "securing-foundations-year-7"): _as_programme(
        "securing-foundations-year-7", title="Securing Foundations at Year 7", links=[],
        how_to_apply="Apply using this service.",
        year_notes="Securing Foundations at Year 7 is a new Maths Hub programme in 2024/25.",
    ),
    (CW, "2024-25", "cross-phase-level-2"): _as_programme(
        "cross-phase-level-2",
        title="Cross-Phase: Supporting Students to Achieve a L2 Qualification in Maths",
        links=[_link("NCETM: The Essence of Mathematics Teaching for Mastery")],
        how_to_apply="Apply using this service.", year_notes="",
    ),
    (CW, "2024-25", "sktm-non-specialist"): _as_programme(
        "sktm-non-specialist",
        what_is_involved=(
            "Plenty of secondary maths lessons are taught by teachers who did not train as maths "
            "specialists. This programme helps you build specialist knowledge for teaching "
            "maths: subject knowledge and knowledge of how to teach it, blended together."
        ),
        links=[], how_to_apply="Apply using this service.", year_notes="",
    ),
    (CW, "2024-25", "sktm-ect-phase-1"): _as_programme(
        "sktm-ect-phase-1",
        summary=(
            "For early career teachers (first and second years of teaching): study "
            "multiplicative reasoning in depth."
        ),
        what_is_involved=(
            "There are two projects for secondary ECTs: Phase 1 for those new to the project and "
            "Phase 2 for those who have done it. Both give high-quality support with maths "
            "subject knowledge and teaching, in line with the Early Career Framework (ECF).\n\n"
            "The programme builds on what you learned in initial teacher training by going deep "
            "into one area of maths. In Phase 1 that area is multiplicative reasoning."
        ),
        time_commitment=not_published("2024-25"),
        links=[],
        how_to_apply=(
            "Apply using this service. If you have already done Phase 1, apply for Phase 2 "
            "instead."
        ),
        year_notes="",
    ),
    (CW, "2024-25", "sktm-ect-phase-2"): _as_programme(
        "sktm-ect-phase-2",
        who_can_take_part=(
            "Phase 2 is for teachers in the early part of their careers who have already taken "
            "part in Phase 1.\n\n"
            "If you have not done Phase 1, apply for Phase 1 first."
        ),
        what_is_involved=(
            "Phase 2 carries on the maths-specific support of Phase 1, in line with the Early "
            "Career Framework (ECF), building on what you learned in initial teacher training. "
            "The area of maths you go deep into is sequences and graphical representations."
        ),
        time_commitment=not_published("2024-25"),
        links=[],
        how_to_apply="Apply using this service. We check that you have taken part in Phase 1.",
        year_notes="",
    ),
    (CW, "2024-25", "sktm-teaching-assistants"): _as_programme(
        "sktm-teaching-assistants", links=[], how_to_apply="Apply using this service.",
        year_notes="",
    ),
    (CW, "2024-25", "itt-partnerships"): _as_programme(
        "itt-partnerships", time_commitment=not_published("2024-25"), links=[],
        how_to_apply=(
            "Apply using this service. Tell us which ITT provider you represent and your role "
            "in its maths provision."
        ),
        year_notes="",
    ),
    (CW, "2024-25", "mastery-specialists"): _as_programme(
        "mastery-specialists", title="Secondary Mastery Specialists",
        links=[_link("Secondary Mastery Specialist Programme: information document"),
               _link("NCETM: Secondary Mastery Specialists")],
        how_to_apply=(
            "Applications for 2024/25 have closed. You can register your interest in 2025/26 "
            "using this service."
        ),
        year_notes="",
    ),
    (CW, "2024-25", "pd-lead"): _as_programme(
        "pd-lead", title="Professional Development Lead Programmes",
        links=[_link("Professional Development Lead Programmes: information document")],
        how_to_apply=(
            "Applications for 2024/25 have closed. You can register your interest in 2025/26 "
            "using this service."
        ),
        year_notes="",
    ),
    (CW, "2024-25", "school-development-lead"): _as_programme(
        "school-development-lead",
        links=[_link("School Development Lead Programme: information document")],
        how_to_apply=(
            "Applications for 2024/25 have closed. You can register your interest in 2025/26 "
            "using this service."
        ),
        year_notes="",
    ),
    # Cheshire and Wirral, 2025/26: only interest, opened from the 2024/25 page.
    (CW, "2025-26", "mastery-specialists"): _next_year("Secondary Mastery Specialists"),
    (CW, "2025-26", "pd-lead"): _next_year("Professional Development Lead Programmes"),
    (CW, "2025-26", "school-development-lead"): _next_year("School Development Lead Programme"),
}


def decisions_by_of(spec: dict[str, Any]) -> str | None:
    """When applicants hear: only offerings recruiting in a year with a decision date."""
    if spec["status"] != "recruiting":
        return None
    return DECISIONS_BY.get((spec["hub"], spec["year"]))


def demo_fields_of(spec: dict[str, Any]) -> list[str]:
    """The values of an offering that were invented (catalogue.models.DEMO_FIELDS keys): no
    page gives an application window, a decision date, Work Groups' names and places, or a
    contact address we may publish."""
    invented = []
    if spec.get("applications_open") or spec.get("applications_close"):
        invented.append("window")
    if decisions_by_of(spec):
        invented.append("decisions")
    if spec.get("work_groups"):
        invented.append("places")
    if spec.get("contact_email"):
        invented.append("contact")
    return invented
