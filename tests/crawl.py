"""Who the demo's roles are, and which of the site's links a crawler may follow.

Shared by the "words, not codes" test (Django's test client) and the 320 px reflow test
(Chromium), so both walk the same pages for the same people."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from workgroups.accounts.models import User

# Each role's demo person (None: not signed in) and where that person starts.
ROLE_PEOPLE: dict[str, str | None] = {
    "anonymous": None,
    "applicant": "applicant0.secondary-tfm-development@applicants.demo.example.org",
    "hub staff": "staff@cheshire-and-wirral.demo.example.org",
    "work group lead": "wglead@cheshire-and-wirral.demo.example.org",
    "national viewer": "viewer@national.demo.example.org",
    "national staff": "staff@national.demo.example.org",
}
ROLE_STARTS: dict[str, list[str]] = {
    "anonymous": ["/", "/hubs/cheshire-and-wirral/2024-25/"],
    "applicant": ["/", "/applications/"],
    "hub staff": ["/", "/staff/"],
    "work group lead": ["/", "/lead/"],
    # The national roles land on the national overview; their staff area is the programmes.
    "national viewer": ["/", "/national/", "/staff/"],
    "national staff": ["/", "/national/", "/staff/"],
}

# Never followed: leaving the session, files rather than pages, the API and Django's admin,
# and the few page families that only repeat a template already visited many times over
# (every school's search result, every year of every hub) — they add minutes, not coverage.
_SKIPPED = re.compile(
    r"^/(accounts/logout|api/|django-admin/|static/)"
    r"|\.(ics|csv|xlsx|pdf|json)$"
    r"|/(download|export|certificate|feed)(/|$)"
)


def person(role: str) -> User | None:
    address = ROLE_PEOPLE[role]
    return None if address is None else User.objects.get(email=address)


def followable(href: str, *, base_path: str = "/") -> str | None:
    """The same-site path (with its query) a crawler should open for ``href``, or None."""
    href, _ = urldefrag(href.strip())
    if not href or href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None  # another site (the live server's own absolute links are not used)
    path = parts.path
    if not path.startswith("/"):
        path = base_path.rsplit("/", 1)[0] + "/" + path
    if _SKIPPED.search(path):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


class _Page(HTMLParser):
    """The visible text of a page (no scripts, styles, attribute values, form values or
    ``<code>``) and the href of every link."""

    # <code> marks an identifier shown on purpose (the rules editor's reference for the JSON it
    # takes); a textarea holds what someone typed.
    _HIDDEN = {"script", "style", "template", "textarea", "title", "code"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden_depth += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN and self._hidden_depth:
            self._hidden_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth:
            self.text.append(data)


def read_page(html: str) -> tuple[str, list[str]]:
    """The visible text and the links of an HTML page."""
    parser = _Page()
    parser.feed(html)
    return " ".join(parser.text), parser.links
