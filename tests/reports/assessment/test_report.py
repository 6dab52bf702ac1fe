"""The report selector (``reports.assessment.report``): its cells equal the stored Score rows and reviewed data."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.entry.timeliness import timeliness_table
from indicators.models import (
    Evidence,
    Indicator,
    IndicatorValue,
    MilestoneReport,
    ReportingPeriod,
    ReviewStatus,
    Score,
    Submission,
)
from reports.assessment import cells as a
from reports.assessment.report import ReportParams, assessment_report, cell_text
from responsibilities.models import Department, TaskAssignment
from tasks.models import PlanTask
from tests.factories import ScoreFactory
from tests.reports.assessment.seed import seed

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 5, 1)


def report(plan, today=TODAY, **params):
    return assessment_report(params=ReportParams(plan.pk, **params), today=today)


def rows_by(table, column_key):
    index = [c.key for c in table.columns].index(column_key)
    return {row[index]: dict(zip([c.key for c in table.columns], row, strict=True)) for row in table.rows}


@pytest.fixture
def seeded(plan):
    return seed(plan)


def test_sheets_in_order_with_chinese_names(plan, seeded):
    r = report(plan)
    assert [s.name for s in r.sheets] == ["汇总", "任务", "指标", "部门考核", "填报及时性", "里程碑"]
    assert all("考核报表" in s.heading for s in r.sheets)
    assert r.period_label == "2022—2025年(终期评估)" and r.scope_label == "全县"


def test_plan_period_report_uses_2025q4_and_one_column_per_year(plan, seeded):
    r = report(plan)
    assert r.as_of_label == "2025年第4季度"
    systems = r.table("systems")
    assert [c.header for c in systems.columns][-4:] == ["2022年得分", "2023年得分", "2024年得分", "2025年得分"]
    plan_row = dict(zip([c.key for c in systems.columns], systems.rows[0], strict=True))
    stored = {s.period.year: s for s in Score.objects.filter(level="plan", plan=plan)}
    assert plan_row["score"] == stored[2025].score and plan_row["progress"] == stored[2025].progress
    assert plan_row["status"].label == stored[2025].get_status_display()
    assert [plan_row[f"y{y}"] for y in (2022, 2023, 2024, 2025)] == [stored[y].score for y in (2022, 2023, 2024, 2025)]
    for system, row in zip(plan.systems.order_by("order"), systems.rows[1:], strict=True):
        assert row[0] == system.name
        assert row[1] == Score.objects.get(level="system", system=system, period=seeded.periods[2025]).score


def test_year_report_uses_q4_or_else_the_latest_quarter_with_scores(plan):
    seed(plan, years=(2023,))
    assert report(plan, period_kind="year", year=2023).as_of_label == "2023年第4季度"
    q2 = ReportingPeriod.objects.get(year=2024, quarter=2)
    ScoreFactory(level="plan", plan=plan, period=q2, score=Decimal("61.5"))
    r = report(plan, period_kind="year", year=2024)
    assert r.as_of_label == "2024年第2季度"
    assert r.table("systems").rows[0][1] == Decimal("61.5")


def test_plan_report_before_2025_data_uses_the_latest_year_with_scores(plan):
    seed(plan, years=(2022, 2023))
    r = report(plan)
    assert r.as_of_label == "2023年第4季度"
    assert [c.header for c in r.table("tasks").columns][-2:] == ["2022年得分", "2023年得分"]


def test_quarter_without_a_reporting_period_is_refused(plan):
    with pytest.raises(ReportingPeriod.DoesNotExist):
        report(plan, period_kind="quarter", year=2031, quarter=1)


def test_report_without_any_scores_shows_no_data(plan):
    r = report(plan, period_kind="quarter", year=2024, quarter=3)
    tasks = r.table("tasks")
    assert len(tasks.rows) == 23
    assert {row[6].label for row in tasks.rows} == {"无数据"}
    assert all(row[5] is None for row in tasks.rows)
    counts = rows_by(r.table("status_counts"), "status")
    assert [row["indicators"] for label, row in counts.items() if label.tone == "no_data"] == [33]


def test_task_rows_equal_the_stored_task_scores(plan, seeded):
    table = report(plan).table("tasks")
    assert [row[0] for row in table.rows] == list(range(1, 24))
    for task, row in zip(PlanTask.objects.order_by("number").select_related("system"), table.rows, strict=True):
        stored = Score.objects.get(level="task", task=task, period=seeded.periods[2025])
        cells = dict(zip([c.key for c in table.columns], row, strict=True))
        assert cells["system"] == task.system.name
        assert cells["score"] == stored.score and cells["status"].label == stored.get_status_display()
        assert cells["progress"] == stored.progress and cells["expected"] == stored.expected
        assert cells["gap"] == stored.progress - stored.expected
        leads = TaskAssignment.objects.filter(task=task, role="lead").order_by(
            "department__order", "department__code"
        )  # the county order (plan file)
        assert cells["lead"] == "、".join(x.department.name for x in leads)
        assert cells["indicators"] == task.indicators.count() and cells["milestones"] == task.milestones.count()


def test_indicator_rows_equal_scores_and_the_latest_approved_figure(plan, seeded):
    pm25 = Indicator.objects.get(code="T05-PM25")
    q4 = seeded.periods[2025]
    # a later figure still under review must not appear; the approved final one does
    IndicatorValue.objects.filter(indicator=pm25, period=q4).update(is_final=True, value=Decimal("31.26"))
    later = ReportingPeriod.objects.get(year=2026, quarter=1)
    IndicatorValue.objects.create(indicator=pm25, period=later, value=Decimal(20), status=ReviewStatus.SUBMITTED)
    rows = rows_by(report(plan).table("indicators"), "code")
    row, stored = rows["T05-PM25"], Score.objects.get(level="indicator", indicator=pm25, period=q4)
    assert row["latest"] == a.Measure(Decimal("31.26"), pm25.decimal_places)
    assert row["latest_period"] == "2025年第4季度" and row["final"] == "正式"
    assert row["comparator"] == "<" and row["target"].value == Decimal(35) and row["unit"] == "µg/m³"
    assert row["progress"] == stored.progress and row["progress_raw"] == stored.progress_raw
    assert row["expected"] == stored.expected and row["status"].label == stored.get_status_display()
    assert row["forecast"].value == stored.forecast and row["forecast_met"] == ("是" if stored.forecast_met else "否")
    assert row["department"] == pm25.reporting_department.name
    assert row["note"] == seeded.notes["T05-PM25"]
    assert len(rows) == 33


def test_an_assigned_target_shows_its_wording_instead_of_a_number(plan, seeded):
    row = rows_by(report(plan).table("indicators"), "code")["T05-AQ-GOOD"]
    assert row["comparator"] == "完成上级下达任务" and row["target"] is None


def test_departments_ranked_by_score_vetoed_last(plan, seeded):
    table = report(plan).table("departments")
    cells = [dict(zip([c.key for c in table.columns], row, strict=True)) for row in table.rows]
    water = next(c for c in cells if c["department"] == "灵丘县水利局")
    assert cells[-1] is water and water["veto"] == "是" and water["grade"].label == "不合格"
    assert "重大生态环境事件" in water["veto_reason"] and "=1+1" in water["veto_reason"]
    scores = [c["score"] for c in cells[:-1]]
    assert scores == sorted(scores, reverse=True)
    ranks = [c["rank"] for c in cells]
    assert ranks[0] == 1 and ranks == sorted(ranks)
    for previous, current in itertools.pairwise(cells):  # equal scores share a rank (1, 1, 3 …)
        if current["score"] == previous["score"] and current["veto"] == previous["veto"]:
            assert current["rank"] == previous["rank"]
    stored = Score.objects.get(level="department", department__code="ecoenv", period=seeded.periods[2025])
    ecoenv = next(c for c in cells if c["department"] == "大同市生态环境局灵丘分局")
    assert ecoenv["score"] == stored.score and ecoenv["progress"] == Decimal(stored.components["progress"])
    assert ecoenv["timeliness"] == Decimal(100) and ecoenv["deduction"] == Decimal(1)


def test_department_scope_keeps_only_its_tasks_indicators_and_forms(plan, seeded, dept_a):
    r = report(plan, scope="department", department_id=dept_a.pk)
    assert r.scope_label == dept_a.name
    own_tasks = set(PlanTask.objects.filter(assignments__department=dept_a).values_list("number", flat=True))
    assert {row[0] for row in r.table("tasks").rows} == own_tasks
    codes = {row[0] for row in r.table("indicators").rows}
    expected = set(Indicator.objects.filter(task__number__in=own_tasks).values_list("code", flat=True)) | set(
        Indicator.objects.filter(reporting_department=dept_a).values_list("code", flat=True)
    )
    assert codes == expected
    assert [row[1] for row in r.table("departments").rows] == [dept_a.name]
    assert {row[0] for row in r.table("timeliness").rows} == {dept_a.name}
    own = r.table("own_department").rows[0]
    full = rows_by(report(plan).table("departments"), "department")[dept_a.name]
    assert own == (dept_a.name, full["score"], full["grade"], full["rank"])


def test_timeliness_on_time_late_and_missing(plan, dept_b):
    q1 = ReportingPeriod.objects.get(year=2025, quarter=1)
    q2 = ReportingPeriod.objects.get(year=2025, quarter=2)
    at = lambda day: timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))  # noqa: E731
    Submission.objects.create(department=dept_b, period=q1, status="submitted", first_submitted_at=at(q1.due_on))
    Submission.objects.create(
        department=dept_b, period=q2, status="submitted", first_submitted_at=at(q2.due_on + dt.timedelta(days=3))
    )
    r = report(
        plan,
        scope="department",
        department_id=dept_b.pk,
        period_kind="year",
        year=2025,
        today=ReportingPeriod.objects.get(year=2025, quarter=3).due_on + dt.timedelta(days=2),
    )
    rows = {
        key.replace("年第", "Q").rstrip("季度"): row for key, row in rows_by(r.table("timeliness"), "period").items()
    }
    assert "2025年第1季度" in rows_by(r.table("timeliness"), "period")  # str(ReportingPeriod), as on the dashboard
    assert rows["2025Q1"]["state"].label == "按时" and rows["2025Q1"]["days_late"] is None
    assert rows["2025Q1"]["submitted_at"] == dt.datetime.combine(q1.due_on, dt.time(9, 30))
    assert rows["2025Q2"]["state"].label == "逾期" and rows["2025Q2"]["days_late"] == 3
    assert rows["2025Q3"]["state"].label == "未报送" and rows["2025Q3"]["days_late"] == 2
    assert rows["2025Q4"]["state"].label == "未到截止日"
    assert rows["2025Q2"]["due_on"] == q2.due_on


def test_timeliness_rows_agree_with_the_assessments_timeliness_table(plan, dept_a, dept_b):
    """The sheet reads the plan's own due profile; its verdicts equal ``timeliness_table``'s (the table the
    department assessment uses) for every department and quarter with something due."""
    periods = list(ReportingPeriod.objects.filter(year__in=(2024, 2025)).order_by("year", "quarter"))
    at = lambda day, days: timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=days), dt.time(8)))  # noqa: E731
    for n, period in enumerate(periods):
        Submission.objects.create(department=dept_a, period=period, first_submitted_at=at(period.due_on, n % 3))
        if n % 2:
            Submission.objects.create(department=dept_b, period=period, first_submitted_at=at(period.due_on, -1))
    today = dt.date(2025, 11, 1)
    r = assessment_report(params=ReportParams(plan.pk, period_kind="year", year=2025), today=today)
    shown = {(row[0], row[1]): (row[4].label, row[5]) for row in r.table("timeliness").rows}
    departments = list(
        Department.objects.filter(
            pk__in={i.reporting_department_id for i in Indicator.objects.all()}
            | set(TaskAssignment.objects.values_list("department_id", flat=True))
        )
    )
    year = [p for p in periods if p.year == 2025]
    table = timeliness_table(periods=year, departments=departments, today=today)
    by_id = {d.pk: d for d in departments}
    expected = {
        (by_id[d].name, str(p)): (str(t.label).split(" ")[0], t.days or None)
        for (d, p_id), t in table.items()
        for p in year
        if p.pk == p_id and t.kind != "not_due"
    }
    assert shown == expected
    assert {label for label, _days in shown.values()} >= {"按时", "逾期", "未到截止日"}


def test_milestones_show_the_latest_approved_state_and_evidence_count(plan, seeded):
    rows = rows_by(report(plan).table("milestones"), "code")
    assert len(rows) == 29
    for report_row in MilestoneReport.objects.select_related("milestone"):
        row = rows[report_row.milestone.code]
        assert row["state"].label == report_row.get_state_display()
        assert row["evidence"] == Evidence.objects.filter(milestone_report=report_row).count()
        assert row["description"] == report_row.description
        expected = {"done": Decimal(100), "in_progress": Decimal(40), "not_started": None}[report_row.state]
        assert row["percent"] == expected


def test_unapproved_milestone_reports_and_their_evidence_are_left_out(plan, seeded):
    MilestoneReport.objects.update(status=ReviewStatus.SUBMITTED)
    rows = report(plan).table("milestones").rows
    assert {row[5].label for row in rows} == {"未填报"} and {row[8] for row in rows} == {0}


def test_rules_in_words_are_those_of_the_version_the_scores_used(plan, seeded):
    r = report(plan)
    assert r.config_version == "7"
    assert r.rules[0] == "评分规则版本:7。"
    assert any("不超过12个百分点" in line for line in r.rules)  # the seeded config's on_track_gap
    assert [row[0] for row in r.table("rules").rows] == [f"{n}. {line}" for n, line in enumerate(r.rules, 1)]


def test_status_counts_add_up(plan, seeded):
    table = report(plan).table("status_counts")
    *per_status, total = table.rows
    assert total[1] == 33 and sum(row[1] for row in per_status) == 33
    assert total[3] == 23 and sum(row[3] for row in per_status) == 23
    assert abs(sum(row[2] for row in per_status if row[2] is not None) - 100) < Decimal("1e-20")


def test_cell_text_rounds_half_up_like_excel():
    assert cell_text(Decimal("45.15"), a.PERCENT) == "45.2%"
    assert cell_text(Decimal("-4.75"), a.PERCENT) == "-4.8%"
    assert cell_text(Decimal("4.5"), a.DELTA) == "+4.5%"
    assert cell_text(Decimal("89.95"), a.SCORE) == "90.0"
    assert cell_text(a.Measure(Decimal("0.125"), 2), a.MEASURE) == "0.13"
    assert cell_text(None, a.SCORE) == "—"


def test_a_fixed_number_of_queries_whatever_the_data(plan, seeded, django_assert_num_queries):
    # plan; periods; periods with a plan score; scores; systems; tasks (+ system); assignments; indicators;
    # milestones; latest approved figures; milestone reports; evidence counts; departments; vetoes;
    # submissions (timeliness); scoring configuration; pending recompute marks (the 得分更新中 notice) = 17
    with django_assert_num_queries(17):
        report(plan)
    Department.objects.update(is_active=True)
    ScoreFactory(level="plan", plan=plan, period=ReportingPeriod.objects.get(year=2024, quarter=2))
    with django_assert_num_queries(17):
        report(plan, period_kind="year", year=2024)
    ecoenv = Department.objects.get(code="ecoenv")
    with django_assert_num_queries(18):  # + the department
        report(plan, scope="department", department_id=ecoenv.pk)


def test_sheet_ranks_departments_by_the_displayed_score_like_the_dashboard(plan, seeded):
    """Competition ranking on the score rounded half-up to one decimal: 83.96 and 84.04 (both "84.0")
    share a rank; the 部门考核 sheet and the dashboard's ranking agree department by department."""
    from reports.dashboard.selectors.ranking import departments_ranking

    q4 = seeded.periods[2025]
    rows = (
        Score.objects.filter(level="department", period=q4).exclude(components__veto=True).order_by("department__code")
    )
    first, second = rows[0], rows[1]
    Score.objects.filter(pk=first.pk).update(score=Decimal("83.96"))
    Score.objects.filter(pk=second.pk).update(score=Decimal("84.04"))
    cells = rows_by(report(plan).table("departments"), "department")
    assert cells[first.department.name]["rank"] == cells[second.department.name]["rank"]
    dashboard = {r["department_id"]: r["rank"] for r in departments_ranking(plan=plan, period=q4)}
    sheet = {d.pk: cells[d.name]["rank"] for d in Department.objects.filter(pk__in=dashboard)}
    assert sheet == dashboard


def test_a_zero_deduction_reads_0_0_never_negative_zero():
    assert cell_text(Decimal("-0.0"), a.SCORE) == "0.0" and cell_text(Decimal("-0.04"), a.SCORE) == "0.0"
    assert cell_text(Decimal("-0.01"), a.DELTA) == "0.0%" and a.cell_number(Decimal("-0"), a.SCORE) == Decimal("0.0")
    assert str(a.cell_number(Decimal("-0"), a.SCORE)) == "0.0"


def test_year_report_of_the_year_under_way_reads_the_latest_ended_quarter(plan):
    """On 2026-11-30 the 2026 report says 数据截至 2026年第3季度, even though the recompute stored 2026Q4 scores."""
    for quarter, value in ((3, "70.5"), (4, "70.5")):
        ScoreFactory(
            level="plan",
            plan=plan,
            period=ReportingPeriod.objects.get(year=2026, quarter=quarter),
            score=Decimal(value),
        )
    r = report(plan, today=dt.date(2026, 11, 30), period_kind="year", year=2026)
    assert r.as_of_label == "2026年第3季度"
    assert report(plan, today=dt.date(2027, 1, 5), period_kind="year", year=2026).as_of_label == "2026年第4季度"
