"""The Excel upload walked in Debian's chromium (Playwright), as department staff would do it:
download the template, fill it (openpyxl) with one mistake, upload, read the error named by row and
column, fix it, upload again, confirm, and find the figures on the entry form.
Screenshots go to test-artifacts/upload_*.png.
"""

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from indicators.models import IndicatorValue, Origin
from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


def test_staff_uploads_a_template_with_an_error_fixes_it_and_confirms(browser_page, live_server, staff_a, tmp_path):
    page = browser_page
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
    screenshot(page, "upload_error")
    assert not entered.exists()

    fill(path, {"T06-SW-II": ("97.5", "初步")})
    upload(page, path)
    assert page.locator("#upload-errors").count() == 0
    assert "新增 3 项" in page.inner_text("#upload-summary")
    screenshot(page, "upload_preview")
    assert not entered.exists()  # the preview saved nothing

    page.click("#upload-confirm")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/entry/ecoenv/2025/4/")
    assert "已导入 3 项数值" in page.content()
    assert page.locator('input[aria-label="地表水达到或优于Ⅱ类水体监测断面比例"]').input_value() == "97.5"
    assert page.locator('input[aria-label="PM2.5年均浓度"]').input_value() == "28.4"
    screenshot(page, "upload_saved_form")
    saved = {v.indicator.code: v for v in entered.select_related("indicator")}
    assert saved["T06-SW-II"].value == Decimal("97.5") and not saved["T06-SW-II"].is_final
    assert saved["T05-PM25"].is_final and {v.origin for v in saved.values()} == {Origin.UPLOAD}
    assert page.console_errors == []
