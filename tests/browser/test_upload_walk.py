"""The Excel upload walked in Debian's chromium (Playwright), as department staff would do it:
download the template, fill it (openpyxl) with one mistake, upload, read the error named by row and
column, fix it, upload again, confirm, and find the figures on the entry form.
Screenshots go to test-artifacts/upload_*.png.
"""

import os
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings

from indicators.models import IndicatorValue, Origin
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def page(monkeypatch):
    """A headless chromium page (skipped without /usr/bin/chromium unless REQUIRE_BROWSER=1)."""
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but /usr/bin/chromium is missing")
        pytest.skip("/usr/bin/chromium is missing (apt-get install -y chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the test's own ORM calls, beside Playwright's loop
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN", accept_downloads=True)
        yield context.new_page()
        context.close()
        browser.close()


def login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def fill(path: Path, values: dict[str, tuple]) -> dict[str, int]:
    """Write (本期数值, 数据类型) per indicator code into the downloaded template; returns code → row."""
    book = openpyxl.load_workbook(path)
    sheet = book["指标填报"]
    rows = {}
    for cells in sheet.iter_rows(min_row=2):
        code = cells[0].value
        rows[code] = cells[0].row
        if code in values:
            cells[7].value, cells[8].value = values[code]
    book.save(path)
    return rows


def upload(page, path: Path):
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_load_state("networkidle")


def test_staff_uploads_a_template_with_an_error_fixes_it_and_confirms(page, live_server, staff_a, tmp_path):
    entered = IndicatorValue.objects.filter(submission__isnull=False)  # public figures have no submission
    assert not entered.exists()
    login(page, live_server, staff_a.username)
    page.goto(f"{live_server.url}/entry/ecoenv/2025/4/upload/")
    with page.expect_download() as download_info:
        page.click("#template-download")
    download = download_info.value
    assert download.suggested_filename.endswith("2025Q4_填报模板.xlsx")
    path = tmp_path / "filled.xlsx"
    download.save_as(path)

    # One mistake: a European decimal comma in 地表水Ⅱ类断面比例.
    rows = fill(path, {"T06-SW-II": ("97,5", "初步"), "T05-PM25": (28.4, "正式"), "T07-CONTAM-SITES": (1, "正式")})
    upload(page, path)
    error = f"第{rows['T06-SW-II']}行〔本期数值〕:无法识别“97,5”,小数点请用“.”"
    assert error in page.inner_text("#upload-errors")
    assert page.locator("#upload-confirm").count() == 0  # nothing can be confirmed while a row is wrong
    page.screenshot(path=str(ARTIFACTS / "upload_error.png"), full_page=True)
    assert not entered.exists()

    fill(path, {"T06-SW-II": ("97.5", "初步")})
    upload(page, path)
    assert page.locator("#upload-errors").count() == 0
    assert "新增 3 项" in page.inner_text("#upload-summary")
    page.screenshot(path=str(ARTIFACTS / "upload_preview.png"), full_page=True)
    assert not entered.exists()  # the preview saved nothing

    page.click("#upload-confirm")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/entry/ecoenv/2025/4/")
    assert "已导入 3 项数值" in page.content()
    assert page.locator('input[aria-label="地表水达到或优于Ⅱ类水体监测断面比例"]').input_value() == "97.5"
    assert page.locator('input[aria-label="PM2.5年均浓度"]').input_value() == "28.4"
    page.screenshot(path=str(ARTIFACTS / "upload_saved_form.png"), full_page=True)
    saved = {v.indicator.code: v for v in entered.select_related("indicator")}
    assert saved["T06-SW-II"].value == Decimal("97.5") and not saved["T06-SW-II"].is_final
    assert saved["T05-PM25"].is_final and {v.origin for v in saved.values()} == {Origin.UPLOAD}
