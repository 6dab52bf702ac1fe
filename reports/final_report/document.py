"""The 终期评估报告 (final evaluation report) as a Word document (.docx) a supervisor downloads and edits.

Every number comes from the 终期评估 workbook's report (``reports.assessment.report.assessment_report`` of
the whole county over the plan period: the stored ``Score`` rows, never recomputed) and is printed with the
workbook's own display (``cell_text``), so the Word report, the workbook and the dashboard agree.

Contents: cover (plan, county, 数据截至, date), 一、总体情况 (plan score, systems, counts by status, two
charts), 二、各体系完成情况 (per system: its tasks, an indicator table — target, 2025 value, status, 完成进度
— and its milestones), 三、存在问题 (missed and lagging indicators, unfinished milestones), 四、部门考核情况,
五、下一步工作建议 (highlighted places for the county's own text). Layout: ``reports.final_report.layout``.
The document is Chinese (an official document of the county); its texts are not translated.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document

from reports.assessment.report import AssessmentReport, ReportParams, assessment_report, cell_number, cell_text
from reports.final_report import layout
from reports.final_report.charts import cjk_font_path, systems_chart, trend_chart
from tasks.common.text import control_characters_strip

PROBLEM_TONES = ("missed", "seriously_lagging", "lagging")  # 存在问题: statuses that are behind, worst first
NUMERALS = "一二三四五六七八九十"


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class _Rows:
    """A report table's rows read by column key: ``text(row, key)`` as the workbook shows it."""

    def __init__(self, table):
        self.table, self.index = table, {c.key: i for i, c in enumerate(table.columns)}
        self.kinds = {c.key: c.kind for c in table.columns}

    def __iter__(self):
        return iter(self.table.rows)

    def value(self, row, key):
        return row[self.index[key]]

    def text(self, row, key) -> str:
        """As the workbook shows it; without control characters, which Word's XML cannot hold."""
        return control_characters_strip(cell_text(self.value(row, key), self.kinds[key]))

    def number(self, row, key) -> float | None:
        number = cell_number(self.value(row, key), self.kinds[key])
        return None if number is None else float(number)

    def tone(self, row, key) -> str | None:
        value = self.value(row, key)
        return getattr(value, "tone", None)

    def year_keys(self) -> list[str]:
        return [key for key in self.index if key.startswith("y") and key[1:].isdigit()]


def final_report_docx(*, plan, today: dt.date | None = None) -> bytes:
    """The .docx of ``plan``'s final evaluation (bytes). Raises what ``assessment_report`` raises."""
    report = assessment_report(params=ReportParams(plan.pk), today=today)
    document = Document()
    layout.page_setup(document)
    _cover(document, plan, report)
    _overview(document, report)
    _systems(document, report)
    _problems(document, report)
    _departments(document, report)
    _next_steps(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _cover(document, plan, report: AssessmentReport) -> None:
    place = "".join(part for part in (plan.province, plan.city, plan.county) if part)
    layout.centered(document, place or plan.county, size=16, font=layout.HEADING_FONT, space=96)
    layout.centered(document, plan.name, size=22, font=layout.TITLE_FONT, space=24)
    layout.centered(document, "终期评估报告", size=26, font=layout.TITLE_FONT, bold=True, space=18)
    layout.centered(document, f"数据截至：{report.as_of_label}", size=14, space=150)
    if report.pending_notice:
        layout.centered(document, report.pending_notice, size=12, space=6)
    layout.centered(document, f"编制日期：{chinese_date(report.report_date)}", size=14, space=6)
    layout.centered(document, f"评分规则版本：{report.config_version}", size=12, space=6)
    layout.page_break(document)


def _overview(document, report: AssessmentReport) -> None:
    systems = _Rows(report.table("systems"))
    plan_row, *system_rows = systems
    document.add_heading("一、总体情况", level=1)
    layout.body(
        document,
        f"截至{report.as_of_label}，规划综合得分{systems.text(plan_row, 'score')}分，"
        f"完成进度{systems.text(plan_row, 'progress')}，时序进度{systems.text(plan_row, 'expected')}，"
        f"总体状态为“{systems.text(plan_row, 'status')}”。规划共{len(system_rows)}大体系、"
        f"{systems.text(plan_row, 'tasks')}项主要任务。",
    )
    counts = _Rows(report.table("status_counts"))
    parts = [
        f"{counts.text(row, 'status')}{counts.text(row, 'indicators')}项"
        for row in counts
        if counts.tone(row, "status") != "total" and counts.value(row, "indicators")
    ]
    total = next((counts.text(row, "indicators") for row in counts if counts.tone(row, "status") == "total"), "0")
    layout.body(document, f"纳入评估的{total}项指标中，" + "，".join(parts) + "。")
    years = systems.year_keys()
    headers = ["体系", "得分", "状态", "完成进度", "时序进度"] + [f"{key[1:]}年得分" for key in years]
    rows = [
        [systems.text(row, key) for key in ("name", "score", "status", "progress", "expected", *years)]
        for row in system_rows
    ]
    widths = [2.6, 1.2, 1.5, 1.8, 1.8] + [6.7 / max(len(years), 1)] * len(years)  # 15.6 cm: the text width
    layout.table(document, headers, rows, widths, numeric=range(1, len(headers)))
    _charts(document, systems, plan_row, system_rows, years)


def _charts(document, systems: _Rows, plan_row, system_rows, years) -> None:
    if cjk_font_path() is None:
        layout.body(document, "（本机未安装中文字体，图表未生成；安装依赖包 mplfonts 后重新生成即可。）")
        return
    bars = systems_chart(
        [(systems.text(r, "name"), systems.number(r, "progress"), systems.number(r, "expected")) for r in system_rows],
        title="各体系完成进度与时序进度",
    )
    layout.picture(document, bars, caption="图1  各体系完成进度（蓝色）与时序进度（灰色刻度）")
    trend = trend_chart(
        [(f"{key[1:]}年", systems.number(plan_row, key)) for key in years], title="规划综合得分年度变化"
    )
    layout.picture(document, trend, width_cm=13, caption="图2  规划综合得分年度变化")


def _system_of_task(report: AssessmentReport) -> dict[int, str]:
    tasks = _Rows(report.table("tasks"))
    return {tasks.value(row, "number"): tasks.value(row, "system") for row in tasks}


def _systems(document, report: AssessmentReport) -> None:
    document.add_heading("二、各体系完成情况", level=1)
    systems, tasks = _Rows(report.table("systems")), _Rows(report.table("tasks"))
    indicators, milestones = _Rows(report.table("indicators")), _Rows(report.table("milestones"))
    system_of = _system_of_task(report)
    _plan_row, *system_rows = systems
    for number, row in enumerate(system_rows):
        name = systems.value(row, "name")
        document.add_heading(f"（{NUMERALS[number]}）{name}", level=2)
        own_tasks = [t for t in tasks if tasks.value(t, "system") == name]
        layout.body(
            document,
            f"{name}得分{systems.text(row, 'score')}分，完成进度{systems.text(row, 'progress')}，"
            f"时序进度{systems.text(row, 'expected')}，状态“{systems.text(row, 'status')}”。包括"
            + "、".join(f"任务{tasks.text(t, 'number')}“{tasks.text(t, 'title')}”" for t in own_tasks)
            + "。",
        )
        own = [i for i in indicators if system_of.get(indicators.value(i, "task")) == name]
        document.add_heading("主要指标", level=3)
        if own:
            layout.table(
                document,
                ["指标", "单位", "目标", "2025年值", "达标情况", "完成进度"],
                [_indicator_row(indicators, i) for i in own],
                [4.7, 1.3, 2.9, 2.5, 2.0, 2.2],
                numeric=(3, 5),
            )
        else:
            layout.body(document, "本体系无量化指标。")
        own = [m for m in milestones if system_of.get(milestones.value(m, "task")) == name]
        document.add_heading("节点目标", level=3)
        if own:
            layout.table(
                document,
                ["节点目标", "牵头单位", "完成时限", "进展", "完成比例"],
                [[milestones.text(m, k) for k in ("title", "lead", "due_date", "state", "percent")] for m in own],
                [5.8, 3.5, 2.6, 1.6, 2.1],
                numeric=(4,),
            )
        else:
            layout.body(document, "本体系无节点目标。")


def _indicator_row(indicators: _Rows, row) -> list[str]:
    target = indicators.text(row, "target")
    comparator = indicators.text(row, "comparator")
    goal = f"{comparator} {target}" if target != "—" else comparator
    latest = indicators.text(row, "latest")
    period = indicators.text(row, "latest_period")
    if latest != "—" and period != "—" and not period.startswith("2025"):
        latest = f"{latest}（{period}）"
    return [
        f"{indicators.text(row, 'name')}（{indicators.text(row, 'binding')}）",
        indicators.text(row, "unit"),
        goal,
        latest,
        indicators.text(row, "status"),
        indicators.text(row, "progress"),
    ]


def _problems(document, report: AssessmentReport) -> None:
    document.add_heading("三、存在问题", level=1)
    indicators, milestones = _Rows(report.table("indicators")), _Rows(report.table("milestones"))
    behind = [i for i in indicators if indicators.tone(i, "status") in PROBLEM_TONES]
    behind.sort(key=lambda i: PROBLEM_TONES.index(indicators.tone(i, "status")))
    document.add_heading("（一）未完成或进度滞后的指标", level=2)
    for n, row in enumerate(behind, 1):
        layout.body(
            document,
            f"{n}. {indicators.text(row, 'name')}：{_indicator_row(indicators, row)[2]}，"
            f"最新值{_indicator_row(indicators, row)[3]}，完成进度{indicators.text(row, 'progress')}，"
            f"时序进度{indicators.text(row, 'expected')}，状态“{indicators.text(row, 'status')}”，"
            f"责任单位：{indicators.text(row, 'department')}。",
        )
    if not behind:
        layout.body(document, "无未完成或进度滞后的指标。")
    open_items = [m for m in milestones if milestones.tone(m, "state") != "achieved"]
    document.add_heading("（二）尚未完成的节点目标", level=2)
    for n, row in enumerate(open_items, 1):
        layout.body(
            document,
            f"{n}. {milestones.text(row, 'title')}（完成时限{milestones.text(row, 'due_date')}，"
            f"牵头单位：{milestones.text(row, 'lead')}）：{milestones.text(row, 'state')}，"
            f"完成比例{milestones.text(row, 'percent')}。",
        )
    if not open_items:
        layout.body(document, "节点目标均已完成。")
    layout.to_fill(document, "请在此补充问题成因分析")


def _departments(document, report: AssessmentReport) -> None:
    document.add_heading("四、部门考核情况", level=1)
    departments = _Rows(report.table("departments"))
    keys = ("rank", "department", "progress", "timeliness", "deduction", "score", "grade", "veto")
    layout.table(
        document,
        ["排名", "单位", "任务进度得分", "填报及时性得分", "退回扣分", "考核得分", "等次", "一票否决"],
        [[departments.text(row, key) for key in keys] for row in departments],
        [1.1, 4.6, 1.8, 1.8, 1.5, 1.6, 1.3, 1.5],
        numeric=(0, 2, 3, 4, 5),
    )


def _next_steps(document) -> None:
    document.add_heading("五、下一步工作建议", level=1)
    for n, topic in enumerate(("巩固提升已达标指标", "补齐未完成和滞后指标", "完善长效机制"), 1):
        document.add_heading(f"（{NUMERALS[n - 1]}）{topic}", level=2)
        layout.to_fill(document, "请在此填写县里的下一步工作建议")
