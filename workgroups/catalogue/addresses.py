"""Addresses of many pages of one kind at once: one ``reverse()`` per list, not one per item. A
list of 25 offerings otherwise spends more time resolving URL patterns than reading its rows."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.urls import reverse

# Stands in for the varying slug in the one reversed address; any slug the URL pattern accepts
# would do, as long as it appears nowhere else in the address.
_SLUG_MARK = "varying-slug-mark"
# Characters reverse() leaves as they are in a path; a slug with any other is quoted by it.
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def address_maker(viewname: str, *, varying: str, **fixed: str) -> Callable[[str], str]:
    """A function giving ``reverse(viewname, kwargs={**fixed, varying: slug})`` for each slug:
    the same address reverse() gives (tests/catalogue/test_addresses.py), whatever the URL
    pattern looks like, from a single reverse() while slugs are plain."""
    def reversed_address(slug: str) -> str:
        return reverse(viewname, kwargs={**fixed, varying: slug})

    marked = reversed_address(_SLUG_MARK)
    if marked.count(_SLUG_MARK) != 1:  # a fixed slug holds the mark itself
        return reversed_address
    prefix, _, suffix = marked.partition(_SLUG_MARK)

    def address(slug: str) -> str:
        if _PLAIN_SLUG.fullmatch(slug) is None:  # reverse() quotes it, or refuses it
            return reversed_address(slug)
        return prefix + slug + suffix
    return address


def offering_address_maker(*, hub: str, year: str) -> Callable[[str], str]:
    """Offering page addresses (``Offering.get_absolute_url``) in ``hub``'s ``year``."""
    return address_maker("catalogue:offering", varying="offering", hub=hub, year=year)
