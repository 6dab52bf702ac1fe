"""Phone tables and the printed dashboard (issue 13, item 5): on a 390 px screen a table wider than the screen
scrolls sideways inside its box, with a visible hint above it (nothing is cut without a sign); the printed dashboard
shows the whole score and packs the first cards side by side on A4."""

import pytest

from tests.browser.conftest import login, screenshot
from tests.browser.test_dashboard import PHONE, scored  # noqa: F401  (the scored plan fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_wide_tables_scroll_with_a_hint_on_a_phone(browser_page, live_server, scored, leader):  # noqa: F811
    page = browser_page
    page.set_viewport_size(PHONE)
    login(page, live_server, leader.username)
    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_load_state("networkidle")
    page.wait_for_selector(".table-wrap.scrolls")
    boxes = page.locator(".table-wrap.scrolls")
    assert boxes.count() >= 1
    box = boxes.first
    box.scroll_into_view_if_needed()
    hint = page.locator(".table-wrap.scrolls").first.locator("xpath=preceding-sibling::p[1]")
    assert "scroll-hint" in hint.get_attribute("class") and hint.is_visible()
    assert "左右滑动" in hint.inner_text()
    width = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
    assert width[0] > width[1], width
    assert box.evaluate("b => { b.scrollLeft = 200; return b.scrollLeft; }") > 0  # it scrolls
    screenshot(page, "phone_table_scroll_hint")
    page.set_viewport_size({"width": 1366, "height": 900})  # a wide screen: no hint where nothing is cut
    page.wait_for_timeout(400)
    assert page.locator(".scroll-hint:visible").count() < boxes.count() or boxes.count() == 0
    assert page.console_errors == []


def box_of(page, selector: str) -> list[float]:
    """[left, top, right] of the element's box."""
    return page.eval_on_selector(
        selector, "e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right]; }"
    )


def test_printed_dashboard_packs_the_first_cards_and_shows_the_whole_score(browser_page, live_server, scored, leader):  # noqa: F811
    """Printed: the gauge reads the whole score ("96.0分", not "6分") and sits beside the six systems on the first
    page (two cards side by side), so the cards pack on A4."""
    from tests.browser.conftest import ARTIFACTS
    from tests.browser.test_dashboard import CHART_IDS, charts_drawn

    page = browser_page
    login(page, live_server, leader.username)
    page.goto(f"{live_server.url}/dashboard/")
    charts_drawn(page, CHART_IDS)
    page.emulate_media(media="print")
    for _ in range(100):  # dashboard.js redraws for paper (no wait_for_function: the CSP refuses eval)
        if page.get_attribute("#chart-plan .main-svg", "width") == "470":
            break
        page.wait_for_timeout(100)
    plan = box_of(page, "#chart-plan")
    systems = box_of(page, "#chart-systems")
    assert abs(plan[1] - systems[1]) < 2 and plan[2] <= systems[0], (plan, systems)  # side by side
    number = page.text_content("#chart-plan .number")
    assert number.endswith("分") and number[:-1].replace(".", "").isdigit() and float(number[:-1]) > 10, number
    number_box, svg_box = box_of(page, "#chart-plan .number"), box_of(page, "#chart-plan .main-svg")
    assert number_box[0] >= svg_box[0] and number_box[2] <= svg_box[2], (
        number_box,
        svg_box,
    )  # the number whole inside the chart
    pdf = ARTIFACTS / "dashboard-packed.pdf"
    page.pdf(path=str(pdf), format="A4", landscape=True)
    assert page.console_errors == []
