"""The final assessment in Debian's chromium (Playwright), as a new supervisor would: the demo account
duchayuan asks for the county's 2022–2025 report, watches its progress (static/js/report_job.js polling
the JSON status, no inline script under the CSP), downloads the workbook, finds it listed for downloading
again, and reads the same report as a page. Screenshots go to test-artifacts/assessment-*.png.
"""

import io
from unittest import mock

import pytest
from openpyxl import load_workbook

from reports.assessment.jobs import report_job_generate
from reports.assessment.services import report_job_run
from reports.models import ReportJob
from responsibilities.services import DEMO_PASSWORD, demo_accounts_ensure, roles_sync
from tests.browser.conftest import ARTIFACTS, login, screenshot
from tests.reports.assessment.seed import seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(plan):
    seed(plan)
    roles_sync()
    demo_accounts_ensure()
    return plan


def test_supervisor_downloads_the_final_assessment(browser_page, live_server, demo):
    page = browser_page
    login(page, live_server, "duchayuan", DEMO_PASSWORD)
    page.click("nav >> text=考核报表")
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=scope]", "county")
    page.select_option("select[name=period_kind]", "plan")
    screenshot(page, "assessment-form")
    with mock.patch.object(report_job_generate, "delay"):  # hold the job back to watch the progress page
        page.click("button:has-text('生成Excel报表')")
        page.wait_for_load_state("networkidle")
    job = ReportJob.objects.get()
    assert page.inner_text("[data-role=status]") == "排队中"
    assert page.is_hidden("[data-role=download]")
    report_job_run(job_id=job.pk)  # the worker's turn; the page learns it from its next poll
    page.wait_for_selector("[data-role=download]:not([hidden])", timeout=20_000)
    assert page.inner_text("[data-role=status]") == "已完成" and page.inner_text("[data-role=percent]") == "100%"
    assert page.inner_text("[data-role=as-of]") == "2025年第4季度"
    screenshot(page, "assessment-job-done")
    with page.expect_download() as download_info:
        page.click("text=下载Excel报表")
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx") and "终期评估" in download.suggested_filename
    wb = load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    assert wb.sheetnames == ["汇总", "任务", "指标", "部门考核", "填报及时性", "里程碑"]
    assert "全县2022—2025年(终期评估)考核报表" in wb["汇总"]["A1"].value

    page.click("nav >> text=考核报表")
    page.wait_for_load_state("networkidle")
    assert page.locator("a[href$='/download/']").count() == 1
    page.goto(f"{live_server.url}/reports/view/?scope=county&period_kind=plan")
    assert page.locator("table[data-table=tasks] tbody tr").count() == 23
    screenshot(page, "assessment-page")
    page.screenshot(path=str(ARTIFACTS / "assessment-page-top.png"))  # the first screen only
    assert page.console_errors == []
