from __future__ import annotations

import pytest

from workgroups.schools.facts import RawSchool, derive, normalise_name, normalise_postcode


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # GIAS files: state funding follows from the type.
        (RawSchool(status="Open", phase="Secondary", type_name="Academy converter"),
         {"is_open": True, "state_funded": True, "secondary": True, "special": False}),
        (RawSchool(status="Open, but proposed to close", phase="Secondary",
                   type_name="Community school"), {"is_open": True}),
        (RawSchool(status="Closed", phase="Secondary", type_name="Community school"),
         {"is_open": False}),
        (RawSchool(status="Proposed to open", phase="Secondary", type_name="Free schools"),
         {"is_open": False}),
        (RawSchool(status="Open", phase="Not applicable", type_name="Other independent school"),
         {"state_funded": False, "secondary": False}),
        (RawSchool(status="Open", phase="Not applicable", type_name="Community special school",
                   statutory_high_age=19), {"special": True, "secondary": True}),
        (RawSchool(status="Open", phase="Not applicable", type_name="Community special school",
                   statutory_high_age=11), {"special": True, "secondary": False}),
        (RawSchool(status="Open", phase="Not applicable", type_name="Pupil referral unit",
                   statutory_high_age=16),
         {"alternative_provision": True, "secondary": True, "state_funded": True}),
        (RawSchool(status="Open", phase="16 plus", type_name="Further education"),
         {"post16": True, "secondary": False, "state_funded": True}),
        (RawSchool(status="Open", phase="Middle deemed secondary",
                   type_name="Voluntary aided school"), {"secondary": True}),
        (RawSchool(status="Open", phase="All-through", type_name="Academy sponsor led"),
         {"secondary": True}),
        (RawSchool(status="Open", phase="Primary", type_name="Community school"),
         {"secondary": False, "state_funded": True}),
        (RawSchool(status="Open", phase="Secondary", type_name="Welsh establishment"),
         {"in_england": False}),
        (RawSchool(status="Open", phase="Secondary", type_name="Community school",
                   la_in_england=False), {"in_england": False}),
        (RawSchool(status="Open", phase="Not applicable", type_name="Secure units",
                   statutory_high_age=18), {"state_funded": True, "secondary": True}),
        # The bundled register: DfE's flag, 2021 funding type and secondary-age pupils.
        (RawSchool(status="Open", phase="Not applicable", funding_type="Academy special",
                   state_funded_flag=True, secondary_pupils=40),
         {"special": True, "secondary": True, "state_funded": True}),
        (RawSchool(status="Open", phase="Not applicable", funding_type="LA maintained special",
                   state_funded_flag=True, secondary_pupils=0),
         {"special": True, "secondary": False}),
        (RawSchool(status="Open", phase="Not applicable", state_funded_flag=False),
         {"state_funded": False, "secondary": False}),
        (RawSchool(status="Open", phase="16 plus", state_funded_flag=True),
         {"post16": True, "state_funded": True}),
    ],
)
def test_derived_facts(raw, expected):
    derived = vars(derive(raw))
    assert {key: derived[key] for key in expected} == expected


@pytest.mark.parametrize(("name", "normalised"), [
    ("St Mary's Catholic High School", "st marys catholic high school"),
    ("Saint Marys Catholic High School", "st marys catholic high school"),
    ("ST. MARY'S CATHOLIC HIGH SCHOOL", "st marys catholic high school"),
    ("Blacon High School, A Specialist Sports College",
     "blacon high school a specialist sports college"),
    ("Rye & District", "rye and district"),
])
def test_names_compare_without_case_punctuation_or_saint(name, normalised):
    assert normalise_name(name) == normalised


def test_postcodes_compare_without_spaces_or_case():
    assert normalise_postcode(" ng8 4bw ") == "NG84BW"
