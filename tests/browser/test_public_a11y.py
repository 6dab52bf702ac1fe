"""The 公示 page in chromium: anonymous, and no WCAG 2.1 A/AA violation found by axe-core.

axe-core is vendored for the tests only (tests/vendor/axe-core-4.14.1.min.js, MPL-2.0, from the npm
package ``axe-core``) and evaluated in the page through the DevTools protocol (``page.evaluate``), which the
page's CSP (scripts only from 'self') does not apply to — the site itself ships no axe.
"""

from pathlib import Path

import pytest
from django.core.cache import cache

from reports.publication.models import Publication
from tests.browser.conftest import screenshot
from tests.reports.publication.seed import MARKERS, seed_public

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core-4.14.1.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()  # the switch and the body are cached in this process (the live server's thread)
    yield
    cache.clear()


def test_public_page_passes_axe_wcag21_aa(plan, live_server, browser_page):
    seed_public(plan)
    Publication(enabled=True).save()
    page = browser_page
    response = page.goto(f"{live_server.url}/public/")
    assert response.status == 200
    assert "script-src" in response.headers.get("content-security-policy", "")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))",
        WCAG,
    )
    screenshot(page, "public-page")
    assert violations == [], violations
    text = page.inner_text("body")
    assert not [marker for marker in MARKERS.values() if marker in text]
    assert page.console_errors == []
    # the check can fail: an input without a label is reported
    page.evaluate("document.querySelector('main').appendChild(document.createElement('input'))")
    again = page.evaluate("async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
                          ".violations.map(v => v.id)", WCAG)  # fmt: skip
    assert "label" in again


def test_public_page_is_404_in_the_browser_while_off(plan, live_server, browser_page):
    assert browser_page.goto(f"{live_server.url}/public/").status == 404
