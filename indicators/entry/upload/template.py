"""Download: the department's template (one row per indicator it reports, reference columns in grey,
本期数值 / 数据类型 / 备注 to fill in, a 说明 sheet naming the department and the period)."""

from io import BytesIO

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.entry.upload.common import INFO_TITLE, MILESTONE_TITLE, SHEET_TITLE, milestone_rows, template_rows
from indicators.entry.upload.resources import (
    FINAL,
    PROVISIONAL,
    DepartmentTemplateResource,
    MilestoneTemplateResource,
)
from tasks.common.text import control_characters_strip

_GREY = PatternFill("solid", start_color="EDEDED", end_color="EDEDED")
_HEADER_FILL = PatternFill("solid", start_color="D9E2F3", end_color="D9E2F3")
_INPUT_HEADER_FILL = PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC")


def template_workbook(*, department, period) -> bytes:
    """The .xlsx template for (department, period) as bytes; layout in the module docstring."""
    dataset = DepartmentTemplateResource().export(template_rows(department=department, period=period))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    _rows_append(sheet, dataset)
    _no_formulas(sheet)
    _style_sheet(sheet, len(dataset), DepartmentTemplateResource)
    _data_type_dropdown(sheet, len(dataset))
    milestones = milestone_rows(department=department, period=period)
    if milestones:
        _milestone_sheet(workbook.create_sheet(MILESTONE_TITLE), milestones)
    _info_sheet(workbook.create_sheet(INFO_TITLE), department, period)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _no_formulas(sheet) -> None:
    """Text typed by users (a note "=HYPERLINK(…)") stays text: openpyxl would store it as a formula."""
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if cell.data_type == "f":
                cell.data_type = "s"


def _rows_append(sheet, dataset) -> None:
    """Headers and rows; a note stored before control characters were refused must not break the download."""
    sheet.append(dataset.headers)
    for row in dataset:
        sheet.append([control_characters_strip(cell) if isinstance(cell, str) else cell for cell in row])


def _milestone_sheet(sheet, rows) -> None:
    """节点进展: one row per milestone of the tasks the department leads; 进展 as a drop-down."""
    dataset = MilestoneTemplateResource().export(rows)
    _rows_append(sheet, dataset)
    _no_formulas(sheet)
    _style_sheet(sheet, len(dataset), MilestoneTemplateResource)
    states = ",".join(str(label) for label in MilestoneTemplateResource.STATES.values())
    _dropdown(sheet, MilestoneTemplateResource, "state", len(dataset), states)


_WRAPPED = ("name", "note", "task", "title", "description")


def _style_sheet(sheet, n_rows: int, resource) -> None:
    """Header bold and frozen, reference columns grey, widths fit for Chinese."""
    for col, name in enumerate(resource.Meta.export_order, start=1):
        header = sheet.cell(row=1, column=col)
        header.font = Font(bold=True)
        header.fill = _INPUT_HEADER_FILL if name in resource.INPUT else _HEADER_FILL
        for r in range(2, n_rows + 2):
            cell = sheet.cell(row=r, column=col)
            cell.alignment = Alignment(vertical="top", wrap_text=name in _WRAPPED)
            if name in resource.REFERENCE:
                cell.fill = _GREY
        sheet.column_dimensions[get_column_letter(col)].width = _width(sheet, col)
    sheet.freeze_panes = "A2"


def _width(sheet, col: int) -> float:
    """Column width in Excel units: CJK characters count double; 8–40."""
    longest = 0
    for (cell,) in sheet.iter_rows(min_col=col, max_col=col):
        text = "" if cell.value is None else str(cell.value)
        longest = max(longest, sum(2 if ord(ch) > 0x2E7F else 1 for ch in text))
    return float(min(max(longest + 2, 8), 40))


def _data_type_dropdown(sheet, n_rows: int) -> None:
    _dropdown(sheet, DepartmentTemplateResource, "data_type", n_rows, f"{PROVISIONAL},{FINAL}")


def _dropdown(sheet, resource, name: str, n_rows: int, choices: str) -> None:
    """A list validation on column ``name`` (``choices`` comma-separated, as Excel wants them)."""
    letter = get_column_letter(resource.Meta.export_order.index(name) + 1)
    header = resource.headers()[name]
    choice = DataValidation(
        type="list",
        formula1=f'"{choices}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=header,
        error=_("请从下拉列表中选择：%(choices)s") % {"choices": choices.replace(",", "、")},
    )
    sheet.add_data_validation(choice)
    choice.add(f"{letter}2:{letter}{max(n_rows + 1, 2)}")


def _info_sheet(sheet, department, period) -> None:
    """单位代码 and 报告期 (checked on upload) and the rules, in Chinese."""
    lines = [
        (_("单位代码"), department.code),
        (_("单位名称"), department.name),
        (_("报告期"), period.label),
        ("", ""),
        (_("填写说明"), _("第1行为表头,请勿修改、增删或移动列;灰色列仅供参考,导入时不读取。")),
        ("", _("“本期数值”只填数字,如 97.5 或 1,595;百分比指标可带“%”;不要填写“约”“万”等文字。")),
        (
            "",
            _(
                "“数据类型”选择“初步”或“正式”(留空时:季度指标按正式,年度指标按初步);"
                "尚未审核通过的数据可在初步和正式之间改动,改的是同一条记录;"
                "初步数据审核通过后即保留,之后报送的正式数据另增一条,两者都保留。"
            ),
        ),
        (
            "",
            _(
                "本期数值留空的行不导入;已审核通过或已提交待审核的数值不能通过导入修改"
                "(已提交的请先在填报页面“撤回修改”)。"
            ),
        ),
        (
            "",
            _(
                "“节点进展”表（本单位牵头任务的节点目标）：“进展”选择未启动、推进中或已完成，"
                "“完成比例(%)”填0–100的数字（已完成可留空，按100计），“进展说明”写明进展情况；"
                "进展留空的行不导入。"
            ),
        ),
        ("", _("上传后先显示预览,确认后才保存。")),
    ]
    for label, text in lines:
        sheet.append([str(label), str(text)])
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 90
