"""Shared Playwright fixtures for the browser walks (Debian's chromium, headless).

``browser_page`` yields a Playwright page (1366×900, zh-CN, downloads accepted) whose console and page
errors are collected in ``page.console_errors``; ``login(page, live_server, username, password)`` signs
in through the login form; ``screenshot(page, name)`` saves test-artifacts/<name>.png. Tests using
them need ``live_server`` and a transactional database::

    pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Without /usr/bin/chromium the tests are skipped with a reason, unless REQUIRE_BROWSER=1 (then they fail).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1366, "height": 900}


def chromium_or_skip() -> None:
    """Skip (or fail with REQUIRE_BROWSER=1) when Debian's chromium is not installed."""
    if CHROMIUM.exists():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail("REQUIRE_BROWSER=1 but /usr/bin/chromium is missing")
    pytest.skip("/usr/bin/chromium is missing (apt-get install -y chromium fonts-noto-cjk)")


def _on_console(page, message) -> None:
    """Console errors, except the browser's own request for /favicon.ico (pages link favicon.svg; admin pages do
    not)."""
    if message.type == "error" and not (message.location or {}).get("url", "").endswith("/favicon.ico"):
        page.console_errors.append(f"{message.text} {message.location}")


@pytest.fixture
def browser_page(monkeypatch):
    """A headless chromium page; ``page.console_errors`` lists console and page errors seen so far."""
    chromium_or_skip()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", accept_downloads=True)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda message: _on_console(page, message))
        page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()


def login(page, live_server, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form as a person would (signs out whoever was signed in first)."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot to test-artifacts/<name>.png (gitignored) and return its path."""
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
