"""The public catalogue's cache: a version every audited write to the catalogue bumps, and the
public pages (and the public API's answers) rendered under it.

Two copies of a page are kept. The page's own blocks (title, breadcrumbs, main content),
rendered without a request, so they cannot hold anyone's name, CSRF token or nonce; the layout
around them (the signed-in header, messages, the CSP nonce) is rendered fresh for anyone with a
session or a message waiting. And, for everyone else (a visitor with neither a session cookie
nor a messages cookie: nobody is signed in and nothing waits for them), the whole page as such
a visitor sees it, which is alike for all of them: kept once, it is served with no template
rendered at all. Either copy holds each nonce as a placeholder swapped for this request's
nonce; a whole page that would hold a CSRF token is never kept.

Entries are keyed by the kind, the page and its parameters, the code's digest and the London
date when what the page shows depends on the day, and hold the version they were rendered
under: one read fetches the version and the entry together, and an entry of another version is
rendered again (``_read``).

The version is a number in the shared cache: ``max(previous + 1, now in milliseconds)``, so it
also dates the last change (``Last-Modified``). It is bumped when the audited write happens
(inside its transaction: with the database cache the bump commits or rolls back with the write)
and again when the transaction commits (with Redis, a page rendered from the old rows between
the two carries the version between the bumps and is never served again).
"""

from __future__ import annotations

import functools
import hashlib
import json
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csp import get_nonce
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
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
    "hubs.region", "hubs.localauthority", "hubs.hub", "hubs.hub_areas", "hubs.embedorigin",
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


def _key(kind: str, name: str, params: Any, *, dated: bool) -> str:
    """``catalogue:<kind>:<name>:<code>:<day>:<digest of params>``; a page's two copies differ
    only in the kind (``page``, ``whole``)."""
    day = clock.today().isoformat() if dated else "-"
    digest = hashlib.sha1(json.dumps(params, sort_keys=True, default=str).encode(),
                          usedforsecurity=False).hexdigest()[:20]
    return f"catalogue:{kind}:{name}:{code_fingerprint()}:{day}:{digest}"


def _whole_key(parts_key: str, layout: str) -> str:
    return parts_key.replace("catalogue:page:", "catalogue:whole:", 1) + f":{layout}"


def _current(entry: Any, current: int) -> bytes | None:
    """What a cache entry holds when it was rendered under ``current``, else None."""
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == current:
        return zlib.decompress(entry[1])
    return None


def _read(key: str) -> tuple[int, bytes | None]:
    """The catalogue's version and what ``key`` holds for it, in one round trip to the cache
    (with the database cache, one query)."""
    found = cache.get_many([VERSION_KEY, key])
    current = int(found[VERSION_KEY]) if found.get(VERSION_KEY) is not None else version()
    return current, _current(found.get(key), current)


def _write(key: str, current: int, data: bytes) -> None:
    # Kept compressed: the database cache stores values in base64, and decoding 100 kB of it
    # took longer than the rest of a hit; pages and answers compress tenfold or more.
    cache.set(key, (current, zlib.compress(data)), FRAGMENT_TIMEOUT)


def _layout() -> str:
    """What the signed-out layout shows that is not the page's own: the demonstration clock
    banner (base.html), which follows the pinned time."""
    return clock.now().isoformat() if clock.is_pinned() else "-"


def _signed_out_alike(request: HttpRequest) -> bool:
    """True when this visitor's layout is every signed-out visitor's: no session cookie (so
    nobody is signed in, and no message is kept in a session), no messages cookie, and no
    message added while handling this request."""
    if (settings.SESSION_COOKIE_NAME in request.COOKIES
            or CookieStorage.cookie_name in request.COOKIES):
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and storage.added_new:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


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


def _etag(what: str, current: int, request: HttpRequest) -> str:
    # The body holds the signed-in header, so one person's copy is theirs alone; and any form's
    # CSRF token, which is only good with the visitor's current CSRF cookie.
    user = getattr(request, "user", None)
    who = f"{user.pk}" if user is not None and user.is_authenticated else "-"
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    return quote_etag(hashlib.sha1(f"{what}:{current}:{who}:{csrf}".encode(),
                                   usedforsecurity=False).hexdigest()[:32])


def _with_nonce(text: str, request: HttpRequest) -> str:
    """``text`` with each nonce placeholder made this request's nonce (asked for only when one
    is needed: asking puts it in the CSP header)."""
    if NONCE_PLACEHOLDER not in text:
        return text
    return text.replace(NONCE_PLACEHOLDER, str(get_nonce(request)))


def _body_with_nonce(body: bytes, request: HttpRequest) -> bytes:
    """A whole page (UTF-8) with each nonce placeholder made this request's nonce."""
    placeholder = NONCE_PLACEHOLDER.encode()
    if placeholder not in body:
        return body
    return body.replace(placeholder, str(get_nonce(request)).encode())


def cached_page(request: HttpRequest, *, name: str, params: Any, template: str, dated: bool,
                context: Callable[[], dict[str, Any]],
                layout: str = "catalogue/cached_page.html") -> HttpResponse:
    """Render ``template`` (a page extending base.html whose title, before_content and content
    blocks are inline partials): to a signed-out visitor with no message, the whole page from
    the cache; to anyone else, its blocks from the cache and the layout fresh. ``layout`` puts
    the blocks in another frame than base.html's (the embedded catalogue's has no header); a
    page's ``name`` belongs to one layout, so the whole copies of two layouts never meet."""
    parts_key = _key("page", name, params, dated=dated)
    layout_inputs = _layout()
    whole = _signed_out_alike(request)
    # The whole page's key holds the layout's own inputs too (module docstring).
    key = _whole_key(parts_key, layout_inputs) if whole else parts_key
    current, entry = _read(key)
    etag = _etag(f"{parts_key}:{layout_inputs}", current, request)
    if (answer := _not_modified(request, etag, current)) is not None:
        return answer
    if whole and entry is not None:
        response = HttpResponse(_body_with_nonce(entry, request))
    else:
        stored = _current(cache.get(parts_key), current) if whole else entry
        if stored is None:
            parts = _render_parts(template, context())
            _write(parts_key, current, json.dumps(parts).encode())
        else:
            parts = json.loads(stored)
        page = {part: mark_safe(_with_nonce(parts[part], request))  # noqa: S308
                for part in PAGE_PARTS}  # rendered by our own templates, autoescaped
        html = render_to_string(layout, {"page": page, "hub": parts["hub"]}, request)
        # A CSRF token is one visitor's: a page that asked for one is not kept for others.
        if whole and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            _write(key, current,
                   html.replace(str(get_nonce(request)), NONCE_PLACEHOLDER).encode())
        response = HttpResponse(html)
    # Which copy a visitor gets depends on their cookies (a session, a message waiting).
    patch_vary_headers(response, ("Cookie",))
    _validators(response, etag, current)
    return response


def _render_parts(template: str, data: dict[str, Any]) -> dict[str, Any]:
    """The page's own blocks, rendered with no request and a placeholder for the nonce, and
    what the layout needs from them (the hub the page belongs to)."""
    data = {**data, "csp_nonce": NONCE_PLACEHOLDER}
    parts: dict[str, Any] = {part: render_to_string(f"{template}#{part}", data)
                             for part in PAGE_PARTS}
    hub = data.get("hub")
    parts["hub"] = None if hub is None else {"name": hub.name,
                                             "get_absolute_url": hub.get_absolute_url()}
    return parts


def cached_json(request: HttpRequest, *, name: str, params: Any, dated: bool,
                body: Callable[[], bytes]) -> HttpResponse:
    """A public API answer (JSON bytes from ``body``) from the cache, with 304 on repeat."""
    key = _key("api", name, params, dated=dated)
    current, content = _read(key)
    etag = _etag(key, current, request)
    if (answer := _not_modified(request, etag, current)) is not None:
        return answer
    if content is None:
        content = body()
        _write(key, current, content)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    _validators(response, etag, current)
    return response
