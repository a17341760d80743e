"""Parse what people type or send into ids and URNs, once, at the boundary.

`str.isdigit()` accepts characters `int()` refuses ("²") and `int()` accepts text no database
column can hold (10**40 overflows SQLite's 64-bit integers). Every id and URN from a URL, a query
string, a form or a JSON body goes through these functions instead: they return ``None`` for
anything that is not a plausible value, and the caller turns that into a form error or a 404.
"""

from __future__ import annotations

import re

# The largest value a signed 64-bit integer column (SQLite INTEGER, PostgreSQL BIGINT) holds.
MAX_ID = 2**63 - 1
# URNs in the national register are six digits (100000-999999).
URN_MIN, URN_MAX = 100000, 999999
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")
_URN_DIGITS = re.compile(r"[0-9]{6}")


def parse_id(value: object) -> int | None:
    """A positive database id from text or an int, or ``None``.

    Only ASCII digits count (no signs, spaces, Unicode digits); the value must fit a 64-bit
    column. An int (from JSON) is accepted when it is in range; a bool is not an id.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= MAX_ID else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not _ASCII_DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def parse_urn(value: object) -> int | None:
    """A school URN (six ASCII digits) from text or an int, or ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if URN_MIN <= value <= URN_MAX else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not _URN_DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if URN_MIN <= number <= URN_MAX else None


def parse_ids(values: list[str]) -> list[int]:
    """The ids among many submitted values (e.g. ticked rows), unusable ones left out, in order,
    without repeats."""
    seen: dict[int, None] = {}
    for value in values:
        parsed = parse_id(value)
        if parsed is not None:
            seen.setdefault(parsed, None)
    return list(seen)


def has_nul(value: str) -> bool:
    """True when text holds a NUL character, which PostgreSQL text columns refuse."""
    return "\x00" in value
