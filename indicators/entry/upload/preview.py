"""Upload step 1: what confirming would do, row by row (新增 / 修改 / 无变化 / 未填写 / 错误), every error by row
and column. Reads only: nothing is written and no job is enqueued."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.catalogue.parsing import ValueParseError, plain_number, value_parse
from indicators.catalogue.validation import value_check
from indicators.entry import selectors
from indicators.entry.upload.common import (
    ACTION_LABELS,
    MAX_NOTE_CHARS,
    MILESTONE_TITLE,
    STATUS_CLASSES,
    UploadError,
    period_values,
)
from indicators.entry.upload.milestones import MilestoneOutcome, milestones_preview
from indicators.entry.upload.reading import (  # noqa: F401 (cell_percent_formatted: re-exported)
    CellRead,
    cell_percent_formatted,
    header_errors,
    info_errors,
    rows_keyed,
    unnamed_errors,
    workbook_contents,
)
from indicators.entry.upload.resources import (
    FINAL,
    PROVISIONAL,
    DepartmentTemplateResource,
    MilestoneTemplateResource,
    choice_read,
)
from indicators.models import Indicator, IndicatorValue, ReviewStatus, Submission
from tasks.common.text import SPACES, text_fold
from tasks.common.validators import control_character_message


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

    ACTION_LABELS = ACTION_LABELS

    @property
    def value_display(self) -> str:
        return "—" if self.value is None else plain_number(self.value)

    @property
    def old_display(self) -> str:
        """The stored figure with its type, e.g. "97.5(初步)", or "—"."""
        if self.old is None or self.old.value is None:
            return "—"
        return f"{plain_number(self.old.value)}({FINAL if self.old.is_final else PROVISIONAL})"

    STATUS_CLASSES = STATUS_CLASSES

    @property
    def status_class(self) -> str:
        return self.STATUS_CLASSES[self.action]

    @property
    def action_label(self) -> str:
        return str(self.ACTION_LABELS[self.action])

    def error_messages(self) -> list[str]:
        return [
            _("第%(row)d行〔%(col)s〕:%(msg)s") % {"row": self.row, "col": col, "msg": msg} for col, msg in self.errors
        ]


@dataclass
class UploadPreview:
    """The outcome of reading an upload; nothing of it is stored."""

    file_errors: list[str] = field(default_factory=list)
    rows: list[RowOutcome] = field(default_factory=list)
    not_in_file: list[Indicator] = field(default_factory=list)
    version: int | None = None
    milestone_rows: list[MilestoneOutcome] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(r.errors for r in self.rows + self.milestone_rows)

    @property
    def changes(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.action in ("new", "change")]

    @property
    def milestone_changes(self) -> list[MilestoneOutcome]:
        return [r for r in self.milestone_rows if r.action in ("new", "change")]

    @property
    def change_count(self) -> int:
        """Figures and milestone reports that confirming would save."""
        return len(self.changes) + len(self.milestone_changes)

    def error_messages(self) -> list[str]:
        rows = self.rows + self.milestone_rows
        return self.file_errors + [m for r in rows for m in r.error_messages()]

    def counts(self) -> dict[str, int]:
        rows = self.rows + self.milestone_rows
        return {key: sum(r.action == key for r in rows) for key in RowOutcome.ACTION_LABELS}


def upload_preview(*, file, department, period) -> UploadPreview:
    """Read an uploaded template for (department, period) and say what confirming would do.

    ``file``: an uploaded file (``.name``, ``.size``, ``.read()``). File-level problems (not an .xlsx,
    headers not the template's, another department's or period's file) are ``file_errors`` and no
    row is read; row problems are errors of their row. Reads only.
    """
    if period.opens_on > timezone.localdate():
        return UploadPreview(
            file_errors=[_("%(period)s 将于 %(date)s 开放填报") % {"period": period, "date": period.opens_on}]
        )
    try:
        read = workbook_contents(file)
    except UploadError as exc:
        return UploadPreview(file_errors=[exc.message])
    file_errors = header_errors(read.headers) + unnamed_errors(read.rows)
    if read.milestone_headers:
        file_errors += header_errors(read.milestone_headers, MilestoneTemplateResource, sheet=MILESTONE_TITLE)
        file_errors += unnamed_errors(read.milestone_rows)
    file_errors += info_errors(read.info, department, period)
    if file_errors:
        return UploadPreview(file_errors=file_errors)
    preview = _rows_preview(rows_keyed(read.headers, read.rows), department, period)
    milestone_rows = rows_keyed(read.milestone_headers, read.milestone_rows, MilestoneTemplateResource)
    preview.milestone_rows = milestones_preview(milestone_rows, department=department, period=period)
    return preview


@dataclass
class _Context:
    """What row parsing compares against, loaded with a fixed number of queries."""

    department: object
    period: object
    by_code: dict[str, list[Indicator]]  # codes are unique within a plan only: one per plan
    stored: dict[tuple[int, bool], IndicatorValue]
    last: dict[int, IndicatorValue]
    columns: dict[str, str]


def _rows_preview(rows, department, period) -> UploadPreview:
    columns = DepartmentTemplateResource.headers()
    codes = {_code_text(cells.get("code")) for _row, cells in rows} - {""}
    found = list(
        Indicator.objects.filter(Q(code__in=codes) | Q(reporting_department=department))
        .select_related("reporting_department", "plan")
        .order_by("plan_id", "pk")
    )
    by_code: dict[str, list[Indicator]] = {}
    for i in found:
        by_code.setdefault(i.code.upper(), []).append(i)
    own_ids = [i.id for i in found if i.reporting_department_id == department.id]
    ctx = _Context(
        department=department,
        period=period,
        by_code=by_code,
        columns=columns,
        stored=period_values(indicator_ids=own_ids, period=period),
        last=selectors.values_latest_approved(indicator_ids=own_ids, period=period),
    )
    outcomes = [_row_outcome(row_no, cells, ctx) for row_no, cells in rows]
    _flag_duplicates(outcomes, columns["code"])
    seen = {o.indicator.id for o in outcomes if o.indicator}
    due = [i for i in found if i.id in own_ids and selectors.indicator_is_due(i, period)]
    not_in_file = sorted((i for i in due if i.id not in seen), key=lambda i: i.code)
    version = Submission.objects.filter(department=department, period=period).values_list("version", flat=True).first()
    return UploadPreview(rows=outcomes, not_in_file=not_in_file, version=version)


def _code_text(cell: CellRead | None) -> str:
    if cell is None or cell.value is None:
        return ""
    return text_fold(str(cell.value)).upper()


def _row_outcome(row_no: int, cells: dict[str, CellRead], ctx: _Context) -> RowOutcome:
    out = RowOutcome(row=row_no, code=_code_text(cells.get("code")))
    plan_cell = cells.get("plan")
    plan_code = "" if plan_cell is None or plan_cell.value is None else text_fold(str(plan_cell.value)).strip()
    out.indicator = _row_indicator(out, ctx, plan_code)
    if out.indicator is None:
        return out
    out.is_final = _row_data_type(out, cells.get("data_type"), ctx.columns["data_type"])
    if out.is_final is None:  # blank: the entry form's and the API's default (the stored figure keeps its type)
        stored = ctx.stored
        out.is_final = selectors.is_final_default(
            out.indicator, stored.get((out.indicator.id, False)), stored.get((out.indicator.id, True))
        )
    out.note = _row_note(out, cells.get("note"), ctx.columns["note"])
    out.value = _row_value(out, cells.get("value"), ctx)
    out.action = _row_action(out, cells.get("value"), ctx)
    return out


def _row_indicator(out: RowOutcome, ctx: _Context, plan_code: str = "") -> Indicator | None:
    """The row's indicator, or None with an error: no code, unknown code (in the plan of 规划代码, when the row
    names one), a code the department reports in several plans without 规划代码, another department's.

    Indicator codes are unique within a plan only (issue 11): a code is resolved in the row's plan, else among
    the department's own indicators, never by the code alone across plans."""
    column = ctx.columns["code"]
    candidates = ctx.by_code.get(out.code, [])
    if plan_code:
        candidates = [i for i in candidates if i.plan.code.upper() == plan_code.upper()]
    own = [i for i in candidates if i.reporting_department_id == ctx.department.id]
    indicator = own[0] if len(own) == 1 else (candidates[0] if candidates and not own else None)
    if not out.code:
        out.errors.append((column, _("缺少指标代码")))
    elif len(own) > 1:
        out.errors.append(
            (
                column,
                _("指标代码“%(code)s”在多个规划(%(plans)s)中都由本单位填报,请在“规划代码”列注明规划")
                % {"code": out.code, "plans": "、".join(i.plan.code for i in own)},
            )
        )
    elif indicator is None and plan_code:
        out.errors.append((column, _("规划“%(plan)s”中没有指标代码“%(code)s”") % {"plan": plan_code, "code": out.code}))
    elif indicator is None:
        out.errors.append((column, _("未知的指标代码“%(code)s”") % {"code": out.code}))
    elif indicator.reporting_department_id != ctx.department.id:
        out.errors.append(
            (
                column,
                _("指标“%(code)s %(name)s”由%(owner)s填报,不属于%(dept)s,不能导入")
                % {
                    "code": indicator.code,
                    "name": indicator.name,
                    "owner": indicator.reporting_department.name,
                    "dept": ctx.department.name,
                },
            )
        )
    elif not selectors.indicator_is_due(indicator, ctx.period):
        out.errors.append(
            (
                column,
                _("“%(code)s %(name)s”是年度指标,只在第四季度填报") % {"code": indicator.code, "name": indicator.name},
            )
        )
    else:
        return indicator
    return None


def _row_data_type(out: RowOutcome, cell: CellRead | None, column: str) -> bool | None:
    """初步 → False, 正式 → True; blank → None (the caller applies ``default_is_final``)."""
    text = "" if cell is None or cell.value is None else str(cell.value).strip(SPACES)
    if text == "":
        return None
    final = choice_read(text, {False: PROVISIONAL, True: FINAL})  # either language of the portal
    if final is not None:
        return final
    out.errors.append((column, _("只能填写“初步”或“正式”,填写的是“%(v)s”") % {"v": text}))
    return False


def _row_note(out: RowOutcome, cell: CellRead | None, column: str) -> str:
    if cell is not None and cell.is_formula and cell.value is None:
        out.errors.append((column, _("单元格是公式但没有已计算的结果,请直接填写文字")))
    if cell is None or cell.value is None:
        return ""
    note = str(cell.value).strip(SPACES)
    if len(note) > MAX_NOTE_CHARS:
        out.errors.append((column, _("备注过长(%(n)d字),最多%(max)d字") % {"n": len(note), "max": MAX_NOTE_CHARS}))
    invisible = control_character_message(note)
    if invisible:
        out.errors.append((column, _("备注%(message)s") % {"message": invisible}))
    return note


def _row_value(out: RowOutcome, cell: CellRead | None, ctx: _Context) -> Decimal | None:
    """Parse and check the value; errors and warnings land on the row."""
    column, indicator = ctx.columns["value"], out.indicator
    if cell is not None and cell.is_formula and cell.value is None:
        out.errors.append(
            (column, _("单元格是公式但没有已计算的结果(文件可能未在Excel中保存过),请填写数值或在Excel中重新计算后保存"))
        )
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
        raise ValueParseError(
            _("单元格为百分比格式(显示为%(v)s%%),但该指标单位是“%(unit)s”,请改为常规格式后填写数值")
            % {"v": plain_number(shown), "unit": indicator.unit or _("无单位")}
        )
    return value_parse(shown, indicator=indicator)


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
            out.errors.append(
                (column, _("与第%(rows)s行重复:同一指标同一报告期只能填写一行") % {"rows": "、".join(map(str, others))})
            )
            out.action = "error"
