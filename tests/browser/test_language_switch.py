"""The language menu in the top bar, as a person uses it: on the login page, then after signing in."""

import pytest

from tests.browser.conftest import screenshot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_switch_to_english_on_the_login_page_and_back_to_chinese(browser_page, live_server, staff_a):
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("h1").inner_text() == "登录"
    assert not page.locator("#language-submit").is_visible()  # language.js submits on change
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    assert page.locator("h1").inner_text() == "Log in"
    screenshot(page, "language_login_en")

    page.fill("input[name=username]", staff_a.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    nav = page.locator("nav.mainnav").inner_text()
    assert "Home" in nav and "Progress dashboard" in nav, nav
    assert page.locator("h1").inner_text().startswith("My data entry")

    with page.expect_navigation():
        page.select_option("#language-select", "zh-hans")
    assert "首页" in page.locator("nav.mainnav").inner_text()
    assert page.locator("h1").inner_text().startswith("我的填报")
    assert page.console_errors == []
