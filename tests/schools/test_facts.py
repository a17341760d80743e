from __future__ import annotations

import pytest

from workgroups.schools.facts import (
    RawSchool,
    _NameCharacters,
    derive,
    normalise_name,
    normalise_postcode,
    postcode_district,
)


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
        # The bundled importer never passes la_in_england: the default must mean "in England".
        (RawSchool(status="Open", phase="Secondary", funding_type="Academy",
                   state_funded_flag=True, secondary_pupils=900),
         {"in_england": True, "state_funded": True, "secondary": True}),
        (RawSchool(status="Open", phase="Secondary", type_name="Community school"),
         {"in_england": True}),
        # DfE's own flag wins over what the type name would say.
        (RawSchool(status="Open", phase="Secondary", type_name="Community school",
                   state_funded_flag=False), {"state_funded": False}),
        (RawSchool(status="Open", phase="Secondary", type_name="Other independent school",
                   state_funded_flag=True), {"state_funded": True}),
        # Bundled funding types, one row each.
        (RawSchool(status="Open", phase="Not applicable", funding_type="LA maintained special",
                   state_funded_flag=True, secondary_pupils=1),  # one pupil is enough
         {"special": True, "alternative_provision": False, "secondary": True}),
        (RawSchool(status="Open", phase="Not applicable", funding_type="Non-maintained special",
                   state_funded_flag=True, secondary_pupils=25),
         {"special": True, "alternative_provision": False, "secondary": True}),
        (RawSchool(status="Open", phase="Not applicable", funding_type="Academy special",
                   state_funded_flag=True),  # no pupil count: not known to serve Year 7+
         {"special": True, "secondary": False}),
        (RawSchool(status="Open", phase="Not applicable", funding_type="Pupil referral unit",
                   state_funded_flag=True, secondary_pupils=30),
         {"alternative_provision": True, "special": False, "secondary": True}),
        (RawSchool(status="Open", phase="Not applicable",
                   funding_type="Alternative provision academy", state_funded_flag=True,
                   secondary_pupils=1),
         {"alternative_provision": True, "special": False, "secondary": True}),
        (RawSchool(status="Open", phase="Not applicable",
                   funding_type="Alternative provision academy", state_funded_flag=True,
                   secondary_pupils=0),
         {"alternative_provision": True, "secondary": False}),
        # Mainstream funding types: pupils of secondary age alone do not make a school secondary.
        (RawSchool(status="Open", phase="Primary", funding_type="LA maintained",
                   state_funded_flag=True, secondary_pupils=12),
         {"special": False, "alternative_provision": False, "post16": False,
          "secondary": False}),
        (RawSchool(status="Open", phase="Not applicable", funding_type="Academy",
                   state_funded_flag=True, secondary_pupils=500),
         {"special": False, "alternative_provision": False, "secondary": False}),
        # The statutory high age, at each side of the first secondary age (11).
        (RawSchool(status="Open", phase="Not applicable", type_name="Community special school",
                   statutory_high_age=12), {"secondary": True}),
        (RawSchool(status="Open", phase="Not applicable", type_name="Pupil referral unit",
                   statutory_high_age=11), {"secondary": False}),
        (RawSchool(status="Open", phase="Not applicable", type_name="Pupil referral unit",
                   statutory_high_age=12), {"secondary": True}),
        # A known high age wins over the pupil count, either way.
        (RawSchool(status="Open", phase="Not applicable", type_name="Foundation special school",
                   statutory_high_age=11, secondary_pupils=30), {"secondary": False}),
        (RawSchool(status="Open", phase="Not applicable", type_name="Foundation special school",
                   statutory_high_age=16, secondary_pupils=0), {"secondary": True}),
        # A city technology college with no secondary phase is secondary by its ages.
        (RawSchool(status="Open", phase="Not applicable", type_name="City technology college",
                   statutory_high_age=18), {"secondary": True, "state_funded": True}),
        (RawSchool(status="Open", phase="Not applicable", type_name="City technology college",
                   statutory_high_age=11), {"secondary": False}),
        (RawSchool(status="Open", phase="Secondary", type_name="City technology college",
                   statutory_high_age=18), {"secondary": True}),
        # Other phases.
        (RawSchool(status="Open", phase="Middle deemed primary", type_name="Community school",
                   statutory_high_age=13), {"secondary": False}),
        (RawSchool(status="Open", phase="Nursery", type_name="Local authority nursery school",
                   statutory_high_age=5), {"secondary": False, "state_funded": True}),
        (RawSchool(status="Open", phase="16 plus", type_name=""), {"post16": True}),
        (RawSchool(status="Open", phase="Secondary", type_name="Community school"),
         {"post16": False}),
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


# The derived flags that each type sets, for one table row per GIAS establishment type. Every row
# is an open school of phase "Not applicable" whose statutory high age (16) reaches Year 7, so
# "secondary" comes from the type alone (special, alternative provision, city technology college).
TYPE_FLAGS = ("state_funded", "special", "post16", "alternative_provision", "secondary",
              "in_england")


@pytest.mark.parametrize(("type_name", "true_flags"), [
    # Mainstream state-funded types.
    ("Community school", {"state_funded", "in_england"}),
    ("Voluntary aided school", {"state_funded", "in_england"}),
    ("Voluntary controlled school", {"state_funded", "in_england"}),
    ("Foundation school", {"state_funded", "in_england"}),
    ("City technology college", {"state_funded", "secondary", "in_england"}),
    ("Local authority nursery school", {"state_funded", "in_england"}),
    ("Academy sponsor led", {"state_funded", "in_england"}),
    ("Academy converter", {"state_funded", "in_england"}),
    ("Free schools", {"state_funded", "in_england"}),
    ("University technical college", {"state_funded", "in_england"}),
    ("Studio schools", {"state_funded", "in_england"}),
    # Special schools.
    ("Community special school", {"state_funded", "special", "secondary", "in_england"}),
    ("Foundation special school", {"state_funded", "special", "secondary", "in_england"}),
    ("Non-maintained special school", {"state_funded", "special", "secondary", "in_england"}),
    ("Academy special converter", {"state_funded", "special", "secondary", "in_england"}),
    ("Academy special sponsor led", {"state_funded", "special", "secondary", "in_england"}),
    ("Free schools special", {"state_funded", "special", "secondary", "in_england"}),
    ("Other independent special school", {"special", "secondary", "in_england"}),
    # Alternative provision (secure units included).
    ("Pupil referral unit",
     {"state_funded", "alternative_provision", "secondary", "in_england"}),
    ("Free schools alternative provision",
     {"state_funded", "alternative_provision", "secondary", "in_england"}),
    ("Academy alternative provision converter",
     {"state_funded", "alternative_provision", "secondary", "in_england"}),
    ("Academy alternative provision sponsor led",
     {"state_funded", "alternative_provision", "secondary", "in_england"}),
    ("Secure units", {"state_funded", "alternative_provision", "secondary", "in_england"}),
    # Post-16 providers: state-funded, never secondary by type.
    ("Further education", {"state_funded", "post16", "in_england"}),
    ("Sixth form centres", {"state_funded", "post16", "in_england"}),
    ("Special post 16 institution", {"state_funded", "post16", "in_england"}),
    ("Free schools 16 to 19", {"state_funded", "post16", "in_england"}),
    ("Academy 16-19 converter", {"state_funded", "post16", "in_england"}),
    ("Academy 16 to 19 sponsor led", {"state_funded", "post16", "in_england"}),
    ("Academy secure 16 to 19", {"state_funded", "post16", "in_england"}),
    # Independent, and establishments outside England.
    ("Other independent school", {"in_england"}),
    ("Welsh establishment", set()),
    ("Offshore schools", set()),
    ("British schools overseas", set()),
    ("Service children's education", set()),
])
def test_each_establishment_type_sets_its_flags(type_name, true_flags):
    derived = vars(derive(RawSchool(status="Open", phase="Not applicable", type_name=type_name,
                                    statutory_high_age=16)))
    assert {flag for flag in TYPE_FLAGS if derived[flag]} == true_flags


@pytest.mark.parametrize(("name", "normalised"), [
    ("Saint John’s C.E. Primary School", "st johns ce primary school"),  # curly apostrophe
    ("King Edward VI Five Ways-School", "king edward vi five ways school"),
    ("Year 7 & 8   Centre", "year 7 and 8 centre"),
    ("École Saint-Saëns", "école st saëns"),  # accented letters are letters
    ("Stowe School", "stowe school"),  # only the whole word "st" or "saint" changes
    ("", ""),
])
def test_more_names_normalise(name, normalised):
    assert normalise_name(name) == normalised


# A fresh table each time: the module's own table is already filled by earlier tests.
@pytest.mark.parametrize(("char", "kept"), [
    ("'", None),
    ("’", None),
    (".", None),
    ("a", "a"),
    ("X", "X"),  # the table keeps case; normalise_name lowers it first
    ("7", "7"),
    ("é", "é"),
    ("-", " "),
    (",", " "),
    ("&", " "),
    (" ", " "),
])
def test_name_character_table_on_a_fresh_instance(char, kept):
    table = _NameCharacters()
    assert char.translate(table) == (kept or "")
    assert table == {ord(char): kept}  # remembered, so the next name meets it in C


@pytest.mark.parametrize(("postcode", "district"), [
    ("CW1 4EB", "CW1"),
    (" cw1  4eb ", "CW1"),
    ("SW1A 1AA", "SW1A"),
    ("M1 1AE", "M1"),  # five characters, the shortest real postcode: kept
    ("M11A", ""),  # four characters: too short to hold an outward code and an inward code
    ("4EB", ""),
    ("", ""),
])
def test_postcode_district(postcode, district):
    assert postcode_district(postcode) == district
