"""The entry form on a phone (390 × 844): table rows become labelled cards (no sideways scrolling), the
top bar folds into a 菜单 (<details>, no script). Screenshots: test-artifacts/entry_phone_*.png."""

from decimal import Decimal

import pytest

from indicators.entry import selectors, services
from indicators.entry.services import MilestoneEntry
from indicators.models import ReportingPeriod
from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_entry_form_fits_a_phone_and_the_menu_folds(browser_page, live_server, dept_a, staff_a):
    page, q3 = browser_page, ReportingPeriod.objects.get(year=2025, quarter=3)
    milestones = [
        MilestoneEntry(m.pk, "done", Decimal("100.00"), "已完成") for m in selectors.milestones_led(department=dept_a)
    ]
    services.milestones_save(
        submission=services.submission_get_or_create(department=dept_a, period=q3),
        user=staff_a,
        entries=milestones,
        expected_version=1,
    )
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, staff_a.username)
    page.goto(f"{live_server.url}/entry/{dept_a.code}/2025/3/")
    screenshot(page, "entry_phone_1_form")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing off-screen to the right
    header = page.locator("header.topbar")
    assert header.bounding_box()["height"] < 80 and not page.locator("nav.mainnav").is_visible()
    first = page.locator("tr[id^=ms-]").first
    percent = first.locator("input[name$=-percent_done]")
    assert percent.input_value() == "100"  # not 1E+2
    box = percent.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    label = first.locator("td").nth(4).evaluate("td => getComputedStyle(td, '::before').content")
    assert "完成比例" in label
    page.click("details.navmenu > summary")
    assert page.locator("nav.mainnav").is_visible() and page.get_by_role("link", name="进度看板").is_visible()
    screenshot(page, "entry_phone_2_menu")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.reload()
    assert page.locator("nav.mainnav").is_visible() and not page.locator("details.navmenu > summary").is_visible()
    assert page.console_errors == []
