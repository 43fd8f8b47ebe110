"""Headless Chromium (Debian's, no browser download) for the browser tests: the one place for
its path, its arguments, the screen sizes and the page helpers. tests/conftest.py starts one
Chromium for the whole session (fixture `browser`); each test opens its own context or page.
"""

import os
from pathlib import Path

import pytest

from tests.console import CspWatch
from tests.live import PASSWORD

CHROMIUM = "/usr/bin/chromium"
# Quiet, offline-friendly Chromium: nothing phones home while a test runs.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
KIOSK_PORTRAIT = {"width": 1080, "height": 1920}
KIOSK_LANDSCAPE = {"width": 1920, "height": 1080}
BOARD = {"width": 1920, "height": 1080}
PHONE = {"width": 412, "height": 915}
DESK = {"width": 1440, "height": 900}


def launch_chromium(playwright, extra_args: list[str] | None = None):
    """Launch Debian's Chromium, or skip (fail under CI) where it is not installed."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is required under CI (make system-deps installs it)")
        pytest.skip(f"{CHROMIUM} is not installed (make system-deps installs it)")
    return playwright.chromium.launch(executable_path=CHROMIUM,
                                      args=CHROMIUM_ARGS + (extra_args or []))


class Pages:
    """Open pages in one browser context; collect their script errors and CSP violations."""

    def __init__(self, context):
        self.context = context
        self.errors: list[str] = []
        self.csp = CspWatch()
        self.csp.attach(context)

    def open(self, url: str, viewport: dict, fake_clock: bool = False):
        """Open url; with fake_clock the test moves the page's timers on itself (page.clock)."""
        page = self.context.new_page()
        page.set_viewport_size(viewport)
        if fake_clock:
            page.clock.install()
        page.on("pageerror", lambda error: self.errors.append(f"{url}: {error}"))
        page.goto(url)
        return page


def log_in(page, url: str, username: str, lands_on: str = "/admin/") -> None:
    """Sign in through the staff login form and wait for the page the role lands on."""
    page.goto(url + "/admin/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url + lands_on)


def pages_in(browser, locale: str):
    """Yield Pages in a fresh context (own cookies) of a browser language; then fail on any
    uncaught script error and on any Content Security Policy violation."""
    context = browser.new_context(locale=locale, timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(10_000)
    opened = Pages(context)
    yield opened
    context.close()
    assert not opened.errors, opened.errors
    opened.csp.check()
