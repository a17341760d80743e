"""Lists as CSV or XLSX files, streamed so memory stays flat whatever the number of rows.

A view picks its columns (a heading in words and a function from a row to a value), hands
``export_response`` an iterable of rows (a selector's ``.iterator(chunk_size=...)`` over
``values()`` or ``select_related`` rows, never one query per row) and gets back a response:

- CSV is written by a generator into a ``StreamingHttpResponse``, UTF-8 with a byte-order mark
  so Excel opens it as UTF-8;
- XLSX is written with openpyxl's write-only workbook into a temporary file, which is streamed
  back in blocks and closed (so deleted) when the download ends.

Every text cell is made safe for spreadsheets first: characters XML cannot hold are dropped, and
text a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``, ``@``, tab or carriage
return) is prefixed with an apostrophe, in both formats. Dates are real dates in XLSX (London
time, without a zone, which is what spreadsheets hold) and ``2026-11-30 09:15`` in CSV.

A download is a POST (the buttons of ``core/_export_buttons.html``; the list's filters stay in
the query string), because each export is audited and a GET writes nothing. ``parse_format``
reads the format at the boundary and the view answers an unknown one with a 404, never a server
error. Auditing each export is the caller's job (core imports no domain app): see
``workgroups.audit.exports.audited_export``.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import (
    Http404,
    HttpRequest,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from workgroups.core.clock import LONDON

Format = Literal["csv", "xlsx"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx")
FORMAT_NAMES: dict[Format, str] = {"csv": "CSV", "xlsx": "XLSX (Excel)"}
CONTENT_TYPES: dict[Format, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# What a spreadsheet runs as a formula when a cell's text starts with it (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters XML 1.0 cannot hold (the same set openpyxl refuses); tab, LF and CR stay.
_ILLEGAL_CHARACTERS = re.compile(r"[\000-\010\013\014\016-\037]")
# The most characters a spreadsheet cell holds.
MAX_CELL_TEXT = 32_767
# CSV rows written per chunk of the streamed body: few enough to keep memory flat, enough to
# keep the per-chunk overhead small.
CSV_ROWS_PER_CHUNK = 500

@dataclass(frozen=True)
class Column[Row]:
    """One column of an export: its heading in words, and how to read its value from a row."""

    heading: str
    value: Callable[[Row], object]


def parse_format(value: object) -> Format | None:
    """``"csv"`` or ``"xlsx"`` from a query-string value (any case, spaces trimmed), or None."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    for known in FORMATS:
        if text == known:
            return known
    return None


def format_from_request(request: HttpRequest) -> Format:
    """The export format asked for (``format`` in the POST body, else in the query string), or
    a 404 saying which formats there are."""
    fmt = parse_format(request.POST.get("format") or request.GET.get("format", ""))
    if fmt is None:
        raise Http404("There is no export in that format: choose CSV (format=csv) or XLSX "
                      "(format=xlsx).")
    return fmt


def safe_text(text: str) -> str:
    """Text a spreadsheet shows as written: no XML-illegal characters, never run as a formula."""
    cleaned = _ILLEGAL_CHARACTERS.sub("", text)[:MAX_CELL_TEXT - 1]
    if cleaned.startswith(FORMULA_STARTS):
        return "'" + cleaned
    return cleaned


def _local(moment: datetime) -> datetime:
    """An aware moment as London wall-clock time without a zone (naive moments are kept)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(LONDON).replace(tzinfo=None)


def csv_cell(value: object) -> str:
    """A value as CSV text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    return safe_text(str(value))


def xlsx_cell(value: object) -> Any:
    """A value as an XLSX cell: numbers and dates typed, everything else safe text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return _local(value)
    if isinstance(value, date | int | float | Decimal):
        return value
    return safe_text(str(value))


def export_filename(words: str | Sequence[str], *, now: datetime, fmt: Format) -> str:
    """``cheshire-and-wirral-maths-hub-applications-waiting-list-2026-11-30-0915.xlsx``.

    ``words`` name what was exported and with which filters; the time is the export's, in London.
    """
    parts = [slugify(word)[:60].strip("-")
             for word in ([words] if isinstance(words, str) else words)]
    stem = "-".join(part for part in parts if part)[:200].strip("-") or "export"
    return f"{stem}-{_local(now).strftime('%Y-%m-%d-%H%M')}.{fmt}"


XLSX_BLOCK_BYTES = 64 * 1024


def _csv_chunks[Row](columns: Sequence[Column[Row]], rows: Iterable[Row]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([safe_text(column.heading) for column in columns])
    for written, row in enumerate(rows, start=1):
        writer.writerow([csv_cell(column.value(row)) for column in columns])
        if written % CSV_ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_xlsx[Row](columns: Sequence[Column[Row]], rows: Iterable[Row], target: Any,
               *, title: str = "Export") -> None:
    """Write the rows as a one-sheet workbook to ``target`` (a path or binary file)."""
    from openpyxl import Workbook  # imported here: only exports need it

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=safe_title(title))
    sheet.append([safe_text(column.heading) for column in columns])
    for row in rows:
        sheet.append([xlsx_cell(column.value(row)) for column in columns])
    workbook.save(target)


def _blocks(spool: Any) -> Iterator[bytes]:
    """The file in blocks, closed (and so deleted) when the download ends — or, if it never
    ends (the client went away), when the generator is thrown away: unlike a FileResponse,
    which leaves it open until the response object is closed."""
    try:
        while block := spool.read(XLSX_BLOCK_BYTES):
            yield block
    finally:
        spool.close()


def safe_title(title: str) -> str:
    """A worksheet title Excel accepts: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", _ILLEGAL_CHARACTERS.sub("", title)).strip(" '")
    return cleaned[:31].strip() or "Export"


def export_response[Row](fmt: Format, columns: Sequence[Column[Row]], rows: Iterable[Row],
                    filename_words: str | Sequence[str], *, now: datetime,
                    title: str = "Export") -> HttpResponseBase:
    """The rows as a downloaded file: one header row of the columns' headings, then a line each.

    ``filename_words`` are what was exported and its filters (see ``export_filename``); ``title``
    names the XLSX worksheet.
    """
    filename = export_filename(filename_words, now=now, fmt=fmt)
    response: HttpResponseBase
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_chunks(columns, rows),
                                         content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = content_disposition_header(True, filename)
    elif fmt == "xlsx":
        # The workbook is written to a temporary file (deleted when closed) and streamed back in
        # blocks: neither the rows nor the file are ever all in memory.
        spool = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - _blocks closes it
        try:
            write_xlsx(columns, rows, spool, title=title)
            size = spool.tell()
            spool.seek(0)
        except BaseException:
            spool.close()
            raise
        response = StreamingHttpResponse(_blocks(spool), content_type=CONTENT_TYPES["xlsx"])
        response["Content-Disposition"] = content_disposition_header(True, filename)
        response["Content-Length"] = str(size)
    else:  # pragma: no cover - Format has two members; parse_format guards the boundary
        raise ValueError(f"Unknown export format {fmt!r}.")
    response["Cache-Control"] = "no-store"
    return response
