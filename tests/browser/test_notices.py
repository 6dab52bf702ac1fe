"""The unread badge on 通知 in the top bar (issue 13, item 4), as a supervisor sees it: a form is submitted,
the badge counts it; the notices are marked read, the badge goes."""

import pytest

from indicators.notifications.services import Notice, notifications_create
from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_unread_badge_counts_and_clears(browser_page, live_server, supervisor):
    page = browser_page
    notifications_create(
        notices=[
            Notice(
                user=supervisor, key=f"test:{n}", text=f"生态环境分局已提交填报表{n}，请审核。", link="/entry/review/"
            )
            for n in (1, 2)
        ]
    )
    login(page, live_server, supervisor.username)
    page.goto(f"{live_server.url}/dashboard/")
    badge = page.locator("#nav-unread")
    badge.wait_for(state="attached")
    page.wait_for_function("!document.getElementById('nav-unread').hidden")
    assert badge.inner_text() == "2"
    screenshot(page, "notices_badge")
    page.goto(f"{live_server.url}/scoring/notifications/")
    page.locator("main form[action$='/notifications/read/'] button").click()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert page.locator("#nav-unread").is_hidden()
    assert page.console_errors == []
