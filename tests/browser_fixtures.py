"""Playwright in Debian's chromium, shared by the browser tests (load with ``pytest_plugins``).

``browser`` is one headless Chromium per test; ``browser_page`` a page in a fresh context of it (1440 px
wide); ``new_page`` opens more contexts, e.g. a second analyst. Screenshots go to test-output/ (gitignored).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium")
OUTPUT = Path(__file__).resolve().parent.parent / "test-output"

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="No Chromium found (shutil.which('chromium') is None): install Debian's chromium to run the "
    "Playwright browser tests; .ci/run does.",
)


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    # The sync API runs an event loop in this thread; Django's ORM calls in the test are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_page(browser):
    """Open a page in a context of its own (its own cookies): ``new_page(width=390)``."""
    contexts = []

    def open_page(*, width: int = 1440, height: int = 1000):
        context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    try:
        yield open_page
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def browser_page(new_page):
    return new_page()


def screenshot(page, folder: str, name: str) -> None:
    path = OUTPUT / folder
    path.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path / f"{name}.png"), full_page=True)


def log_in(page, live_server, username: str, password: str, then: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next={then}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}{then}")


def wait_until(page, expression: str, *, timeout: float = 30.0) -> None:
    """Poll a JavaScript expression from Python until it is truthy.

    ``page.wait_for_function`` polls through ``eval`` inside the page, which the app's CSP (script-src
    'self') refuses whenever the first check is false; ``page.evaluate`` goes through the DevTools protocol.
    """
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout:.0f} s: {expression}")
        page.wait_for_timeout(50)
