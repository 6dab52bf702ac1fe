"""The department's Excel template and its upload (issue 3, item 7).

Download: ``template_workbook`` — one row per indicator the department reports, reference columns in
grey, 本期数值 / 数据类型 (drop-down 初步/正式) / 备注 to fill in; header in row 1 (frozen), a 说明 sheet
with the rules and the department and period the file belongs to.

Upload, two steps, nothing saved before the second:
1. ``upload_preview`` reads the file (openpyxl, twice: cached values and formulas), checks the header
   row against ``DepartmentTemplateResource``, parses each row (``value_parse``/``value_check``) and
   compares it with what is stored: 新增 / 修改 / 无变化 / 未填写 / 错误, every error by row and column.
   It only reads — no row written, no job enqueued. Its changes travel to the confirm step in a signed
   token (``preview_token``), not in the database.
2. ``upload_confirm`` verifies the token and saves everything through ``indicators.entry.services.values_save``
   in one transaction, with the submission version seen at preview time (a form saved in between is
   detected as a conflict).

Queries are fixed in number whatever the number of rows or indicators (see the tests).
"""

import datetime as dt
import re
import zipfile
from xml.etree import ElementTree
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

import openpyxl
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.entry import selectors

from indicators.entry import services
from indicators.models import Indicator, IndicatorValue, ReviewStatus, Submission
from indicators.catalogue.parsing import ValueParseError, value_parse
from indicators.entry.upload.resources import FINAL, PROVISIONAL, DepartmentTemplateResource, TemplateRow, default_is_final
from indicators.catalogue.validation import value_check

SHEET_TITLE = "指标填报"
INFO_TITLE = "说明"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_DATA_ROWS = 500
MAX_NOTE_CHARS = 2000
TOKEN_SALT = "indicators.entry.upload.workbook.preview"
TOKEN_MAX_AGE = 60 * 60  # seconds: a preview older than an hour must be uploaded again
_SPACES = " \t\r\n\u3000\u00a0"


class UploadError(Exception):
    """The whole upload is refused (not an .xlsx, too big, expired token …); ``message`` is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------------------------
# Reads: the department's indicators with their current and last approved values (fixed queries)
# ---------------------------------------------------------------------------------------------


def due_indicators(*, department, period) -> list[Indicator]:
    """Indicators the department reports that are due in ``period`` (annual ones only in Q4). One query."""
    return [i for i in selectors.indicators_of_department(department=department) if selectors.indicator_is_due(i, period)]


def period_values(*, indicator_ids, period) -> dict[tuple[int, bool], IndicatorValue]:
    """This period's stored figures keyed by (indicator id, is_final). One query."""
    rows = IndicatorValue.objects.filter(indicator_id__in=indicator_ids, period=period)
    return {(v.indicator_id, v.is_final): v for v in rows}


def template_rows(*, department, period) -> list[TemplateRow]:
    """The rows of the department's template for ``period`` (three queries)."""
    indicators = due_indicators(department=department, period=period)
    ids = [i.id for i in indicators]
    stored = period_values(indicator_ids=ids, period=period)
    last = selectors.values_latest_approved(indicator_ids=ids, period=period)
    return [
        TemplateRow(indicator=i, last_approved=last.get(i.id), current=_current(stored, i.id)) for i in indicators
    ]


def _current(stored, indicator_id: int) -> IndicatorValue | None:
    """The figure that counts for the period: 正式 when there is one, else 初步 (as the entry form)."""
    return selectors.value_current(stored.get((indicator_id, False)), stored.get((indicator_id, True)))


# ---------------------------------------------------------------------------------------------
# Download
# ---------------------------------------------------------------------------------------------

_GREY = PatternFill("solid", start_color="EDEDED", end_color="EDEDED")
_HEADER_FILL = PatternFill("solid", start_color="D9E2F3", end_color="D9E2F3")
_INPUT_HEADER_FILL = PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC")


def template_workbook(*, department, period) -> bytes:
    """The .xlsx template for (department, period) as bytes; layout in the module docstring."""
    dataset = DepartmentTemplateResource().export(template_rows(department=department, period=period))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(dataset.headers)
    for row in dataset:
        sheet.append(list(row))
    _no_formulas(sheet)
    _style_sheet(sheet, len(dataset))
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


def _style_sheet(sheet, n_rows: int) -> None:
    """Header bold and frozen, reference columns grey, 数据类型 drop-down, widths fit for Chinese."""
    order = DepartmentTemplateResource.Meta.export_order
    for col, name in enumerate(order, start=1):
        header = sheet.cell(row=1, column=col)
        header.font = Font(bold=True)
        header.fill = _INPUT_HEADER_FILL if name in DepartmentTemplateResource.INPUT else _HEADER_FILL
        for r in range(2, n_rows + 2):
            cell = sheet.cell(row=r, column=col)
            cell.alignment = Alignment(vertical="top", wrap_text=name in ("name", "note"))
            if name in DepartmentTemplateResource.REFERENCE:
                cell.fill = _GREY
        sheet.column_dimensions[get_column_letter(col)].width = _width(sheet, col)
    sheet.freeze_panes = "A2"
    _data_type_dropdown(sheet, order.index("data_type") + 1, n_rows)


def _width(sheet, col: int) -> float:
    """Column width in Excel units: CJK characters count double; 8–40."""
    longest = 0
    for (cell,) in sheet.iter_rows(min_col=col, max_col=col):
        text = "" if cell.value is None else str(cell.value)
        longest = max(longest, sum(2 if ord(ch) > 0x2E7F else 1 for ch in text))
    return float(min(max(longest + 2, 8), 40))


def _data_type_dropdown(sheet, col: int, n_rows: int) -> None:
    letter = get_column_letter(col)
    choice = DataValidation(
        type="list", formula1=f'"{PROVISIONAL},{FINAL}"', allow_blank=True, showErrorMessage=True,
        errorTitle=str(_("数据类型")), error=str(_("请选择“初步”或“正式”")),
    )
    sheet.add_data_validation(choice)
    choice.add(f"{letter}2:{letter}{max(n_rows + 1, 2)}")


def _info_sheet(sheet, department, period) -> None:
    """单位代码 and 报告期 (checked on upload) and the rules, in Chinese."""
    lines = [
        (_("单位代码"), department.code), (_("单位名称"), department.name), (_("报告期"), period.label),
        ("", ""),
        (_("填写说明"), _("第1行为表头,请勿修改、增删或移动列;灰色列仅供参考,导入时不读取。")),
        ("", _("“本期数值”只填数字,如 97.5 或 1,595;百分比指标可带“%”;不要填写“约”“万”等文字。")),
        ("", _("“数据类型”选择“初步”或“正式”(留空时:季度指标按正式,年度指标按初步);"
               "尚未审核通过的数据可在初步和正式之间改动,改的是同一条记录;"
               "初步数据审核通过后即保留,之后报送的正式数据另增一条,两者都保留。")),
        ("", _("本期数值留空的行不导入;已审核通过或已提交待审核的数值不能通过导入修改"
               "(已提交的请先在填报页面“撤回修改”)。")),
        ("", _("上传后先显示预览,确认后才保存。")),
    ]
    for label, text in lines:
        sheet.append([str(label), str(text)])
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 90


# ---------------------------------------------------------------------------------------------
# Upload step 1: read and preview
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellRead:
    """A cell as read: cached value (None for a formula without one), formula flag, number format."""

    value: object
    is_formula: bool = False
    number_format: str = "General"
    is_error: bool = False  # an Excel error value such as #DIV/0! or #REF!

    @property
    def blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip(_SPACES))


@dataclass
class RowOutcome:
    """What will happen to one data row. ``action``: new | change | same | skip | error."""

    row: int
    code: str
    indicator: Indicator | None = None
    value: Decimal | None = None
    is_final: bool = False
    note: str = ""
    old: IndicatorValue | None = None
    action: str = "error"
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column header, Chinese message)
    warnings: list[str] = field(default_factory=list)

    ACTION_LABELS = {
        "new": gettext_lazy("新增"), "change": gettext_lazy("修改"), "same": gettext_lazy("无变化"),
        "skip": gettext_lazy("未填写"), "error": gettext_lazy("错误"),
    }

    @property
    def value_display(self) -> str:
        return "—" if self.value is None else _plain(self.value)

    @property
    def old_display(self) -> str:
        """The stored figure with its type, e.g. "97.5(初步)", or "—"."""
        if self.old is None or self.old.value is None:
            return "—"
        return f"{_plain(self.old.value)}({FINAL if self.old.is_final else PROVISIONAL})"

    # badge colours of portal.css: green new, blue change, grey unchanged/blank, red error
    STATUS_CLASSES = {
        "new": "status-achieved", "change": "status-on_track", "same": "status-no_data",
        "skip": "status-no_data", "error": "status-seriously_lagging",
    }

    @property
    def status_class(self) -> str:
        return self.STATUS_CLASSES[self.action]

    @property
    def action_label(self) -> str:
        return str(self.ACTION_LABELS[self.action])

    def error_messages(self) -> list[str]:
        return [_("第%(row)d行〔%(col)s〕:%(msg)s") % {"row": self.row, "col": col, "msg": msg} for col, msg in self.errors]


@dataclass
class UploadPreview:
    """The outcome of reading an upload; nothing of it is stored."""

    file_errors: list[str] = field(default_factory=list)
    rows: list[RowOutcome] = field(default_factory=list)
    not_in_file: list[Indicator] = field(default_factory=list)
    version: int | None = None

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(r.errors for r in self.rows)

    @property
    def changes(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.action in ("new", "change")]

    def error_messages(self) -> list[str]:
        return self.file_errors + [m for r in self.rows for m in r.error_messages()]

    def counts(self) -> dict[str, int]:
        return {key: sum(r.action == key for r in self.rows) for key in RowOutcome.ACTION_LABELS}


def upload_preview(*, file, department, period) -> UploadPreview:
    """Read an uploaded template for (department, period) and say what confirming would do.

    ``file``: an uploaded file (``.name``, ``.size``, ``.read()``). File-level problems (not an .xlsx,
    headers not the template's, another department's or period's file) are ``file_errors`` and no
    row is read; row problems are errors of their row. Reads only.
    """
    if period.opens_on > timezone.localdate():
        return UploadPreview(file_errors=[_("%(period)s 将于 %(date)s 开放填报") % {"period": period, "date": period.opens_on}])
    try:
        headers, rows, info = workbook_read(file)
    except UploadError as exc:
        return UploadPreview(file_errors=[exc.message])
    file_errors = _header_errors(headers) + _unnamed_errors(rows) + _info_errors(info, department, period)
    if file_errors:
        return UploadPreview(file_errors=file_errors)
    return _rows_preview(rows, department, period)


def workbook_read(file) -> tuple[list[str], list[tuple[int, dict[str, CellRead]]], dict[str, str]]:
    """(header texts of row 1, [(Excel row number, {header: CellRead})] of non-blank rows, 说明 sheet
    as {label: value}). Raises UploadError when the file is not a readable .xlsx or is too large."""
    data = _file_bytes(file)
    values_book = _open(data, data_only=True)
    try:
        formula_book = _open(data, data_only=False)
        try:
            values, formulas = _data_sheet(values_book), _data_sheet(formula_book)
            headers, rows = _sheet_rows(values.iter_rows(), formulas.iter_rows())
            return headers, rows, _info_read(values_book)
        finally:
            formula_book.close()
    except _BROKEN:
        raise UploadError(str(_CORRUPT)) from None
    finally:
        values_book.close()


def _file_bytes(file) -> bytes:
    if file.size > MAX_UPLOAD_BYTES:
        raise UploadError(_("文件过大(%(mb).1f MB),最大 %(max)d MB") % {
            "mb": file.size / 1024 / 1024, "max": MAX_UPLOAD_BYTES // 1024 // 1024})
    data = file.read()
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise UploadError(_("该文件是旧版Excel(.xls)格式或已加密,请在Excel中“另存为”不加密的 .xlsx 文件后再上传"))
    if data[:2] != b"PK":
        raise UploadError(_("无法读取“%(name)s”:请上传从本系统下载的 .xlsx 模板文件") % {"name": file.name})
    return data


# What openpyxl raises on a damaged or foreign file (while opening or while streaming the sheet XML).
_BROKEN = (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError, AttributeError,
           IndexError, EOFError, ElementTree.ParseError)
_CORRUPT = gettext_lazy("文件已损坏或不是 .xlsx 格式,请重新下载模板填写后上传")


def _open(data: bytes, *, data_only: bool):
    try:
        return openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=data_only)
    except _BROKEN:
        raise UploadError(str(_CORRUPT)) from None


def _data_sheet(book):
    return book[SHEET_TITLE] if SHEET_TITLE in book.sheetnames else book.worksheets[0]


def _sheet_rows(value_rows, formula_rows):
    """Header texts and the non-blank data rows; a formula is known from the formula workbook."""
    header_cells = next(value_rows, ())
    next(formula_rows, None)
    headers = ["" if c.value is None or not str(c.value).strip(_SPACES) else str(c.value) for c in header_cells]
    rows = []
    for row_no, (cells, fcells) in enumerate(zip(value_rows, formula_rows), start=2):
        read = _row_read(headers, cells, fcells)
        if read is not None:
            rows.append((row_no, read))
        if len(rows) > MAX_DATA_ROWS:
            raise UploadError(_("数据行过多(超过%(n)d行),请使用本单位的模板") % {"n": MAX_DATA_ROWS})
    return headers, rows


def _row_read(headers, cells, fcells) -> dict[str, CellRead] | None:
    """{header: CellRead} of one row, or None for a blank row (all cells empty)."""
    cells, fcells = list(cells), list(fcells)
    read = {}
    for index, cell in enumerate(cells):
        formula = index < len(fcells) and fcells[index].data_type == "f"
        number_format = getattr(cell, "number_format", None) or "General"
        item = CellRead(value=cell.value, is_formula=formula, number_format=number_format, is_error=cell.data_type == "e")
        if not item.blank or formula:
            key = headers[index] if index < len(headers) else ""
            read[key or f"#{index + 1}"] = item
    return read or None


def _info_read(book) -> dict[str, str]:
    if INFO_TITLE not in book.sheetnames:
        return {}
    info = {}
    for row in book[INFO_TITLE].iter_rows(max_col=2, values_only=True):
        if row and row[0] not in (None, ""):
            info[str(row[0]).strip()] = "" if len(row) < 2 or row[1] is None else str(row[1]).strip()
    return info


_BRACKETS = re.compile(r"[\s\u3000()（）\[\]【】〔〕［］<>《》「」]")


def _header_errors(headers: list[str]) -> list[str]:
    """Unknown, missing and duplicate columns (exact header texts), with a hint for near misses."""
    expected = list(DepartmentTemplateResource.headers().values())
    present = [h for h in headers if h != ""]
    errors = []
    for header in sorted({h for h in present if present.count(h) > 1}):
        errors.append(_("表头“%(h)s”出现了多次") % {"h": header})
    near = {_BRACKETS.sub("", h): h for h in expected}
    for index, header in enumerate(headers, start=1):
        if header and header not in expected:
            hint = near.get(_BRACKETS.sub("", header))
            errors.append(_unknown_column(index, header, hint))
    for header in expected:
        if header not in present:
            errors.append(_("缺少列“%(h)s”") % {"h": header})
    return errors


def _unnamed_errors(rows) -> list[str]:
    """Data in a column without a header is not read: refuse the file rather than drop it silently."""
    columns = sorted({int(key[1:]) for _row, cells in rows for key in cells if key.startswith("#")})
    return [_("第%(col)s列没有表头却填写了内容") % {"col": get_column_letter(c)} for c in columns]


def _unknown_column(index: int, header: str, hint: str | None) -> str:
    text = _("第%(col)s列表头“%(h)s”不是模板中的列") % {"col": get_column_letter(index), "h": header}
    if hint:
        text += _("(与“%(hint)s”相近:请检查空格、括号或全角字符)") % {"hint": hint}
    return text


def _info_errors(info: dict[str, str], department, period) -> list[str]:
    """A 说明 sheet naming another department or period → refused (the file is not for this form)."""
    errors = []
    code, label = info.get(str(_("单位代码"))), info.get(str(_("报告期")))
    if code and code != department.code:
        errors.append(_("该文件是单位“%(code)s”的模板,不能导入%(dept)s的填报表") % {"code": code, "dept": department.name})
    if label and label != period.label:
        errors.append(_("该文件是%(label)s的模板,不能导入%(period)s") % {"label": label, "period": period})
    return errors


@dataclass
class _Context:
    """What row parsing compares against, loaded with a fixed number of queries."""

    department: object
    period: object
    by_code: dict[str, Indicator]
    stored: dict[tuple[int, bool], IndicatorValue]
    last: dict[int, IndicatorValue]
    columns: dict[str, str]


def _rows_preview(rows, department, period) -> UploadPreview:
    columns = DepartmentTemplateResource.headers()
    codes = {_code_text(cells.get(columns["code"])) for _row, cells in rows} - {""}
    by_code = {
        i.code.upper(): i
        for i in Indicator.objects.filter(Q(code__in=codes) | Q(reporting_department=department))
        .select_related("reporting_department")
    }
    own_ids = [i.id for i in by_code.values() if i.reporting_department_id == department.id]
    ctx = _Context(
        department=department, period=period, by_code=by_code, columns=columns,
        stored=period_values(indicator_ids=own_ids, period=period),
        last=selectors.values_latest_approved(indicator_ids=own_ids, period=period),
    )
    outcomes = [_row_outcome(row_no, cells, ctx) for row_no, cells in rows]
    _flag_duplicates(outcomes, columns["code"])
    seen = {o.indicator.id for o in outcomes if o.indicator}
    due = [i for i in by_code.values() if i.id in own_ids and selectors.indicator_is_due(i, period)]
    not_in_file = sorted((i for i in due if i.id not in seen), key=lambda i: i.code)
    version = Submission.objects.filter(department=department, period=period).values_list("version", flat=True).first()
    return UploadPreview(rows=outcomes, not_in_file=not_in_file, version=version)


_FULL_WIDTH = {ord("０") + i: ord("0") + i for i in range(10)}
_FULL_WIDTH.update({ord("Ａ") + i: ord("A") + i for i in range(26)})
_FULL_WIDTH.update({ord("ａ") + i: ord("a") + i for i in range(26)})
_FULL_WIDTH.update({ord("－"): "-"})


def _code_text(cell: CellRead | None) -> str:
    if cell is None or cell.value is None:
        return ""
    return str(cell.value).translate(_FULL_WIDTH).strip(_SPACES).upper()


def _row_outcome(row_no: int, cells: dict[str, CellRead], ctx: _Context) -> RowOutcome:
    out = RowOutcome(row=row_no, code=_code_text(cells.get(ctx.columns["code"])))
    out.indicator = _row_indicator(out, ctx)
    if out.indicator is None:
        return out
    out.is_final = _row_data_type(out, cells.get(ctx.columns["data_type"]), ctx.columns["data_type"])
    if out.is_final is None:
        out.is_final = default_is_final(out.indicator)
    out.note = _row_note(out, cells.get(ctx.columns["note"]), ctx.columns["note"])
    out.value = _row_value(out, cells.get(ctx.columns["value"]), ctx)
    out.action = _row_action(out, cells.get(ctx.columns["value"]), ctx)
    return out


def _row_indicator(out: RowOutcome, ctx: _Context) -> Indicator | None:
    """The row's indicator, or None with an error: no code, unknown code, another department's."""
    column = ctx.columns["code"]
    indicator = ctx.by_code.get(out.code)
    if not out.code:
        out.errors.append((column, _("缺少指标代码")))
    elif indicator is None:
        out.errors.append((column, _("未知的指标代码“%(code)s”") % {"code": out.code}))
    elif indicator.reporting_department_id != ctx.department.id:
        out.errors.append((column, _("指标“%(code)s %(name)s”由%(owner)s填报,不属于%(dept)s,不能导入") % {
            "code": indicator.code, "name": indicator.name,
            "owner": indicator.reporting_department.name, "dept": ctx.department.name}))
    elif not selectors.indicator_is_due(indicator, ctx.period):
        out.errors.append((column, _("“%(code)s %(name)s”是年度指标,只在第四季度填报") % {
            "code": indicator.code, "name": indicator.name}))
    else:
        return indicator
    return None


def _row_data_type(out: RowOutcome, cell: CellRead | None, column: str) -> bool | None:
    """初步 → False, 正式 → True; blank → None (the caller applies ``default_is_final``)."""
    text = "" if cell is None or cell.value is None else str(cell.value).strip(_SPACES)
    if text == "":
        return None
    if text == str(PROVISIONAL):
        return False
    if text == str(FINAL):
        return True
    out.errors.append((column, _("只能填写“初步”或“正式”,填写的是“%(v)s”") % {"v": text}))
    return False


def _row_note(out: RowOutcome, cell: CellRead | None, column: str) -> str:
    if cell is not None and cell.is_formula and cell.value is None:
        out.errors.append((column, _("单元格是公式但没有已计算的结果,请直接填写文字")))
    if cell is None or cell.value is None:
        return ""
    note = str(cell.value).strip(_SPACES)
    if len(note) > MAX_NOTE_CHARS:
        out.errors.append((column, _("备注过长(%(n)d字),最多%(max)d字") % {"n": len(note), "max": MAX_NOTE_CHARS}))
    return note


def _row_value(out: RowOutcome, cell: CellRead | None, ctx: _Context) -> Decimal | None:
    """Parse and check the value; errors and warnings land on the row."""
    column, indicator = ctx.columns["value"], out.indicator
    if cell is not None and cell.is_formula and cell.value is None:
        out.errors.append((column, _("单元格是公式但没有已计算的结果(文件可能未在Excel中保存过),请填写数值或在Excel中重新计算后保存")))
        return None
    try:
        value = _cell_number(cell, indicator)
    except ValueParseError as exc:
        out.errors.append((column, exc.message))
        return None
    if value is None:
        return None
    last = ctx.last.get(indicator.id)
    check = value_check(indicator=indicator, value=value, last_approved=last.value if last else None)
    out.errors += [(column, message) for message in check.errors]
    out.warnings += check.warnings
    return value


def cell_percent_formatted(number_format: str) -> bool:
    """True when Excel scales the number by 100 for display: a % outside quotes and not escaped."""
    unquoted = re.sub(r'"[^"]*"|\\.', "", number_format or "")
    return "%" in unquoted


def _cell_number(cell: CellRead | None, indicator) -> Decimal | None:
    """A cell's figure in the indicator's unit: a percent-formatted number (0.975 shown as 97.5%)
    counts as displayed (97.5) and only on a percent indicator; text goes through value_parse."""
    if cell is None:
        return None
    raw = cell.value
    if cell.is_error:
        raise ValueParseError(_("单元格显示Excel错误“%(v)s”,请检查公式或直接填写数值") % {"v": raw})
    if isinstance(raw, (dt.date, dt.time, dt.timedelta)):
        raise ValueParseError(_("单元格被Excel识别为日期或时间,请把单元格改为常规格式后填写数值"))
    scaled = isinstance(raw, (int, float)) and not isinstance(raw, bool) and cell_percent_formatted(cell.number_format)
    if not scaled:
        return value_parse(raw, indicator=indicator)
    shown = Decimal(str(raw)) * 100
    if indicator.unit != "%":
        raise ValueParseError(_("单元格为百分比格式(显示为%(v)s%%),但该指标单位是“%(unit)s”,请改为常规格式后填写数值") % {
            "v": _plain(shown), "unit": indicator.unit or _("无单位")})
    return value_parse(shown, indicator=indicator)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _row_action(out: RowOutcome, cell: CellRead | None, ctx: _Context) -> str:
    """new | change | same | skip | error against the period's stored figure — the same rules as
    ``services.values_save``: 正式 after an approved 初步 is a new row (both kept); an approved figure
    (or a public one) is locked; 初步 cannot replace an existing 正式 alongside a 初步."""
    provisional, final = ctx.stored.get((out.indicator.id, False)), ctx.stored.get((out.indicator.id, True))
    out.old = old = selectors.value_current(provisional, final)
    if out.errors:
        return "error"
    if out.value is None:
        if out.note:
            out.warnings.append(_("本期数值为空,该行(包括备注)不导入"))
        return "skip"
    if old is None or (out.is_final and final is None and provisional.status == ReviewStatus.APPROVED):
        return "new"
    if not out.is_final and final is not None and provisional is not None:
        return _row_refuse(out, ctx, _("本期已有正式数据,不能再导入初步数据"))
    if (old.value, old.is_final, old.note) == (out.value, out.is_final, out.note):
        return "same"
    if old.status == ReviewStatus.APPROVED or old.submission_id is None:
        return _row_refuse(out, ctx, _("本期数值已审核通过并锁定,如需修改请联系督查员重新打开"))
    return "change" if old.value is not None else "new"


def _row_refuse(out: RowOutcome, ctx: _Context, message: str) -> str:
    out.errors.append((ctx.columns["value"], message))
    return "error"


def _flag_duplicates(outcomes: list[RowOutcome], column: str) -> None:
    """Two rows for the same indicator (the file is one period) → an error on each of them."""
    rows_of: dict[int, list[int]] = {}
    for out in outcomes:
        if out.indicator is not None:
            rows_of.setdefault(out.indicator.id, []).append(out.row)
    for out in outcomes:
        others = [r for r in rows_of.get(out.indicator.id if out.indicator else -1, []) if r != out.row]
        if others:
            out.errors.append((column, _("与第%(rows)s行重复:同一指标同一报告期只能填写一行") % {
                "rows": "、".join(map(str, others))}))
            out.action = "error"


# ---------------------------------------------------------------------------------------------
# Upload step 2: the signed token and the confirm
# ---------------------------------------------------------------------------------------------


def preview_token(*, preview: UploadPreview, user, department, period) -> str:
    """The preview's changes, signed and bound to user, department, period and the version seen."""
    entries = [[r.indicator.id, str(r.value), r.is_final, r.note] for r in preview.changes]
    payload = {"u": user.pk, "d": department.pk, "p": period.pk, "v": preview.version, "e": entries}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def token_read(*, token: str, user, department, period) -> dict:
    """The payload of a token made for this user, department and period, at most an hour old."""
    try:
        payload = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise UploadError(_("预览已超过1小时,请重新上传文件")) from None
    except signing.BadSignature:
        raise UploadError(_("预览数据无效,请重新上传文件")) from None
    if (payload.get("u"), payload.get("d"), payload.get("p")) != (user.pk, department.pk, period.pk):
        raise UploadError(_("预览数据与当前填报表不符,请重新上传文件"))
    return payload


@transaction.atomic
def upload_confirm(*, token: str, user, department, period) -> int:
    """Save the previewed changes through ``services.values_save`` (origin "upload"), all or nothing.

    Returns the number of values saved. Raises UploadError for a bad or stale token; whatever
    ``values_save`` raises (version conflict, locked value …) propagates and rolls everything back.
    """
    payload = token_read(token=token, user=user, department=department, period=period)
    if not payload["e"]:
        raise UploadError(_("没有需要导入的变化"))
    submission = services.submission_get_or_create(department=department, period=period)
    expected = payload["v"] if payload["v"] is not None else Submission._meta.get_field("version").default
    entries = [
        services.ValueEntry(indicator_id=i, value=Decimal(v), is_final=f, note=n) for i, v, f, n in payload["e"]
    ]
    services.values_save(
        submission=submission, user=user, entries=entries, expected_version=expected, origin="upload"
    )
    return len(entries)
