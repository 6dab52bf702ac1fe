"""The quarterly entry and review walked in Debian's chromium, as the people involved would do it.

Staff of 生态环境分局 fill 2025Q3 (full-width digits, milestones, an evidence file), save a draft, are
refused on submit until a warning is explained in the note, and submit; the submitted form is read-only
until they withdraw it (撤回修改) and submit again; a supervisor returns one figure
with a reason; the staff member fixes it and resubmits; the supervisor approves the whole form; the
indicator's page shows every step (who, when, old → new, why); the approved form is locked for staff.
Screenshots: test-artifacts/entry_*.png.
(The Excel upload part of the walk is tests/browser/test_upload_walk.py.)
"""

from decimal import Decimal

import pytest

from indicators.entry import selectors
from indicators.models import Indicator, IndicatorValue, ReportingPeriod, ReviewStatus, Submission
from tests.browser.conftest import login, screenshot
from tests.factories import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def click_and_wait(page, selector: str) -> None:
    page.click(selector)
    page.wait_for_load_state("networkidle")


def test_fill_submit_return_fix_resubmit_approve(browser_page, live_server, dept_a, staff_a, supervisor, tmp_path):
    page, base = browser_page, live_server.url
    q2, q3 = (ReportingPeriod.objects.get(year=2025, quarter=q) for q in (2, 3))
    sites, villages = Indicator.objects.get(code="T07-CONTAM-SITES"), Indicator.objects.get(code="T19-VILLAGE-SEWAGE")
    IndicatorValue.objects.create(
        indicator=sites, period=q2, value=Decimal(2), is_final=True, status=ReviewStatus.APPROVED
    )
    milestones = selectors.milestones_led(department=dept_a)
    report = tmp_path / "村庄污水治理工程验收报告.pdf"
    report.write_bytes(PDF_BYTES)

    # Staff: from "my submissions" to the 2025Q3 form; fill it as typed on a Chinese keyboard.
    login(page, live_server, staff_a.username)
    page.goto(f"{base}/entry/")
    click_and_wait(page, "#period-2025Q3 a")
    page.fill(f"input[name=v{sites.pk}-value]", "１")  # full-width 1: down from 2 — a warning
    page.fill(f"input[name=v{villages.pk}-value]", "3")
    page.set_input_files(f"input[name=v{villages.pk}-evidence]", str(report))
    for milestone in milestones:
        page.select_option(f"select[name=m{milestone.pk}-state]", "in_progress")
        page.fill(f"input[name=m{milestone.pk}-percent_done]", "50")
        page.fill(f"textarea[name=m{milestone.pk}-description]", "已制定工作方案,按计划推进")
    click_and_wait(page, "button[name=action][value=save]")
    assert "草稿已保存" in page.inner_text(".messages")
    assert "村庄污水治理工程验收报告.pdf" in page.inner_text("#ind-T19-VILLAGE-SEWAGE")

    click_and_wait(page, "button[name=action][value=submit]")  # the drop from 2 to 1 is not explained yet
    row = page.inner_text("#ind-T07-CONTAM-SITES")
    assert "⚠" in row and "备注为空" in row
    screenshot(page, "entry_1_warning_refused")
    assert Submission.objects.get(department=dept_a, period=q3).status == ReviewStatus.DRAFT
    page.fill(f"textarea[name=v{sites.pk}-note]", "一处场地修复方案调整,验收推迟至下季度")
    click_and_wait(page, "button[name=action][value=submit]")
    assert "已提交" in page.inner_text(".messages")
    assert page.inner_text("#form-status") == "已提交"
    # Submitted: read-only while it waits for review; 撤回修改 makes it a draft again, then it is resubmitted.
    assert page.locator("button[name=action]").count() == 0 and "等待督查员审核" in page.inner_text("#form-lock")
    click_and_wait(page, "#withdraw-form button")
    assert "已撤回提交,修改后请重新提交" in page.inner_text(".messages") and page.inner_text("#form-status") == "草稿"
    click_and_wait(page, "button[name=action][value=submit]")
    assert page.inner_text("#form-status") == "已提交"

    # Supervisor: the review queue, then return one figure with a reason.
    login(page, live_server, supervisor.username)
    page.goto(f"{base}/entry/")
    assert page.url.endswith("/entry/review/")
    page.locator("#review-waiting tr", has_text=dept_a.name).get_by_role("link", name="审核").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "entry_2_supervisor_form")
    row = page.locator("#ind-T19-VILLAGE-SEWAGE")
    row.locator("input[name=reason]").fill("请核对数量,并附验收报告")
    row.get_by_role("button", name="退回").click()
    page.wait_for_load_state("networkidle")
    assert "已退回" in page.inner_text(".messages")

    # Staff: sees the return and its reason, fixes the figure and resubmits.
    login(page, live_server, staff_a.username)
    page.goto(f"{base}/entry/")
    assert "已退回" in page.inner_text("#period-2025Q3")
    click_and_wait(page, "#period-2025Q3 a")
    assert "请核对数量,并附验收报告" in page.inner_text("#ind-T19-VILLAGE-SEWAGE")
    page.fill(f"input[name=v{villages.pk}-value]", "4")
    page.fill(f"textarea[name=v{villages.pk}-note]", "补报一个已完工村庄")
    click_and_wait(page, "button[name=action][value=submit]")
    assert "已提交" in page.inner_text(".messages")

    # Supervisor: approves the whole form.
    login(page, live_server, supervisor.username)
    page.goto(f"{base}/entry/{dept_a.code}/2025/3/")
    assert "此前的退回意见" in page.inner_text("#ind-T19-VILLAGE-SEWAGE")  # history, not the current state
    click_and_wait(page, "#form-review button[value=approve]")
    assert "已审核通过" in page.inner_text(".messages") and page.inner_text("#form-status") == "已通过"
    assert page.locator("#form-review button").count() == 0  # nothing left to review: no review buttons
    assert page.locator("#form-review-none").is_visible()
    assert set(IndicatorValue.objects.filter(period=q3).values_list("status", flat=True)) == {ReviewStatus.APPROVED}

    # The indicator's page: every step with who, when, old → new and why.
    page.goto(f"{base}/entry/indicator/{villages.pk}/")
    history = page.inner_text("#indicator-history")
    screenshot(page, "entry_3_history")
    for step in (
        "保存草稿",
        "提交",
        "退回:请核对数量,并附验收报告",
        "审核通过",
        "3 → 4",
        "已提交 → 已退回",
        "staff_a",
        "supervisor",
    ):
        assert step in history, step
    # Staff: the approved form is locked: no inputs, no buttons, a notice instead.
    login(page, live_server, staff_a.username)
    page.goto(f"{base}/entry/{dept_a.code}/2025/3/")
    assert page.locator("button[name=action]").count() == 0 and page.locator("#entry-form").count() == 0
    assert "本表已审核通过" in page.inner_text("#form-lock")
    screenshot(page, "entry_4_approved_locked")
    # The refused submit answered 400 (the form re-shown with its errors), which chromium logs; nothing else.
    assert [e for e in page.console_errors if "status of 400" not in e] == []
