"""The 整改台账 (rectification ledger) of supervision orders in the 三张清单 layout: 问题清单 (problems), 任务清单
(tasks: what must be done by when), 责任清单 (who answers for it) and 整改进展 (progress, with the red and yellow
cards) — one sheet each, one row per order in the same order on every sheet.

Built as an assessment-report shape (``reports.assessment.cells``) so the workbook is written by
``reports.exports.xlsx`` with the assessment reports' print set-up (A4 landscape, fit to width, rows 1–3 repeated,
title and 数据截至 in the page header, 第 N 页 共 M 页). The page shows the 进展 sheet's rows (``ledger_rows``).
"""

import datetime as dt

from django.utils.translation import gettext as _

from indicators.models import OrderEvent
from indicators.supervision import rules
from indicators.supervision.selectors import order_rows
from reports.assessment.cells import DATE, INT, STATUS, TEXT, AssessmentReport, Badge, Column, Sheet, Table

TONES = {rules.RED: "seriously_lagging", rules.YELLOW: "lagging"}
PROGRESS_KINDS = (OrderEvent.Kind.PROGRESS, OrderEvent.Kind.CLOSURE_REQUESTED, OrderEvent.Kind.RETURNED)


def _badge(row) -> Badge:
    order = row["order"]
    if row["mark"]:
        return Badge(TONES[row["mark"]], str(row["mark_label"]))
    return Badge("achieved" if not order.is_open else "on_track", _("已销号") if not order.is_open else _("正常"))


def _latest(order) -> str:
    texts = [e.text for e in order.events.all() if e.kind in PROGRESS_KINDS and e.text]
    return texts[-1] if texts else ""


def _local(moment) -> dt.date | None:
    from django.utils import timezone

    return timezone.localtime(moment).date() if moment else None


def ledger_rows(orders, *, today: dt.date) -> list[dict]:
    """Rows of the ledger (page and workbook): ``selectors.order_rows`` plus "badge", "latest" (the last progress
    text), "support" (配合单位 names). ``orders`` with events and support departments prefetched."""
    rows = order_rows(orders, today=today)
    for row in rows:
        order = row["order"]
        row |= {
            "badge": _badge(row),
            "latest": _latest(order),
            "support": "、".join(d.name for d in order.support_departments.all()),
        }
    return rows


def ledger_report(orders, *, today: dt.date, scope: str) -> AssessmentReport:
    """The 整改台账 workbook's content: four sheets (问题清单, 任务清单, 责任清单, 整改进展). ``scope``: the filters
    in words (printed in the header row)."""
    rows = ledger_rows(orders, today=today)
    text, wrap = (
        (lambda key, header, width=None: Column(key, header, TEXT, max_width=width)),
        (lambda key, header, width=30: Column(key, header, TEXT, wrap=True, max_width=width)),
    )
    number = Column("number", _("督办编号"), TEXT, max_width=22)
    title = wrap("title", _("督办事项"), 24)
    problems = Table(
        "problems",
        _("问题清单"),
        [
            Column("seq", _("序号"), INT),
            number,
            text("source", _("来源"), 10),
            wrap("reference", _("来源文件"), 18),
            text("item", _("问题编号"), 10),
            title,
            wrap("problem", _("存在问题"), 40),
            text("severity", _("督办等级"), 10),
            Column("issued", _("下达日期"), DATE),
        ],
        [
            (
                i,
                r["order"].number,
                r["order"].get_source_display(),
                r["order"].source_reference,
                r["order"].inspection_item,
                r["order"].title,
                r["order"].problem,
                r["order"].get_severity_display(),
                _local(r["order"].issued_at),
            )
            for i, r in enumerate(rows, 1)
        ],
    )
    tasks = Table(
        "tasks",
        _("任务清单"),
        [
            number,
            title,
            wrap("requirement", _("整改要求"), 36),
            wrap("measures", _("整改措施"), 36),
            wrap("timeline", _("整改时限安排"), 20),
            Column("deadline", _("整改期限"), DATE),
            wrap("link", _("规划任务或指标"), 24),
        ],
        [
            (
                r["order"].number,
                r["order"].title,
                r["order"].requirement,
                r["order"].measures,
                r["order"].timeline,
                r["order"].deadline,
                r["order"].indicator.name
                if r["order"].indicator
                else (r["order"].task.title if r["order"].task else ""),
            )
            for r in rows
        ],
    )
    people = Table(
        "people",
        _("责任清单"),
        [
            number,
            title,
            wrap("lead", _("牵头单位"), 24),
            wrap("support", _("配合单位"), 30),
            text("person", _("责任人"), 12),
            Column("ack_due", _("签收期限"), DATE),
            Column("ack_on", _("签收日期"), DATE),
        ],
        [
            (
                r["order"].number,
                r["order"].title,
                r["order"].lead_department.name,
                r["support"],
                r["order"].responsible_person,
                r["order"].acknowledge_due,
                _local(r["order"].acknowledged_at),
            )
            for r in rows
        ],
    )
    progress = Table(
        "progress",
        _("整改进展"),
        [
            number,
            title,
            text("lead", _("牵头单位"), 20),
            text("status", _("状态"), 10),
            Column("percent", _("整改进度（%）"), INT),
            wrap("latest", _("最新进展"), 36),
            Column("deadline", _("整改期限"), DATE),
            Column("mark", _("预警"), STATUS),
            Column("returned", _("退回次数"), INT),
            Column("closed", _("销号日期"), DATE),
        ],
        [
            (
                r["order"].number,
                r["order"].title,
                r["order"].lead_department.name,
                r["order"].get_status_display(),
                r["order"].progress_percent,
                r["latest"],
                r["order"].deadline,
                r["badge"],
                r["order"].returned_count,
                _local(r["order"].closed_at),
            )
            for r in rows
        ],
    )
    date_label = rules.date_text(today)
    title_text = _("督办事项整改台账")
    return AssessmentReport(
        title=title_text,
        scope_label=scope,
        period_label=_("截至%(date)s") % {"date": date_label},
        as_of_label=date_label,
        report_date=today,
        config_version="—",
        rules=[],
        sheets=[
            Sheet(table.key, table.title, f"{title_text}·{table.title}", [table])
            for table in (problems, tasks, people, progress)
        ],
    )
