"""A supervision order (督办单) walked through every state in Debian's chromium, each step by the right role on
the pages: the supervisor (duchayuan) issues it to 生态环境分局; its 填报员 (tianbao_huanjing) acknowledges, reports
progress and applies for 销号; the supervisor returns it; the department applies again; the supervisor closes
it; the leader (lingdao) reads it with no forms; 水利局's 填报员 cannot open it. Screenshots: test-artifacts/
supervision-*.png.
"""

import datetime as dt

import pytest
from django.utils import timezone

from indicators.models import SupervisionOrder
from responsibilities.models import Department
from responsibilities.services import DEMO_PASSWORD, demo_accounts_ensure, roles_sync
from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def accounts(plan):
    roles_sync()
    demo_accounts_ensure()
    return plan


def _step(page, action: str, fields: dict) -> None:
    form = page.locator(f"#step-{action}")
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def _status(page) -> str:
    return page.inner_text("#order-status")


def test_an_order_through_every_state(browser_page, live_server, accounts):
    page = browser_page
    ecoenv = Department.objects.get(code="ecoenv")
    deadline = (timezone.localdate() + dt.timedelta(days=30)).isoformat()

    login(page, live_server, "duchayuan", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/supervision/")
    page.click("text=下达督办")
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=source]", "check")
    page.fill("input[name=title]", "河道垃圾清理不及时")
    page.fill("textarea[name=problem]", "唐河灵丘段部分河道垃圾清理不及时。")
    page.fill("textarea[name=requirement]", "立即清理，建立长效保洁机制。")
    page.select_option("select[name=lead_department]", str(ecoenv.pk))
    page.fill("input[name=deadline]", deadline)
    page.click("#issue-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    order = SupervisionOrder.objects.get()
    assert order.number in page.inner_text("h1") and _status(page) == "待签收"
    detail = f"{live_server.url}/supervision/{order.pk}/"

    login(page, live_server, "tianbao_huanjing", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/supervision/")
    page.click(f"#sec-open >> text={order.number}")
    page.wait_for_load_state("networkidle")
    _step(page, "acknowledge", {"measures": "制定清理方案", "responsible_person": "张三"})
    assert _status(page) == "已签收"
    _step(page, "progress", {"text": "已清理3处", "percent": "60"})
    assert _status(page) == "整改中"
    _step(page, "request_closure", {"text": "全部清理完成"})
    assert _status(page) == "申请销号"
    screenshot(page, "supervision-closure-requested")

    login(page, live_server, "duchayuan", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/supervision/")
    page.click(f"#sec-closure >> text={order.number}")
    page.wait_for_load_state("networkidle")
    _step(page, "return", {"reason": "缺少现场照片"})
    assert _status(page) == "整改中"

    login(page, live_server, "tianbao_huanjing", DEMO_PASSWORD)
    page.goto(detail)
    _step(page, "request_closure", {"text": "已补充现场照片"})
    assert _status(page) == "申请销号"

    login(page, live_server, "duchayuan", DEMO_PASSWORD)
    page.goto(detail)
    _step(page, "close", {"text": "经核查，整改到位"})
    assert _status(page) == "已销号"

    login(page, live_server, "lingdao", DEMO_PASSWORD)
    page.goto(detail)
    assert _status(page) == "已销号" and page.locator("#order-actions").count() == 0
    events = page.inner_text("#order-events")
    for step in ("下达督办", "签收", "报送整改进展", "申请销号", "退回整改", "销号"):
        assert step in events
    screenshot(page, "supervision-closed")
    assert page.console_errors == []

    login(page, live_server, "tianbao_shuili", DEMO_PASSWORD)
    response = page.goto(detail)
    assert response.status == 404  # another department's order does not exist for its staff
    order.refresh_from_db()
    assert order.status == "closed" and order.returned_count == 1 and order.version == 7
