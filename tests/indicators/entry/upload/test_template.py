"""The department's Excel template (issue 3, item 7): layout, content, drop-down, fixed queries."""

from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.urls import reverse

from indicators.entry.upload import template_workbook
from indicators.entry.upload.resources import DepartmentTemplateResource
from indicators.models import Indicator, IndicatorValue, ReportingPeriod, ReviewStatus, Submission

EXPECTED_HEADERS = [
    "指标代码",
    "指标名称",
    "单位",
    "填报频次",
    "目标",
    "上期审核值",
    "上期审核值所属期",
    "本期数值",
    "数据类型",
    "备注",
    "规划代码",
]


def period(year, quarter):
    return ReportingPeriod.objects.get(year=year, quarter=quarter)


def url(dept, year=2025, quarter=4):
    return reverse("entry:upload_template", kwargs={"department_code": dept.code, "year": year, "quarter": quarter})


def approved(dept, code, year, quarter, value, *, is_final=False):
    p = period(year, quarter)
    sub, _ = Submission.objects.get_or_create(department=dept, period=p)
    return IndicatorValue.objects.create(
        submission=sub,
        indicator=Indicator.objects.get(code=code),
        period=p,
        value=Decimal(value),
        is_final=is_final,
        status=ReviewStatus.APPROVED,
    )


def load(content: bytes):
    return openpyxl.load_workbook(BytesIO(content))


def test_headers_are_chinese_in_row_one():
    assert list(DepartmentTemplateResource.headers().values()) == EXPECTED_HEADERS


def test_download_is_an_xlsx_attachment(staff_a, dept_a, client_for):
    response = client_for(staff_a).get(url(dept_a))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    assert "2025Q4" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    sheet = load(response.content)["指标填报"]
    assert [c.value for c in sheet[1]] == EXPECTED_HEADERS


def test_one_row_per_indicator_due_in_the_period(dept_a):
    """Q4: every indicator of 生态环境分局 (annual ones are due with Q4); Q3: only the quarterly ones."""
    q4 = load(template_workbook(department=dept_a, period=period(2025, 4)))["指标填报"]
    codes_q4 = [row[0] for row in q4.iter_rows(min_row=2, values_only=True)]
    assert sorted(codes_q4) == sorted(
        Indicator.objects.filter(reporting_department=dept_a).values_list("code", flat=True)
    )
    q3 = load(template_workbook(department=dept_a, period=period(2025, 3)))["指标填报"]
    codes_q3 = [row[0] for row in q3.iter_rows(min_row=2, values_only=True)]
    assert sorted(codes_q3) == ["T07-CONTAM-SITES", "T19-VILLAGE-SEWAGE"]


def test_rows_carry_name_unit_target_and_last_approved_value(dept_a):
    approved(dept_a, "T06-SW-II", 2023, 4, "90")
    approved(dept_a, "T06-SW-II", 2024, 4, "92.5")  # the latest approved one of an earlier period
    approved(dept_a, "T06-SW-II", 2024, 4, "93", is_final=True)  # …final wins over provisional
    sheet = load(template_workbook(department=dept_a, period=period(2025, 4)))["指标填报"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    code, name, unit, frequency, target, last, last_period, value, data_type, note, plan = rows["T06-SW-II"]
    assert plan == "lingqiu-eco-2022-2025"  # 规划代码: codes are unique within a plan only
    assert (name, unit, frequency, target) == ("地表水达到或优于Ⅱ类水体监测断面比例", "%", "按年度", "≥ 100 %")
    assert (last, last_period) == (93, "2024Q4")
    assert (value, data_type, note) == (None, "初步", None)
    assert rows["T05-PM25"][4] == "< 35 µg/m³"
    assert rows["T07-CONTAM-SITES"][8] == "正式"  # quarterly figures default to 正式, as on the entry form


def test_after_an_approved_provisional_only_a_final_is_offered(dept_a):
    p = period(2025, 4)
    approved(dept_a, "T06-SW-II", 2025, 4, "96")
    sheet = load(template_workbook(department=dept_a, period=p))["指标填报"]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "T06-SW-II")
    assert row[7:10] == (None, "正式", None)


def test_current_draft_is_prefilled_so_a_reupload_changes_nothing(dept_a):
    p = period(2025, 4)
    sub = Submission.objects.create(department=dept_a, period=p)
    IndicatorValue.objects.create(
        submission=sub,
        indicator=Indicator.objects.get(code="T05-PM25"),
        period=p,
        value=Decimal("28.400000"),
        is_final=True,
        note="监测站年报",
    )
    sheet = load(template_workbook(department=dept_a, period=p))["指标填报"]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "T05-PM25")
    assert row[7:10] == (28.4, "正式", "监测站年报")  # 28.400000 written as the number 28.4


def test_layout_frozen_header_grey_reference_columns_widths_and_dropdown(dept_a):
    book = load(template_workbook(department=dept_a, period=period(2025, 4)))
    sheet = book["指标填报"]
    assert sheet.freeze_panes == "A2"
    assert all(sheet.cell(row=1, column=c).font.b for c in range(1, 11))
    grey = {sheet.cell(row=2, column=c).fill.fgColor.rgb for c in range(1, 8)}
    assert grey == {"00EDEDED"}
    assert sheet.cell(row=2, column=8).fill.fill_type is None  # 本期数值: white, to fill in
    assert sheet.column_dimensions["B"].width >= 20  # 指标名称: Chinese text counts double
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1 and validations[0].formula1 == '"初步,正式"'
    assert str(validations[0].sqref) == f"I2:I{sheet.max_row}"


def test_info_sheet_names_department_and_period(dept_a):
    info = load(template_workbook(department=dept_a, period=period(2025, 4)))["说明"]
    values = {row[0]: row[1] for row in info.iter_rows(values_only=True) if row[0]}
    assert values["单位代码"] == "ecoenv" and values["报告期"] == "2025Q4"
    assert "请勿修改" in values["填写说明"]


def test_supervisor_and_leader_may_download_any_template(supervisor, leader, dept_b, client_for):
    assert client_for(supervisor).get(url(dept_b)).status_code == 200
    assert client_for(leader).get(url(dept_b)).status_code == 200


def test_staff_of_another_department_gets_404(staff_a, dept_b, client_for):
    assert client_for(staff_a).get(url(dept_b)).status_code == 404


@pytest.mark.parametrize("n_values", [0, 8])
def test_download_queries_do_not_grow_with_values(staff_a, dept_a, client_for, django_assert_num_queries, n_values):
    p = period(2025, 4)
    for indicator in Indicator.objects.filter(reporting_department=dept_a)[:n_values]:
        approved(dept_a, indicator.code, 2024, 4, "1")
    client = client_for(staff_a)
    # 1 session, 2 user, 3 department by code, 4 period, 5 the user's groups (user_roles),
    # 6 staff profile with its department (user_department), 7 indicators of the department,
    # 8 this period's values, 9 last approved values with their periods, 10 this period's milestone
    # reports, 11 milestones of the tasks the department leads (节点进展 sheet), 12 the audit record of the export
    with django_assert_num_queries(12):
        assert client.get(url(dept_a, p.year, p.quarter)).status_code == 200


def test_text_that_looks_like_a_formula_stays_text(dept_a):
    p = period(2025, 4)
    sub = Submission.objects.create(department=dept_a, period=p)
    IndicatorValue.objects.create(
        submission=sub,
        indicator=Indicator.objects.get(code="T05-PM25"),
        period=p,
        value=Decimal(28),
        note='=HYPERLINK("http://example.invalid","点我")',
    )
    book = openpyxl.load_workbook(BytesIO(template_workbook(department=dept_a, period=p)))
    cell = next(r[9] for r in book["指标填报"].iter_rows(min_row=2) if r[0].value == "T05-PM25")
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_info_sheet_describes_provisional_and_final_as_they_behave(dept_a, staff_a):
    """A draft switches between 初步 and 正式 in place; only an approved 初步 is kept beside a new 正式."""
    from indicators.entry import services

    info = load(template_workbook(department=dept_a, period=period(2025, 4)))["说明"]
    text = "".join(str(row[1]) for row in info.iter_rows(values_only=True) if row[1])
    assert "正式数据替换同期的初步数据" not in text
    assert "尚未审核通过的数据可在初步和正式之间改动,改的是同一条记录" in text
    assert "初步数据审核通过后即保留,之后报送的正式数据另增一条,两者都保留" in text
    assert "撤回修改" in text
    indicator = Indicator.objects.get(code="T05-PM25")
    submission = services.submission_get_or_create(department=dept_a, period=period(2025, 4))
    for is_final in (False, True):
        services.values_save(
            submission=submission,
            user=staff_a,
            expected_version=None,
            entries=[services.ValueEntry(indicator.pk, Decimal("28.4"), is_final, "")],
        )
    rows = IndicatorValue.objects.filter(indicator=indicator, period=period(2025, 4))
    assert [(r.is_final, r.status) for r in rows] == [(True, ReviewStatus.DRAFT)]  # the same record, switched
