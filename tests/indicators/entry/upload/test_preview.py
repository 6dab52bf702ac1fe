"""The Excel upload, step 1 (issue 3, item 7): the preview changes nothing, and every odd workbook gets a
clear outcome."""

import re
import zipfile
from decimal import Decimal
from io import BytesIO
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.entry.upload import cell_percent_formatted
from indicators.models import IndicatorValue, Origin, ReviewStatus
from tests.indicators.entry.upload.workbooks import (
    HEADERS,
    XLSX,
    errors,
    outcomes,
    period,
    row,
    snapshot,
    stored,
    urls,
    workbook_bytes,
    xlsx,
)

# ---------------------------------------------------------------------------- the happy path


def test_preview_changes_nothing_and_confirm_saves_everything(
    upload, staff_a, dept_a, no_jobs, django_capture_on_commit_callbacks
):
    stored(dept_a, "T05-PM25", value="30", status=ReviewStatus.APPROVED, year=2024)
    for trigger in no_jobs:
        trigger.reset_mock()  # the approved figure stored above marked the scores; the upload must not
    file = xlsx(
        [row("T06-SW-II", 97.5, "初步", "监测季报"), row("T05-PM25", "28.4", "正式"), row("T07-CONTAM-SITES", 1)]
    )
    before = snapshot()
    with django_capture_on_commit_callbacks() as callbacks:
        response = upload(file)
    assert response.status_code == 200
    assert snapshot() == before and callbacks == []  # nothing written, nothing scheduled
    assert {code: r.action_label for code, r in outcomes(response).items()} == {
        "T06-SW-II": "新增",
        "T05-PM25": "新增",
        "T07-CONTAM-SITES": "新增",
    }
    assert "确认导入" in response.content.decode()
    token = response.context["token"]

    response = upload.client.post(urls(dept_a)[1], {"token": token})
    assert response.status_code == 302
    values = {
        v.indicator.code: v for v in IndicatorValue.objects.filter(period=period(), submission__department=dept_a)
    }
    assert values["T06-SW-II"].value == Decimal("97.5") and values["T06-SW-II"].note == "监测季报"
    assert values["T05-PM25"].is_final and values["T05-PM25"].value == Decimal("28.4")
    assert {v.origin for v in values.values()} == {Origin.UPLOAD}
    assert {v.status for v in values.values()} == {ReviewStatus.DRAFT}
    record = values["T06-SW-II"].history.first()
    assert record.history_user == staff_a and record.history_change_reason == "Excel导入"


def test_reupload_of_the_same_figures_is_no_change(upload, dept_a):
    stored(dept_a, "T06-SW-II", value="97.5", note="季报")
    response = upload(xlsx([row("T06-SW-II", 97.5, "初步", "季报")]))
    assert outcomes(response)["T06-SW-II"].action_label == "无变化"
    assert response.context["token"] is None and "没有需要导入的变化" in response.content.decode()


def test_changed_figure_is_a_change_with_the_old_value_shown(upload, dept_a):
    stored(dept_a, "T06-SW-II", value="95")
    response = upload(xlsx([row("T06-SW-II", "96")]))
    out = outcomes(response)["T06-SW-II"]
    assert out.action_label == "修改" and out.old_display == "95(初步)" and out.value_display == "96"


# ---------------------------------------------------------------------------- headers


@pytest.mark.parametrize(
    "changed, fragment",
    [
        ("〔本期数值〕", "第H列表头“〔本期数值〕”不是模板中的列(与“本期数值”相近"),  # full-width brackets
        ("（本期数值）", "与“本期数值”相近"),
        ("本期数值 ", "第H列表头“本期数值 ”不是模板中的列(与“本期数值”相近"),  # trailing space
        ("数值", "第H列表头“数值”不是模板中的列"),  # a renamed column
    ],
)
def test_headers_that_differ_slightly_are_unknown_and_missing(upload, changed, fragment):
    headers = [changed if h == "本期数值" else h for h in HEADERS]
    before = snapshot()
    response = upload(xlsx([row("T06-SW-II", 97.5)], headers=headers))
    messages = errors(response)
    assert any(fragment in m for m in messages), messages
    assert "缺少列“本期数值”" in messages
    assert response.context["preview"].rows == [] and response.context["token"] is None
    assert "未导入任何数据" in response.content.decode()
    assert snapshot() == before


def test_duplicate_header_and_unnamed_column_with_data_are_refused(upload):
    headers = HEADERS + ["备注"]
    response = upload(xlsx([row("T06-SW-II", 97.5) + ["多写了一列"]], headers=headers))
    assert "表头“备注”出现了多次" in errors(response)
    response = upload(xlsx([row("T06-SW-II", 97.5) + ["没有表头的内容"]]))
    assert errors(response) == ["第K列没有表头却填写了内容"]


# ---------------------------------------------------------------------------- cells


def test_blank_trailing_rows_are_ignored(upload):
    def blank_tail(sheet):
        for r in range(4, 40):
            sheet.cell(row=r, column=8).number_format = "0.0"  # styled but empty
        sheet.cell(row=41, column=10, value="   ")  # only spaces
        sheet.cell(row=42, column=1, value="\u3000")  # an ideographic space

    response = upload(xlsx([row("T06-SW-II", 97.5), row("T05-PM25", 28)], after=blank_tail))
    preview = response.context["preview"]
    assert [r.row for r in preview.rows] == [2, 3] and not preview.has_errors


def test_numbers_stored_as_text_are_read(upload):
    response = upload(xlsx([row("T06-SW-II", "97.5"), row("T05-PM25", "２８．４"), row("T07-CONTAM-SITES", " 2 ")]))
    got = {code: r.value for code, r in outcomes(response).items()}
    assert got == {"T06-SW-II": Decimal("97.5"), "T05-PM25": Decimal("28.4"), "T07-CONTAM-SITES": Decimal("2")}
    assert not response.context["preview"].has_errors


def test_percent_formatted_cell_means_what_it_shows(upload):
    def percent(sheet):
        sheet["H2"].number_format = "0.0%"  # 0.975 displayed as 97.5%
        sheet["H3"].number_format = "0%"  # a count shown as a percentage: refused, not guessed
        sheet["H4"].number_format = '0.0"%"'  # a literal % sign: Excel does not scale

    response = upload(
        xlsx([row("T06-SW-II", 0.975), row("T07-CONTAM-SITES", 0.02), row("T08-HAZWASTE", 99.1)], after=percent)
    )
    out = outcomes(response)
    assert out["T06-SW-II"].value == Decimal("97.5") and not out["T06-SW-II"].errors
    assert out["T08-HAZWASTE"].value == Decimal("99.1")
    assert errors(response) == [
        "第3行〔本期数值〕:单元格为百分比格式(显示为2%),但该指标单位是“处”,请改为常规格式后填写数值"
    ]


@pytest.mark.parametrize(
    "number_format, scaled",
    [("0%", True), ("0.0%", True), ('0.0"%"', False), ("0.0\\%", False), ("General", False), ("", False)],
)
def test_cell_percent_formatted(number_format, scaled):
    assert cell_percent_formatted(number_format) is scaled


def _with_cached_value(content: bytes, cell: str, cached: str) -> bytes:
    """Give a formula cell the cached value Excel would have stored (openpyxl writes none)."""
    source, target = BytesIO(content), BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = re.sub(
                    rf'(<c r="{cell}"[^>]*>)<f>([^<]*)</f><v\s*/?>(</v>)?', rf"\1<f>\2</f><v>{cached}</v>", text
                )
                data = text.encode()
            zout.writestr(item, data)
    return target.getvalue()


def test_formula_without_cached_value_is_a_row_error_and_with_one_is_read(upload):
    content = workbook_bytes([row("T06-SW-II", "=95+2.5"), row("T05-PM25", "=20+8")])
    content = _with_cached_value(content, "H3", "28")
    response = upload(SimpleUploadedFile("f.xlsx", content, content_type=XLSX))
    messages = errors(response)
    assert len(messages) == 1 and messages[0].startswith("第2行〔本期数值〕:单元格是公式但没有已计算的结果")
    assert outcomes(response)["T05-PM25"].value == Decimal("28")
    assert response.context["token"] is None


def test_excel_error_values_and_dates_are_row_errors(upload):
    import datetime as dt

    def error_cell(sheet):
        sheet["H2"].value, sheet["H2"].data_type = "#DIV/0!", "e"

    response = upload(xlsx([row("T06-SW-II", None), row("T05-PM25", dt.date(2025, 1, 2))], after=error_cell))
    assert errors(response) == [
        "第2行〔本期数值〕:单元格显示Excel错误“#DIV/0!”,请检查公式或直接填写数值",
        "第3行〔本期数值〕:单元格被Excel识别为日期或时间,请把单元格改为常规格式后填写数值",
    ]


def test_two_rows_for_the_same_indicator_are_flagged(upload):
    response = upload(xlsx([row("T06-SW-II", 97.5), row("T05-PM25", 28), row("t06-sw-ii", 98, "正式")]))
    assert errors(response) == [
        "第2行〔指标代码〕:与第4行重复:同一指标同一报告期只能填写一行",
        "第4行〔指标代码〕:与第2行重复:同一指标同一报告期只能填写一行",
    ]
    assert response.context["token"] is None


def test_row_for_another_department_is_refused(upload):
    before = snapshot()
    response = upload(xlsx([row("T06-SW-II", 97.5), row("T06-RIVERS", 3), row("X-NOPE", 1), row(None, 5)]))
    assert errors(response) == [
        "第3行〔指标代码〕:指标“T06-RIVERS 河道综合治理工程”由灵丘县水利局填报,不属于大同市生态环境局灵丘分局,不能导入",
        "第4行〔指标代码〕:未知的指标代码“X-NOPE”",
        "第5行〔指标代码〕:缺少指标代码",
    ]
    assert response.context["token"] is None and snapshot() == before


def test_value_failing_parse_or_hard_limits_is_a_row_error(upload):
    response = upload(
        xlsx(
            [
                row("T06-SW-II", "97,5"),
                row("T08-HAZWASTE", 120),
                row("T07-CONTAM-SITES", -1),
                row("T05-PM25", "约28"),
                row("T19-RURAL-SEWAGE", "55%"),
                row("T19-VILLAGE-SEWAGE", "5%"),
            ]
        )
    )
    assert errors(response) == [
        "第2行〔本期数值〕:无法识别“97,5”,小数点请用“.”;千位分隔符“,”后须为三位数字(如 1,595)",
        "第3行〔本期数值〕:不能大于100%,填写的是“120”",
        "第4行〔本期数值〕:数量不能为负数,填写的是“-1”",
        "第5行〔本期数值〕:无法识别“约28”:只能填写数字,不要包含文字、单位或其他符号",
        "第7行〔本期数值〕:“5%”带有“%”,但该指标单位是“个”,请只填写数字",
    ]
    assert outcomes(response)["T19-RURAL-SEWAGE"].value == Decimal("55")


def test_soft_warnings_are_shown_and_do_not_block(upload, dept_a):
    stored(dept_a, "T06-SW-II", value="90", status=ReviewStatus.APPROVED, year=2024)
    response = upload(xlsx([row("T06-SW-II", 50)]))
    out = outcomes(response)["T06-SW-II"]
    assert out.action_label == "新增" and response.context["token"]
    assert out.warnings == [
        "与上期审核值90相比变动-44.4%,超过预警阈值30%,请在备注中说明原因",
        "低于上期审核值90,偏离目标方向(目标:≥ 100 %),请在备注中说明原因",
    ]
    assert "提示：与上期审核值90相比变动-44.4%" in response.content.decode()


def test_data_type_must_be_provisional_or_final(upload):
    response = upload(
        xlsx([row("T06-SW-II", 97.5, "终审"), row("T05-PM25", 28, None), row("T07-CONTAM-SITES", 1, " ")])
    )
    assert errors(response) == ["第2行〔数据类型〕:只能填写“初步”或“正式”,填写的是“终审”"]
    # blank → as on the entry form: annual figures 初步, quarterly ones 正式
    assert outcomes(response)["T05-PM25"].is_final is False
    assert outcomes(response)["T07-CONTAM-SITES"].is_final is True


def test_blank_value_is_skipped_and_never_clears_a_stored_one(upload, dept_a):
    stored(dept_a, "T06-SW-II", value="95")
    response = upload(xlsx([row("T06-SW-II", None, "初步", "数据待发布"), row("T05-PM25", 28)]))
    out = outcomes(response)["T06-SW-II"]
    assert out.action_label == "未填写" and out.warnings == ["本期数值为空,该行(包括备注)不导入"]
    upload.client.post(urls(dept_a)[1], {"token": response.context["token"]})
    assert IndicatorValue.objects.get(indicator__code="T06-SW-II", period=period()).value == Decimal("95")


def test_annual_indicator_outside_q4_is_a_row_error(upload):
    response = upload(xlsx([row("T06-SW-II", 97.5), row("T07-CONTAM-SITES", 1)]), quarter=3)
    assert errors(response) == [
        "第2行〔指标代码〕:“T06-SW-II 地表水达到或优于Ⅱ类水体监测断面比例”是年度指标,只在第四季度填报"
    ]


def test_approved_value_is_locked_but_a_final_may_follow_an_approved_provisional(upload, dept_a):
    stored(dept_a, "T06-SW-II", value="95", status=ReviewStatus.APPROVED)
    stored(dept_a, "T05-PM25", value="28", status=ReviewStatus.APPROVED)
    response = upload(xlsx([row("T06-SW-II", 96, "初步"), row("T05-PM25", 27.5, "正式")]))
    assert errors(response) == ["第2行〔本期数值〕:本期数值已审核通过并锁定,如需修改请联系督查员重新打开"]
    assert outcomes(response)["T05-PM25"].action_label == "新增"


def test_file_of_another_department_or_period_is_refused(upload):
    response = upload(xlsx([row("T06-SW-II", 97.5)], info={"单位代码": "water", "报告期": "2025Q3"}))
    assert errors(response) == [
        "该文件是单位“water”的模板,不能导入大同市生态环境局灵丘分局的填报表",
        "该文件是2025年第3季度的模板，不能导入2025年第4季度的填报表",
    ]


@pytest.mark.parametrize(
    "name, content, fragment",
    [
        ("data.csv", "指标代码,本期数值\nT06-SW-II,97.5\n".encode(), "请上传从本系统下载的 .xlsx 模板文件"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "旧版Excel(.xls)格式或已加密"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "文件已损坏或不是 .xlsx 格式"),
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "请上传从本系统下载的 .xlsx 模板文件"),
    ],
)
def test_file_that_is_not_xlsx_gets_a_clear_message(upload, name, content, fragment):
    before = snapshot()
    response = upload(SimpleUploadedFile(name, content))
    assert response.status_code == 200
    messages = errors(response)
    assert len(messages) == 1 and fragment in messages[0], messages
    assert snapshot() == before


def test_zip_that_is_not_a_workbook_gets_a_clear_message(upload):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    response = upload(SimpleUploadedFile("x.xlsx", buffer.getvalue()))
    assert errors(response) == ["文件已损坏或不是 .xlsx 格式,请重新下载模板填写后上传"]


def test_workbook_with_a_damaged_sheet_gets_a_clear_message(upload):
    source, target = BytesIO(workbook_bytes([row("T06-SW-II", 97.5)])), BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, data[: len(data) // 2] if item.filename == "xl/worksheets/sheet1.xml" else data)
    response = upload(SimpleUploadedFile("cut.xlsx", target.getvalue()))
    assert errors(response) == ["文件已损坏或不是 .xlsx 格式,请重新下载模板填写后上传"]


def test_no_file_or_empty_file_is_a_form_error(upload, dept_a):
    response = upload.client.post(urls(dept_a)[0], {})
    assert response.status_code == 200 and "请选择要上传的Excel文件" in response.content.decode()
    response = upload(SimpleUploadedFile("empty.xlsx", b""))
    assert "上传的文件是空的" in response.content.decode()


def test_too_large_file_is_refused(upload, settings):
    with mock.patch("indicators.entry.upload.reading.MAX_UPLOAD_BYTES", 100):
        response = upload(xlsx([row("T06-SW-II", 97.5)]))
    assert "文件过大" in errors(response)[0]


def test_period_not_open_yet_is_refused(upload):
    response = upload(xlsx([row("T07-CONTAM-SITES", 1)]), year=2026, quarter=4)
    assert errors(response) == ["2026年第4季度 将于 2027-01-01 开放填报"]
