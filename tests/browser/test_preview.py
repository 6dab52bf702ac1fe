"""试算 in the browser, as a supervisor (issue 13, item 5): several wrong fields are all named at once; the
milestone kind (节点型) scores a milestone case with the engine's rule."""

import pytest

from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_preview_shows_every_error_then_scores_milestones(browser_page, live_server, supervisor):
    page = browser_page
    login(page, live_server, supervisor.username)
    page.goto(f"{live_server.url}/scoring/preview/")
    assert "节点型（按节点完成情况）" in page.locator("select[name=kind]").inner_text()
    assert "至少型" not in page.content()
    page.select_option("select[name=kind]", "milestone")
    page.fill("textarea[name=milestones]", "已完成\n快好了")
    page.fill("input[name=target_year]", "二〇二五")
    page.fill("input[name=as_of]", "明年")
    page.click("form[method=post] button.primary")
    page.wait_for_load_state("networkidle")
    for field in ("milestones", "target_year", "as_of"):
        assert page.locator(f"#{field}-errors").is_visible(), field
    screenshot(page, "preview_errors_at_once")

    page.fill("textarea[name=milestones]", "已完成\n推进中 60%\n未启动 权重2")
    page.fill("input[name=target_year]", "2025")
    page.fill("input[name=as_of]", "2023-12-31")
    page.click("form[method=post] button.primary")
    page.wait_for_load_state("networkidle")
    assert page.locator(".errorlist").count() == 0
    result = page.locator("#result").inner_text()
    assert "完成进度\t40.0%" in result and "时序进度\t50.0%" in result, (
        result
    )  # (100 + 60 + 0×2) / 4 = 40; 时序进度 8/16
    assert "已完成计100%" in page.locator("#result-rule").inner_text()
    screenshot(page, "preview_milestones")
    assert page.console_errors == []
