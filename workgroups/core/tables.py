"""Tables whose column headings sort them: each heading is a link that keeps the page's filters,
and says which way the table is sorted (``aria-sort``) so screen readers announce it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.http import QueryDict


@dataclass(frozen=True)
class SortableHeading:
    label: str
    href: str
    aria_sort: Literal["ascending", "descending", "none"]
    numeric: bool = False


def sortable_headings(*, query: QueryDict, columns: list[tuple[str, str]], current: str,
                      numeric: frozenset[str] = frozenset()) -> list[SortableHeading]:
    """Headings for ``columns`` (``(sort key, label)``; ``-key`` sorts the other way).

    The current column links to the opposite direction; any other column to its ascending
    order. Paging restarts, every other parameter (filters, a selection) is kept."""
    headings = []
    for key, label in columns:
        if current == key:
            state: Literal["ascending", "descending", "none"] = "ascending"
            target = f"-{key}"
        elif current == f"-{key}":
            state, target = "descending", key
        else:
            state, target = "none", key
        linked = query.copy()
        linked.pop("page", None)
        linked["sort"] = target
        headings.append(SortableHeading(label=label, href=f"?{linked.urlencode()}",
                                        aria_sort=state, numeric=key in numeric))
    return headings
