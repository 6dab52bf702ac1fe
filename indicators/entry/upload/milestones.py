"""Upload step 1 for the 节点进展 sheet: what confirming would do to each milestone report (新增 / 修改 /
无变化 / 未填写 / 错误), with the entry form's rules (``services.milestone_report_errors``) and its locks
(approved or submitted reports cannot change). Reads only."""

from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.utils.translation import gettext as _

from indicators.catalogue.parsing import ValueParseError, plain_number, value_parse
from indicators.entry import selectors, services
from indicators.entry.upload.common import ACTION_LABELS, MAX_NOTE_CHARS, STATUS_CLASSES, milestone_reports
from indicators.entry.upload.reading import CellRead, cell_percent_formatted
from indicators.entry.upload.resources import MilestoneTemplateResource, choice_read
from indicators.models import MilestoneReport, ReviewStatus
from tasks.common.text import SPACES, text_fold
from tasks.common.validators import control_character_message

_PERCENT = SimpleNamespace(unit="%")  # value_parse reads 完成比例 as a percent figure ("50", "50%", "５０％")


@dataclass
class MilestoneOutcome:
    """What will happen to one row of the 节点进展 sheet. ``action``: new | change | same | skip | error."""

    row: int
    code: str
    milestone: object = None
    state: str = ""
    percent_done: Decimal | None = None
    description: str = ""
    old: MilestoneReport | None = None
    action: str = "error"
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column header, Chinese message)

    @property
    def state_display(self) -> str:
        return str(MilestoneTemplateResource.STATES.get(self.state, "—"))

    @property
    def percent_display(self) -> str:
        return "—" if self.percent_done is None else f"{plain_number(self.percent_done)}%"

    @property
    def old_display(self) -> str:
        """The stored report, e.g. "推进中 50%", or "—"."""
        if self.old is None:
            return "—"
        percent = "" if self.old.percent_done is None else f" {plain_number(self.old.percent_done)}%"
        return f"{self.old.get_state_display()}{percent}"

    @property
    def status_class(self) -> str:
        return STATUS_CLASSES[self.action]

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.action])

    def error_messages(self) -> list[str]:
        return [
            _("“节点进展”表第%(row)d行〔%(col)s〕：%(msg)s") % {"row": self.row, "col": col, "msg": msg}
            for col, msg in self.errors
        ]

    def entry(self) -> list:
        """The row as it travels in the preview token: [milestone id, state, percent or None, description]."""
        percent = None if self.percent_done is None else str(self.percent_done)
        return [self.milestone.id, self.state, percent, self.description]


def milestones_preview(rows, *, department, period) -> list[MilestoneOutcome]:
    """Outcomes of the 节点进展 rows (cells keyed by field name, see ``reading.rows_keyed``). Two queries
    (none for a file without milestone rows)."""
    if not rows:
        return []
    led = {m.code.upper(): m for m in selectors.milestones_led(department=department)}
    reports = milestone_reports(department=department, period=period)
    columns = MilestoneTemplateResource.headers()
    outcomes = [_outcome(row_no, cells, led, reports, columns) for row_no, cells in rows]
    seen: dict[int, list[int]] = {}
    for out in outcomes:
        if out.milestone is not None:
            seen.setdefault(out.milestone.id, []).append(out.row)
    for out in outcomes:
        others = [r for r in seen.get(out.milestone.id if out.milestone else -1, []) if r != out.row]
        if others:
            message = _("与第%(rows)s行重复：同一节点只能填写一行") % {"rows": "、".join(map(str, others))}
            out.errors.append((columns["code"], message))
            out.action = "error"
    return outcomes


def _text(cell: CellRead | None) -> str:
    return "" if cell is None or cell.value is None else str(cell.value).strip(SPACES)


def _outcome(row_no, cells, led, reports, columns) -> MilestoneOutcome:
    out = MilestoneOutcome(row=row_no, code=text_fold(_text(cells.get("code"))).upper())
    out.milestone = led.get(out.code)
    if not out.code:
        out.errors.append((columns["code"], _("缺少节点代码")))
    elif out.milestone is None:
        out.errors.append((columns["code"], _("节点“%(code)s”不是本单位牵头任务的节点，不能导入") % {"code": out.code}))
    state_text = _text(cells.get("state"))
    out.description = _text(cells.get("description"))
    out.percent_done = _percent(out, cells.get("percent"), columns["percent"])
    if len(out.description) > MAX_NOTE_CHARS:
        message = _("进展说明过长（%(n)d字），最多%(max)d字") % {"n": len(out.description), "max": MAX_NOTE_CHARS}
        out.errors.append((columns["description"], message))
    invisible = control_character_message(out.description)
    if invisible:
        out.errors.append((columns["description"], _("进展说明%(message)s") % {"message": invisible}))
    if not state_text:
        if out.percent_done is not None or out.description:
            out.errors.append((columns["state"], _("已填写完成比例或进展说明，请选择进展")))
        out.action = "error" if out.errors else "skip"
        return out
    out.state = choice_read(state_text, MilestoneTemplateResource.STATES) or ""
    if not out.state:
        choices = "、".join(str(label) for label in MilestoneTemplateResource.STATES.values())
        out.errors.append(
            (columns["state"], _("只能填写%(choices)s，填写的是“%(v)s”") % {"choices": choices, "v": state_text})
        )
    if out.milestone is not None and not out.errors:
        out.old = reports.get(out.milestone.id)
        out.action = _action(out, columns)
    return out


def _percent(out: MilestoneOutcome, cell: CellRead | None, column: str) -> Decimal | None:
    """完成比例 in %: a number, "50%", or a percent-formatted cell (0.5 shown as 50%)."""
    if cell is None or cell.value is None:
        return None
    raw = cell.value
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and cell_percent_formatted(cell.number_format):
        raw = Decimal(str(raw)) * 100
    try:
        return value_parse(raw, indicator=_PERCENT)
    except ValueParseError as exc:
        out.errors.append((column, exc.message))
        return None


def _action(out: MilestoneOutcome, columns) -> str:
    """new | change | same | error against the stored report — the rules of the entry form."""
    entry = services.MilestoneEntry(
        milestone_id=out.milestone.id, state=out.state, percent_done=out.percent_done, description=out.description
    )
    messages = services.milestone_report_errors(entry)
    fields = services.milestone_report_fields(entry)
    old = out.old
    differs = old is None or any(getattr(old, k) != v for k, v in fields.items())
    if old is not None and differs and old.status == ReviewStatus.APPROVED:
        messages.append(_("该节点进展已审核通过并锁定，如需修改请联系督查员重新打开"))
    if old is not None and differs and old.status == ReviewStatus.SUBMITTED:
        messages.append(_("该节点进展已提交，正在等待督查员审核；如需修改，请先在填报页面“撤回修改”"))
    if messages:
        out.errors += [(columns["state"], message) for message in messages]
        return "error"
    if old is None:
        return "new"
    return "change" if differs else "same"
