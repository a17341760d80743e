"""The types of what callers send the API: ids, URNs, slugs and text, each bounded and described
in the OpenAPI document, so a value that cannot be used is a 422 and never reaches a query.

Ids and URNs are parsed by ``workgroups.core.parse`` (ASCII digits only, 64-bit ids, six-digit
URNs). In a path or a query string they arrive as text; in a JSON body only a JSON integer is an
id (``true`` and ``"12"`` are refused, as the document says).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from workgroups.core.parse import MAX_ID, URN_MAX, URN_MIN, parse_id, parse_urn

# Longest free text the API takes in one field (a decline reason).
TEXT_MAX = 2000


def _id_from_text(value: Any) -> int:
    parsed = parse_id(value)
    if parsed is None:
        raise ValueError(f"must be a whole number from 1 to {MAX_ID}, in digits 0-9")
    return parsed


def _id_from_json(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("must be a JSON integer")
    return _id_from_text(value)


def _urn_from_text(value: Any) -> int:
    parsed = parse_urn(value)
    if parsed is None:
        raise ValueError("must be a school URN: six digits 0-9")
    return parsed


def _urn_from_json(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("must be a JSON integer")
    return _urn_from_text(value)


_ID_RANGE = Field(ge=1, le=MAX_ID)
_URN_RANGE = Field(ge=URN_MIN, le=URN_MAX)

# An id in a path or a query string.
IdParam = Annotated[int, BeforeValidator(_id_from_text), _ID_RANGE]
# An id in a JSON body.
IdField = Annotated[int, BeforeValidator(_id_from_json), _ID_RANGE]
# A URN in a path or a query string.
UrnParam = Annotated[int, BeforeValidator(_urn_from_text), _URN_RANGE]
# A URN in a JSON body.
UrnField = Annotated[int, BeforeValidator(_urn_from_json), _URN_RANGE]

# A hub's or an offering's slug, as in its address.
Slug = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[-a-zA-Z0-9_]+$")]
# An academic year as in its address, e.g. 2024-25.
YearSlug = Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}$")]

# Free text (a decline reason, a search, an email address). NUL is refused for every field at
# the API's door (`refuse_nul` in api.py), so it is not repeated here.
Text = Annotated[str, Field(max_length=TEXT_MAX)]
EmailText = Annotated[str, Field(max_length=254)]
