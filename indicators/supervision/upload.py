"""Importing an inspection-feedback list (督察反馈问题清单) from Excel: one order per row, like the figures'
upload (``indicators.entry.upload``): a template, a preview with every error by row and column and nothing saved,
then a confirm that issues every order in one transaction (all or nothing) from a signed token.

Columns (row 1; the template's): 问题编号, 督办事项, 存在问题, 整改要求, 牵头单位, 配合单位 (names separated by
、 or ，), 督办等级 (一般 / 重点 / 挂牌督办), 整改期限 (a date cell, 2026-12-31 or 2026年12月31日), 指标代码
(optional). Departments by full name, short name or code. The file is checked before it is parsed
(``indicators.entry.upload.guard``) and at most ``MAX_ROWS`` rows are read.
"""

import datetime as dt
import io
import re
from dataclasses import dataclass, field

import openpyxl
from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.entry.upload.common import UploadError
from indicators.entry.upload.guard import Deadline, workbook_guard
from indicators.models import Indicator, OrderSeverity, OrderSource
from indicators.supervision.services import OrderDraft, order_issue
from responsibilities.models import Department

COLUMNS = ("问题编号", "督办事项", "存在问题", "整改要求", "牵头单位", "配合单位", "督办等级", "整改期限", "指标代码")
REQUIRED = ("督办事项", "存在问题", "整改要求", "牵头单位", "整改期限")
SHEET = "问题清单"
MAX_ROWS = 300
MAX_BYTES = 2 * 1024 * 1024
TOKEN_SALT = "indicators.supervision.import"
TOKEN_MAX_AGE = 60 * 60
SEVERITIES = {str(label): value for value, label in OrderSeverity.choices}


@dataclass
class ImportRow:
    """One row as read: its number in the sheet, the order it would issue (None when it has errors), errors."""

    number: int
    cells: dict
    errors: list[str] = field(default_factory=list)
    draft: dict | None = None


@dataclass
class ImportPreview:
    rows: list[ImportRow]

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows if r.errors)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors


def template_workbook() -> bytes:
    """The empty 问题清单 template: the header row (required columns bold), a 督办等级 drop-down, a 说明 sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=cell.value in REQUIRED)
        cell.fill = PatternFill("solid", fgColor="D9E2F3")  # as the figures template's headers
        sheet.column_dimensions[cell.column_letter].width = 24 if cell.value in ("存在问题", "整改要求") else 14
    choices = DataValidation(type="list", formula1='"一般,重点,挂牌督办"', allow_blank=True)
    sheet.add_data_validation(choices)
    choices.add("G2:G500")
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("说明")
    for line in (
        "每行一个问题，导入后每行生成一份督办单（来源：督察反馈）。",
        "必填：督办事项、存在问题、整改要求、牵头单位、整改期限（日期，如2026-12-31）。",
        "牵头单位、配合单位填写单位全称、简称或代码；配合单位可填多个，用“、”分隔。",
        "督办等级：一般、重点或挂牌督办（不填为一般）；指标代码可不填。",
        "上传后先预览，逐行显示错误；全部无误后确认，一次全部导入（有错误时一行也不导入）。",
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 90
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", _text(value))
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


def _departments() -> dict[str, Department]:
    found = {}
    for d in Department.objects.filter(is_active=True):
        for key in (d.name, d.short_name, d.code):
            if key:
                found.setdefault(key, d)
    return found


def _read(data: bytes) -> list[tuple[int, dict]]:
    workbook_guard(data, Deadline())
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001  any damaged file is the same answer
        raise UploadError(_("文件已损坏或不是 .xlsx 格式，请下载模板填写后上传")) from None
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        rows = sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=len(COLUMNS) + 5, values_only=True)
        header = [_text(v) for v in next(rows, ())]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise UploadError(_("第1行缺少列：%(columns)s。请使用下载的模板。") % {"columns": "、".join(missing)})
        out = []
        for number, values in enumerate(rows, 2):
            cells = {name: values[i] if i < len(values) else None for i, name in enumerate(header) if name in COLUMNS}
            if any(_text(v) for v in cells.values()):
                out.append((number, cells))
        return out
    finally:
        book.close()


def import_preview(*, file, today: dt.date) -> ImportPreview:
    """Read and check every row (nothing saved). Raises UploadError for a file that cannot be read as a whole."""
    if file.size > MAX_BYTES:
        raise UploadError(_("文件过大，最大 %(mb)d MB。") % {"mb": MAX_BYTES // 1024 // 1024})
    data = file.read()
    if data[:2] != b"PK":
        raise UploadError(_("无法读取“%(name)s”：请上传 .xlsx 文件。") % {"name": file.name})
    departments = _departments()
    indicators = {i.code: i.pk for i in Indicator.objects.only("pk", "code")}
    rows = []
    for number, cells in _read(data):
        row = ImportRow(number, {k: _text(v) if k != "整改期限" else v for k, v in cells.items()})
        _row_check(row, cells, departments, indicators, today)
        rows.append(row)
    if not rows:
        raise UploadError(_("文件中没有问题行：请从第2行起逐行填写。"))
    return ImportPreview(rows)


def _row_check(row: ImportRow, cells: dict, departments: dict, indicators: dict, today: dt.date) -> None:
    def error(column: str, message: str) -> None:
        row.errors.append(
            _("第%(row)d行“%(column)s”：%(message)s") % {"row": row.number, "column": column, "message": message}
        )

    text = {name: _text(cells.get(name)) for name in COLUMNS}
    for name in REQUIRED:
        if name != "整改期限" and not text[name]:
            error(name, _("不能为空"))
    lead = departments.get(text["牵头单位"])
    if text["牵头单位"] and lead is None:
        error("牵头单位", _("没有名为“%(name)s”的单位") % {"name": text["牵头单位"]})
    support = []
    for name in filter(None, re.split(r"[、，,；;\s]+", text["配合单位"])):
        if name not in departments:
            error("配合单位", _("没有名为“%(name)s”的单位") % {"name": name})
        elif departments[name] != lead and departments[name].pk not in support:
            support.append(departments[name].pk)
    severity = SEVERITIES.get(text["督办等级"] or str(OrderSeverity.NORMAL.label))
    if severity is None:
        error("督办等级", _("须为一般、重点或挂牌督办"))
    deadline = _date(cells.get("整改期限"))
    if deadline is None:
        error(
            "整改期限",
            _("请填写日期，如2026-12-31")
            if not text["整改期限"]
            else _("“%(value)s”不是日期") % {"value": text["整改期限"]},
        )
    elif deadline < today:
        error("整改期限", _("不能早于今天"))
    indicator = indicators.get(text["指标代码"]) if text["指标代码"] else None
    if text["指标代码"] and indicator is None:
        error("指标代码", _("没有代码为“%(code)s”的指标") % {"code": text["指标代码"]})
    for name, limit in (("督办事项", 200), ("问题编号", 30)):
        if len(text[name]) > limit:
            error(name, _("不能超过%(n)d个字") % {"n": limit})
    if not row.errors:
        row.draft = {
            "inspection_item": text["问题编号"],
            "title": text["督办事项"],
            "problem": text["存在问题"],
            "requirement": text["整改要求"],
            "lead": lead.pk,
            "support": support,
            "severity": severity,
            "deadline": deadline.isoformat(),
            "indicator": indicator,
        }


def import_token(*, preview: ImportPreview, user, source_reference: str) -> str:
    """The previewed orders, signed and bound to the user (at most an hour valid)."""
    payload = {"u": user.pk, "ref": source_reference, "rows": [r.draft for r in preview.rows]}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


@transaction.atomic
def import_confirm(*, token: str, user, today: dt.date | None = None) -> list:
    """Issue every previewed order (source 督察反馈) in one transaction through ``services.order_issue``: all or
    nothing. Raises UploadError for a bad, expired or foreign token; the service's errors (PermissionDenied,
    ValidationError) roll everything back."""
    try:
        payload = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise UploadError(_("预览已超过1小时，请重新上传文件。")) from None
    except signing.BadSignature:
        raise UploadError(_("预览数据无效，请重新上传文件。")) from None
    if payload.get("u") != user.pk or not payload.get("rows") or None in payload["rows"]:
        raise UploadError(_("预览数据无效，请重新上传文件。"))
    departments = Department.objects.in_bulk(
        {r["lead"] for r in payload["rows"]} | {s for r in payload["rows"] for s in r["support"]}
    )
    indicators = Indicator.objects.select_related("task").in_bulk(
        {r["indicator"] for r in payload["rows"] if r["indicator"]}
    )
    orders = []
    for row in payload["rows"]:
        draft = OrderDraft(
            source=OrderSource.INSPECTION,
            source_reference=payload.get("ref", ""),
            inspection_item=row["inspection_item"],
            title=row["title"],
            problem=row["problem"],
            requirement=row["requirement"],
            lead_department=departments[row["lead"]],
            support_departments=tuple(departments[s] for s in row["support"]),
            severity=row["severity"],
            deadline=dt.date.fromisoformat(row["deadline"]),
            indicator=indicators.get(row["indicator"]),
        )
        orders.append(order_issue(draft=draft, user=user, today=today))
    return orders
