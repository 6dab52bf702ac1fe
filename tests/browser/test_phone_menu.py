"""The top bar's ☰ 菜单 on a phone, on the dashboard (issue 13, item 5): dashboard.css once coloured every
``details summary`` dark green on the dark green bar, an empty box; the menu must read and open."""

import pytest

from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phone_menu_is_visible_and_opens_on_the_dashboard(browser_page, live_server, leader):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, leader.username)
    page.goto(f"{live_server.url}/dashboard/")
    summary = page.locator("header.topbar .navmenu > summary")
    assert summary.is_visible() and "菜单" in summary.inner_text()
    colour = summary.evaluate("s => getComputedStyle(s).color")
    assert colour == "rgb(255, 255, 255)", colour  # the bar's white, not the dashboard's green
    screenshot(page, "phone_menu_dashboard_closed")
    summary.click()
    assert page.locator("nav.mainnav").is_visible()
    assert "进度看板" in page.locator("nav.mainnav").inner_text()
    screenshot(page, "phone_menu_dashboard_open")
    assert page.console_errors == []
