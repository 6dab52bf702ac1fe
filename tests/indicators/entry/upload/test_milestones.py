"""One template for everything a department reports (issue 13, item 3): the 节点进展 sheet beside the figures,
columns recognised whatever the language the template was downloaded in, the period read in either form."""

from io import BytesIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.entry import selectors, services
from indicators.models import IndicatorValue, MilestoneReport, ReviewStatus
from tests.indicators.entry.upload.workbooks import XLSX, errors, period, row, snapshot, urls, xlsx

ZH, EN = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}, {"HTTP_ACCEPT_LANGUAGE": "en"}


def _download(client, dept, language) -> openpyxl.Workbook:
    kwargs = {"department_code": dept.code, "year": 2025, "quarter": 4}
    response = client.get(reverse("entry:upload_template", kwargs=kwargs), **language)
    assert response.status_code == 200
    return openpyxl.load_workbook(BytesIO(response.content))


def _file(book) -> SimpleUploadedFile:
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("填报.xlsx", buffer.getvalue(), content_type=XLSX)


def _fill(book, *, data_type, states):
    """Every figure 1 with a note; the first milestones get ``states`` (state, percent, description)."""
    figures = book["指标填报"]
    for r in range(2, figures.max_row + 1):
        figures.cell(r, 8).value, figures.cell(r, 9).value, figures.cell(r, 10).value = 1, data_type, "试填"
    sheet = book["节点进展"]
    for r, (state, percent, text) in enumerate(states, start=2):
        sheet.cell(r, 5).value, sheet.cell(r, 6).value, sheet.cell(r, 7).value = state, percent, text


def test_template_has_the_milestones_the_department_leads(staff_a, dept_a, client_for):
    book = _download(client_for(staff_a), dept_a, ZH)
    assert book.sheetnames == ["指标填报", "节点进展", "说明"]
    sheet = book["节点进展"]
    assert [c.value for c in sheet[1]] == [
        "节点代码",
        "所属任务",
        "节点目标",
        "完成时限",
        "进展",
        "完成比例(%)",
        "进展说明",
    ]
    led = selectors.milestones_led(department=dept_a)
    assert [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)] == [m.code for m in led]
    assert len(led) == 10
    assert sheet.cell(2, 4).value == "2025年12月31日"
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == '"未启动,推进中,已完成"'


@pytest.mark.parametrize("download, upload_in", [(EN, ZH), (ZH, EN)])
def test_figures_and_milestones_in_one_file_across_languages(
    staff_a, supervisor, dept_a, client_for, download, upload_in
):
    """Downloaded in one language, filled, uploaded in the other: preview, confirm, then submitted and
    reviewed like the web form's reports."""
    client = client_for(staff_a)
    book = _download(client, dept_a, download)
    english = download is EN
    done, going, idle = ("Completed", "In progress", "Not started") if english else ("已完成", "推进中", "未启动")
    states = [(going, 50, "方案已印发"), (done, None, "")] + [(idle, None, "")] * 8
    _fill(book, data_type="Final" if english else "正式", states=states)
    preview_url, confirm_url = urls(dept_a)
    response = client.post(preview_url, {"file": _file(book)}, **upload_in)
    preview = response.context["preview"]
    assert preview.error_messages() == []
    assert [r.action for r in preview.milestone_rows] == ["new"] * 10
    assert client.post(confirm_url, {"token": response.context["token"]}, **upload_in).status_code == 302

    led = selectors.milestones_led(department=dept_a)
    reports = {r.milestone_id: r for r in MilestoneReport.objects.filter(period=period())}
    assert (reports[led[0].id].state, reports[led[0].id].percent_done, reports[led[0].id].description) == (
        "in_progress",
        50,
        "方案已印发",
    )
    assert (reports[led[1].id].state, reports[led[1].id].percent_done) == ("done", 100)
    assert {r.status for r in reports.values()} == {ReviewStatus.DRAFT}
    assert set(IndicatorValue.objects.filter(period=period()).values_list("is_final", flat=True)) == {True}

    submission = reports[led[0].id].submission
    services.submission_submit(submission=submission, user=staff_a)
    report = MilestoneReport.objects.get(pk=reports[led[0].id].pk)
    assert report.status == ReviewStatus.SUBMITTED
    services.milestone_report_approve(report=report, user=supervisor)
    assert MilestoneReport.objects.get(pk=report.pk).status == ReviewStatus.APPROVED
    assert MilestoneReport.history.filter(id=report.pk).count() >= 3  # 导入, 提交, 审核通过


@pytest.mark.parametrize("label", ["2025年第4季度", "2025Q4", "Q4 2025", "２０２５年第四季度"])
def test_period_read_in_either_form(upload, dept_a, label):
    response = upload(xlsx([row("T06-SW-II", 97.5)], info={"单位代码": dept_a.code, "报告期": label}))
    assert errors(response) == []


def test_english_info_sheet_of_another_period_is_refused_clearly(upload, dept_a):
    response = upload(
        xlsx([row("T06-SW-II", 97.5)], info={"Department code": dept_a.code, "Reporting period": "Q3 2025"})
    )
    assert errors(response) == ["该文件是2025年第3季度的模板，不能导入2025年第4季度的填报表"]


def _milestone_upload(upload, states, *, code=None):
    book = openpyxl.Workbook()
    figures = book.active
    figures.title = "指标填报"
    figures.append(
        [
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
        ]
    )
    sheet = book.create_sheet("节点进展")
    sheet.append(["节点代码", "所属任务", "节点目标", "完成时限", "进展", "完成比例(%)", "进展说明"])
    for milestone_code, state, percent, text in states:
        sheet.append([milestone_code, None, None, None, state, percent, text])
    return upload(_file(book))


def test_milestone_rows_get_the_entry_forms_checks_all_at_once(upload, dept_a):
    led = [m.code for m in selectors.milestones_led(department=dept_a)]
    before = snapshot()
    response = _milestone_upload(
        upload,
        [
            (led[0], "已完成", 50, ""),
            (led[1], "快完成了", None, ""),
            (led[2], "推进中", 120, ""),
            ("T06-M1", "推进中", 10, ""),
            (led[3], None, None, "只写了说明"),
        ],
    )
    assert errors(response) == [
        "“节点进展”表第2行〔进展〕：已完成的节点,完成比例应为 100%。",
        "“节点进展”表第3行〔进展〕：只能填写未启动、推进中、已完成，填写的是“快完成了”",
        "“节点进展”表第4行〔进展〕：完成比例应在 0–100 之间。",
        "“节点进展”表第5行〔节点代码〕：节点“T06-M1”不是本单位牵头任务的节点，不能导入",
        "“节点进展”表第6行〔进展〕：已填写完成比例或进展说明，请选择进展",
    ]
    assert response.context["token"] is None
    assert snapshot() == before and not MilestoneReport.objects.exists()


def test_approved_milestone_report_is_locked(upload, dept_a, staff_a):
    milestone = selectors.milestones_led(department=dept_a)[0]
    submission = services.submission_get_or_create(department=dept_a, period=period())
    MilestoneReport.objects.create(
        submission=submission, milestone=milestone, period=period(), state="in_progress", status=ReviewStatus.APPROVED
    )
    response = _milestone_upload(upload, [(milestone.code, "已完成", None, "")])
    assert errors(response) == ["“节点进展”表第2行〔进展〕：该节点进展已审核通过并锁定，如需修改请联系督查员重新打开"]
