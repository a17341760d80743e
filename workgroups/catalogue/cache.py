"""The public catalogue's cache: a version every audited write to the catalogue bumps, and the
rendered main content of the public pages (and the public API's answers) kept under it.

What is cached is what every visitor sees alike: the page's own blocks (title, breadcrumbs,
main content) rendered without a request, so they cannot hold anyone's name, CSRF token or
nonce. The layout around them (the signed-in header, messages, the CSP nonce) is rendered fresh
for each request; the one nonce the main content needs (an inline script) is written as a
placeholder and swapped for this request's nonce. Keys carry the catalogue version, the page and
its parameters, and the London date when what the page shows depends on the day.

The version is a number in the shared cache: ``max(previous + 1, now in milliseconds)``, so it
also dates the last change (``Last-Modified``). It is bumped when the audited write happens
(inside its transaction: with the database cache the bump commits or rolls back with the write)
and again when the transaction commits (with Redis, a page rendered from the old rows between
the two is then never read again).
"""

from __future__ import annotations

import functools
import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csp import get_nonce
from django.template.loader import render_to_string
from django.utils.http import http_date, parse_etags, quote_etag
from django.utils.safestring import mark_safe

from workgroups.core import clock

VERSION_KEY = "catalogue:version"
# Rendered fragments live a day at most; a new version makes them unreachable at once anyway.
FRAGMENT_TIMEOUT = 24 * 60 * 60
NONCE_PLACEHOLDER = "cataloguecachenonceplaceholder"
# The page blocks cached; each page template wraps them in ``{% partialdef <name> inline %}``.
PAGE_PARTS = ("title", "before_content", "content")

# What the public pages and answers show: only writes to these change them. Not, say, an
# interest registration (a public form: counting it would let anyone empty the cache) or a
# school of the register (its import is audited once, as an ImportRun).
SHOWN_MODELS = frozenset({
    "catalogue.academicyear", "catalogue.programme", "catalogue.progressionroute",
    "catalogue.offering", "catalogue.offeringquestion",
    "hubs.region", "hubs.localauthority", "hubs.hub", "hubs.hub_areas",
    "delivery.workgroup", "delivery.session", "delivery.venue",
    "schools.importrun",
})


def version() -> int:
    """The catalogue's current version (made on first use after the cache was emptied)."""
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, _now_ms(), timeout=None)
        current = cache.get(VERSION_KEY) or _now_ms()
    return int(current)


def bump() -> None:
    """A new version: every cached page and answer is rendered again from the rows."""
    current = cache.get(VERSION_KEY) or 0
    cache.set(VERSION_KEY, max(int(current) + 1, _now_ms()), timeout=None)


def touches_catalogue(obj: models.Model) -> bool:
    return obj._meta.label_lower in SHOWN_MODELS


def on_audited_write(sender: type[models.Model], obj: models.Model, **kwargs: Any) -> None:
    """Receiver of ``workgroups.audit.services.audited``: the audited writes, including those
    made with ``QuerySet.update()`` (which sends no model signal)."""
    if touches_catalogue(obj):
        changed()


def on_model_write(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Receiver of ``post_save``/``post_delete``/``m2m_changed``: writes made outside the
    services too (the admin, a shell, reference data loaded by a command)."""
    # Not for migrations' historical models (the cache table may not exist yet) or fixtures.
    if (touches_catalogue(instance) and sender.__module__ != "__fake__"
            and not kwargs.get("raw")):
        changed()


def changed() -> None:
    """Bump now (inside the write's transaction) and once more when it commits."""
    bump()
    connection = transaction.get_connection()
    if not connection.in_atomic_block or any(
            callback is bump for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(bump)


def _now_ms() -> int:
    return int(time.time() * 1000)


def _code_fingerprint() -> str:
    """A digest of the code and templates that render the cached pages and answers: a release
    that changes them is a new key, so nothing an older release cached (in Redis or the cache
    table, which outlive a restart) is served by it. The same code gives the same digest on
    every machine, so they share their cached pages."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha1(usedforsecurity=False)
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.html")]):
        if "migrations" in path.parts:
            continue
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@functools.cache
def code_fingerprint() -> str:
    """Worked out once per process: config/wsgi.py does it in gunicorn's preloaded master."""
    return _code_fingerprint()


def _key(kind: str, name: str, params: Any, *, dated: bool) -> tuple[str, int]:
    current = version()
    day = clock.today().isoformat() if dated else "-"
    digest = hashlib.sha1(json.dumps(params, sort_keys=True, default=str).encode(),
                          usedforsecurity=False).hexdigest()[:20]
    return f"catalogue:{kind}:{name}:{code_fingerprint()}:{current}:{day}:{digest}", current


def _not_modified(request: HttpRequest, etag: str, last_modified: int) -> HttpResponse | None:
    """304 when the visitor already holds this version (and no message waits for them). The
    304 carries no CSP header, so the browser keeps the one that matches its stored nonce.

    Never to someone signed in: their copy holds a sign-out form's CSRF token and a header
    from their roles, either of which may have changed since (signing in again rotates the
    token), while the catalogue has not. Tags are compared weakly, as a proxy that compresses
    the page (nginx's gzip) marks them ``W/``."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None
    offered = [tag.removeprefix("W/") for tag in
               parse_etags(request.headers.get("If-None-Match", ""))]
    if etag not in offered or len(get_messages(request)):
        return None
    response = HttpResponseNotModified()
    _validators(response, etag, last_modified)
    response._csp_config = {}  # type: ignore[attr-defined]  # read by Django's CSP middleware
    response._csp_ro_config = {}  # type: ignore[attr-defined]
    return response


def _validators(response: HttpResponse, etag: str, last_modified: int) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified / 1000)
    response["Cache-Control"] = "private, no-cache"


def _etag(key: str, request: HttpRequest) -> str:
    # The body holds the signed-in header, so one person's copy is theirs alone; and any form's
    # CSRF token, which is only good with the visitor's current CSRF cookie.
    user = getattr(request, "user", None)
    who = f"{user.pk}" if user is not None and user.is_authenticated else "-"
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    return quote_etag(hashlib.sha1(f"{key}:{who}:{csrf}".encode(),
                                   usedforsecurity=False).hexdigest()[:32])


def cached_page(request: HttpRequest, *, name: str, params: Any, template: str, dated: bool,
                context: Callable[[], dict[str, Any]]) -> HttpResponse:
    """Render ``template`` (a page extending base.html whose title, before_content and content
    blocks are inline partials) with its blocks from the cache, the layout fresh."""
    key, current = _key("page", name, params, dated=dated)
    etag = _etag(key, request)
    if (answer := _not_modified(request, etag, current)) is not None:
        return answer
    parts = cache.get(key)
    if parts is None:
        data = {**context(), "csp_nonce": NONCE_PLACEHOLDER}
        parts = {part: render_to_string(f"{template}#{part}", data) for part in PAGE_PARTS}
        hub = data.get("hub")
        parts["hub"] = None if hub is None else {"name": hub.name,
                                                 "get_absolute_url": hub.get_absolute_url()}
        cache.set(key, parts, FRAGMENT_TIMEOUT)
    nonce = str(get_nonce(request)) if any(
        NONCE_PLACEHOLDER in parts[part] for part in PAGE_PARTS) else ""
    page = {part: mark_safe(parts[part].replace(NONCE_PLACEHOLDER, nonce))  # noqa: S308
            for part in PAGE_PARTS}  # rendered by our own templates, autoescaped
    response = HttpResponse(render_to_string("catalogue/cached_page.html",
                                             {"page": page, "hub": parts["hub"]}, request))
    _validators(response, etag, current)
    return response


def cached_json(request: HttpRequest, *, name: str, params: Any, dated: bool,
                body: Callable[[], bytes]) -> HttpResponse:
    """A public API answer (JSON bytes from ``body``) from the cache, with 304 on repeat."""
    key, current = _key("api", name, params, dated=dated)
    etag = _etag(key, request)
    if (answer := _not_modified(request, etag, current)) is not None:
        return answer
    content = cache.get(key)
    if content is None:
        content = body()
        cache.set(key, content, FRAGMENT_TIMEOUT)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    _validators(response, etag, current)
    return response

