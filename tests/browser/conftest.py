"""Playwright driving Debian's Chromium. Under CI a missing browser fails the run; elsewhere the
browser tests are skipped with the reason."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from playwright.sync_api import Browser, Page, Route, sync_playwright

from tests.conftest import DEMO_NOW
from tests.demo_snapshot import Snapshot, capture, restore
from workgroups.demo.loader import DEMO_TOTP_SECRET, demo_load

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(os.environ.get("WORKGROUPS_VAR_DIR", "var")) / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}"
        if os.environ.get("CI"):
            pytest.fail(message + " (under CI a missing browser is a failure)")
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


_demo: Snapshot | None = None


@pytest.fixture
def demo_site(live_server, transactional_db):
    """The live server with the demo loaded and the clock pinned to the demo moment: loaded by
    ``demo_load`` in the first browser test, put back from memory in the others
    (tests/demo_snapshot.py says why)."""
    global _demo
    # The cache table outlives a transactional test: clear what an earlier journey left in it
    # (throttle counts, and the authenticator codes it used, which work only once).
    cache.clear()
    with override_settings(WORKGROUPS_PINNED_NOW=DEMO_NOW, DEMO=True):
        if _demo is None:
            _demo = capture(demo_load)
        else:
            restore(_demo)
        mail.outbox.clear()  # the demo's own offers and places: journeys read only their own
        yield live_server


_axe = Axe()


def assert_accessible(page: Page, label: str) -> None:
    """axe-core must report zero violations on the page as it is now."""
    results = _axe.run(page)
    assert results.violations_count == 0, f"{label}: {results.generate_report()}"


_SCRIPT_ELEMENT = re.compile(r"<script\b.*?</script>", re.IGNORECASE | re.DOTALL)


def _serve_without_scripts(route: Route) -> None:
    if route.request.resource_type == "script":
        route.abort()
    elif route.request.resource_type == "document":
        response = route.fetch()
        route.fulfill(response=response, body=_SCRIPT_ELEMENT.sub("", response.text()))
    else:
        route.continue_()


def assert_accessible_without_javascript(page: Page, label: str) -> None:
    """axe-core cannot run where JavaScript is off (its timers never fire), so open the page's
    URL again in a context that shares its cookies and receives the same HTML with every script
    removed — what a browser without JavaScript renders — and let axe inspect that."""
    browser = page.context.browser
    assert browser is not None
    checker = browser.new_context(storage_state=page.context.storage_state(),
                                  viewport=page.viewport_size)
    try:
        checker.route("**/*", _serve_without_scripts)
        copy = checker.new_page()
        copy.goto(page.url)
        assert copy.evaluate("() => document.scripts.length") == 0
        assert_accessible(copy, label)
    finally:
        checker.close()


def assert_no_horizontal_scroll(page: Page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the viewport"


def tab_to(page: Page, text: str, limit: int = 200) -> None:
    """Press Tab until the focused element's text (a form control's label) contains ``text``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const el = document.activeElement; if (!el) return '';"
            " return el.labels && el.labels.length ? el.labels[0].innerText : el.innerText; }")
        if focused and text in focused:
            return
    raise AssertionError(f"could not reach “{text}” with the Tab key")


def authenticator_code(secret: str = DEMO_TOTP_SECRET) -> str:
    """The code an authenticator app set up with ``secret`` shows now. A code works only in
    its own 30 seconds, so with less than 8 left (a browser on a busy machine takes a while to
    send it) this waits for the next one, as a person would."""
    import time

    from allauth.mfa.totp.internal.auth import hotp_value

    left = 30 - time.time() % 30
    if left < 8:
        time.sleep(left + 0.2)
    return f"{hotp_value(secret, int(time.time() // 30)):06d}"


def pass_second_factor(page: Page, secret: str = DEMO_TOTP_SECRET) -> None:
    """After a staff member's password: the second-factor page, answered with their
    authenticator app's code (the demo's staff all have one set up). A code works once, so a
    journey signing the same person in twice within 30 seconds forgets the first use."""
    cache.clear()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.locator("input[name=code]").fill(authenticator_code(secret))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_load_state()
