"""Exports: cells a spreadsheet would run are neutralised, XLSX holds real dates, CSV round-trips,
one header row of words, and the file is named by its words and the time of export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any

import pytest
from django.http import Http404, StreamingHttpResponse
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from workgroups.core.clock import LONDON
from workgroups.core.exports import (
    FORMULA_STARTS,
    Column,
    csv_cell,
    export_filename,
    export_response,
    format_from_request,
    parse_format,
    safe_text,
    xlsx_cell,
)


def wall_clock(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A time as a spreadsheet holds it: the wall clock, without a zone."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC).replace(tzinfo=None)


NOW = datetime(2026, 11, 30, 9, 15, tzinfo=LONDON)
COLUMNS: list[Column[tuple[Any, ...]]] = [
    Column("Name", itemgetter(0)), Column("When", itemgetter(1)), Column("Places", itemgetter(2))]


def body(response) -> bytes:
    """The whole streamed file; closing the response closes (and deletes) an XLSX's spool file,
    as the server does when the download ends."""
    try:
        return b"".join(response.streaming_content)
    finally:
        if (spool := getattr(response, "file_to_stream", None)) is not None:
            spool.close()  # what response.close() does, without its request_finished signal


def csv_rows(response) -> list[list[str]]:
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def xlsx_rows(response) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(body(response))).worksheets[0]
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


@pytest.mark.parametrize(("text", "safe"), [
    ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
    ("+44 1244 000000", "'+44 1244 000000"),
    ("-2+3", "'-2+3"),
    ("@SUM(1)", "'@SUM(1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("=HYPERLINK(\"http://evil.example\")", "'=HYPERLINK(\"http://evil.example\")"),
    ("\x01=1", "'=1"),  # a control character XML cannot hold is dropped, then checked
    ("Ada Lovelace", "Ada Lovelace"),
    ("a=b", "a=b"),
    ("", ""),
    ("O'Neill", "O'Neill"),
    ("café\nline two", "café\nline two"),
])
def test_text_a_spreadsheet_would_run_is_neutralised(text, safe):
    assert safe_text(text) == safe
    assert csv_cell(text) == safe
    assert xlsx_cell(text) == safe


@pytest.mark.parametrize(("value", "in_csv", "in_xlsx"), [
    (None, "", None),
    (True, "Yes", "Yes"),
    (False, "No", "No"),
    (3, "3", 3),
    (-3, "-3", -3),  # a number is a number, not a formula
    (Decimal("1.5"), "1.5", Decimal("1.5")),
    (date(2026, 11, 30), "2026-11-30", date(2026, 11, 30)),
    (datetime(2026, 6, 30, 8, 15, tzinfo=UTC), "2026-06-30 09:15",
     wall_clock(2026, 6, 30, 9, 15)),  # London summer time, without a zone
])
def test_values_by_type(value, in_csv, in_xlsx):
    assert csv_cell(value) == in_csv
    assert xlsx_cell(value) == in_xlsx


@pytest.mark.parametrize(("given_format", "parsed"), [
    ("csv", "csv"), ("xlsx", "xlsx"), (" XLSX ", "xlsx"), ("pdf", None), ("", None),
    ("csv;drop", None), (None, None), (["csv"], None),
])
def test_parse_format(given_format, parsed):
    assert parse_format(given_format) == parsed


def test_an_unknown_format_is_a_404_that_says_which_there_are():
    with pytest.raises(Http404, match="CSV"):
        format_from_request(RequestFactory().get("/", {"format": "pdf"}))
    with pytest.raises(Http404):
        format_from_request(RequestFactory().get("/"))
    assert format_from_request(RequestFactory().get("/", {"format": "csv"})) == "csv"


def test_the_file_is_named_by_its_words_and_the_time_of_export():
    name = export_filename(["Cheshire and Wirral Maths Hub", "applications", "Waiting list"],
                           now=NOW, fmt="xlsx")
    assert name == "cheshire-and-wirral-maths-hub-applications-waiting-list-2026-11-30-0915.xlsx"
    assert export_filename("", now=datetime(2026, 6, 1, 23, 30, tzinfo=UTC),
                           fmt="csv") == "export-2026-06-02-0030.csv"
    assert export_filename("Registers", now=NOW, fmt="csv") == "registers-2026-11-30-0915.csv"
    long = export_filename(["word " * 40, "waiting list"], now=NOW, fmt="csv")
    assert long == "word-" * 11 + "word-waiting-list-2026-11-30-0915.csv"  # each part capped


def test_csv_streams_a_header_row_then_a_row_each():
    rows = [("Ada", datetime(2026, 11, 30, 9, 0, tzinfo=LONDON), 2), ("=cmd|'/C calc'!A0",
                                                                      date(2026, 1, 2), None)]
    response = export_response("csv", COLUMNS, iter(rows), ["Hub", "list"], now=NOW)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="hub-list-2026-11-30-0915.csv"'
    assert csv_rows(response) == [["Name", "When", "Places"], ["Ada", "2026-11-30 09:00", "2"],
                                  ["'=cmd|'/C calc'!A0", "2026-01-02", ""]]


def test_xlsx_opens_with_dates_as_dates():
    rows = [("Ada", datetime(2026, 11, 30, 9, 0, tzinfo=LONDON), 2),
            ("@evil", date(2026, 1, 2), Decimal("1.5"))]
    response = export_response("xlsx", COLUMNS, iter(rows), "Hub list", now=NOW,
                               title="Applications: [waiting]")
    assert response["Content-Disposition"] == 'attachment; filename="hub-list-2026-11-30-0915.xlsx"'
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(body(response)))
    assert workbook.sheetnames == ["Applications   waiting"]
    sheet = workbook.worksheets[0]
    got = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    assert got == [("Name", "When", "Places"), ("Ada", wall_clock(2026, 11, 30, 9, 0), 2),
                   ("'@evil", wall_clock(2026, 1, 2, 0, 0), 1.5)]
    assert sheet["B2"].is_date and sheet["B3"].is_date


def test_an_empty_list_is_a_header_row():
    assert csv_rows(export_response("csv", COLUMNS, [], "x", now=NOW)) == [
        ["Name", "When", "Places"]]
    assert xlsx_rows(export_response("xlsx", COLUMNS, [], "x", now=NOW)) == [
        ("Name", "When", "Places")]


def test_csv_is_written_in_chunks_not_all_at_once():
    rows = ((f"Person {n}", None, n) for n in range(1200))
    response = export_response("csv", COLUMNS, rows, "x", now=NOW)
    assert isinstance(response, StreamingHttpResponse)
    chunks = list(response)
    assert len(chunks) == 3  # 500 rows a chunk, then the rest


def _unquoted_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=40), min_size=1, max_size=6))
def test_no_exported_cell_ever_starts_with_a_formula_character(texts):
    """Whatever people typed, no cell of either format starts with =, +, -, @, tab or CR
    unquoted, and every cell reads back as the text with at most a leading apostrophe."""
    columns: list[Column[list[str]]] = [Column(f"Column {n}", itemgetter(n))
                                        for n in range(len(texts))]
    for line in csv_rows(export_response("csv", columns, [texts], "x", now=NOW))[1:]:
        assert not any(_unquoted_formula(cell) for cell in line)
    for cells in xlsx_rows(export_response("xlsx", columns, [texts], "x", now=NOW))[1:]:
        assert not any(_unquoted_formula(cell) for cell in cells)
        for cell, text in zip(cells, texts, strict=True):
            assert (cell or "").removeprefix("'") in (safe_text(text).removeprefix("'"),
                                                      safe_text(text).removeprefix("'")
                                                      .replace("\r\n", "\n").replace("\r", "\n"))
