"""The six sheets of an assessment report (汇总, 任务, 指标, 部门考核, 填报及时性, 里程碑), built from the
loaded context (``reports.assessment.data``): each a list of tables of typed cells (``reports.assessment.cells``)."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from django.utils.translation import get_language, gettext, pgettext

from indicators.entry.timeliness import TIMELINESS_LABELS
from indicators.models import MilestoneReport, ScoreStatus, grade_label
from indicators.scoring.engine import GRADE_EXCELLENT, GRADE_FAIL, GRADE_GOOD, GRADE_PASS, round_half_up
from reports.assessment.cells import (
    DATE,
    DATETIME,
    DELTA,
    INT,
    MEASURE,
    PERCENT,
    SCORE,
    STATUS,
    Badge,
    Column,
    Measure,
    Sheet,
    Table,
)
from responsibilities.models import Department, TaskAssignment


@lru_cache(maxsize=1024)
def _translated(language: str | None, text: str) -> str:
    return gettext(text)


def gettext_cached(text: str) -> str:
    """``gettext`` cached per language: a report asks for the same few words thousands of times."""
    return _translated(get_language(), text)


_ = gettext_cached


@lru_cache(maxsize=256)
def _choice_label(language: str | None, choices, value: str) -> str:
    return str(choices(value).label)


def _label(choices, value: str) -> str:
    """The translated label of a choices value (ScoreStatus, Department.Kind …), cached like ``_``."""
    return _choice_label(get_language(), choices, value)


def _heading(ctx, sheet_title: str) -> str:
    return _("%(plan)s %(scope)s%(period)s考核报表 · %(sheet)s") % {
        "plan": ctx.plan.name,
        "scope": ctx.scope_label,
        "period": ctx.period_label,
        "sheet": sheet_title,
    }


def _year_columns(ctx, header: str, kind: str = SCORE, *, detail: bool = False) -> list[Column]:
    return [Column(f"y{year}", header % {"year": year}, kind, detail=detail) for year, _p in ctx.year_periods]


def _badge_of_status(code: str | None) -> Badge:
    code = code or ScoreStatus.NO_DATA
    return Badge(code, _label(ScoreStatus, code))


def _yes_no(value) -> str | None:
    return None if value is None else (_("是") if value else _("否"))


# ------------------------------------------------------------------------------------------ 汇总


def _summary_sheet(ctx) -> Sheet:
    tables = [_system_table(ctx), _status_count_table(ctx)]
    if ctx.department is not None:
        tables.append(_own_department_table(ctx))
    tables.append(_rules_table(ctx))
    return Sheet("summary", _("汇总"), _heading(ctx, _("汇总")), tables)


def _system_table(ctx) -> Table:
    columns = [
        Column("name", _("规划/体系")),
        Column("score", _("得分"), SCORE),
        Column("status", _("状态"), STATUS),
        Column("progress", _("完成进度"), PERCENT),
        Column("expected", _("时序进度"), PERCENT),
        Column("tasks", _("任务数"), INT),
        *_year_columns(ctx, _("%(year)s年得分")),
    ]
    plan_row = _score_row(ctx, ctx.plan.name, ("plan", ctx.plan.pk), sum(len(s.tasks_all) for s in ctx.systems))
    rows = [plan_row] + [
        _score_row(ctx, system.name, ("system", system.pk), len(system.tasks_all)) for system in ctx.systems
    ]
    return Table("systems", _("规划及各体系得分"), columns, rows)


def _score_row(ctx, name: str, key: tuple, task_count: int) -> tuple:
    score = ctx.score(*key)
    return (
        name,
        _attr(score, "score"),
        _badge_of_status(_attr(score, "status")),
        _attr(score, "progress"),
        _attr(score, "expected"),
        task_count,
        *(_attr(ctx.score(*key, period=p), "score") for _y, p in ctx.year_periods),
    )


def _attr(score, name):
    return None if score is None else getattr(score, name)


def _status_count_table(ctx) -> Table:
    columns = [
        Column("status", _("状态"), STATUS),
        Column("indicators", _("指标数"), INT),
        Column("share", _("指标占比"), PERCENT),
        Column("tasks", _("任务数"), INT),
    ]
    indicator_codes = [_attr(ctx.score("indicator", i.pk), "status") or ScoreStatus.NO_DATA for i in ctx.indicators]
    task_codes = [_attr(ctx.score("task", t.pk), "status") or ScoreStatus.NO_DATA for t in ctx.tasks]
    total = len(indicator_codes)
    rows = []
    for code in ScoreStatus.values:
        count = indicator_codes.count(code)
        share = Decimal(count * 100) / total if total else None
        rows.append((_badge_of_status(code), count, share, task_codes.count(code)))
    rows.append((Badge("total", _("合计")), total, Decimal(100) if total else None, len(task_codes)))
    return Table("status_counts", _("按状态统计"), columns, rows)


def _own_department_table(ctx) -> Table:
    """The report's department: its assessment score, grade and rank among all departments."""
    keys = [c.key for c in _department_columns(ctx)]
    cells = next(dict(zip(keys, r, strict=True)) for r in _department_rows(ctx) if r[1] == ctx.department.name)
    columns = [
        Column("name", _("单位")),
        Column("score", _("考核得分"), SCORE),
        Column("grade", _("等次"), STATUS),
        Column("rank", _("排名"), INT),
    ]
    return Table(
        "own_department",
        _("本单位考核"),
        columns,
        [(cells["department"], cells["score"], cells["grade"], cells["rank"])],
    )


def _rules_table(ctx) -> Table:
    columns = [Column("rule", _("评分规则(版本 %(v)s)") % {"v": ctx.config_version})]
    return Table("rules", _("评分规则"), columns, [(f"{n}. {line}",) for n, line in enumerate(ctx.rules, 1)])


# ------------------------------------------------------------------------------------------ 任务


def _tasks_sheet(ctx) -> Sheet:
    columns = [
        Column("number", _("序号"), INT),
        Column("title", _("任务名称"), wrap=True),
        Column("system", _("所属体系"), wrap=True, max_width=12),
        Column("lead", _("牵头单位"), wrap=True, max_width=22),
        Column("support", _("配合单位"), wrap=True, max_width=22),
        Column("score", _("得分"), SCORE),
        Column("status", _("状态"), STATUS),
        Column("progress", _("完成进度"), PERCENT),
        Column("expected", _("时序进度"), PERCENT),
        Column("gap", _("完成进度−时序进度"), DELTA),
        Column("indicators", _("指标数"), INT),
        Column("milestones", _("节点数"), INT),
        *_year_columns(ctx, _("%(year)s年得分"), detail=True),
    ]
    rows = [_task_row(ctx, task) for task in ctx.tasks]
    return Sheet("tasks", _("任务"), _heading(ctx, _("任务")), [Table("tasks", _("任务"), columns, rows)])


def _task_row(ctx, task) -> tuple:
    score = ctx.score("task", task.pk)
    progress, expected = _attr(score, "progress"), _attr(score, "expected")
    gap = progress - expected if progress is not None and expected is not None else None
    return (
        task.number,
        task.title,
        task.system.name,
        "、".join(ctx.departments_of(task, TaskAssignment.Role.LEAD)),
        "、".join(ctx.departments_of(task, TaskAssignment.Role.SUPPORT)),
        _attr(score, "score"),
        _badge_of_status(_attr(score, "status")),
        progress,
        expected,
        gap,
        len(task.indicators_all),
        len(task.milestones_all),
        *(_attr(ctx.score("task", task.pk, period=p), "score") for _y, p in ctx.year_periods),
    )


# ------------------------------------------------------------------------------------------ 指标


def indicator_columns(ctx) -> list[Column]:
    """Columns of the indicator table (the 指标 sheet and the CSV export)."""
    return [
        Column("code", _("指标代码"), wrap=True, max_width=14),
        Column("name", _("指标名称"), wrap=True, max_width=22),
        Column("task", _("任务序号"), INT),
        Column("unit", pgettext("unit of measurement", "单位")),
        Column("binding", _("指标属性"), detail=True),
        Column("baseline", _("基准值"), MEASURE),
        Column("baseline_year", _("基准年"), INT, detail=True),
        Column("comparator", _("目标要求"), wrap=True, max_width=10),
        Column("target", _("目标值"), MEASURE),
        Column("target_year", _("目标年"), INT, detail=True),
        Column("latest", _("最新值"), MEASURE),
        Column("latest_period", _("最新值报告期"), wrap=True, max_width=10),
        Column("final", _("初步/正式"), detail=True),
        Column("progress", _("完成进度"), PERCENT),
        Column("progress_raw", _("完成进度(未截断)"), PERCENT, detail=True),
        Column("expected", _("时序进度"), PERCENT),
        Column("status", _("状态"), STATUS),
        Column("forecast", _("预测值"), MEASURE, detail=True),
        Column("forecast_met", _("预计达标"), detail=True),
        Column("department", _("责任单位"), wrap=True, max_width=12),
        Column("note", _("备注"), wrap=True, max_width=16),
        *_year_columns(ctx, _("%(year)s年完成进度"), PERCENT, detail=True),
    ]


def _indicators_sheet(ctx) -> Sheet:
    rows = [_indicator_row(ctx, indicator) for indicator in ctx.indicators]
    table = Table("indicators", _("指标"), indicator_columns(ctx), rows)
    return Sheet("indicators", _("指标"), _heading(ctx, _("指标")), [table])


def _measure(value, indicator) -> Measure | None:
    return None if value is None else Measure(value, indicator.decimal_places)


def _indicator_row(ctx, ind) -> tuple:
    score, latest = ctx.score("indicator", ind.pk), ctx.latest_values.get(ind.pk)
    has_target = ind.target_value is not None
    return (
        ind.code,
        ind.name,
        ind.task.number,
        ind.unit,
        _("约束性") if ind.binding else _("参考性"),
        _measure(ind.baseline_value, ind),
        ind.baseline_year,
        ind.get_comparator_display() if has_target else ind.target_display(),
        _measure(ind.target_value, ind),
        ind.target_year,
        _measure(_attr(latest, "value"), ind),
        latest.period_label if latest else None,
        (_("正式") if latest.is_final else _("初步")) if latest else None,
        _attr(score, "progress"),
        _attr(score, "progress_raw"),
        _attr(score, "expected"),
        _badge_of_status(_attr(score, "status")),
        _measure(_attr(score, "forecast"), ind),
        _yes_no(_attr(score, "forecast_met")),
        ind.reporting_department.name,
        (latest.note or None) if latest else None,
        *(_attr(ctx.score("indicator", ind.pk, period=p), "progress") for _y, p in ctx.year_periods),
    )


# ------------------------------------------------------------------------------------------ 部门考核

# Stored grade (engine.GRADE_*) → the status colour its cell takes; its text is ``grade_label``.
GRADE_TONES = {GRADE_EXCELLENT: "achieved", GRADE_GOOD: "on_track", GRADE_PASS: "lagging", GRADE_FAIL: "missed"}


def _departments_sheet(ctx) -> Sheet:
    rows = _department_rows(ctx)
    if ctx.department is not None:
        rows = [r for r in rows if r[1] == ctx.department.name]
    return Sheet(
        "departments",
        _("部门考核"),
        _heading(ctx, _("部门考核")),
        [Table("departments", _("部门考核"), _department_columns(ctx), rows)],
    )


def _department_columns(ctx) -> list[Column]:
    return [
        Column("rank", _("排名"), INT),
        Column("department", _("单位"), wrap=True, max_width=24),
        Column("kind", _("类型")),
        Column("lead", _("牵头任务数"), INT),
        Column("support", _("配合任务数"), INT),
        Column("progress", _("任务进度得分"), SCORE),
        Column("timeliness", _("填报及时性得分"), SCORE),
        Column("deduction", _("退回扣分"), SCORE),
        Column("score", _("考核得分"), SCORE),
        Column("grade", _("等次"), STATUS),
        Column("veto", _("一票否决")),
        Column("veto_reason", _("否决事由"), wrap=True, max_width=20),
        *_year_columns(ctx, _("%(year)s年考核得分"), detail=True),
    ]


def _department_rows(ctx) -> list[tuple]:
    """All assessed departments ranked: vetoed ones after the others, then by score (ties share a rank)."""
    if "department_rows" not in ctx.cache:
        entries = sorted(
            ((d, ctx.score("department", d.pk)) for d in ctx.assessed_departments), key=lambda e: _rank_key(ctx, *e)
        )
        rows, previous, rank = [], None, 0
        for position, (dept, score) in enumerate(entries, 1):
            key = _rank_key(ctx, dept, score)[:3]
            rank = rank if key == previous else position
            previous = key
            rows.append(_department_row(ctx, dept, score, rank if score is not None else None))
        ctx.cache["department_rows"] = rows
    return ctx.cache["department_rows"]


def _rank_key(ctx, dept, score) -> tuple:
    """(vetoed, unscored, −score as displayed, code): competition ranking ("1224") on the score rounded
    half-up to its one displayed decimal — the rule of the dashboard
    (``reports.dashboard.selectors.ranking.departments_ranking``)."""
    value = _attr(score, "score")
    shown = round_half_up(Decimal(str(value)), 1) if value is not None else Decimal(0)
    return (ctx.is_vetoed(dept, score), value is None, -shown, dept.code)


def _department_row(ctx, dept, score, rank) -> tuple:
    parts = _attr(score, "components") or {}
    counts = ctx.assignment_counts.get(dept.pk, {})
    grade = _attr(score, "grade")
    return (
        rank,
        dept.name,
        _label(Department.Kind, dept.kind),
        counts.get("lead", 0),
        counts.get("support", 0),
        _decimal(parts.get("progress")),
        _decimal(parts.get("timeliness")),
        _decimal(parts.get("deduction")),
        _attr(score, "score"),
        Badge(GRADE_TONES.get(grade, "no_data"), grade_label(grade) or str(ScoreStatus.NO_DATA.label)),
        _yes_no(ctx.is_vetoed(dept, score)),
        "；".join(ctx.veto_reasons.get(dept.pk, [])) or None,
        *(_attr(ctx.score("department", dept.pk, period=p), "score") for _y, p in ctx.year_periods),
    )


def _decimal(value) -> Decimal | None:
    """A number stored in JSON (int, float or str) as Decimal; None stays None."""
    if value is None or value == "":
        return None
    return Decimal(str(value))


# ------------------------------------------------------------------------------------------ 填报及时性

TIMELINESS_TONES = {"on_time": "achieved", "late": "lagging", "missing": "seriously_lagging", "pending": "no_data"}


def _timeliness_sheet(ctx) -> Sheet:
    columns = [
        Column("department", _("单位")),
        Column("period", _("报告期")),
        Column("due_on", _("截止日期"), DATE),
        Column("submitted_at", _("首次提交时间"), DATETIME),
        Column("state", _("及时性"), STATUS),
        Column("days_late", _("逾期天数"), INT),
    ]
    rows = [
        (
            r.department.name,
            str(r.period),
            r.due_on,
            r.submitted_at,
            Badge(TIMELINESS_TONES.get(r.code, "no_data"), str(TIMELINESS_LABELS[r.code])),
            r.days_late,
        )
        for r in ctx.timeliness
    ]
    return Sheet(
        "timeliness",
        _("填报及时性"),
        _heading(ctx, _("填报及时性")),
        [Table("timeliness", _("填报及时性"), columns, rows)],
    )


# ------------------------------------------------------------------------------------------ 里程碑

MILESTONE_TONES = {
    MilestoneReport.State.DONE: "achieved",
    MilestoneReport.State.IN_PROGRESS: "on_track",
    MilestoneReport.State.NOT_STARTED: "lagging",
}


def _milestones_sheet(ctx) -> Sheet:
    columns = [
        Column("code", _("节点代码")),
        Column("title", _("节点目标"), wrap=True),
        Column("task", _("任务序号"), INT),
        Column("lead", _("牵头单位"), wrap=True),
        Column("due_date", _("完成时限"), DATE),
        Column("state", _("进展"), STATUS),
        Column("percent", _("完成比例"), PERCENT),
        Column("period", _("最新填报期")),
        Column("evidence", _("佐证材料数"), INT),
        Column("description", _("进展说明"), wrap=True),
    ]
    rows = [_milestone_row(ctx, m) for task in ctx.tasks for m in task.milestones_all]
    return Sheet(
        "milestones", _("里程碑"), _heading(ctx, _("里程碑")), [Table("milestones", _("里程碑"), columns, rows)]
    )


def _milestone_row(ctx, milestone) -> tuple:
    report = ctx.milestone_reports.get(milestone.pk)
    state = (
        Badge(MILESTONE_TONES[report.state], _label(MilestoneReport.State, report.state))
        if report
        else Badge("no_data", _("未填报"))
    )
    percent = None
    if report is not None:
        percent = Decimal(100) if report.state == MilestoneReport.State.DONE else report.percent_done
    return (
        milestone.code,
        milestone.title,
        milestone.task.number,
        "、".join(ctx.departments_of(milestone.task, TaskAssignment.Role.LEAD)),
        milestone.due_date,
        state,
        percent,
        report.period_label if report else None,
        ctx.evidence_counts.get(milestone.pk, 0),
        (report.description or None) if report else None,
    )


# The sheets in workbook order.
SHEETS = (_summary_sheet, _tasks_sheet, _indicators_sheet, _departments_sheet, _timeliness_sheet, _milestones_sheet)
