"""The catalogue on a hub's own website, in Chromium: a page on a listed website frames the
embed, the frame grows to its content, "View and apply" opens the service in a new tab; a page
on a website not listed is refused by the browser; a height posted by anyone but the frame is
ignored. Each "website" is a tiny HTTP server on its own port (another port, another origin)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Frame, Page, expect

from tests.browser.conftest import assert_accessible
from workgroups.hubs.models import Hub
from workgroups.hubs.services import embed_origin_add

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HUB, YEAR = "cheshire-and-wirral", "2024-25"
FIRST_HEIGHT = 300  # the frame's height as the host page sets it, before the script fits it

HOST_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Cheshire and Wirral Maths Hub: Work Groups</title></head>
<body>
<main>
<h1>Work Groups with our Maths Hub</h1>
<iframe src="{site}/hubs/{hub}/{year}/embed/" title="Work Groups {year}"
        style="width: 100%; height: {height}px; border: 0"></iframe>
<script src="{site}/embed/catalogue.js" async></script>
</main>
</body>
</html>
"""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def websites(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two hub "websites" on 127.0.0.1: the origins of two servers of ``tmp_path``."""
    servers = []
    for _ in range(2):
        server = ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(tmp_path)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    try:
        first, second = (f"http://127.0.0.1:{server.server_address[1]}" for server in servers)
        yield first, second
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


@pytest.fixture
def host_page(tmp_path: Path, demo_site, settings) -> str:
    """The page a hub pastes the snippet into, served by both websites; the service's own
    address is the live server's (the "View and apply" links are absolute)."""
    settings.WORKGROUPS_SITE_URL = demo_site.url
    (tmp_path / "catalogue.html").write_text(HOST_PAGE.format(
        site=demo_site.url, hub=HUB, year=YEAR, height=FIRST_HEIGHT))
    return "/catalogue.html"


def frame_height(page: Page) -> float:
    return float(page.locator("iframe").evaluate(
        "frame => frame.getBoundingClientRect().height"))


def catalogue_frame(page: Page) -> Frame:
    frame = page.locator("iframe").element_handle().content_frame()
    assert frame is not None
    return frame


def assert_fitted(page: Page) -> None:
    """The frame becomes as tall as the catalogue's page in it."""
    content = catalogue_frame(page).evaluate(
        "() => document.documentElement.getBoundingClientRect().height")
    page.wait_for_function("wanted => Math.abs(document.querySelector('iframe')"
                           ".getBoundingClientRect().height - wanted) <= 1", arg=content)


def test_a_listed_website_shows_the_catalogue_in_a_frame_that_fits_it(
        page: Page, demo_site, websites, host_page):
    listed, _ = websites
    embed_origin_add(actor=None, hub=Hub.objects.get(slug=HUB), address=listed)
    page.goto(listed + host_page)

    frame = page.frame_locator("iframe")
    expect(frame.get_by_role("heading", level=1)).to_have_text(
        "Cheshire and Wirral Maths Hub: Work Groups 2024/25")
    # The script fits the frame to the catalogue: taller than it started, as tall as its page.
    page.wait_for_function(f"() => document.querySelector('iframe')"
                           f".getBoundingClientRect().height > {FIRST_HEIGHT}")
    assert_fitted(page)
    assert_accessible(page, "hub website framing the catalogue")
    results = Axe().run(catalogue_frame(page))
    assert results.violations_count == 0, f"catalogue in the frame: {results.generate_report()}"

    # Filtering happens inside the frame, and the frame follows the new height.
    frame.get_by_label("Now recruiting").check()
    frame.get_by_role("button", name="Apply filters").click()
    expect(frame.get_by_role("heading", level=2, name="match your filters")).to_be_visible()
    assert page.url == listed + host_page
    assert_fitted(page)

    # A height posted by the host page's own window (not the frame) is not applied.
    before = frame_height(page)
    page.evaluate("() => window.postMessage({type: 'workgroups-embed:height', height: 150}, '*')")
    page.wait_for_timeout(500)
    assert frame_height(page) == before

    # "View and apply" opens the full page on the service, in a new tab.
    with page.context.expect_page() as opened:
        frame.get_by_role("link", name="View and apply").first.click()
    offering = opened.value
    offering.wait_for_load_state()
    assert offering.url.startswith(f"{demo_site.url}/hubs/{HUB}/{YEAR}/")
    expect(offering.get_by_role("heading", level=1)).to_be_visible()
    assert page.url == listed + host_page


def test_a_website_not_listed_is_refused_by_the_browser(page: Page, demo_site, websites,
                                                        host_page):
    listed, not_listed = websites
    embed_origin_add(actor=None, hub=Hub.objects.get(slug=HUB), address=listed)
    page.goto(not_listed + host_page)
    page.wait_for_load_state("load")
    frame = catalogue_frame(page)
    # Chromium puts its own error page in the frame instead of the catalogue.
    for _ in range(20):
        if frame.url.startswith("chrome-error:"):
            break
        page.wait_for_timeout(100)
    assert frame.url.startswith("chrome-error:"), frame.url
    assert frame.get_by_text("Cheshire and Wirral Maths Hub: Work Groups").count() == 0
    assert frame.get_by_role("link", name="View and apply").count() == 0
    assert frame_height(page) == FIRST_HEIGHT


def test_a_fake_height_from_another_window_is_ignored(page: Page, demo_site, websites,
                                                      host_page):
    """Even posted while the frame is there and fitted, and shaped just right."""
    listed, _ = websites
    embed_origin_add(actor=None, hub=Hub.objects.get(slug=HUB), address=listed)
    page.goto(listed + host_page)
    page.wait_for_function(f"() => document.querySelector('iframe')"
                           f".getBoundingClientRect().height > {FIRST_HEIGHT}")
    before = frame_height(page)
    for fake in ("{type: 'workgroups-embed:height', height: 5000}",
                 "{type: 'workgroups-embed:height', height: 120}"):
        page.evaluate(f"() => window.postMessage({fake}, '*')")
    page.wait_for_timeout(500)
    assert frame_height(page) == before


TWO_FRAMES_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Two catalogues</title></head>
<body>
<main>
<iframe id="year" src="{site}/hubs/{hub}/{year}/embed/" title="Work Groups {year}"
        style="width: 100%; height: {height}px; border: 0"></iframe>
<iframe id="now" src="{site}/hubs/{hub}/embed/" title="Work Groups now"
        style="width: 100%; height: {height}px; border: 0"></iframe>
<script src="{site}/embed/catalogue.js" async></script>
</main>
</body>
</html>
"""


def test_a_height_from_another_of_the_service_s_frames_fits_that_frame_only(
        page: Page, demo_site, websites, tmp_path, settings):
    """A message from the service's own origin, but from another window than the frame: the
    origin check alone would let it through; the frame's window must be its source."""
    settings.WORKGROUPS_SITE_URL = demo_site.url
    (tmp_path / "two.html").write_text(TWO_FRAMES_PAGE.format(
        site=demo_site.url, hub=HUB, year=YEAR, height=FIRST_HEIGHT))
    listed, _ = websites
    embed_origin_add(actor=None, hub=Hub.objects.get(slug=HUB), address=listed)
    page.goto(listed + "/two.html")
    page.wait_for_function(
        f"() => [...document.querySelectorAll('iframe')].every("
        f"frame => frame.getBoundingClientRect().height > {FIRST_HEIGHT})")
    year_frame = page.locator("#year")
    before = year_frame.evaluate("frame => frame.getBoundingClientRect().height")
    other = page.locator("#now").element_handle().content_frame()
    assert other is not None and other.url.startswith(demo_site.url)
    other.evaluate("() => window.parent.postMessage("
                   "{type: 'workgroups-embed:height', height: 4321}, '*')")
    # Applied to the frame that sent it (so the message did arrive and pass the other checks)...
    page.wait_for_function("() => document.querySelector('#now')"
                           ".getBoundingClientRect().height === 4321")
    # ...and to no other frame of the service's.
    page.wait_for_timeout(300)
    assert year_frame.evaluate("frame => frame.getBoundingClientRect().height") == before


@pytest.mark.parametrize("path", [f"/hubs/{HUB}/{YEAR}/", f"/hubs/{HUB}/{YEAR}/embed/"])
def test_the_filters_fold_away_on_a_narrow_screen_only(page: Page, demo_site, path):
    """catalogue/filters.js, shared by the catalogue page and the embed."""
    filters = page.locator("#catalogue-filters")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(demo_site.url + path)
    expect(filters).not_to_have_attribute("open", "")
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(filters).to_have_attribute("open", "")
