"""Bar charts drawn on the server as SVG: no JavaScript, and each chart is an image with a title
and a description that say what it shows (its data table sits beside it on the page)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# GOV.UK colours: engaged in dark blue, the rest of the area in light grey, text in black.
ENGAGED = "#1d70b8"
REST = "#b1b4b6"
TEXT = "#0b0c0c"
WIDTH = 600
LABEL_WIDTH = 190
BAR_HEIGHT = 22
GAP = 12
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    engaged: int
    total: int


def reach_bars(*, chart_id: str, title: str, bars: Sequence[Bar]) -> SafeString:
    """One horizontal bar per row: its length is the schools in the area, its dark part the
    engaged ones, with "engaged of total" written after it."""
    longest = max((bar.total for bar in bars), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 110
    height = TOP + len(bars) * (BAR_HEIGHT + GAP)
    rows = []
    for index, bar in enumerate(bars):
        y = TOP + index * (BAR_HEIGHT + GAP)
        whole = round(room * bar.total / longest)
        part = round(room * bar.engaged / longest)
        rows.append((y + BAR_HEIGHT - 6, LABEL_WIDTH - 8, TEXT, bar.label[:28],
                     y, LABEL_WIDTH, whole, BAR_HEIGHT, REST,
                     y, LABEL_WIDTH, part, BAR_HEIGHT, ENGAGED,
                     y + BAR_HEIGHT - 6, LABEL_WIDTH + whole + 6, TEXT,
                     f"{bar.engaged} of {bar.total}"))
    description = "; ".join(f"{bar.label}: {bar.engaged} of {bar.total} engaged"
                            for bar in bars) or "No schools."
    body = format_html_join(
        "", '<text x="{1}" y="{0}" text-anchor="end" fill="{2}" font-size="14">{3}</text>'
            '<rect x="{5}" y="{4}" width="{6}" height="{7}" fill="{8}"></rect>'
            '<rect x="{10}" y="{9}" width="{11}" height="{12}" fill="{13}"></rect>'
            '<text x="{15}" y="{14}" fill="{16}" font-size="14">{17}</text>', rows)
    return format_html(
        '<svg class="app-chart" role="img" aria-labelledby="{0}-title {0}-desc" '
        'viewBox="0 0 {1} {2}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg" focusable="false" '
        'font-family="GDS Transport, arial, sans-serif">'
        '<title id="{0}-title">{3}</title><desc id="{0}-desc">{4}</desc>{5}</svg>',
        chart_id, WIDTH, max(height, 30), title, description, body)
