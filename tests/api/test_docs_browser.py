"""Swagger UI at /api/docs/ in Debian's chromium: it renders every operation from local static files
under the CSP ``script-src 'self'`` (no CSP violation, no request leaving the site).
Screenshot: test-artifacts/api_docs.png."""

import pytest

from tests.browser.conftest import browser_page, screenshot  # noqa: F401  (browser_page is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_under_the_csp_from_local_files(browser_page, live_server):  # noqa: F811
    page = browser_page
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock", state="attached")
    page.wait_for_load_state("networkidle")
    assert page.locator(".opblock").count() >= 30
    assert "灵丘县生态文明建设规划管理平台 API" in page.inner_text(".information-container")
    screenshot(page, "api_docs")
    assert page.console_errors == []  # a CSP violation would be reported here
    outside = [url for url in requests if not url.startswith(live_server.url) and not url.startswith("data:")]
    assert outside == []
