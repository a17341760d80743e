"""Work a web process does once, before serving: loading the URLs (every view module, the API's
schemas) and compiling the templates of the busiest pages. config/wsgi.py calls it, so under
gunicorn's preload it runs in the master and each forked worker starts warm (issue 16: a
worker's first request took 1.5 s)."""

from __future__ import annotations

from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import get_resolver

# The public pages and what they include (the cached layout and the pages it wraps).
TEMPLATES = (
    "base.html", "includes/header_nav.html", "includes/messages.html",
    "catalogue/cached_page.html", "catalogue/hub_year.html", "catalogue/offering.html",
    "catalogue/_status_tag.html", "catalogue/_demo_mark.html", "pages/home.html",
    "schools/search.html", "404.html",
)


def warm() -> None:
    get_resolver().url_patterns  # noqa: B018  (the property imports every URL module)
    for name in TEMPLATES:
        try:
            get_template(name)
        except TemplateDoesNotExist:
            continue
