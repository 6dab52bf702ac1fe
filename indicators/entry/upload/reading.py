"""Reading an uploaded .xlsx: the header row, the data rows as cells (cached value, formula flag, number
format) and the 说明 sheet, and the file-level checks (headers, department, period).

Nothing is parsed before ``guard.workbook_guard`` has checked the file's sizes and declared dimensions, and the
read stays within the guard's row and column caps and time budget (any file is answered within 2 seconds)."""

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from xml.etree import ElementTree

import openpyxl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from indicators.catalogue.periods import period_name, period_parse
from indicators.entry.upload.common import (
    INFO_TITLE,
    MAX_DATA_ROWS,
    MAX_UPLOAD_BYTES,
    MILESTONE_TITLE,
    SHEET_TITLE,
    UploadError,
)
from indicators.entry.upload.guard import MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, Deadline, workbook_guard
from indicators.entry.upload.resources import DepartmentTemplateResource, in_every_language
from tasks.common.text import SPACES


@dataclass(frozen=True)
class CellRead:
    """A cell as read: cached value (None for a formula without one), formula flag, number format."""

    value: object
    is_formula: bool = False
    number_format: str = "General"
    is_error: bool = False  # an Excel error value such as #DIV/0! or #REF!

    @property
    def blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip(SPACES))


@dataclass(frozen=True)
class WorkbookRead:
    """An uploaded template as read: each sheet's header texts of row 1 and its non-blank rows as
    [(Excel row number, {header: CellRead})]; the 节点进展 sheet's are empty when the file has none."""

    headers: list[str]
    rows: list
    info: dict[str, str]
    milestone_headers: list[str]
    milestone_rows: list


def workbook_read(file) -> tuple[list[str], list[tuple[int, dict[str, CellRead]]], dict[str, str]]:
    """(header texts of row 1, [(Excel row number, {header: CellRead})] of non-blank rows, 说明 sheet
    as {label: value}). Raises UploadError when the file is not a readable .xlsx or is too large."""
    read = workbook_contents(file)
    return read.headers, read.rows, read.info


def workbook_contents(file) -> WorkbookRead:
    """The figures sheet, the 节点进展 sheet and the 说明 sheet of an upload (see ``WorkbookRead``).
    Raises UploadError when the file is not a readable .xlsx or is too large."""
    data = _file_bytes(file)
    deadline = Deadline()
    workbook_guard(data, deadline)  # sizes, declared dimensions, content beyond the caps: before openpyxl
    values_book = _open(data, data_only=True)
    try:
        deadline.check()
        formula_book = _open(data, data_only=False)
        try:
            values, formulas = _data_sheet(values_book), _data_sheet(formula_book)
            headers, rows = _sheet_rows(_bounded(values), _bounded(formulas), deadline)
            m_headers, m_rows = [], []
            if MILESTONE_TITLE in values_book.sheetnames:
                sheets = values_book[MILESTONE_TITLE], formula_book[MILESTONE_TITLE]
                m_headers, m_rows = _sheet_rows(_bounded(sheets[0]), _bounded(sheets[1]), deadline)
            return WorkbookRead(headers, rows, _info_read(values_book), m_headers, m_rows)
        finally:
            formula_book.close()
    except _BROKEN:
        raise UploadError(str(_CORRUPT)) from None
    finally:
        values_book.close()


def _file_bytes(file) -> bytes:
    if file.size > MAX_UPLOAD_BYTES:
        raise UploadError(
            _("文件过大(%(mb).1f MB),最大 %(max)d MB")
            % {"mb": file.size / 1024 / 1024, "max": MAX_UPLOAD_BYTES // 1024 // 1024}
        )
    data = file.read()
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise UploadError(_("该文件是旧版Excel(.xls)格式或已加密,请在Excel中“另存为”不加密的 .xlsx 文件后再上传"))
    if data[:2] != b"PK":
        raise UploadError(_("无法读取“%(name)s”:请上传从本系统下载的 .xlsx 模板文件") % {"name": file.name})
    return data


# What openpyxl raises on a damaged or foreign file (while opening or while streaming the sheet XML).
_BROKEN = (
    zipfile.BadZipFile,
    InvalidFileException,
    KeyError,
    OSError,
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
    EOFError,
    ElementTree.ParseError,
)
_CORRUPT = gettext_lazy("文件已损坏或不是 .xlsx 格式,请重新下载模板填写后上传")


def _open(data: bytes, *, data_only: bool):
    try:
        return openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=data_only)
    except _BROKEN:
        raise UploadError(str(_CORRUPT)) from None


def _data_sheet(book):
    return book[SHEET_TITLE] if SHEET_TITLE in book.sheetnames else book.worksheets[0]


def _bounded(sheet):
    """The sheet's rows up to the caps of ``guard`` (which has refused any content beyond them)."""
    return sheet.iter_rows(max_row=MAX_SHEET_ROWS, max_col=MAX_SHEET_COLUMNS)


def _sheet_rows(value_rows, formula_rows, deadline: Deadline):
    """Header texts and the non-blank data rows; a formula is known from the formula workbook."""
    header_cells = next(value_rows, ())
    next(formula_rows, None)
    headers = ["" if c.value is None or not str(c.value).strip(SPACES) else str(c.value) for c in header_cells]
    rows = []
    for row_no, (cells, fcells) in enumerate(zip(value_rows, formula_rows, strict=True), start=2):
        deadline.check()
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
        item = CellRead(
            value=cell.value, is_formula=formula, number_format=number_format, is_error=cell.data_type == "e"
        )
        if not item.blank or formula:
            key = headers[index] if index < len(headers) else ""
            read[key or f"#{index + 1}"] = item
    return read or None


def _info_read(book) -> dict[str, str]:
    if INFO_TITLE not in book.sheetnames:
        return {}
    info = {}
    for row in book[INFO_TITLE].iter_rows(max_row=MAX_SHEET_ROWS, max_col=2, values_only=True):
        if row and row[0] not in (None, ""):
            info[str(row[0]).strip()] = "" if len(row) < 2 or row[1] is None else str(row[1]).strip()
    return info


def cell_percent_formatted(number_format: str) -> bool:
    """True when Excel scales the number by 100 for display: a % outside quotes and not escaped."""
    unquoted = re.sub(r'"[^"]*"|\\.', "", number_format or "")
    return "%" in unquoted


_BRACKETS = re.compile(r"[\s\u3000()（）\[\]【】〔〕［］<>《》「」]")


def header_errors(headers: list[str], resource=DepartmentTemplateResource, sheet: str = "") -> list[str]:
    """Unknown, missing and duplicate columns, with a hint for near misses. A header is recognised in any
    language of the portal (``resource.column_keys``); messages name it in the active one."""
    keys, shown = resource.column_keys(), resource.headers()
    present = [keys[h] for h in headers if h in keys]
    prefix = _("“%(sheet)s”表：") % {"sheet": sheet} if sheet else ""
    errors = []
    for name in sorted({k for k in present if present.count(k) > 1}, key=list(shown).index):
        errors.append(prefix + _("表头“%(h)s”出现了多次") % {"h": shown[name]})
    near = {_BRACKETS.sub("", text): shown[name] for text, name in keys.items()}
    for index, header in enumerate(headers, start=1):
        if header and header not in keys:
            errors.append(prefix + _unknown_column(index, header, near.get(_BRACKETS.sub("", header))))
    for name, header in shown.items():
        if name not in present and name not in getattr(resource, "OPTIONAL", ()):
            errors.append(prefix + _("缺少列“%(h)s”") % {"h": header})
    return errors


def rows_keyed(headers: list[str], rows, resource=DepartmentTemplateResource):
    """The rows with their cells keyed by field name (``code``, ``value`` …) instead of header text."""
    keys = resource.column_keys()
    return [(row_no, {keys.get(h, h): cell for h, cell in cells.items()}) for row_no, cells in rows]


def unnamed_errors(rows) -> list[str]:
    """Data in a column without a header is not read: refuse the file rather than drop it silently."""
    columns = sorted({int(key[1:]) for _row, cells in rows for key in cells if key.startswith("#")})
    return [_("第%(col)s列没有表头却填写了内容") % {"col": get_column_letter(c)} for c in columns]


def _unknown_column(index: int, header: str, hint: str | None) -> str:
    text = _("第%(col)s列表头“%(h)s”不是模板中的列") % {"col": get_column_letter(index), "h": header}
    if hint:
        text += _("(与“%(hint)s”相近:请检查空格、括号或全角字符)") % {"hint": hint}
    return text


def _info_value(info: dict[str, str], label) -> str | None:
    """The 说明 sheet's value for ``label``, whatever the language the file was downloaded in."""
    return next((info[text] for text in in_every_language(label) if info.get(text)), None)


def info_errors(info: dict[str, str], department, period) -> list[str]:
    """A 说明 sheet naming another department or period → refused (the file is not for this form).
    The period reads as either 2026Q3 or 2026年第3季度 (``period_parse``)."""
    errors = []
    code, label = _info_value(info, gettext_lazy("单位代码")), _info_value(info, gettext_lazy("报告期"))
    if code and code != department.code:
        errors.append(
            _("该文件是单位“%(code)s”的模板,不能导入%(dept)s的填报表") % {"code": code, "dept": department.name}
        )
    parsed = period_parse(label) if label else None
    if label and parsed is None:
        errors.append(_("说明表中的报告期“%(label)s”无法识别，请重新下载模板") % {"label": label})
    elif parsed and parsed != (period.year, period.quarter):
        errors.append(
            _("该文件是%(file)s的模板，不能导入%(period)s的填报表")
            % {"file": period_name(*parsed), "period": period_name(period.year, period.quarter)}
        )
    return errors
