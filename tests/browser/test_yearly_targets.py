"""分年度目标 entered as a table in the admin and shown on the indicator page (issue 13, item 1): the 系统管理员
types "80%" and "81" with their source documents, one row per plan year — no JSON — and a supervisor reads them."""

import pytest

from indicators.models import Indicator
from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_yearly_targets_entered_as_a_table_and_shown_on_the_indicator_page(
    browser_page, live_server, administrator, supervisor
):
    page = browser_page
    indicator = Indicator.objects.get(code="T05-AQ-GOOD")
    login(page, live_server, administrator.username)
    page.goto(f"{live_server.url}/admin/indicators/indicator/{indicator.pk}/change/")
    table = page.locator("table.yearly-targets")
    assert [t.strip() for t in table.locator("tbody th").all_inner_texts()] == ["2022年", "2023年", "2024年", "2025年"]
    assert page.locator("textarea[name=yearly_targets]").count() == 0
    page.fill("input[name=yearly_table-2023-value]", "八十")
    page.click("input[name=_continue]")
    assert "2023年的目标值" in page.locator(".errorlist").first.inner_text()
    page.fill("input[name=yearly_table-2023-value]", "80%")
    page.fill("input[name=yearly_table-2023-source]", "大同市2023年环境空气质量目标责任书")
    page.fill("input[name=yearly_table-2024-value]", "81")
    page.fill("input[name=yearly_table-2024-source]", "大同市2024年环境空气质量目标责任书")
    screenshot(page, "admin_yearly_targets_table")
    page.click("input[name=_continue]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".errorlist").count() == 0
    assert page.input_value("input[name=yearly_table-2023-value]") == "80"
    indicator.refresh_from_db()
    assert indicator.yearly_targets == {"2023": "80", "2024": "81"}

    login(page, live_server, supervisor.username)
    page.goto(f"{live_server.url}/entry/indicator/{indicator.pk}/")
    rows = page.locator("#yearly-targets tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).inner_text().split("\t") == ["2023年", "80%", "大同市2023年环境空气质量目标责任书"]
    assert rows.nth(1).inner_text().split("\t") == ["2024年", "81%", "大同市2024年环境空气质量目标责任书"]
    screenshot(page, "indicator_yearly_targets")
    assert page.console_errors == []
