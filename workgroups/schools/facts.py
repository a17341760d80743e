"""What the register's raw fields mean for eligibility: the one place that decides it.

Pure functions over plain values, no ORM. Two sources feed them:

* the official GIAS download, which names the establishment type (``TypeOfEstablishment (name)``)
  and the statutory age range; state funding follows from the type, using the DfE list (DESIGN.md
  §3, peer-systems.md §5: the types DfE's teacher services accept, with secure units and 16–19
  providers included and independent schools excluded);
* the bundled ``england_schools_2024.csv``, which has no type column but carries DfE's own
  state-funded flag, the 2021 funding type (special, PRU, AP …) and the number of secondary-age
  pupils on roll, which is how it tells a special school serving secondary ages.
"""

from __future__ import annotations

from dataclasses import dataclass

OPEN_STATUSES = frozenset({"Open", "Open, but proposed to close"})
SECONDARY_PHASES = frozenset({"Secondary", "Middle deemed secondary", "All-through"})
POST16_PHASES = frozenset({"16 plus"})
PRIMARY_PHASES = frozenset({"Primary", "Middle deemed primary", "Nursery"})

# GIAS establishment types, by name.
SPECIAL_TYPES = frozenset({
    "Community special school", "Foundation special school", "Non-maintained special school",
    "Academy special converter", "Academy special sponsor led", "Free schools special",
    "Other independent special school",
})
ALTERNATIVE_PROVISION_TYPES = frozenset({
    "Pupil referral unit", "Free schools alternative provision",
    "Academy alternative provision converter", "Academy alternative provision sponsor led",
    "Secure units",
})
POST16_TYPES = frozenset({
    "Further education", "Sixth form centres", "Special post 16 institution",
    "Free schools 16 to 19", "Academy 16-19 converter", "Academy 16 to 19 sponsor led",
    "Academy secure 16 to 19",
})
STATE_FUNDED_TYPES = frozenset({
    "Community school", "Voluntary aided school", "Voluntary controlled school",
    "Foundation school", "City technology college", "Community special school",
    "Non-maintained special school", "Foundation special school", "Pupil referral unit",
    "Local authority nursery school", "Further education", "Secure units", "Academy sponsor led",
    "Sixth form centres", "Special post 16 institution", "Academy special sponsor led",
    "Academy converter", "Free schools", "Free schools special",
    "Free schools alternative provision", "Free schools 16 to 19", "University technical college",
    "Studio schools", "Academy alternative provision converter",
    "Academy alternative provision sponsor led", "Academy special converter",
    "Academy 16-19 converter", "Academy 16 to 19 sponsor led", "Academy secure 16 to 19",
})
NOT_IN_ENGLAND_TYPES = frozenset({
    "Welsh establishment", "Offshore schools", "British schools overseas",
    "Service children's education",
})

# Funding types in the bundled register (DfE pupil premium allocations, 2021/22).
BUNDLED_SPECIAL_FUNDING = frozenset(
    {"LA maintained special", "Academy special", "Non-maintained special"})
BUNDLED_AP_FUNDING = frozenset({"Pupil referral unit", "Alternative provision academy"})

# The first age of secondary education: a statutory high age above this reaches Year 7.
SECONDARY_AGE_FROM = 11


@dataclass(frozen=True)
class RawSchool:
    """The register fields the derived facts depend on, whichever file they came from."""

    status: str
    phase: str
    type_name: str = ""          # GIAS files
    funding_type: str = ""       # bundled file
    state_funded_flag: bool | None = None  # bundled file
    statutory_high_age: int | None = None  # GIAS files
    secondary_pupils: int | None = None    # bundled file
    la_in_england: bool = True


@dataclass(frozen=True)
class DerivedFacts:
    is_open: bool
    in_england: bool
    state_funded: bool
    secondary: bool
    special: bool
    post16: bool
    alternative_provision: bool


def derive(raw: RawSchool) -> DerivedFacts:
    special = raw.type_name in SPECIAL_TYPES or raw.funding_type in BUNDLED_SPECIAL_FUNDING
    alternative = (raw.type_name in ALTERNATIVE_PROVISION_TYPES
                   or raw.funding_type in BUNDLED_AP_FUNDING)
    if raw.statutory_high_age is not None:
        serves_secondary_ages = raw.statutory_high_age > SECONDARY_AGE_FROM
    else:
        serves_secondary_ages = bool(raw.secondary_pupils and raw.secondary_pupils > 0)
    secondary = raw.phase in SECONDARY_PHASES or (
        (special or alternative or raw.type_name == "City technology college")
        and serves_secondary_ages)
    if raw.state_funded_flag is not None:
        state_funded = raw.state_funded_flag
    else:
        state_funded = raw.type_name in STATE_FUNDED_TYPES
    return DerivedFacts(
        is_open=raw.status in OPEN_STATUSES,
        in_england=raw.la_in_england and raw.type_name not in NOT_IN_ENGLAND_TYPES,
        state_funded=state_funded,
        secondary=secondary,
        special=special,
        post16=raw.phase in POST16_PHASES or raw.type_name in POST16_TYPES,
        alternative_provision=alternative,
    )


class _NameCharacters(dict[int, str | None]):
    """``str.translate`` table for names, filled as characters are met: apostrophes and full
    stops vanish ("St Mary's" and "St. Marys" both become "st marys"), letters and digits stay,
    anything else separates words. The import normalises 48k names, so this runs in C."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        kept = None if char in "'’." else (char if char.isalnum() else " ")
        self[code] = kept
        return kept


_NAME_CHARACTERS = _NameCharacters()
_SAINT = frozenset({"saint", "st"})


def normalise_name(text: str) -> str:
    """A school name as search compares it: lower case, no punctuation, "st" for "saint"."""
    words = text.lower().replace("&", " and ").translate(_NAME_CHARACTERS).split()
    return " ".join(["st" if word in _SAINT else word for word in words])


def normalise_postcode(text: str) -> str:
    return "".join(text.upper().split())


# Every UK inward code (the part after the space) is a digit and two letters.
INWARD_CODE_LENGTH = 3


def postcode_district(postcode: str) -> str:
    """The outward code of a postcode ("CW1 4EB" → "CW1"), or "" if it is too short to have one."""
    compact = normalise_postcode(postcode)
    return compact[:-INWARD_CODE_LENGTH] if len(compact) > INWARD_CODE_LENGTH + 1 else ""
