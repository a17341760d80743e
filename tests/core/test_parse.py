"""The boundary parsers: only plausible ids and URNs get through, and nothing raises."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workgroups.core.parse import MAX_ID, has_nul, parse_id, parse_ids, parse_urn


@pytest.mark.parametrize(("value", "expected"), [
    ("1", 1), (" 42 ", 42), (7, 7), (str(MAX_ID), MAX_ID), (MAX_ID, MAX_ID),
    ("0", None), (0, None), ("-1", None), ("+1", None), ("²", None), ("١٢", None),
    (str(MAX_ID + 1), None), (MAX_ID + 1, None), ("1" * 40, None), ("", None), ("1.0", None),
    ("1\x00", None), (True, None), (1.0, None), (None, None), ([1], None),
])
def test_parse_id(value, expected):
    assert parse_id(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("100000", 100000), ("999999", 999999), (111111, 111111), (" 123456\n", 123456),
    ("99999", None), ("1000000", None), ("12345²", None), (99999, None), (10**40, None),
    ("０１２３４５", None), (False, None), ("", None),
])
def test_parse_urn(value, expected):
    assert parse_urn(value) == expected


def test_parse_ids_keeps_order_drops_repeats_and_junk():
    assert parse_ids(["3", "x", "1", "3", "²", str(10**40), "2"]) == [3, 1, 2]


@given(st.text())
def test_parsers_never_raise_and_only_return_plausible_values(text):
    parsed = parse_id(text)
    assert parsed is None or 1 <= parsed <= MAX_ID
    urn = parse_urn(text)
    assert urn is None or 100000 <= urn <= 999999


def test_has_nul():
    assert has_nul("a\x00b") and not has_nul("ab")
