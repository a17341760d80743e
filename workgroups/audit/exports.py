"""An export view's one call: read the format, count and audit the rows, stream the file.

Views take a POST (``@require_POST``: the export is audited, and a GET writes nothing), gate it
(``@hub_gate(Capability.REPORTS_VIEW)``), fetch the object through a selector scoped to the hub
(another hub's is a 404), and then::

    return audited_export(request, hub=hub, obj=offering, what="Applications",
                          columns=COLUMNS, rows=selectors.x_export_rows(...),
                          count=lambda: selectors.x_export_count(...),
                          filename_words=[hub.name, "applications", *filter_words],
                          filters="Status: Waiting list")

Pages offer the download with ``{% include "core/_export_buttons.html" %}`` (``export_url``,
``query`` for the list's filters, ``what`` in words). An unknown format is a 404 before any
query; the rows are counted by one query and the
export audited (who, which list, how many rows, filters, format) before streaming starts, so a
download cut short is still on record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import HttpRequest, HttpResponseBase

from workgroups.audit.services import export_record
from workgroups.core import clock
from workgroups.core.exports import Column, export_response, format_from_request

if TYPE_CHECKING:
    from workgroups.hubs.models import Hub


def audited_export[Row](request: HttpRequest, *, hub: Hub | None, obj: models.Model, what: str,
                        columns: Sequence[Column[Row]], rows: Iterable[Row],
                        count: Callable[[], int], filename_words: Sequence[str],
                        filters: str = "") -> HttpResponseBase:
    """The list ``what`` (in words) as a CSV or XLSX download, audited against ``obj``."""
    fmt = format_from_request(request)
    user: Any = request.user
    export_record(actor=user, hub=hub, obj=obj, what=what, file_format=fmt, rows=count(),
                  filters=filters)
    return export_response(fmt, columns, rows, filename_words, now=clock.now(), title=what)
